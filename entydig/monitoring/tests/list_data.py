"""Test data for the list criteria: an area whose plan measures the catalogue's list criteria for five years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from entydig.catalogue.models import CatalogueIndicator
from entydig.conftest import Cast
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import Area

# Ringparken's published figures of 2019 (see catalogue/lists/tests), held for five years, labour slowly falling.
LABOUR = {2021: "44", 2022: "43", 2023: "42", 2024: "41.5", 2025: "41.2"}
STEADY = {
    "liste-ikkevestlige": "57",
    "liste-grundskole-30-59": "70.2",
    "liste-indkomst-region": "57.7",
    "liste-domte": "2.07",
}


def list_area(cast: Cast) -> Area:
    """Nordby in plan A: a parallelsamfund from 2021, omdannelsesområde on the list of 2025."""
    area = Area.objects.create(plan=cast.plan, name="Nordby", code="nordby", residents=2008)

    def indicator(code: str) -> Indicator:
        entry = CatalogueIndicator.objects.get(code=code)
        return Indicator.objects.create(plan=cast.plan, catalogue=entry, code=code, name=entry.name)

    def measure(ind: Indicator, year: int, value: str, *, national: bool = False, suppressed: bool = False) -> None:
        Measurement.objects.create(
            indicator=ind,
            series=Measurement.Series.NATIONAL if national else Measurement.Series.AREA,
            area=None if national else area,
            period=str(year),
            period_start=dt.date(year, 1, 1),
            value=D(value),
            suppressed=suppressed,
        )

    labour = indicator("liste-uden-job-uddannelse")
    for year, value in LABOUR.items():
        measure(labour, year, value)
    for code, value in STEADY.items():
        ind = indicator(code)
        for year in LABOUR:
            measure(ind, year, value, suppressed=(code == "liste-grundskole-30-59" and year == 2025))
            if code == "liste-domte":
                measure(ind, year, "0.66", national=True)
    # Another plan's national figure of the same catalogue indicator is never read (it would make crime unmet).
    entry = CatalogueIndicator.objects.get(code="liste-domte")
    other = Indicator.objects.create(plan=cast.other_plan, catalogue=entry, code=entry.code, name=entry.name)
    measure(other, 2025, "5", national=True)
    return area
