"""Audit records name their object by the model's label instead of its translated name (Danish or English)."""

from typing import Any

from django.apps import apps as live_apps
from django.db import migrations
from django.utils import translation


def to_labels(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("core", "AuditEvent")
    names: dict[str, str] = {}
    for model in live_apps.get_models():
        for language in ("da", "en"):
            with translation.override(language):
                names.setdefault(str(model._meta.verbose_name), model._meta.label_lower)
    for name, label in names.items():
        AuditEvent.objects.filter(object_type=name).update(object_type=label)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_data_stamps")]

    operations = [migrations.RunPython(to_labels, migrations.RunPython.noop)]
