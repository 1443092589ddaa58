"""Organisation advice: every rule fires on data that breaks it and stays quiet on data that keeps it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from entydig.organisation import services
from entydig.organisation.advice import plan_advice
from entydig.organisation.models import Activity, Body, Membership, Organisation, Person, Plan

R = Membership.Representation
ROLE = Membership.Role


@dataclass
class Org:
    plan: Plan
    board: Body
    secretariat: Body
    group: Body
    activity: Activity
    chair: Person
    leader: Person


def _seat(body: Body, name: str, role: str = ROLE.MEMBER, rep: str = R.STAFF, **dates: dt.date) -> Person:
    person = services.person_create(actor=None, name=name)
    services.membership_create(
        actor=None, body=body, person=person, plan=body.plan, role=role, representation=rep, **dates
    )
    return person


def _join(person: Person, body: Body, role: str = ROLE.MEMBER, rep: str = R.STAFF) -> Membership:
    return services.membership_create(
        actor=None, body=body, person=person, plan=body.plan, role=role, representation=rep
    )


@pytest.fixture
def org(db: None) -> Org:
    """A plan organised as the handbook advises: no advice at all."""
    kommune = services.organisation_create(actor=None, name="Råd Kommune", kind=Organisation.Kind.MUNICIPALITY)
    bo = services.organisation_create(actor=None, name="Rådbo", kind=Organisation.Kind.HOUSING)
    plan = services.plan_create(
        actor=None,
        name="Rådplan",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2027, 12, 31),
        municipality=kommune,
        housing_organisations=[bo],
    )
    board = plan.bodies.get(kind=Body.Kind.BOARD)
    secretariat = services.body_create(actor=None, plan=plan, kind=Body.Kind.SECRETARIAT, name="Sekretariatet")
    group = services.body_create(actor=None, plan=plan, kind=Body.Kind.STEERING_GROUP, name="Styregruppe Tryghed")
    _seat(board, "Kommunaldirektør", ROLE.CHAIR, R.MUNICIPAL_LEADERSHIP)
    chair = _seat(board, "Direktør Bo", ROLE.MEMBER, R.HOUSING_LEADERSHIP)
    _join(chair, group, ROLE.CHAIR, R.HOUSING_LEADERSHIP)
    _seat(group, "Beboer Bent", ROLE.MEMBER, R.RESIDENT)
    leader = _seat(secretariat, "Leder Lis", ROLE.SECRETARIAT_LEADER)
    _join(leader, board, ROLE.SECRETARY)
    _join(leader, group, ROLE.SECRETARY)
    responsible = _seat(secretariat, "Medarbejder Mo")
    activity = services.activity_create(
        actor=None, plan=plan, name="Lektiecafé", steering_group=group, responsible=responsible
    )
    return Org(plan, board, secretariat, group, activity, chair, leader)


def codes(plan: Plan) -> list[str]:
    return [a.code for a in plan_advice(plan)]


def test_it_gives_no_advice_to_a_plan_organised_as_the_handbook_advises(org: Org) -> None:
    assert plan_advice(org.plan) == []


def test_it_advises_a_smaller_board_above_nine_members(org: Org) -> None:
    for i in range(7):
        _seat(org.board, f"Medlem {i}")
    assert "board_too_large" not in codes(org.plan)  # 9 seated: the chair, the housing director and 7
    _seat(org.board, "Medlem 10")
    advice = [a for a in plan_advice(org.plan) if a.code == "board_too_large"]
    assert len(advice) == 1
    assert "10" in advice[0].title
    assert "hurtigt" in advice[0].reason
    assert advice[0].subject == org.board


def test_the_board_limit_is_the_plans_setting_and_says_it_is_not_the_handbooks(org: Org, settings: Settings) -> None:
    for i in range(7):
        _seat(org.board, f"Medlem {i}")
    settings.BOARD_MAX_MEMBERS = 8
    advice = [a for a in plan_advice(org.plan) if a.code == "board_too_large"]
    assert len(advice) == 1
    assert "højst 8" in advice[0].action
    assert "Håndbogen nævner intet højeste antal" in advice[0].action
    settings.BOARD_MAX_MEMBERS = 9
    assert "board_too_large" not in codes(org.plan)


def test_observers_who_chair_a_steering_group_do_not_push_the_board_over_the_limit(org: Org) -> None:
    for i in range(7):
        _seat(org.board, f"Medlem {i}")  # nine seated: the limit
    group = services.body_create(actor=None, plan=org.plan, kind=Body.Kind.STEERING_GROUP, name="Styregruppe Job")
    chair = _seat(group, "Formand Job", ROLE.CHAIR)
    observer = _join(chair, org.board, ROLE.OBSERVER)  # the tenth seat, as the handbook recommends
    assert "board_too_large" not in codes(org.plan)
    member = _seat(org.board, "Medlem 10")
    assert "board_too_large" in codes(org.plan)  # an ordinary tenth member counts
    Membership.objects.filter(body=org.board, person=member).delete()
    Membership.objects.filter(pk=observer.pk).update(role=ROLE.MEMBER)
    assert "board_too_large" in codes(org.plan)  # the same chair as a full member counts


def test_it_counts_neither_the_secretary_nor_ended_members_on_the_board(org: Org) -> None:
    for i in range(7):
        _seat(org.board, f"Medlem {i}")
    _seat(org.board, "Gammelt medlem", start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1))
    _seat(org.board, "Referent", ROLE.SECRETARY)
    assert "board_too_large" not in codes(org.plan)


def test_it_advises_senior_members_from_both_parties_on_the_board(org: Org) -> None:
    Membership.objects.filter(body=org.board, representation=R.HOUSING_LEADERSHIP).delete()
    advice = [a for a in plan_advice(org.plan) if a.code == "board_without_leadership"]
    assert len(advice) == 1
    assert "boligorganisationens ledelse" in advice[0].title
    assert "kommunens ledelse" not in advice[0].title


def test_it_names_both_parties_when_the_board_has_no_leaders_at_all(org: Org) -> None:
    Membership.objects.filter(body=org.board).exclude(role=ROLE.SECRETARY).update(representation=R.PARTNER)
    (advice,) = [a for a in plan_advice(org.plan) if a.code == "board_without_leadership"]
    assert "kommunens ledelse og boligorganisationens ledelse" in advice.title


def test_it_advises_residents_in_steering_groups_when_only_the_board_has_them(org: Org) -> None:
    _seat(org.board, "Beboer Berit", ROLE.MEMBER, R.RESIDENT)
    assert "residents_not_in_steering_groups" not in codes(org.plan)
    Membership.objects.filter(body=org.group, representation=R.RESIDENT).update(end=dt.date(2020, 1, 1))
    assert "residents_not_in_steering_groups" in codes(org.plan)


def test_it_gives_no_resident_advice_when_the_board_has_no_residents(org: Org) -> None:
    Membership.objects.filter(body=org.group, representation=R.RESIDENT).delete()
    assert "residents_not_in_steering_groups" not in codes(org.plan)


def test_it_advises_a_board_seat_for_a_steering_group_chair(org: Org) -> None:
    Membership.objects.filter(body=org.board, person=org.chair).delete()
    (advice,) = [a for a in plan_advice(org.plan) if a.code == "steering_chair_not_on_board"]
    assert org.chair.name in advice.title
    assert advice.subject == org.group


def test_it_accepts_a_steering_group_chair_who_observes_the_board(org: Org) -> None:
    Membership.objects.filter(body=org.board, person=org.chair).update(role=ROLE.OBSERVER)
    assert "steering_chair_not_on_board" not in codes(org.plan)
    Membership.objects.filter(body=org.board, person=org.chair).update(role=ROLE.SECRETARY)
    assert "steering_chair_not_on_board" in codes(org.plan)


def test_it_advises_the_secretariat_leader_to_join_every_meeting(org: Org) -> None:
    second = services.body_create(actor=None, plan=org.plan, kind=Body.Kind.STEERING_GROUP, name="Styregruppe Job")
    _seat(second, "Formand Job", ROLE.CHAIR, R.MUNICIPAL_DEPARTMENT)
    advice = [a for a in plan_advice(org.plan) if a.code == "secretariat_leader_not_in_meetings"]
    assert len(advice) == 1
    assert "Styregruppe Job" in advice[0].title
    assert "Styregruppe Tryghed" not in advice[0].title
    assert advice[0].subject == org.secretariat
    _join(org.leader, second, ROLE.OBSERVER)
    assert "secretariat_leader_not_in_meetings" not in codes(org.plan)


def test_it_checks_the_leader_of_a_secretariat_that_serves_the_plan_from_another_plan(org: Org) -> None:
    shared = services.plan_create(
        actor=None,
        name="Anden plan",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2027, 12, 31),
        municipality=org.plan.municipality,
        secretariat=org.secretariat,
    )
    shared_group = services.body_create(actor=None, plan=shared, kind=Body.Kind.STEERING_GROUP, name="SG")
    _seat(shared_group, "Formand", ROLE.CHAIR, R.MUNICIPAL_DEPARTMENT)
    (advice,) = [a for a in plan_advice(shared) if a.code == "secretariat_leader_not_in_meetings"]
    assert org.leader.name in advice.title


def test_it_advises_activities_for_a_steering_group_without_any(org: Org) -> None:
    assert "steering_group_without_activities" not in codes(org.plan)
    services.activity_update(actor=None, activity=org.activity, steering_group=None)
    (advice,) = [a for a in plan_advice(org.plan) if a.code == "steering_group_without_activities"]
    assert advice.subject == org.group


def test_it_advises_a_responsible_person_for_every_activity(org: Org) -> None:
    services.activity_create(actor=None, plan=org.plan, name="Jobcafé", steering_group=org.group)
    (advice,) = [a for a in plan_advice(org.plan) if a.code == "activity_without_responsible"]
    assert "Jobcafé" in advice.title
    assert advice.subject is not None
    assert advice.subject.name == "Jobcafé"


def test_it_advises_members_for_a_body_without_current_members(org: Org) -> None:
    pre = services.body_create(actor=None, plan=org.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Formøde")
    _seat(pre, "Tidligere", start=dt.date(2020, 1, 1), end=dt.date(2020, 6, 1))
    _seat(pre, "Kommende", start=dt.date(2099, 1, 1))
    (advice,) = [a for a in plan_advice(org.plan) if a.code == "body_without_members"]
    assert advice.subject == pre
    _seat(pre, "Nuværende")
    assert "body_without_members" not in codes(org.plan)


def test_it_computes_advice_with_a_fixed_number_of_queries(org: Org) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            plan_advice(org.plan)
        return len(ctx.captured_queries)

    small = count()
    for i in range(4):
        group = services.body_create(actor=None, plan=org.plan, kind=Body.Kind.STEERING_GROUP, name=f"SG {i}")
        _seat(group, f"Formand {i}", ROLE.CHAIR, R.RESIDENT)
        services.activity_create(actor=None, plan=org.plan, name=f"Indsats {i}", steering_group=group)
    assert len(plan_advice(org.plan)) > 4
    assert count() == small
