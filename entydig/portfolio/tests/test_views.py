from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from entydig.accounts.models import User
from entydig.conftest import Cast
from entydig.meetings import services as meeting_services
from entydig.organisation import services as org_services
from entydig.organisation.models import Plan
from entydig.portfolio.models import Portfolio
from entydig.portfolio.selectors import MeetingRef, PlanRow, portfolio_view
from entydig.portfolio.services import portfolio_create, portfolio_plans_add
from entydig.reports import services as report_services
from entydig.reports.models import ProgressReport


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(portfolio: Portfolio) -> str:
    return reverse("portfolio:detail", args=[portfolio.pk])


def _plan(cast: Cast, name: str) -> Plan:
    plan = org_services.plan_create(
        actor=None,
        name=name,
        period_start=cast.plan.period_start,
        period_end=cast.plan.period_end,
        municipality=cast.municipality,
        housing_organisations=[cast.housing],
        status=Plan.Status.ACTIVE,
    )
    org_services.activity_create(actor=None, plan=plan, name=f"Indsats i {name}")
    return plan


@time_machine.travel(dt.datetime(2025, 5, 14, 10, tzinfo=dt.UTC), tick=False)
def test_it_shows_one_row_per_plan_with_what_needs_attention(cast: Cast, director: User, portfolio: Portfolio) -> None:
    ProgressReport.objects.create(
        activity=cast.activity, quarter="2025Q1", status=ProgressReport.Status.SUBMITTED, rag=ProgressReport.Rag.RED
    )
    html = _client(director).get(_url(portfolio)).content.decode()
    assert "Testby Kommunes planer" in html
    assert "Plan A" in html and "Plan B" in html
    assert "Fremdriftsrapporterne er for 1. kvartal 2025." in html  # the quarter in words, not its code
    # Plan A: one activity reported red for 2025Q1, the other (Jobcafé) has not reported; plan B has no activities.
    collection = reverse("reports:collection", args=[cast.plan.pk]) + "?quarter=2025Q1"
    assert html.count(f'<a href="{collection}">1</a>') == 2
    assert reverse("goals:dashboard", args=[cast.other_plan.pk]) in html


def test_it_shows_only_the_plans_the_user_may_read(cast: Cast, portfolio: Portfolio) -> None:
    html = cast.client("secretariat").get(_url(portfolio)).content.decode()
    assert "Plan A" in html
    assert "Plan B" not in html


def test_it_answers_404_to_a_user_who_reads_neither_the_portfolio_nor_its_plans(cast: Cast) -> None:
    only_b = portfolio_create(actor=None, name="Kun B", plans=[cast.other_plan])
    assert cast.client("secretariat").get(_url(only_b)).status_code == 404
    assert cast.client("secretariat").get(reverse("portfolio:list")).content.decode().count("Kun B") == 0


def test_it_lists_the_users_portfolios(cast: Cast, director: User, portfolio: Portfolio) -> None:
    html = _client(director).get(reverse("portfolio:list")).content.decode()
    assert _url(portfolio) in html


def test_it_exports_the_table_as_xlsx(cast: Cast, director: User, portfolio: Portfolio) -> None:
    response = _client(director).get(_url(portfolio) + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Helhedsplan"
    assert {r[0] for r in rows[1:]} == {"Plan A", "Plan B"}


def test_it_does_not_query_more_for_more_plans(
    cast: Cast,
    director: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    one = portfolio_create(actor=None, name="En", plans=[cast.plan], readers=[director])
    three = portfolio_create(actor=None, name="Tre", plans=[cast.plan], readers=[director])
    portfolio_plans_add(actor=None, portfolio=three, plans=[_plan(cast, "Plan X"), _plan(cast, "Plan Y")])
    client = _client(director)
    client.get(_url(one))
    client.get(_url(three))  # both with the goal statuses cached
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(one)).status_code == 200
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(_url(three)).content.decode()
    assert "Plan X" in html and "Plan Y" in html


def test_it_flags_a_board_meeting_whose_agenda_is_late(cast: Cast, director: User, portfolio: Portfolio) -> None:
    soon = meeting_services.meeting_create(
        actor=None, plan=cast.plan, body=cast.board, start=timezone.now() + dt.timedelta(days=2), place="Beboerhuset"
    )
    later = meeting_services.meeting_create(
        actor=None,
        plan=cast.other_plan,
        body=cast.other_plan.bodies.get(kind="board"),
        start=timezone.now() + dt.timedelta(days=60),
        place="Rådhuset",
    )
    rows = {r.plan.pk: r for r in portfolio_view(director, portfolio).rows}
    assert rows[cast.plan.pk].next_board_meeting == MeetingRef(soon.pk, soon.start)
    assert rows[cast.plan.pk].agenda_late
    assert rows[cast.other_plan.pk].next_board_meeting == MeetingRef(later.pk, later.start)
    assert not rows[cast.other_plan.pk].agenda_late
    html = _client(director).get(_url(portfolio)).content.decode()
    assert html.count("dagsorden for sent") == 1


@time_machine.travel(dt.datetime(2025, 5, 14, 10, tzinfo=dt.UTC), tick=False)
def test_it_sorts_by_the_column_asked_for(cast: Cast, director: User, portfolio: Portfolio) -> None:
    client = _client(director)
    by_attention = client.get(_url(portfolio)).content.decode()  # plan A has a missing report, plan B nothing
    assert by_attention.index(">Plan A<") < by_attention.index(">Plan B<")
    by_name_desc = client.get(_url(portfolio) + "?sort=name&dir=desc").content.decode()
    assert by_name_desc.index(">Plan B<") < by_name_desc.index(">Plan A<")
    assert 'aria-sort="descending"><a href="?sort=name&amp;dir=asc&amp;show=all">' in by_name_desc
    by_missing_asc = client.get(_url(portfolio) + "?sort=missing_reports&dir=asc").content.decode()
    assert by_missing_asc.index(">Plan B<") < by_missing_asc.index(">Plan A<")


@time_machine.travel(dt.datetime(2025, 5, 14, 10, tzinfo=dt.UTC), tick=False)
def test_it_filters_by_name_and_by_attention_and_exports_what_it_shows(
    cast: Cast, director: User, portfolio: Portfolio
) -> None:
    client = _client(director)
    html = client.get(_url(portfolio) + "?q=plan+b").content.decode()
    assert ">Plan B<" in html and ">Plan A<" not in html
    html = client.get(_url(portfolio) + "?show=attention").content.decode()
    assert ">Plan A<" in html and ">Plan B<" not in html
    assert "?format=xlsx&amp;sort=attention&amp;dir=desc&amp;show=attention" in html
    nothing = client.get(_url(portfolio) + "?q=ingen+s%C3%A5dan").content.decode()
    assert "Ingen af planerne passer på det, du har valgt." in nothing
    sheet = load_workbook(io.BytesIO(client.get(_url(portfolio) + "?format=xlsx&show=attention").content)).active
    assert sheet is not None
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Plan A"]


def test_it_refuses_a_sort_it_does_not_know_with_a_message(cast: Cast, director: User, portfolio: Portfolio) -> None:
    for query in ("?sort=password", "?dir=up", "?show=some"):
        response = _client(director).get(_url(portfolio) + query)
        assert response.status_code == 400
        assert "kan ikke bruges" in response.content.decode()


def test_a_cached_row_follows_every_write_and_the_clock(cast: Cast, director: User, portfolio: Portfolio) -> None:
    """Rows are cached under the plan's data stamp and the day: a write through a service, a new day, or the next
    board meeting starting each give a fresh row."""
    with time_machine.travel(dt.datetime(2025, 5, 14, 10, tzinfo=dt.UTC), tick=False) as clock:
        meeting = meeting_services.meeting_create(
            actor=None,
            plan=cast.plan,
            body=cast.board,
            start=timezone.now() + dt.timedelta(minutes=20),
            place="Beboerhuset",
        )

        def row() -> PlanRow:
            return next(r for r in portfolio_view(director, portfolio).rows if r.plan == cast.plan)

        assert row().red_activities == 0 and row().next_board_meeting == MeetingRef(meeting.pk, meeting.start)
        report_services.progress_report_save(
            actor=None,
            activity=cast.activity,
            quarter="2025Q1",
            submit=True,
            rag="red",
            rag_reason="Ingen deltagere",
            done="Intet",
        )
        assert row().red_activities == 1  # the write replaced the plan's stamp
        clock.shift(dt.timedelta(minutes=30))  # the meeting has started (within the cache's hour): not the next one
        assert row().next_board_meeting is None
