"""Change control as LBF has it: the strategic agreement (goals, indicators, targets) is versioned and LBF-approved;
sub-agreements are the board's (or, delegated, the steering group's); reordering is no change."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document

from entydig.conftest import Cast
from entydig.goals import services
from entydig.goals.models import (
    AgreementStatus,
    AgreementVersion,
    Approver,
    StrategicAgreement,
    SubAgreementStatus,
    TargetChange,
)
from entydig.goals.tests.conftest import GoalSet, make_indicator
from entydig.monitoring import services as monitoring_services

D1, D2 = dt.date(2024, 2, 1), dt.date(2024, 4, 1)


def _approve(agreement: StrategicAgreement) -> StrategicAgreement:
    services.agreement_approve(actor=None, agreement=agreement, by="board", on=D1)
    return services.agreement_approve(actor=None, agreement=agreement, by="lbf", on=D2)


def _agreement(goalset: GoalSet) -> StrategicAgreement:
    goalset.agreement.refresh_from_db()
    return goalset.agreement


def test_it_keeps_the_approval_when_goals_are_reordered(goalset: GoalSet) -> None:
    _approve(goalset.agreement)
    services.goal_move(actor=None, goal=goalset.education, direction="up")
    agreement = _agreement(goalset)
    assert (agreement.version, agreement.status) == (1, AgreementStatus.LBF_APPROVED)
    assert not AgreementVersion.objects.exists()


def test_it_keeps_a_sub_agreement_approved_when_its_goals_are_reordered(goalset: GoalSet, cast: Cast) -> None:
    services.goal_create(
        actor=None, plan=cast.plan, level="sub", title="B", parent=goalset.education, sub_agreement=goalset.sub
    )
    services.sub_agreement_approve(actor=None, sub_agreement=goalset.sub, on=D1)
    services.goal_move(actor=None, goal=goalset.homework, direction="down")
    goalset.sub.refresh_from_db()
    assert (goalset.sub.version, goalset.sub.status) == (1, SubAgreementStatus.APPROVED)


def test_it_does_not_reopen_the_strategic_agreement_for_a_strategic_goals_activities(
    goalset: GoalSet, cast: Cast
) -> None:
    _approve(goalset.agreement)
    services.goal_update(actor=None, goal=goalset.safety, activities=[cast.activity])
    assert _agreement(goalset).status == AgreementStatus.LBF_APPROVED
    assert list(goalset.safety.activities.all()) == [cast.activity]


def test_it_reopens_the_strategic_agreement_when_a_strategic_goal_is_added_or_deleted(
    goalset: GoalSet, cast: Cast
) -> None:
    _approve(goalset.agreement)
    new = services.goal_create(actor=None, plan=cast.plan, level="strategic", title="Flere i job")
    agreement = _agreement(goalset)
    assert (agreement.version, agreement.status) == (2, AgreementStatus.DRAFT)
    _approve(agreement)
    services.goal_delete(actor=None, goal=new)
    assert _agreement(goalset).version == 3


def test_it_starts_a_new_version_when_an_approved_target_moves_and_records_the_change(
    goalset: GoalSet, cast: Cast
) -> None:
    indicator = make_indicator(cast.plan, "tryg", goalset.safety)
    _approve(goalset.agreement)
    with time_machine.travel(dt.datetime(2024, 9, 12, 10, tzinfo=dt.UTC), tick=False):
        monitoring_services.indicator_update(
            actor=cast.secretariat_user, indicator=indicator, target_value=Decimal("45"), target_period="2027"
        )
    agreement = _agreement(goalset)
    assert (agreement.version, agreement.status) == (2, AgreementStatus.DRAFT)
    frozen = agreement.versions.get()
    assert frozen.status == AgreementStatus.LBF_APPROVED
    assert frozen.content["goals"][0]["indicators"][0]["target_value"] == "50"
    assert frozen.content["goals"][0]["indicators"][0]["target_period"] == "2026"
    change = TargetChange.objects.get()
    assert (change.old_value, change.new_value) == (Decimal("50"), Decimal("45"))
    assert (change.old_period, change.new_period) == ("2026", "2027")
    assert (change.version, change.changed_on, change.agreement) == (2, dt.date(2024, 9, 12), agreement)
    assert change.changed_by == cast.secretariat_user
    # The new version needs the board's and then LBF's approval again.
    with pytest.raises(ValidationError, match="Bestyrelsen skal godkende"):
        services.agreement_approve(actor=None, agreement=agreement, by="lbf", on=D2)


def test_it_starts_a_new_version_when_an_approved_baseline_moves_but_records_no_target_change(
    goalset: GoalSet, cast: Cast
) -> None:
    indicator = make_indicator(cast.plan, "tryg", goalset.safety)
    _approve(goalset.agreement)
    monitoring_services.indicator_update(actor=None, indicator=indicator, baseline_value=Decimal("38"))
    assert _agreement(goalset).version == 2
    assert not TargetChange.objects.exists()


def test_it_changes_nothing_when_a_target_moves_on_a_draft_or_a_non_content_field_changes(
    goalset: GoalSet, cast: Cast
) -> None:
    indicator = make_indicator(cast.plan, "tryg", goalset.safety)
    monitoring_services.indicator_update(actor=None, indicator=indicator, target_value=Decimal("45"))
    assert not TargetChange.objects.exists()  # never approved: drafting, not a change
    _approve(goalset.agreement)
    monitoring_services.indicator_update(actor=None, indicator=indicator, definition="Andel trygge beboere")
    monitoring_services.indicator_update(actor=None, indicator=indicator, target_value=Decimal("45.0"))  # same
    agreement = _agreement(goalset)
    assert (agreement.version, agreement.status) == (1, AgreementStatus.LBF_APPROVED)
    assert not TargetChange.objects.exists()


def test_it_records_a_second_target_change_in_the_already_reopened_version(goalset: GoalSet, cast: Cast) -> None:
    indicator = make_indicator(cast.plan, "tryg", goalset.safety)
    _approve(goalset.agreement)
    monitoring_services.indicator_update(actor=None, indicator=indicator, target_value=Decimal("45"))
    indicator.refresh_from_db()
    monitoring_services.indicator_update(actor=None, indicator=indicator, target_period="2027")
    assert _agreement(goalset).version == 2
    assert AgreementVersion.objects.count() == 1
    assert list(TargetChange.objects.order_by("pk").values_list("version", "new_period")) == [(2, "2026"), (2, "2027")]


def test_a_sub_goal_indicator_target_versions_the_sub_agreement_not_the_strategic_one(
    goalset: GoalSet, cast: Cast
) -> None:
    indicator = make_indicator(cast.plan, "karakter", goalset.homework)
    _approve(goalset.agreement)
    services.sub_agreement_approve(actor=None, sub_agreement=goalset.sub, on=D1)
    monitoring_services.indicator_update(actor=None, indicator=indicator, target_value=Decimal("7"))
    goalset.sub.refresh_from_db()
    assert (goalset.sub.version, goalset.sub.status) == (2, SubAgreementStatus.DRAFT)
    assert _agreement(goalset).version == 1
    assert TargetChange.objects.get().sub_agreement == goalset.sub


def test_deleting_an_indicator_of_an_approved_strategic_goal_reopens_the_agreement(
    goalset: GoalSet, cast: Cast
) -> None:
    indicator = make_indicator(cast.plan, "tryg", goalset.safety)
    _approve(goalset.agreement)
    monitoring_services.indicator_delete(actor=None, indicator=indicator)
    assert _agreement(goalset).versions.get().content["goals"][0]["indicators"][0]["code"] == "tryg"


def test_a_new_indicator_on_an_approved_strategic_goal_starts_a_new_version_and_one_without_goals_does_not(
    goalset: GoalSet, cast: Cast
) -> None:
    _approve(goalset.agreement)
    monitoring_services.indicator_create(actor=None, plan=cast.plan, code="fri", name="Uden mål")
    assert _agreement(goalset).status == AgreementStatus.LBF_APPROVED
    monitoring_services.indicator_create(
        actor=None, plan=cast.plan, code="ny", name="Ny indikator", goals=[goalset.safety], target_value=Decimal("3")
    )
    agreement = _agreement(goalset)
    assert (agreement.version, agreement.status) == (2, AgreementStatus.DRAFT)
    approved = agreement.versions.get().content["goals"]
    assert "ny" not in [i["code"] for goal in approved for i in goal["indicators"]]  # the version is what LBF approved
    assert not TargetChange.objects.exists()


def test_the_board_approves_a_sub_agreement_without_an_lbf_step(goalset: GoalSet) -> None:
    sub = services.sub_agreement_approve(actor=None, sub_agreement=goalset.sub, on=D1)
    assert (sub.status, sub.approved_on, sub.approved_by) == (SubAgreementStatus.APPROVED, D1, Approver.BOARD)
    with pytest.raises(ValidationError, match="allerede godkendt"):
        services.sub_agreement_approve(actor=None, sub_agreement=sub, on=D2)
    assert not hasattr(sub, "lbf_approved_on")


def test_the_steering_group_approves_when_the_board_has_delegated_it(goalset: GoalSet, cast: Cast) -> None:
    assert services.sub_agreement_approver(goalset.sub) == Approver.BOARD
    services.agreement_update(actor=None, agreement=goalset.agreement, steering_groups_approve_sub_agreements=True)
    assert _agreement(goalset).version == 1  # a setting, not content
    sub = services.sub_agreement_approve(actor=None, sub_agreement=goalset.sub, on=D1)
    assert sub.approved_by == Approver.STEERING_GROUP
    # Without a steering group, the sub-agreement stays with the board.
    services.sub_agreement_update(actor=None, sub_agreement=sub, steering_group=None)
    sub.refresh_from_db()
    assert sub.status == SubAgreementStatus.DRAFT
    assert services.sub_agreement_approver(sub) == Approver.BOARD


def test_the_sub_agreement_page_says_who_approves_and_records_it(client: Client, goalset: GoalSet, cast: Cast) -> None:
    services.agreement_update(actor=None, agreement=goalset.agreement, steering_groups_approve_sub_agreements=True)
    client.force_login(cast.secretariat_user)
    url = reverse("goals:sub_agreement", args=[cast.plan.pk, goalset.sub.pk])
    page = client.get(url).content.decode()
    assert "bestyrelsen har delegeret godkendelsen" in page
    response = client.post(
        reverse("goals:sub_agreement_approve", args=[cast.plan.pk, goalset.sub.pk]), {"on": "2024-03-01"}
    )
    assert response.status_code == 302
    goalset.sub.refresh_from_db()
    assert (goalset.sub.approved_by, goalset.sub.approved_on) == (Approver.STEERING_GROUP, dt.date(2024, 3, 1))


def test_it_exports_the_sub_agreements_of_today_as_pdf_and_docx(client: Client, goalset: GoalSet, cast: Cast) -> None:
    services.sub_agreement_approve(actor=None, sub_agreement=goalset.sub, on=D1)
    client.force_login(cast.viewer_user)
    pdf = client.get(reverse("goals:sub_agreements_export", args=[cast.plan.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("goals:sub_agreements_export", args=[cast.plan.pk, "docx"]))
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Uddannelse og livschancer" in text
    assert "Bedre karakterer i 9. klasse" in text
    assert "bestyrelsen 01.02.2024" in text
    assert client.get(reverse("goals:sub_agreements_export", args=[cast.plan.pk, "odt"])).status_code == 404


def test_the_dashboard_shows_a_target_moved_after_approval_with_version_and_date(
    client: Client, goalset: GoalSet, cast: Cast
) -> None:
    indicator = make_indicator(cast.plan, "tryg", goalset.safety)
    client.force_login(cast.board_user)
    url = reverse("goals:dashboard", args=[cast.plan.pk])
    assert "Mål flyttet efter godkendelsen" not in client.get(url).content.decode()
    _approve(goalset.agreement)
    with time_machine.travel(dt.datetime(2024, 9, 12, 10, tzinfo=dt.UTC), tick=False):
        monitoring_services.indicator_update(actor=None, indicator=indicator, target_period="2027")
    page = client.get(url).content.decode()
    assert "Mål flyttet efter godkendelsen" in page
    assert "Indikator tryg: målet ændret fra 50 % (2026) til 50 % (2027) den 12.09.2024 – version 2 af den" in page
    assert "afventer godkendelse" in page


def test_a_versions_indicator_figures_are_written_the_danish_way() -> None:
    from entydig.goals.versions import _indicator_line

    line = _indicator_line(
        {"name": "Sigtede unge", "baseline_value": "4.80", "baseline_period": "2022", "target_value": "3.0"}
    )
    assert line == "Indikator Sigtede unge: baseline 4,8 (2022), mål 3 (–)"
