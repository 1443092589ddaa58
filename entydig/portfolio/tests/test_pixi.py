"""The portfolio's pixi report: each readable plan's published headline and what needs attention, as HTML and PDF."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from entydig.accounts.models import User
from entydig.conftest import Cast
from entydig.core.quarters import Quarter
from entydig.portfolio.models import Portfolio
from entydig.portfolio.pixi import attention, portfolio_pixi
from entydig.reports.models import PixiPublication, ProgressReport

NOW = dt.datetime(2025, 5, 14, 10, tzinfo=dt.UTC)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(portfolio: Portfolio, pdf: bool = False) -> str:
    return reverse("portfolio:pixi_pdf" if pdf else "portfolio:pixi", args=[portfolio.pk])


def _publish(cast: Cast, headline: str, version: int) -> None:
    PixiPublication.objects.create(
        plan=cast.plan, quarter="2025Q1", version=version, content={"headline": headline}, published_at=NOW
    )


@time_machine.travel(NOW, tick=False)
def test_it_shows_each_plans_newest_published_headline_and_what_needs_attention(
    cast: Cast, director: User, portfolio: Portfolio
) -> None:
    _publish(cast, "Første udgave.", 1)
    _publish(cast, "Flere unge i job; lektiecaféen er fuld.", 2)
    ProgressReport.objects.create(
        activity=cast.activity, quarter="2025Q1", status=ProgressReport.Status.SUBMITTED, rag=ProgressReport.Rag.RED
    )
    html = _client(director).get(_url(portfolio)).content.decode()
    assert "Porteføljens pixi-rapport: 1. kvartal 2025" in html  # the quarter that has just ended
    assert "Flere unge i job; lektiecaféen er fuld." in html and "Første udgave." not in html
    assert "1 indsats er rapporteret rød." in html
    assert "1 fremdriftsrapport mangler." in html  # Jobcafé has not reported
    assert "Planens pixi-rapport for kvartalet er ikke offentliggjort." in html  # plan B
    assert html.index("Plan A") < html.index("Plan B")  # the plan in trouble first
    assert reverse("reports:pixi", args=[cast.plan.pk]) + "?quarter=2025Q1" in html


@time_machine.travel(NOW, tick=False)
def test_it_shows_the_quarter_asked_for(cast: Cast, director: User, portfolio: Portfolio) -> None:
    _publish(cast, "Første kvartal.", 1)
    html = _client(director).get(_url(portfolio) + "?quarter=2024Q4").content.decode()
    assert "4. kvartal 2024" in html
    assert "Første kvartal." not in html
    assert _client(director).get(_url(portfolio) + "?quarter=2024Q9").status_code == 400


@time_machine.travel(NOW, tick=False)
def test_the_attention_list_names_goals_off_track_and_late_items(
    cast: Cast, director: User, portfolio: Portfolio
) -> None:
    pixi = portfolio_pixi(director, portfolio, Quarter(2025, 1))
    pages = {p.row.plan.name: p for p in pixi.plans}
    pages["Plan B"].row.goal_statuses["off_track"] = 2
    pages["Plan B"].row.overdue_action_items = 3
    assert attention(pages["Plan B"].row) == [
        "2 mål er ikke på vej.",
        "3 handlingspunkter har overskredet fristen.",
    ]
    assert pixi.in_trouble == 1  # plan A: a missing report


@time_machine.travel(NOW, tick=False)
def test_it_renders_the_pdf(cast: Cast, director: User, portfolio: Portfolio) -> None:
    _publish(cast, "Flere unge i job.", 1)
    response = _client(director).get(_url(portfolio, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_reader_of_one_plan_sees_only_that_plan(cast: Cast, portfolio: Portfolio) -> None:
    html = cast.client("secretariat").get(_url(portfolio)).content.decode()
    assert "Plan A" in html and "Plan B" not in html


def test_it_answers_404_to_others_and_sends_the_anonymous_to_login(cast: Cast, portfolio: Portfolio) -> None:
    stranger = User.objects.create_user(username="fremmed", password="pw-fremmed")
    for pdf in (False, True):
        assert _client(stranger).get(_url(portfolio, pdf)).status_code == 404
        response = Client().get(_url(portfolio, pdf))
        assert response.status_code == 302 and "/login" in response["Location"]
