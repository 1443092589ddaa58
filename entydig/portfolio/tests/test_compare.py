"""One catalogue indicator across a portfolio's plans (`/portfolios/<id>/compare/`, `GET .../compare?indicator=`):
latest figure, trend and target per plan, areas' latest figures, the national figure; suppression as inside a plan;
only the plans the caller may read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entydig.accounts.models import User
from entydig.catalogue.models import CatalogueIndicator
from entydig.conftest import Cast
from entydig.monitoring import services as monitoring
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import Area, Plan
from entydig.portfolio.compare import compare_view
from entydig.portfolio.models import Portfolio
from entydig.portfolio.selectors import readable_plans

CODE = "job-eller-uddannelse-18-29"
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 6, 10, 12, tzinfo=dt.UTC), tick=False):
        yield


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _adopt(plan: Plan, *areas: Area) -> Indicator:
    entry = CatalogueIndicator.objects.get(code=CODE)
    indicator = monitoring.indicator_adopt(
        actor=None, plan=plan, catalogue_indicator=entry, target_value=D("70"), target_period="2027"
    )
    save = monitoring.measurement_save
    save(actor=None, indicator=indicator, series=Measurement.Series.PLAN, period="2023", value=D("59"), n=390)
    save(actor=None, indicator=indicator, series=Measurement.Series.PLAN, period="2024", value=D("61.5"), n=400)
    # Hidden by secondary suppression: in 2025 an area is suppressed, and the plan minus the others would show it.
    save(actor=None, indicator=indicator, series=Measurement.Series.PLAN, period="2025", value=D("64"), n=410)
    save(actor=None, indicator=indicator, series=Measurement.Series.NATIONAL, period="2025", value=D("80.2"))
    for area, n in zip(areas, (300, 3), strict=False):
        value = D("65.3") if n >= 5 else D("97.3")
        save(
            actor=None, indicator=indicator, series=Measurement.Series.AREA, period="2025", value=value, n=n, area=area
        )
    return indicator


@pytest.fixture
def adopted(cast: Cast) -> Indicator:
    big = Area.objects.create(plan=cast.plan, name="Nordparken", code="nordparken", residents=2000)
    small = Area.objects.create(plan=cast.plan, name="Lillevang", code="lillevang", residents=40)
    return _adopt(cast.plan, big, small)


def _url(portfolio: Portfolio, code: str = CODE) -> str:
    return f"/api/v1/portfolios/{portfolio.pk}/compare?indicator={code}"


def test_it_gives_each_plan_its_latest_figure_trend_and_target_and_hides_small_numbers(
    cast: Cast, director: User, portfolio: Portfolio, adopted: Indicator
) -> None:
    body = _client(director).get(_url(portfolio)).json()
    assert body["indicator"]["code"] == CODE
    assert body["national"] == {"period": "2025", "value": "80.2000", "suppressed": False}
    plans = {p["name"]: p for p in body["plans"]}
    a, b = plans["Plan A"], plans["Plan B"]
    assert (a["indicator_id"], a["latest"]["value"], a["trend"]) == (adopted.pk, "61.5000", "2.5000")
    assert "64.0" not in str(body)  # the plan's 2025 figure, hidden as Lillevang is suppressed in 2025
    assert (a["target_value"], a["target_period"]) == ("70.0000", "2027")
    areas = {x["name"]: x["latest"] for x in a["areas"]}
    assert areas["Nordparken"] == {"period": "2025", "value": "65.3000", "suppressed": False}
    assert areas["Lillevang"] == {"period": "2025", "value": None, "suppressed": True}  # n = 3
    assert "97.3" not in str(body)
    assert (b["indicator_id"], b["latest"], b["areas"]) == (None, None, [])  # plan B has not taken it


def test_the_page_shows_the_same_with_the_suppression_mark_and_never_the_hidden_value(
    cast: Cast, director: User, portfolio: Portfolio, adopted: Indicator
) -> None:
    client = _client(director)
    detail = client.get(reverse("portfolio:detail", args=[portfolio.pk])).content.decode()
    assert reverse("portfolio:compare", args=[portfolio.pk]) in detail
    page = client.get(reverse("portfolio:compare", args=[portfolio.pk]) + f"?indicator={CODE}").content.decode()
    assert "Nordparken: 65,3 %" in page and "Lillevang: &lt;5 (diskretioneret)" in page
    assert "<td>+2,5 procentpoint</td>" in page  # 59 % -> 61,5 %: a change of a share is in percentage points
    assert "97,3" not in page and "97.3" not in page
    assert "Landstal: 80,2 %" in page and "Planen har ikke taget indikatoren i brug." in page
    assert 'data-vega-spec="chart-' in page


def test_it_shows_only_the_plans_the_caller_may_read_and_answers_outsiders_404(
    cast: Cast, portfolio: Portfolio, adopted: Indicator
) -> None:
    names = [p["name"] for p in cast.client("secretariat").get(_url(portfolio)).json()["plans"]]
    assert names == ["Plan A"]  # the secretariat of plan A does not read plan B
    other = Portfolio.objects.create(name="Kun B")
    other.plans.set([cast.other_plan])
    assert cast.client("secretariat").get(_url(other)).status_code == 404
    assert cast.client("secretariat").get(reverse("portfolio:compare", args=[other.pk])).status_code == 404
    assert cast.client(None).get(_url(portfolio)).status_code == 401
    page = cast.client(None).get(reverse("portfolio:compare", args=[portfolio.pk]))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))


def test_it_answers_an_unknown_or_missing_code_with_a_message(
    director: User, portfolio: Portfolio, adopted: Indicator
) -> None:
    client = _client(director)
    unknown = client.get(_url(portfolio, "findes-ikke"))
    assert unknown.status_code == 422
    error = unknown.json()["detail"][0]
    assert (error["field"], error["msg"]) == ("indicator", "Kataloget har ingen indikator med koden »findes-ikke«")
    missing = client.get(f"/api/v1/portfolios/{portfolio.pk}/compare")
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "indicator"
    page = client.get(reverse("portfolio:compare", args=[portfolio.pk]) + "?indicator=findes-ikke")
    assert page.status_code == 400


def test_it_reads_the_same_number_of_queries_for_one_plan_as_for_two(
    cast: Cast, director: User, portfolio: Portfolio, adopted: Indicator
) -> None:
    entry = CatalogueIndicator.objects.get(code=CODE)
    with CaptureQueriesContext(connection) as one:
        compare_view(portfolio, readable_plans(director, portfolio), entry)
    _adopt(cast.other_plan, Area.objects.create(plan=cast.other_plan, name="Sydby", code="sydby", residents=900))
    with CaptureQueriesContext(connection) as two:
        view = compare_view(portfolio, readable_plans(director, portfolio), entry)
    assert len(two) == len(one)
    assert all(row.indicator is not None for row in view.plans)
