"""Loads LBF's effort areas (2015-2018 and 2019-2026) as preset data."""

from typing import Any

from django.db import migrations

PRESETS = {
    "2019-2026": [
        "Uddannelse og livschancer",
        "Beskæftigelse",
        "Kriminalitetsforebyggelse",
        "Sammenhængskraft og medborgerskab",
    ],
    "2015-2018": [
        "Tryghed og trivsel",
        "Kriminalpræventiv indsats",
        "Uddannelse og beskæftigelse",
        "Forebyggelse og forældreansvar",
    ],
}


def load(apps: Any, schema_editor: Any) -> None:
    EffortArea = apps.get_model("organisation", "EffortArea")
    for period, names in PRESETS.items():
        for name in names:
            EffortArea.objects.get_or_create(name=name, defaults={"period": period, "is_preset": True})


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
