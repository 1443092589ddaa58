"""GET /api/v1/areas/{id}/list-status: an area's list status from the plan's measurements of the catalogue's list
criteria, with the history computed from earlier years and the forecast of the next list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine

from entydig.catalogue.models import CatalogueIndicator
from entydig.monitoring.list_status import area_list_status
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


@pytest.fixture
def area(cast):
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


def test_it_classifies_each_year_and_makes_the_fifth_parallelsamfund_year_an_omdannelsesomraade(area):
    status = area_list_status(area=area, list_year=2025)
    assert status.history == [
        (2021, "parallelsamfund"),
        (2022, "parallelsamfund"),
        (2023, "parallelsamfund"),
        (2024, "parallelsamfund"),
    ]
    assert status.values["residents"] == 2008  # the area's own count: the plan measures none
    assert status.values["national_pct_convicted"] == D("0.66")
    # The education value of 2025 is suppressed at the source: missing, and labour and crime decide without it.
    assert status.values["pct_basic_edu"] is None
    assert status.result.criteria["education"] is None
    assert status.result.status == "omdannelsesomraade"
    # 2023-2025: 42; 41,5; 41,2 -> mean 41,5667, slope -0,4; 2026: 40,77, still over 40 by 0,77.
    assert status.forecast.values["pct_outside_labour_edu"] == D("40.77")
    assert status.forecast.result.margins["labour"] == D("-0.77")
    assert status.forecast.result.status == "omdannelsesomraade"


def test_it_answers_the_api_with_the_pages_access(cast, area):
    url = f"/api/v1/areas/{area.pk}/list-status?list_year=2024"
    assert cast.client(None).get(url).status_code == 401
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("viewer").get("/api/v1/areas/999999/list-status?list_year=2024").status_code == 404
    response = cast.client("viewer").get(url)
    assert response.status_code == 200
    body = response.json()
    assert (body["area_name"], body["result"]["status"]) == ("Nordby", "parallelsamfund")
    assert body["values"]["pct_outside_labour_edu"] == "41.5000"
    assert body["result"]["margin_texts"]["income"] == "2,7 procentpoint fra grænsen"
    assert [h["status"] for h in body["history"]] == ["parallelsamfund"] * 3
    assert body["forecast"]["list_year"] == 2025
    bad = cast.client("viewer").get(f"/api/v1/areas/{area.pk}/list-status?list_year=1800")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "list_year"


@time_machine.travel(dt.datetime(2025, 12, 1, 12, tzinfo=dt.UTC))
def test_it_gives_this_years_list_without_a_year(cast, area):
    body = cast.client("viewer").get(f"/api/v1/areas/{area.pk}/list-status").json()
    assert (body["result"]["list_year"], body["result"]["status"]) == (2025, "omdannelsesomraade")
