"""The list criteria of a generated plan: the plan adopts the catalogue's `liste-*` indicators and `beboere`, each
area gets a value of each for every year of the bench (a random walk around the levels the field knows, so that
some areas cross a threshold now and then), and the plan the national share convicted. Classifying every area
then has real work at national scale, and the portfolio page shows real list statuses.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from bench.generator import Counts, PlanData

# catalogue code: (level, spread, decimals)
LIST_INPUTS = {
    "beboere": (1500.0, 400.0, 0),
    "liste-ikkevestlige": (45.0, 12.0, 1),
    "liste-uden-job-uddannelse": (38.0, 6.0, 1),
    "liste-domte": (1.8, 0.8, 2),
    "liste-grundskole-30-59": (55.0, 8.0, 1),
    "liste-indkomst-region": (58.0, 6.0, 1),
}
NATIONAL_CONVICTED = (0.7, 0.05)


def available() -> bool:
    try:
        entry = apps.get_model("catalogue", "CatalogueIndicator")
    except LookupError:
        return False
    return entry.objects.filter(code__in=list(LIST_INPUTS)).count() == len(LIST_INPUTS)


def extend(data: PlanData, rng: random.Random, counts: Counts) -> None:
    """Only for a plan generated with its measurements (the import figure's plan is generated without)."""
    from bench.generator import _bulk, periods_of  # noqa: PLC0415 - the generator imports this module

    if not data.scale.measurements:
        return
    entry_model = apps.get_model("catalogue", "CatalogueIndicator")
    indicator_model = apps.get_model("monitoring", "Indicator")
    measurement_model = apps.get_model("monitoring", "Measurement")
    entries = {e.code: e for e in entry_model.objects.filter(code__in=list(LIST_INPUTS))}
    indicators = _bulk(
        indicator_model,
        [
            indicator_model(
                plan=data.plan,
                catalogue=entries[code],
                code=code,
                name=entries[code].name,
                definition=entries[code].definition,
                unit=entries[code].unit,
                direction=entries[code].direction,
                decimals=LIST_INPUTS[code][2],
            )
            for code in LIST_INPUTS
        ],
        counts,
    )
    years = periods_of("year", data.scale.years)
    rows = []
    for indicator in indicators:
        level, spread, decimals = LIST_INPUTS[indicator.code]
        for area in data.areas:
            value = level + rng.uniform(-spread, spread)
            for period, start in years:
                value = max(0.0, value + rng.gauss(0, spread / 10))
                rows.append(
                    measurement_model(
                        indicator=indicator,
                        series="area",
                        area=area,
                        period=period,
                        period_start=start,
                        value=Decimal(f"{value:.{decimals}f}"),
                        source_note="Syntetiske data",
                    )
                )
        if indicator.code == "liste-domte":
            rows += [
                measurement_model(
                    indicator=indicator,
                    series="national",
                    period=period,
                    period_start=start,
                    value=Decimal(f"{NATIONAL_CONVICTED[0] + rng.uniform(-1, 1) * NATIONAL_CONVICTED[1]:.2f}"),
                )
                for period, start in years
            ]
    _bulk(measurement_model, rows, counts)
