"""The demo's portfolio: `kommune` reads exactly the municipality's three plans; the shared secretariat sees the two
plans it serves in the portfolio; `anden` sees only its own plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from entydig.home.demo import LOGINS, seed_all
from entydig.organisation.access import plans_for_user
from entydig.organisation.models import Area, Plan
from entydig.portfolio.demo import PORTFOLIO_NAME, THIRD_HEADLINE


@pytest.fixture
def demo(db: None) -> dict[str, Any]:
    return seed_all()


def _client(ctx: dict[str, Any], username: str) -> Client:
    client = Client()
    client.force_login(ctx["users"][username])
    return client


def test_it_lets_kommune_read_exactly_the_portfolios_plans(demo: dict[str, Any]) -> None:
    plan, other, third = demo["plan"], demo["other_plan"], demo["third_plan"]
    outside = Plan.objects.create(
        name="Helhedsplan Udenfor",
        period_start=plan.period_start,
        period_end=plan.period_end,
        municipality=plan.municipality,
    )
    assert set(plans_for_user(demo["users"]["kommune"])) == {plan, other, third}
    client = _client(demo, "kommune")
    for name in ("organisation:plan", "goals:dashboard", "reports:pixi", "budget:budget", "meetings:annual_plan"):
        for p in (plan, other, third):
            assert client.get(reverse(name, args=[p.pk])).status_code == 200, (name, p)
    assert client.post(reverse("organisation:plan_edit", args=[plan.pk]), {"name": "Omdøbt"}).status_code == 403
    assert client.get(reverse("organisation:plan", args=[outside.pk])).status_code == 404
    assert client.get(reverse("goals:dashboard", args=[outside.pk])).status_code == 404


def test_it_shows_the_portfolio_to_kommune_the_secretariat_and_anden_with_the_plans_each_reads(
    demo: dict[str, Any],
) -> None:
    plan, other, third = demo["plan"], demo["other_plan"], demo["third_plan"]
    portfolio = demo["portfolio"]
    assert portfolio.name == PORTFOLIO_NAME
    url = f"/api/v1/portfolios/{portfolio.pk}"
    both = {plan.name, other.name}
    assert {p["name"] for p in _client(demo, "kommune").get(url).json()["plans"]} == both | {third.name}
    assert {p["name"] for p in _client(demo, "sekretariat").get(url).json()["plans"]} == both
    assert [p["name"] for p in _client(demo, "anden").get(url).json()["plans"]] == [other.name]
    html = _client(demo, "kommune").get(reverse("portfolio:detail", args=[portfolio.pk])).content.decode()
    assert plan.name in html and other.name in html and third.name in html
    front = _client(demo, "kommune").get(reverse("home")).content.decode()
    assert reverse("portfolio:detail", args=[portfolio.pk]) in front
    assert "kommune" in [login for login, _who in LOGINS]


@time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC), tick=False)
def test_the_portfolio_pixi_puts_the_plan_in_trouble_first_and_quotes_the_calm_plans_headline(db: None) -> None:
    demo = seed_all()  # loaded on the pinned day: the demo's dates are relative to it
    pixi = _client(demo, "kommune").get(reverse("portfolio:pixi", args=[demo["portfolio"].pk])).content.decode()
    assert "3. kvartal 2026" in pixi
    assert pixi.index(demo["plan"].name) < pixi.index(demo["third_plan"].name)
    assert "mål er ikke på vej." in pixi
    assert THIRD_HEADLINE in pixi
    # The demo plans measure the catalogue's list criteria: each area's status on this year's list, with margins.
    rows = _client(demo, "kommune").get(f"/api/v1/portfolios/{demo['portfolio'].pk}").json()["plans"]
    statuses = {a["name"]: a["list_status"] for row in rows for a in row["areas"]}
    assert statuses == {
        "Nordparken": "forebyggelsesomraade",
        "Skovhaven": "none",
        "Vestbyen": "udsat",
        "Østbyen": None,  # the third plan measures none of the criteria
    }
    vestbyen = Area.objects.get(code="vestbyen")
    body = _client(demo, "kommune").get(f"/api/v1/areas/{vestbyen.pk}/list-status").json()
    assert body["result"]["margin_texts"]["labour"] == "opfyldt med 1,5 procentpoint"
    assert [h["status"] for h in body["history"]] == ["udsat", "udsat", "udsat"]
