"""The front page: per plan the person takes part in, the sections of each of their roles, most urgent first."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from entydig.conftest import Cast
from entydig.core.quarters import Quarter
from entydig.goals import services as goal_services
from entydig.goals.models import Goal
from entydig.home.secretariat import secretariat_sections
from entydig.meetings import services as meeting_services
from entydig.meetings.tests.conftest import Meetings, at
from entydig.organisation import services as organisation_services
from entydig.organisation.advice import advice_of_plans
from entydig.organisation.models import Body, FundingRound, Membership, Plan, PlanGrant

pytestmark = pytest.mark.django_db


def _page(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _goal(cast: Cast, title: str, plan: Plan | None = None) -> Goal:
    return goal_services.goal_create(actor=None, plan=plan or cast.plan, level=Goal.Level.STRATEGIC, title=title)


def test_it_sends_anonymous_visitors_to_the_login(cast: Cast) -> None:
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_board_member_goals_the_next_meeting_its_decisions_and_their_overdue_actions(
    cast: Cast, meetings: Meetings
) -> None:
    _goal(cast, "Mere tryghed")
    board_person = cast.board_user.person
    assert board_person is not None
    late = meeting_services.action_item_create(
        actor=None,
        entry=meetings.entry,
        title="Ring til politiet",
        responsible=board_person,
        due=timezone.localdate() - dt.timedelta(days=60),
    )
    later = meeting_services.action_item_create(
        actor=None,
        entry=meetings.entry,
        title="Skriv til LBF",
        responsible=board_person,
        due=timezone.localdate() + dt.timedelta(days=9),
    )
    text = _page(cast.client("board"))
    assert "Mere tryghed" in text and "Intet måler målet endnu" in text  # status and its one-line reason
    assert meetings.upcoming.get_absolute_url() in text
    assert "Dagsordenen er ikke sendt endnu" in text
    assert meetings.item.title in text  # the decision the board is asked for
    assert text.index(late.title) < text.index(later.title)  # overdue first
    assert "Over fristen" in text
    assert "Der er endnu ingen offentliggjort pixi-rapport." in text
    assert "Skaf lokaler" not in text  # the staff member's action, not theirs
    assert "Fremdriftsrapporter, du skal skrive" not in text and "Det skal sekretariatet nå" not in text


def test_it_shows_the_board_pack_once_the_agenda_is_sent(cast: Cast, meetings: Meetings) -> None:
    with mock.patch("entydig.meetings.documents.render_pdf", return_value=b"%PDF-1.4 test"):
        meeting_services.agenda_dispatch(actor=cast.secretariat_user, meeting=meetings.upcoming, base_url="http://x")
    text = _page(cast.client("board"))
    assert "Dagsordenen er sendt" in text
    assert reverse("reports:board_pack", args=[cast.plan.pk, meetings.upcoming.pk]) in text


# A day inside the cast's plan (2024-2027), whatever day the suite runs on: reports are owed only while it runs.
IN_THE_PLAN = dt.datetime(2026, 11, 16, 10, tzinfo=ZoneInfo("Europe/Copenhagen"))


@time_machine.travel(IN_THE_PLAN, tick=False)
def test_it_shows_staff_the_reports_they_owe_with_quarter_deadline_and_form(cast: Cast, meetings: Meetings) -> None:
    quarter = Quarter.current()
    text = _page(cast.client("staff"))
    form = reverse("reports:report", args=[cast.plan.pk, str(quarter), cast.activity.pk])
    assert form in text
    assert f"{quarter.q}. kvartal {quarter.year}" in text
    deadline = quarter.end + dt.timedelta(days=14)
    assert deadline.strftime("%d.%m.%Y") in text
    assert meetings.action.title in text  # their own action item
    assert "Næste bestyrelsesmøde" not in text


def test_it_shows_the_steering_group_its_activities_and_next_meeting(cast: Cast) -> None:
    meeting = meeting_services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=at(12))
    text = _page(cast.client("steering"))
    assert cast.group.name in text
    assert cast.activity.name in text and cast.other_activity.name in text
    assert meeting.get_absolute_url() in text
    assert "Ingen indsendt endnu" in text


def test_it_shows_the_secretariat_what_is_due_across_its_plan(cast: Cast, meetings: Meetings) -> None:
    text = _page(cast.client("secretariat"))
    assert "Det skal sekretariatet nå" in text
    previous = Quarter.current().previous()
    assert f"Manglende fremdriftsrapporter for {previous.q}. kvartal {previous.year}" in text
    assert "Handlingspunkter over fristen" in text
    assert reverse("meetings:follow_up", args=[cast.plan.pk]) in text
    assert "Råd om organiseringen" in text


def test_it_shows_a_viewer_goal_statuses_and_the_latest_pixi(cast: Cast) -> None:
    _goal(cast, "Flere i uddannelse")
    text = _page(cast.client("viewer"))
    assert "Flere i uddannelse" in text and "Seneste pixi-rapport" in text
    assert "Dine handlingspunkter" not in text and "Næste bestyrelsesmøde" not in text


@time_machine.travel(IN_THE_PLAN, tick=False)
def test_it_shows_each_section_to_a_person_with_two_roles(cast: Cast, meetings: Meetings) -> None:
    cast.other_activity.responsible = cast.board_user.person
    cast.other_activity.save()
    text = _page(cast.client("board"))
    assert "Næste bestyrelsesmøde" in text
    assert reverse("reports:report", args=[cast.plan.pk, str(Quarter.current()), cast.other_activity.pk]) in text


def test_it_shows_a_person_in_two_plans_both_and_never_another_plans_data(cast: Cast) -> None:
    assert cast.board_user.person is not None
    _goal(cast, "Mål i plan A")
    _goal(cast, "Mål i plan B", plan=cast.other_plan)
    _goal(cast, "Mål kun for andre", plan=cast.other_plan)
    text = _page(cast.client("board"))
    assert "Mål i plan A" in text and "Mål i plan B" not in text  # plan B is not theirs yet

    board_b = cast.other_plan.bodies.get(kind=Body.Kind.BOARD)
    organisation_services.membership_create(
        actor=None,
        body=board_b,
        person=cast.board_user.person,
        plan=cast.other_plan,
        role=Membership.Role.MEMBER,
        representation=Membership.Representation.MUNICIPAL_LEADERSHIP,
    )
    text = _page(cast.client("board"))
    assert "Plan A" in text and "Plan B" in text
    assert "Mål i plan A" in text and "Mål i plan B" in text

    outsider = _page(cast.client("outsider"))
    assert "Mål i plan A" not in outsider and cast.activity.name not in outsider


def _plans_with_goals(cast: Cast, n_plans: int, n_goals: int) -> None:
    assert cast.board_user.person is not None and cast.steering_user.person is not None
    funding_round = FundingRound.objects.get(code="2019-26-midlerne")  # every plan is checked against its round
    organisation_services.plan_update(actor=None, plan=cast.plan, funding_round=funding_round)
    plans = [cast.plan]
    for i in range(n_plans - 1):
        plan = organisation_services.plan_create(
            actor=None,
            name=f"Ekstra {i}",
            period_start=cast.plan.period_start,
            period_end=cast.plan.period_end,
            municipality=cast.municipality,
            housing_organisations=[cast.housing],
            funding_round=funding_round,
        )
        plans.append(plan)
        cast.secretariat.also_serves.add(plan)
        for person, body_kind in ((cast.board_user.person, Body.Kind.BOARD),):
            organisation_services.membership_create(
                actor=None,
                body=plan.bodies.get(kind=body_kind),
                person=person,
                plan=plan,
                role=Membership.Role.MEMBER,
                representation=Membership.Representation.MUNICIPAL_LEADERSHIP,
            )
        PlanGrant.objects.create(user=cast.viewer_user, plan=plan, role=PlanGrant.Role.VIEWER)
        group = organisation_services.body_create(actor=None, plan=plan, kind=Body.Kind.STEERING_GROUP, name=f"G{i}")
        organisation_services.membership_create(
            actor=None,
            body=group,
            person=cast.steering_user.person,
            plan=plan,
            role=Membership.Role.MEMBER,
            representation=Membership.Representation.RESIDENT,
        )
        organisation_services.activity_create(
            actor=None, plan=plan, name=f"Indsats {i}", steering_group=group, responsible=cast.staff_user.person
        )
    for plan in plans:
        for g in range(n_goals):
            _goal(cast, f"Mål {g}", plan=plan)
        meeting_services.meeting_create(actor=None, plan=plan, body=plan.bodies.get(kind=Body.Kind.BOARD), start=at(20))


@pytest.mark.parametrize("role", ["board", "viewer", "steering", "staff", "secretariat"])
def test_it_reads_the_same_number_of_queries_for_one_plan_as_for_several(
    cast: Cast, role: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client(role)
    _plans_with_goals(cast, 1, 1)
    with CaptureQueriesContext(connection) as one:
        _page(client)
    _plans_with_goals(cast, 4, 3)
    with django_assert_max_num_queries(len(one)):
        _page(client)


def test_it_reads_the_same_number_of_queries_for_the_secretariat_whatever_the_goals_and_meetings(
    cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("secretariat")
    _plans_with_goals(cast, 1, 1)
    with CaptureQueriesContext(connection) as one:
        _page(client)
    _plans_with_goals(cast, 1, 4)
    with django_assert_max_num_queries(len(one)):
        _page(client)


@time_machine.travel(IN_THE_PLAN, tick=False)
def test_the_secretariats_counts_follow_every_change_of_the_plans_data_and_of_a_secretariat_serving_it(
    cast: Cast,
) -> None:
    """The advice counts are cached per plan; a write to the plan, or to the plan whose secretariat also serves it,
    must show at the next visit."""
    assert cast.outsider.person is not None
    today = timezone.localdate()
    cast.secretariat.also_serves.add(cast.other_plan)
    before = secretariat_sections([cast.plan, cast.other_plan], today)
    assert secretariat_sections([cast.plan, cast.other_plan], today) == before  # nothing changed: the same counts

    _goal(cast, "Et mål uden indikator")  # a write in plan A: more goal findings there
    after_goal = secretariat_sections([cast.plan, cast.other_plan], today)
    assert after_goal[cast.plan.pk].goal_advice > before[cast.plan.pk].goal_advice
    assert after_goal[cast.other_plan.pk] == before[cast.other_plan.pk]

    # Plan A's secretariat, which also serves plan B, gets a leader who sits in B's steering group: B's
    # organisation advice changes too, though the write is logged under plan A.
    organisation_services.membership_create(
        actor=None, body=cast.secretariat, person=cast.outsider.person, plan=cast.plan,
        role=Membership.Role.SECRETARIAT_LEADER, representation=Membership.Representation.STAFF,
    )  # fmt: skip
    now = len(advice_of_plans([cast.other_plan])[cast.other_plan.pk])
    assert now != before[cast.other_plan.pk].organisation_advice
    assert secretariat_sections([cast.plan, cast.other_plan], today)[cast.other_plan.pk].organisation_advice == now


@time_machine.travel(IN_THE_PLAN, tick=False)
def test_the_secretariat_sees_the_counts_of_a_change_at_its_next_visit(cast: Cast) -> None:
    client = cast.client("secretariat")
    _page(client)
    organisation_services.activity_create(actor=None, plan=cast.plan, name="Uden ansvarlig", steering_group=cast.group)
    _goal(cast, "Nyt mål")
    text = _page(client)
    expected = secretariat_sections([cast.plan], timezone.localdate())[cast.plan.pk]
    assert re.search(rf"Råd om organiseringen</a></th>\s*<td>{expected.organisation_advice}</td>", text)
    assert re.search(rf"Råd om målene</a></th>\s*<td>{expected.goal_advice}</td>", text)
    cache.clear()
    assert secretariat_sections([cast.plan], timezone.localdate())[cast.plan.pk] == expected  # what a cold count gives


def test_the_secretariats_section_moves_on_with_the_day_without_a_write(cast: Cast) -> None:
    """The section is cached per plan and day: an action item due today is overdue after midnight, with no write in
    between and the same session."""
    copenhagen = ZoneInfo("Europe/Copenhagen")
    evening = dt.datetime(2026, 6, 10, 23, 58, tzinfo=copenhagen)
    with time_machine.travel(evening, tick=False):
        meetings = _meetings_with_an_action_due(cast, dt.date(2026, 6, 10))
        client = cast.client("secretariat")
        assert "Handlingspunkter over fristen" not in _page(client)
    with time_machine.travel(evening + dt.timedelta(minutes=4), tick=False):
        assert "Handlingspunkter over fristen" in _page(client)
    assert meetings.action.due == dt.date(2026, 6, 10)


def _meetings_with_an_action_due(cast: Cast, due: dt.date) -> Meetings:
    assert cast.staff_user.person is not None
    past = meeting_services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(-40))
    item = meeting_services.agenda_item_create(actor=None, meeting=past, title="Sag", kind="strategic", proposal="X")
    minutes = meeting_services.minutes_save(
        actor=None, meeting=past, entries={item.pk: {"discussion": "D", "decision": "Besluttet"}}
    )
    entry = minutes.entries.get()
    action = meeting_services.action_item_create(
        actor=None, entry=entry, title="Skaf lokaler", responsible=cast.staff_user.person, due=due
    )
    return Meetings(past=past, upcoming=past, item=item, entry=entry, action=action, responsible=cast.staff_user.person)
