"""A large under- or overspend suggests a prioritisation question for the next board meeting, with its reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from entydig.budget import services as budget_services
from entydig.budget import spending
from entydig.budget.models import BudgetPost, CostType
from entydig.conftest import Cast
from entydig.meetings import services
from entydig.meetings.models import AgendaItem, Meeting
from entydig.meetings.suggestions import Suggestion, suggestions_for
from entydig.meetings.tests.conftest import Meetings, at

# After the third quarter of 2026: the accounts' year is 2026.
NOVEMBER = dt.datetime(2026, 11, 16, 10, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def budget(cast: Cast) -> None:
    """200.000 kr. a year on the activity and 100.000 kr. on the other one, approved."""
    wage = CostType.objects.get(code="løn")
    budget_services.budget_lines_set(
        actor=cast.secretariat_user,
        plan=cast.plan,
        lines=[
            budget_services.LineSpec(cast.activity, 2026, "lbf", wage, False, Decimal("200000")),
            budget_services.LineSpec(cast.other_activity, 2026, "lbf", wage, False, Decimal("100000")),
        ],
    )
    budget_services.budget_approve(actor=cast.secretariat_user, plan=cast.plan, approved_on=dt.date(2026, 1, 10))


def _spend(cast: Cast, target: budget_services.Target, per_quarter: str) -> None:
    for quarter in (1, 2, 3):
        spending.actual_set(
            actor=cast.secretariat_user,
            plan=cast.plan,
            target=target,
            year=2026,
            quarter=quarter,
            amount=Decimal(per_quarter),
            funder="lbf",
        )


def _spending(meeting: Meeting) -> list[Suggestion]:
    return [s for s in suggestions_for(meeting) if s.key.startswith("spending:")]


@time_machine.travel(NOVEMBER, tick=False)
def test_it_suggests_a_prioritisation_question_for_an_underspend(cast: Cast, budget: None) -> None:
    meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(20))
    _spend(cast, cast.activity, "10000")  # forecast 40.000 of 200.000 kr.
    _spend(cast, cast.other_activity, "25000")  # on budget
    (found,) = _spending(meeting)
    post = BudgetPost.objects.get(activity=cast.activity)
    assert found.key == f"spending:{post.pk}"
    assert found.kind == AgendaItem.Kind.PRIORITISATION
    assert found.title == f"Prioriteringsspørgsmål: mindreforbrug på {cast.activity.name}"
    assert found.reason.startswith(
        f"{cast.activity.name} har brugt 15 % af årets budget efter 3. kvartal; prognose 20 %."
    )
    assert "160.000 kr. (80 %) under budgettet for 2026 på 200.000 kr.; grænsen er 20 %" in found.reason
    assert found.activities == [cast.activity]
    item = services.suggestion_add(actor=None, meeting=meeting, key=found.key)
    assert item.kind == AgendaItem.Kind.PRIORITISATION and item.description == found.reason
    assert _spending(meeting) == []


@time_machine.travel(NOVEMBER, tick=False)
def test_it_suggests_an_overspend_and_follows_the_threshold_setting(cast: Cast, budget: None) -> None:
    meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(20))
    _spend(cast, cast.activity, "50000")  # on budget
    _spend(cast, cast.other_activity, "30000")  # forecast 120.000 of 100.000 kr.: 20 % over
    (found,) = _spending(meeting)
    assert found.title == "Prioriteringsspørgsmål: merforbrug på Jobcafé"
    assert "20.000 kr. (20 %) over budgettet" in found.reason
    with override_settings(BUDGET_VARIANCE_THRESHOLD=Decimal("0.25")):
        assert _spending(meeting) == []


def test_it_suggests_nothing_without_a_budget(cast: Cast, meetings: Meetings) -> None:
    assert _spending(meetings.upcoming) == []
