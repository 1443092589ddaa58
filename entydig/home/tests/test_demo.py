"""The whole demo, loaded today and on the suite's awkward days, looks alive: each demo login has something to do,
the statuses the demo documents hold, and its history lies in the past."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoDbBlocker, Settings

from entydig.core.models import AuditEvent
from entydig.core.quarters import Quarter
from entydig.goals.selectors import goal_views
from entydig.goals.status import GoalStatus
from entydig.home.demo import seed_all
from entydig.meetings.deadlines import meeting_deadline
from entydig.meetings.models import ActionItem, Meeting
from entydig.meetings.selectors import agendas_due
from entydig.meetings.services import next_meeting_of_body
from entydig.monitoring.status import Status, plan_indicator_statuses
from entydig.monitoring.tests.test_demo import EXPECTED
from entydig.organisation import demo as organisation_demo
from entydig.organisation.models import Activity, Plan
from entydig.reports.models import PixiPublication, ProgressReport
from entydig.reports.selectors import collection_for
from entydig.reports.services import progress_report_quarter_check

CPH = ZoneInfo("Europe/Copenhagen")
# Today, and the days the CI runs the whole suite on (conftest.py): a new year, a leap day, Easter at night.
MOMENTS = [None, "2026-12-28T09:00", "2027-01-02T00:30", "2028-02-29T12:00", "2027-03-24T23:30"]
GOALS = {
    "safety": GoalStatus.ON_TRACK,
    "crime": GoalStatus.AT_RISK,
    "education": GoalStatus.OFF_TRACK,
    "neighbourliness": GoalStatus.ACHIEVED,
}


def _travel(moment: str | None) -> contextlib.AbstractContextManager[Any]:
    if moment is None:
        return contextlib.nullcontext()
    return time_machine.travel(dt.datetime.fromisoformat(moment).replace(tzinfo=CPH))


def _seed() -> dict[str, Any]:
    ctx = seed_all()
    return ctx


@pytest.fixture(scope="class", params=MOMENTS, ids=[m or "today" for m in MOMENTS])
def demo(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[dict[str, Any]]:
    """The demo loaded with the clock at the moment (which keeps ticking for the tests), rolled back afterwards.

    The agenda PDFs that the dispatches e-mail are not what these tests look at; a stand-in saves a minute.
    """
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    quick_pdf = mock.patch("entydig.meetings.documents.render_pdf", return_value=b"%PDF-1.4 demo")
    with _travel(request.param), fast, quick_pdf, django_db_blocker.unblock(), transaction.atomic():
        yield _seed()
        transaction.set_rollback(True)


def _client(ctx: dict[str, Any], username: str) -> Client:
    client = Client()
    client.force_login(ctx["users"][username])
    return client


@pytest.mark.django_db
class TestTheDemoOnAnyDay:
    """One demo per moment (the class-scoped fixture), looked at by each test."""

    def test_it_runs_the_demo_plan_from_three_years_ago_to_the_end_of_next_year(self, demo: dict[str, Any]) -> None:
        today = timezone.localdate()
        plan = Plan.objects.get(pk=demo["plan"].pk)
        assert (plan.period_start, plan.period_end) == (dt.date(today.year - 3, 1, 1), dt.date(today.year + 1, 12, 31))
        assert (plan.period_end - today).days > 365
        assert plan.name == f"Helhedsplan Nordparken og Skovhaven {today.year - 3}-{today.year + 1}"
        assert demo["other_plan"].name == f"Helhedsplan Vestbyen {today.year - 2}-{today.year + 1}"
        assert not Activity.objects.filter(plan=plan, end__lt=plan.period_end).exists()
        assert organisation_demo.already_seeded()

    def test_it_gives_medarbejder_a_progress_report_due_this_quarter(self, demo: dict[str, Any]) -> None:
        plan, user = demo["plan"], demo["users"]["medarbejder"]
        quarter = Quarter.current()
        activity = Activity.objects.get(plan=plan, responsible=user.person)
        progress_report_quarter_check(activity=activity, quarter=quarter)  # the quarter takes reports
        report = ProgressReport.objects.get(activity=activity, quarter=str(quarter))
        assert report.status == ProgressReport.Status.DRAFT
        assert collection_for(plan, quarter).deadline >= timezone.localdate()

        page = _client(demo, "medarbejder").get(reverse("reports:report", args=[plan.pk, quarter, activity.pk]))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Send til sekretariatet" in text and report.rag_reason in text

    def test_it_gives_bestyrelse_an_upcoming_board_meeting_with_its_agenda_sent_and_an_open_action(
        self, demo: dict[str, Any]
    ) -> None:
        plan, user = demo["plan"], demo["users"]["bestyrelse"]
        meeting = next_meeting_of_body(demo["board"], timezone.now())
        assert meeting is not None and meeting == demo["next_board_meeting"]
        dispatch = meeting.dispatches.get()
        assert dispatch.sent_at < timezone.now() < meeting.start
        meeting_quarter = Quarter.of(timezone.localtime(meeting.start).date())
        assert PixiPublication.objects.filter(plan=plan, quarter__lte=str(meeting_quarter)).exists()  # in the pack
        open_actions = ActionItem.objects.filter(plan=plan, responsible=user.person, status=ActionItem.Status.OPEN)
        assert open_actions.exists()

        client = _client(demo, "bestyrelse")
        assert "Version 1 sendt" in client.get(meeting.get_absolute_url()).content.decode()
        first_open = open_actions.first()
        assert first_open is not None
        assert first_open.title in client.get(reverse("meetings:my_tasks")).content.decode()

    def test_it_gives_styregruppe_reports_to_look_at(self, demo: dict[str, Any]) -> None:
        plan, user = demo["plan"], demo["users"]["styregruppe"]
        quarter = Quarter.current()
        groups = user.person.memberships.filter(body__plan=plan, body__kind="steering_group").values("body")
        sent_in = ProgressReport.objects.filter(
            activity__steering_group__in=groups,
            quarter=str(quarter),
            status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED],
        )
        assert sent_in.exists()
        previous = quarter.previous()
        assert PixiPublication.objects.filter(plan=plan, quarter=str(previous)).exists()

        client = _client(demo, "styregruppe")
        pixi = client.get(reverse("reports:pixi", args=[plan.pk]), {"quarter": str(previous)}).content.decode()
        assert "Offentliggjort, version 1" in pixi
        report = sent_in.first()
        assert report is not None
        page = client.get(reverse("reports:report", args=[plan.pk, quarter, report.activity_id])).content.decode()
        assert report.rag_reason in page

    def test_it_gives_sekretariat_agenda_deadlines_within_two_weeks(self, demo: dict[str, Any]) -> None:
        today = timezone.localdate()
        rows = agendas_due(demo["users"]["sekretariat"])
        coming = [r for r in rows if today <= r.deadline.deadline <= today + dt.timedelta(days=14)]
        assert coming, [(str(r.meeting), r.deadline) for r in rows]
        assert any(r.deadline.state == "overdue" for r in rows)  # and one that is late

        page = _client(demo, "sekretariat").get(reverse("meetings:my_tasks")).content.decode()
        assert coming[0].deadline.deadline.strftime("%d.%m.%Y") in page

    def test_it_shows_each_persona_their_main_task_on_the_front_page(self, demo: dict[str, Any]) -> None:
        plan, other, quarter = demo["plan"], demo["other_plan"], Quarter.current()

        def front(username: str) -> str:
            response = _client(demo, username).get(reverse("home"))
            assert response.status_code == 200
            return response.content.decode()

        staff = demo["users"]["medarbejder"]
        activity = Activity.objects.get(plan=plan, responsible=staff.person)
        page = front("medarbejder")
        assert reverse("reports:report", args=[plan.pk, quarter, activity.pk]) in page
        assert quarter.label in page

        meeting = demo["next_board_meeting"]
        page = front("bestyrelse")
        assert meeting.get_absolute_url() in page
        assert reverse("reports:board_pack", args=[plan.pk, meeting.pk]) in page
        assert reverse("goals:dashboard", args=[plan.pk]) + f"#goal-{demo['goals']['education'].pk}" in page

        groups = demo["users"]["styregruppe"].person.memberships.filter(body__kind="steering_group").values("body")
        sent_in = ProgressReport.objects.filter(activity__steering_group__in=groups, quarter=str(quarter)).exclude(
            status=ProgressReport.Status.DRAFT
        )
        report = sent_in.first()
        assert report is not None
        assert reverse("reports:report", args=[plan.pk, quarter, report.activity_id]) in front("styregruppe")

        today = timezone.localdate()
        coming = [r for r in agendas_due(demo["users"]["sekretariat"]) if r.deadline.deadline >= today]
        page = front("sekretariat")
        assert coming[0].meeting.get_absolute_url() in page and "Send dagsordenen til" in page
        assert plan.name in page and other.name in page

        page = front("laeser")
        assert reverse("reports:pixi", args=[plan.pk]) + "?quarter=" in page
        assert reverse("goals:dashboard", args=[plan.pk]) in page

        page = front("anden")
        assert other.name in page and plan.name not in page

    def test_it_shows_the_statuses_the_demo_documents(self, demo: dict[str, Any]) -> None:
        plan = demo["plan"]
        statuses = plan_indicator_statuses(plan)
        by_code = {code: statuses[indicator.pk].status for code, indicator in demo["indicators"].items()}
        assert by_code == EXPECTED
        assert set(by_code.values()) == set(Status.values)
        goals = {view.goal.pk: view.rollup.status for view in goal_views(plan, statuses=statuses)}
        assert {key: goals[demo["goals"][key].pk] for key in GOALS} == GOALS

    def test_it_dates_the_history_in_the_past(self, demo: dict[str, Any]) -> None:
        now, plan = timezone.now(), demo["plan"]
        for meeting in Meeting.objects.filter(plan=plan, start__lt=now):
            assert meeting.status == Meeting.Status.HELD, meeting
            dispatch = meeting.dispatches.get()
            assert dispatch.sent_at.date() <= meeting_deadline(meeting).deadline, meeting
        assert not Meeting.objects.filter(plan=plan, start__gt=now).exclude(status=Meeting.Status.PLANNED).exists()
        stamps = list(AuditEvent.objects.filter(plan=plan).values_list("created_at", flat=True))
        assert max(stamps) < now
        assert min(stamps).date() < plan.period_start
        days = {timezone.localtime(stamp).date() for stamp in stamps}
        assert len(days) > 30  # spread over the past, not all stamped when the demo was loaded
        months = {(day.year, day.month) for day in days}
        assert len(months) >= 12
        sent_in = [ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED]
        for report in ProgressReport.objects.filter(activity__plan=plan, status__in=sent_in):
            assert report.submitted_at is not None and report.submitted_at < now
            after_quarter = timezone.localtime(report.submitted_at).date() > Quarter.parse(report.quarter).end
            assert after_quarter or report.quarter == str(Quarter.current()), report
            assert report.reviewed_at is None or report.submitted_at <= report.reviewed_at < now
        for publication in PixiPublication.objects.filter(plan=plan):
            assert Quarter.parse(publication.quarter).end < timezone.localtime(publication.published_at).date()


@pytest.mark.django_db
def test_it_loads_the_demo_once_also_when_run_again_in_a_later_year(settings: Settings) -> None:
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=CPH)),
        mock.patch("entydig.meetings.documents.render_pdf", return_value=b"%PDF-1.4 demo"),
    ):
        call_command("seed_demo", stdout=io.StringIO())
    again = io.StringIO()
    with time_machine.travel(dt.datetime(2027, 2, 1, 12, tzinfo=CPH)):
        call_command("seed_demo", stdout=again)
    assert "Demo-data findes allerede; intet ændret." in again.getvalue()
    assert list(Plan.objects.values_list("name", flat=True).order_by("name")) == [
        "Helhedsplan Nordparken og Skovhaven 2023-2027",
        "Helhedsplan Vestbyen 2024-2027",
        "Helhedsplan Østbyen 2025-2027",
    ]
