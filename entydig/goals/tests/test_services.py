"""Agreement, sub-agreement and goal services: versions on change after approval, approvals, audit, order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.goals import services
from entydig.goals.models import AgreementStatus, AgreementVersion, Goal, OwnershipCondition, StrategicAgreement
from entydig.goals.tests.conftest import GoalSet
from entydig.organisation import services as org_services

D1, D2 = dt.date(2024, 2, 1), dt.date(2024, 4, 1)


def _approve(agreement: StrategicAgreement) -> StrategicAgreement:
    services.agreement_approve(actor=None, agreement=agreement, by="board", on=D1)
    return services.agreement_approve(actor=None, agreement=agreement, by="lbf", on=D2)


def test_it_changes_a_draft_in_place_without_a_version(goalset: GoalSet, cast: Cast) -> None:
    services.agreement_update(actor=cast.secretariat_user, agreement=goalset.agreement, problem_understanding="Nyt")
    goalset.agreement.refresh_from_db()
    assert goalset.agreement.problem_understanding == "Nyt"
    assert goalset.agreement.version == 1
    assert not AgreementVersion.objects.exists()
    event = AuditEvent.objects.filter(object_type="goals.strategicagreement", action="update").latest("id")
    assert event.changes["problem_understanding"] == ["Mange unge står uden uddannelse.", "Nyt"]
    assert event.actor == cast.secretariat_user


def test_it_records_board_then_lbf_approval_with_dates(goalset: GoalSet) -> None:
    agreement = _approve(goalset.agreement)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.LBF_APPROVED
    assert (agreement.board_approved_on, agreement.lbf_approved_on) == (D1, D2)


def test_it_refuses_lbf_approval_before_the_board_and_dates_out_of_order(goalset: GoalSet) -> None:
    with pytest.raises(ValidationError, match="Bestyrelsen skal godkende"):
        services.agreement_approve(actor=None, agreement=goalset.agreement, by="lbf", on=D2)
    services.agreement_approve(actor=None, agreement=goalset.agreement, by="board", on=D2)
    with pytest.raises(ValidationError, match="kan ikke ligge før"):
        services.agreement_approve(actor=None, agreement=goalset.agreement, by="lbf", on=D1)
    goalset.agreement.refresh_from_db()
    assert goalset.agreement.status == AgreementStatus.BOARD_APPROVED
    assert goalset.agreement.lbf_approved_on is None


def test_it_freezes_the_approved_version_with_its_goals_when_the_text_changes(goalset: GoalSet, cast: Cast) -> None:
    agreement = _approve(goalset.agreement)
    updated = services.agreement_update(actor=cast.secretariat_user, agreement=agreement, title="Aftale 2.0")
    assert updated.version == 2
    assert updated.status == AgreementStatus.DRAFT
    assert updated.board_approved_on is None
    frozen = AgreementVersion.objects.get(agreement=agreement)
    assert frozen.number == 1
    assert frozen.status == AgreementStatus.LBF_APPROVED
    assert frozen.created_by == cast.secretariat_user
    assert frozen.content["title"] == "Strategisk samarbejdsaftale"
    assert frozen.content["lbf_approved_on"] == "2024-04-01"
    assert [g["title"] for g in frozen.content["goals"]] == ["Mere tryghed", "Flere unge i uddannelse"]
    # A second change to the new draft does not freeze again.
    services.agreement_update(actor=None, agreement=updated, title="Aftale 2.1")
    assert AgreementVersion.objects.filter(agreement=agreement).count() == 1


def test_it_changes_nothing_when_an_approved_agreement_is_saved_unchanged(goalset: GoalSet) -> None:
    agreement = _approve(goalset.agreement)
    services.agreement_update(actor=None, agreement=agreement, title=agreement.title)
    agreement.refresh_from_db()
    assert agreement.version == 1 and agreement.status == AgreementStatus.LBF_APPROVED
    assert not AgreementVersion.objects.exists()


def test_it_makes_a_new_version_when_a_goal_of_an_approved_agreement_changes(goalset: GoalSet) -> None:
    _approve(goalset.agreement)
    services.goal_update(actor=None, goal=goalset.safety, title="Mere tryghed for alle")
    goalset.agreement.refresh_from_db()
    assert goalset.agreement.version == 2
    frozen = goalset.agreement.versions.get()
    assert frozen.content["goals"][0]["title"] == "Mere tryghed"


def test_it_versions_a_sub_agreement_on_its_own(goalset: GoalSet, cast: Cast) -> None:
    services.sub_agreement_approve(actor=None, sub_agreement=goalset.sub, on=D1)
    services.goal_update(actor=None, goal=goalset.homework, activities=[cast.activity, cast.other_activity])
    goalset.sub.refresh_from_db()
    assert goalset.sub.version == 2
    frozen = goalset.sub.versions.get()
    assert frozen.content["goals"][0]["activities"] == ["Lektiecafé"]
    assert frozen.content["goals"][0]["parent"] == "Flere unge i uddannelse"
    goalset.agreement.refresh_from_db()
    assert goalset.agreement.version == 1


def test_it_refuses_a_sub_goal_without_a_strategic_goal_in_the_plan(goalset: GoalSet, cast: Cast) -> None:
    foreign = services.goal_create(actor=None, plan=cast.other_plan, level=Goal.Level.STRATEGIC, title="Andet")
    with pytest.raises(ValidationError) as error:
        services.goal_create(
            actor=None, plan=cast.plan, level=Goal.Level.SUB, title="X", parent=foreign, sub_agreement=goalset.sub
        )
    assert "parent" in error.value.message_dict
    assert not Goal.objects.filter(title="X").exists()


def test_it_refuses_activities_of_another_plan(goalset: GoalSet, cast: Cast) -> None:
    other = org_services.activity_create(actor=None, plan=cast.other_plan, name="Fremmed")
    with pytest.raises(ValidationError):
        services.goal_update(actor=None, goal=goalset.homework, activities=[other])
    assert list(goalset.homework.activities.all()) == [cast.activity]


def test_it_moves_goals_up_and_down(goalset: GoalSet) -> None:
    services.goal_move(actor=None, goal=goalset.education, direction="up")
    assert list(Goal.objects.filter(level="strategic").order_by("order").values_list("title", flat=True)) == [
        "Flere unge i uddannelse",
        "Mere tryghed",
    ]
    services.goal_move(actor=None, goal=Goal.objects.get(pk=goalset.education.pk), direction="up")  # already first
    assert Goal.objects.get(pk=goalset.education.pk).order == 1


def test_it_refuses_to_delete_a_strategic_goal_with_sub_goals(goalset: GoalSet) -> None:
    with pytest.raises(ValidationError, match="delmål"):
        services.goal_delete(actor=None, goal=goalset.education)
    assert Goal.objects.filter(pk=goalset.education.pk).exists()
    services.goal_delete(actor=None, goal=goalset.homework)
    services.goal_delete(actor=None, goal=goalset.education)
    assert not Goal.objects.filter(pk=goalset.education.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_repr="Flere unge i uddannelse").exists()


def test_it_records_ownership_per_party_and_refuses_outside_parties(cast: Cast) -> None:
    row = services.ownership_set(
        actor=None, plan=cast.plan, party=cast.municipality, condition="formulated", fulfilled=True, note="Ja"
    )
    services.ownership_set(actor=None, plan=cast.plan, party=cast.municipality, condition="formulated", fulfilled=False)
    row.refresh_from_db()
    assert row.fulfilled is False
    outsider = org_services.organisation_create(actor=None, name="Andet", kind="partner")
    with pytest.raises(ValidationError):
        services.ownership_set(actor=None, plan=cast.plan, party=outsider, condition="formulated", fulfilled=True)
    assert OwnershipCondition.objects.count() == 1


def test_it_keeps_one_sub_agreement_per_effort_area(goalset: GoalSet, cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.sub_agreement_create(actor=None, plan=cast.plan, effort_area=goalset.sub.effort_area)
