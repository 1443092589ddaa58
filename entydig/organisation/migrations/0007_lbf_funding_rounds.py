"""Loads LBF's funding rounds for boligsociale indsatser (2011-14, 2015-18, 2019-26) with their sources.

Each round says where its facts come from; what could not be confirmed is said so ("ikke bekræftet") rather than
guessed. A following round is one more entry here or in a later migration.
"""

from typing import Any

from django.db import migrations

ROUNDS = [
    {
        "code": "2011-14-midlerne",
        "name": "2011-14-midlerne",
        "first_year": 2011,
        "last_year": 2014,
        "effort_areas": [],
        "terms": {},
        "source_url": "https://lbf.dk/om-lbf/lbf-orienterer/2011/4/nye-regulativer/",
        "source": (
            "Landsbyggefonden: Regulativ om tilskud til boligsocial indsats i udsatte almene boligafdelinger, "
            "vedtaget 3. februar 2011 (lbf.dk, LBF orienterer 2011/4). Perioden 2011-14: VIVE/SFI, »En vej til "
            "arbejdsmarkedet med de boligsociale indsatser« (evaluering af 2011-14-midlerne), "
            "https://www.sfi.dk/publikationer/en-vej-til-arbejdsmarkedet-med-de-boligsociale-indsatser-14293/. "
            "Rundens indsatsområder og begreber: ikke bekræftet (evalueringens fire temaer er evalueringens, ikke "
            "nødvendigvis puljens indsatsområder)."
        ),
    },
    {
        "code": "2015-18-midlerne",
        "name": "2015-18-midlerne",
        "first_year": 2015,
        "last_year": 2018,
        "effort_areas": [
            "Tryghed og trivsel",
            "Kriminalpræventiv indsats",
            "Uddannelse og beskæftigelse",
            "Forebyggelse og forældreansvar",
        ],
        "terms": {"plan": "helhedsplan"},
        "source_url": (
            "https://www.lbf.dk/stoette/boligsocial-indsats-aktiviteter/"
            "ansoegning-om-stoette-til-en-boligsocial-indsats-afsat-inden-for-rammerne-af-2015-18-midlerne/"
        ),
        "source": (
            "Landsbyggefonden: »Ansøgning om støtte til en boligsocial indsats afsat inden for rammerne af "
            "2015-18-midlerne« (lbf.dk): indsatsen skal udspille sig inden for fire indsatsområder, og dialogen "
            "munder ud i en helhedsplan."
        ),
    },
    {
        "code": "2019-26-midlerne",
        "name": "2019-26-midlerne",
        "first_year": 2019,
        "last_year": 2026,
        "effort_areas": [
            "Uddannelse og livschancer",
            "Beskæftigelse",
            "Kriminalitetsforebyggelse",
            "Sammenhængskraft og medborgerskab",
        ],
        "terms": {"plan": "boligsocial indsats", "agreement": "samarbejdsaftale"},
        "source_url": "https://www.lbf.dk/boligsociale-indsatser/",
        "source": (
            "Landsbyggefonden: »Boligsociale indsatser« (lbf.dk): fire indsatsområder, rammerne fastlagt i "
            "samarbejdsaftaler. Bevillingsperioden 2019-2026: »Regulativ om tilskud til boligsocial indsats i "
            "udsatte almene boligafdelinger (2019-26-midlerne)«, https://www.lbf.dk/regler-og-satser/"
            "regulativer-og-vejledninger/regulativ-om-tilskud-til-boligsocial-indsats-i-udsatte-almene-"
            "boligafdelinger-2019-26-midlerne/ (lov nr. 1561 af 18. december 2018, almenboligloven § 91a)."
        ),
    },
]


def load(apps: Any, schema_editor: Any) -> None:
    EffortArea = apps.get_model("organisation", "EffortArea")
    FundingRound = apps.get_model("organisation", "FundingRound")
    for data in ROUNDS:
        values = {k: v for k, v in data.items() if k not in ("code", "effort_areas")}
        period = f"{data['first_year']}-{data['last_year']}"
        funding_round, _ = FundingRound.objects.update_or_create(code=data["code"], defaults=values)
        areas = [
            EffortArea.objects.get_or_create(name=name, defaults={"period": period, "is_preset": True})[0]
            for name in data["effort_areas"]
        ]
        funding_round.effort_areas.set(areas)


def unload(apps: Any, schema_editor: Any) -> None:
    FundingRound = apps.get_model("organisation", "FundingRound")
    FundingRound.objects.filter(code__in=[r["code"] for r in ROUNDS], plans__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0006_funding_rounds_and_aftaleperiode")]
    operations = [migrations.RunPython(load, unload)]
