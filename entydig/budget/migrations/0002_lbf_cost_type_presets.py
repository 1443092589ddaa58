"""The usual cost types of a helhedsplan's budget, as presets the admin can change."""

from typing import Any

from django.db import migrations

PRESETS = [
    ("løn", "Løn"),
    ("aktiviteter", "Aktiviteter"),
    ("administration", "Administration"),
    ("evaluering", "Evaluering"),
    ("kompetenceudvikling", "Kompetenceudvikling"),
    ("uforudset", "Uforudset"),
]


def add_presets(apps: Any, schema_editor: Any) -> None:
    CostType = apps.get_model("budget", "CostType")
    for order, (code, name) in enumerate(PRESETS, start=1):
        CostType.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def remove_presets(apps: Any, schema_editor: Any) -> None:
    CostType = apps.get_model("budget", "CostType")
    CostType.objects.filter(code__in=[code for code, _name in PRESETS], lines__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_budget_posts_versions_lines_spending_forecasts")]

    operations = [migrations.RunPython(add_presets, remove_presets)]
