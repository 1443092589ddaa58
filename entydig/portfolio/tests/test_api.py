from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from entydig.accounts.models import User
from entydig.conftest import Cast
from entydig.monitoring.tests.list_data import list_area
from entydig.organisation.models import Area
from entydig.portfolio.models import Portfolio
from entydig.portfolio.services import portfolio_create

PLAN_KEYS = {
    "id",
    "name",
    "goal_statuses",
    "next_board_meeting",
    "agenda_late",
    "overdue_action_items",
    "red_activities",
    "missing_reports",
    "budget_spent_share",
    "cofinancing_share",
    "areas",
}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_lists_the_callers_portfolios(cast: Cast, director: User, portfolio: Portfolio) -> None:
    only_b = portfolio_create(actor=None, name="Kun B", plans=[cast.other_plan])
    # The director reads plan B through its portfolio, so sees the other portfolio holding it, too.
    assert _client(director).get("/api/v1/portfolios").json() == [
        {"id": only_b.pk, "name": "Kun B"},
        {"id": portfolio.pk, "name": portfolio.name},
    ]
    assert [p["name"] for p in cast.client("secretariat").get("/api/v1/portfolios").json()] == [portfolio.name]
    assert cast.client("outsider").get("/api/v1/portfolios").json() == [
        {"id": only_b.pk, "name": "Kun B"},
        {"id": portfolio.pk, "name": portfolio.name},
    ]


def test_it_answers_the_contract_with_every_plan_for_a_reader(cast: Cast, director: User, portfolio: Portfolio) -> None:
    data = _client(director).get(f"/api/v1/portfolios/{portfolio.pk}").json()
    assert set(data) == {"id", "name", "plans"}
    assert {p["name"] for p in data["plans"]} == {"Plan A", "Plan B"}
    row = data["plans"][0]
    assert set(row) == PLAN_KEYS
    assert set(row["goal_statuses"]) == {"achieved", "on_track", "at_risk", "off_track", "other"}


def test_it_shows_only_the_plans_the_caller_may_read(cast: Cast, portfolio: Portfolio) -> None:
    data = cast.client("secretariat").get(f"/api/v1/portfolios/{portfolio.pk}").json()
    assert [p["name"] for p in data["plans"]] == ["Plan A"]


def test_it_answers_404_for_another_users_portfolio(cast: Cast) -> None:
    only_b = portfolio_create(actor=None, name="Kun B", plans=[cast.other_plan])
    assert cast.client("secretariat").get(f"/api/v1/portfolios/{only_b.pk}").status_code == 404
    assert cast.client(None).get(f"/api/v1/portfolios/{only_b.pk}").status_code == 401


@time_machine.travel(dt.datetime(2025, 12, 1, 12, tzinfo=dt.UTC))
def test_it_gives_each_area_its_status_on_this_years_list_on_the_page_and_in_the_api(
    cast: Cast, director: User, portfolio: Portfolio
) -> None:
    list_area(cast)
    Area.objects.create(plan=cast.other_plan, name="Sydby", code="sydby", residents=1500)
    data = _client(director).get(f"/api/v1/portfolios/{portfolio.pk}").json()
    areas = {a["name"]: a["list_status"] for plan in data["plans"] for a in plan["areas"]}
    assert areas == {"Nordby": "omdannelsesomraade", "Sydby": None}  # Nordby: its fifth parallelsamfund year
    page = _client(director).get(reverse("portfolio:detail", args=[portfolio.pk])).content.decode()
    assert "Nordby</a> (Omdannelsesområde; nærmest " in page and "procentpoint" in page
    assert "Sydby</a> (Planen måler ikke listekriterierne)" in page
