"""The demo plans measure the catalogue's list criteria for their housing areas, so the plan page, the portfolio and
`GET /api/v1/areas/{id}/list-status` show each area's status on this year's 1 December list with its margins.

Nordparken is a forebyggelsesområde close to the crime threshold, Skovhaven is on no list, and Vestbyen (the other
plan) is an udsat boligområde whose share outside work and education is just over the line. The figures are made
up, in the shape of the published ones; the secretariats loaded them with the quarter's other figures.
"""

from __future__ import annotations

from typing import Any

from entydig.catalogue.models import CatalogueIndicator
from entydig.core import demo_dates as when
from entydig.monitoring import services
from entydig.monitoring.importing import import_measurements
from entydig.organisation.models import Plan

CODES = (
    "liste-ikkevestlige",
    "liste-uden-job-uddannelse",
    "liste-domte",
    "liste-grundskole-30-59",
    "liste-indkomst-region",
)
NATIONAL_CONVICTED = ["0.70", "0.68", "0.67", "0.66"]  # the national share convicted, the four years in turn
# Per area, per criterion: the four years' values (three years ago to this year).
AREAS: dict[str, dict[str, list[str]]] = {
    "nordparken": {
        "liste-ikkevestlige": ["39", "38.6", "38.2", "38"],
        "liste-uden-job-uddannelse": ["35.1", "34.6", "34", "33.5"],
        "liste-domte": ["1.2", "1.15", "1.1", "1.1"],
        "liste-grundskole-30-59": ["60.4", "59.6", "58.8", "58"],
        "liste-indkomst-region": ["58.2", "58.9", "59.5", "60"],
    },
    "skovhaven": {
        "liste-ikkevestlige": ["23", "22.6", "22.3", "22"],
        "liste-uden-job-uddannelse": ["26.8", "26.1", "25.5", "25"],
        "liste-domte": ["0.9", "0.85", "0.8", "0.8"],
        "liste-grundskole-30-59": ["47", "46.4", "45.6", "45"],
        "liste-indkomst-region": ["76", "76.8", "77.4", "78"],
    },
    "vestbyen": {
        "liste-ikkevestlige": ["45", "44.6", "44.3", "44"],
        "liste-uden-job-uddannelse": ["43.2", "42.6", "42", "41.5"],
        "liste-domte": ["1.3", "1.2", "1.15", "1.1"],
        "liste-grundskole-30-59": ["63.5", "63", "62.4", "62"],
        "liste-indkomst-region": ["51.5", "52", "52.6", "53"],
    },
}
SOURCE = "Danmarks Statistik (listekriterierne)"


def _csv(plan: Plan) -> bytes:
    years = when.years(-3, 0)
    lines = ["Indikator;Område;Periode;Værdi;Kilde"]
    for area in plan.areas.order_by("pk"):
        for code, values in AREAS.get(area.code, {}).items():
            lines += [
                f"{code};{area.code};{y};{v.replace('.', ',')};{SOURCE}" for y, v in zip(years, values, strict=True)
            ]
    lines += [
        f"liste-domte;national;{y};{v.replace('.', ',')};{SOURCE}"
        for y, v in zip(years, NATIONAL_CONVICTED, strict=True)
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def seed_lists(plan: Plan, actor: Any) -> None:
    """Adopts the list criteria from the catalogue and loads the areas' figures (call inside `when.happened`)."""
    for code in CODES:
        services.indicator_adopt(actor=actor, plan=plan, catalogue_indicator=CatalogueIndicator.objects.get(code=code))
    result = import_measurements(actor=actor, plan=plan, data=_csv(plan), filename="listekriterier.csv")
    if not result.ok:  # a broken demo file is a programming error
        raise RuntimeError("; ".join(str(e) for e in result.errors))
