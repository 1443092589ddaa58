"""The handbook's goal checks, each shown failing and passing, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from entydig.conftest import Cast
from entydig.goals import services
from entydig.goals.checks import (
    CANNOT_INFLUENCE,
    INDICATOR_OVERLOAD,
    TOO_MANY_GOALS,
    UNCLEAR_GOALS,
    CheckResult,
    goal_checks,
    ownership_checklist,
)
from entydig.goals.models import Goal
from entydig.goals.tests.conftest import GoalSet, make_indicator
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import Plan


def _check(plan: Plan, code: str) -> CheckResult:
    return next(c for c in goal_checks(plan) if c.code == code)


def _measure(indicator: Indicator) -> None:
    Measurement.objects.create(
        indicator=indicator, series="plan", period="2024", period_start=dt.date(2024, 1, 1), value=Decimal("42")
    )


def test_it_warns_about_more_than_five_strategic_goals(goalset: GoalSet, cast: Cast) -> None:
    for i in range(3):
        services.goal_create(actor=None, plan=cast.plan, level=Goal.Level.STRATEGIC, title=f"Mål {i}")
    assert _check(cast.plan, TOO_MANY_GOALS).passed  # five is fine
    services.goal_create(actor=None, plan=cast.plan, level=Goal.Level.STRATEGIC, title="Mål 6")
    check = _check(cast.plan, TOO_MANY_GOALS)
    assert not check.passed
    assert check.findings[0].problem == (
        "Aftalen har 6 overordnede mål; højst 5 anbefales. "
        "Grænsen er Entydigs standard, ikke håndbogens; den kan ændres i indstillingerne."
    )
    assert "Få og præcise mål" in check.reason


def test_it_warns_about_more_than_four_sub_goals_in_a_sub_agreement(goalset: GoalSet, cast: Cast) -> None:
    for i in range(3):
        services.goal_create(
            actor=None, plan=cast.plan, level="sub", title=f"D{i}", parent=goalset.education, sub_agreement=goalset.sub
        )
    assert _check(cast.plan, TOO_MANY_GOALS).passed
    services.goal_create(
        actor=None, plan=cast.plan, level="sub", title="D5", parent=goalset.education, sub_agreement=goalset.sub
    )
    finding = _check(cast.plan, TOO_MANY_GOALS).findings[0]
    assert finding.sub_agreement_id == goalset.sub.pk
    assert "5 delmål" in finding.problem


def test_it_follows_configured_limits(goalset: GoalSet, cast: Cast, settings: Settings) -> None:
    settings.GOAL_CHECK_LIMITS = {"strategic_goals": 1}
    assert not _check(cast.plan, TOO_MANY_GOALS).passed


def test_it_flags_goals_without_indicators_and_incomplete_or_empty_indicators(goalset: GoalSet, cast: Cast) -> None:
    check = _check(cast.plan, UNCLEAR_GOALS)
    assert {f.goal_id for f in check.findings} == {goalset.safety.pk, goalset.education.pk, goalset.homework.pk}
    incomplete = make_indicator(cast.plan, "x", goalset.safety, complete=False)
    problems = [f.problem for f in _check(cast.plan, UNCLEAR_GOALS).findings if f.indicator_id == incomplete.pk]
    assert problems == [
        "Indikatoren »Indikator x« mangler baseline, mål, målperiode.",
        "Indikatoren »Indikator x« har ingen data.",
    ]


def test_a_strategic_goal_is_measured_by_its_sub_goals_indicators(goalset: GoalSet, cast: Cast) -> None:
    # homework is a sub-goal of education: its indicator measures education too, as the dashboard shows it
    assert goalset.homework.parent_id == goalset.education.pk
    _measure(make_indicator(cast.plan, "h", goalset.homework))
    flagged = {f.goal_id for f in _check(cast.plan, UNCLEAR_GOALS).findings}
    assert goalset.education.pk not in flagged
    assert goalset.homework.pk not in flagged
    assert goalset.safety.pk in flagged  # no indicator of its own and no sub-goal with one


def test_it_passes_unclear_goals_when_every_goal_has_a_complete_measured_indicator(
    goalset: GoalSet, cast: Cast
) -> None:
    for code, goal in [("a", goalset.safety), ("b", goalset.education), ("c", goalset.homework)]:
        _measure(make_indicator(cast.plan, code, goal))
    check = _check(cast.plan, UNCLEAR_GOALS)
    assert check.passed, check.findings


def test_it_counts_only_values_that_may_be_shown_as_data(goalset: GoalSet, cast: Cast) -> None:
    """A value about fewer people than the threshold is no data: it is shown nowhere and moves no status."""
    indicator = make_indicator(cast.plan, "x", goalset.safety)
    Measurement.objects.create(
        indicator=indicator, series="plan", period="2024", period_start=dt.date(2024, 1, 1), value=Decimal("42"), n=3
    )
    problems = [f.problem for f in _check(cast.plan, UNCLEAR_GOALS).findings if f.indicator_id == indicator.pk]
    assert problems == ["Indikatoren »Indikator x« har ingen data."]
    Measurement.objects.create(
        indicator=indicator, series="plan", period="2025", period_start=dt.date(2025, 1, 1), value=Decimal("43"), n=5
    )
    assert not [f for f in _check(cast.plan, UNCLEAR_GOALS).findings if f.indicator_id == indicator.pk]


def test_it_flags_goals_no_activity_serves(goalset: GoalSet, cast: Cast) -> None:
    check = _check(cast.plan, CANNOT_INFLUENCE)
    # Education is served through its sub-goal; safety has neither activities nor served sub-goals.
    assert [f.goal_id for f in check.findings] == [goalset.safety.pk]
    services.goal_update(actor=None, goal=goalset.homework, activities=[])
    assert {f.goal_id for f in _check(cast.plan, CANNOT_INFLUENCE).findings} == {
        goalset.safety.pk,
        goalset.education.pk,
        goalset.homework.pk,
    }


def test_it_passes_influence_when_every_goal_is_served(goalset: GoalSet, cast: Cast) -> None:
    services.goal_update(actor=None, goal=goalset.safety, activities=[cast.other_activity])
    assert _check(cast.plan, CANNOT_INFLUENCE).passed


def test_it_flags_more_than_three_indicators_on_one_goal(goalset: GoalSet, cast: Cast) -> None:
    for code in "abc":
        make_indicator(cast.plan, code, goalset.safety)
    assert _check(cast.plan, INDICATOR_OVERLOAD).passed
    make_indicator(cast.plan, "d", goalset.safety)
    finding = _check(cast.plan, INDICATOR_OVERLOAD).findings[0]
    assert finding.goal_id == goalset.safety.pk
    assert "4 indikatorer" in finding.problem


def test_it_runs_the_checks_in_a_fixed_number_of_queries(
    goalset: GoalSet, cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(3):
        goal_checks(cast.plan)
    for i in range(8):
        goal = services.goal_create(actor=None, plan=cast.plan, level="strategic", title=f"Ekstra {i}")
        make_indicator(cast.plan, f"e{i}", goal)
    with django_assert_num_queries(3):
        goal_checks(cast.plan)


def test_it_lists_five_conditions_per_party(goalset: GoalSet, cast: Cast) -> None:
    services.ownership_set(actor=None, plan=cast.plan, party=cast.housing, condition="bound", fulfilled=True)
    rows = ownership_checklist(cast.plan)
    assert [r.party for r in rows] == [cast.municipality, cast.housing]
    assert [len(r.conditions) for r in rows] == [5, 5]
    assert (rows[0].fulfilled_count, rows[1].fulfilled_count) == (0, 1)


def test_the_invested_money_point_shows_each_partys_share_of_budget_and_spending(goalset: GoalSet, cast: Cast) -> None:
    from entydig.budget.tests.conftest import Money

    money = Money(cast)
    a = cast.activity
    money.lines(
        [
            money.spec(a, 2024, "lbf", "750000"),
            money.spec(a, 2024, "kommune", "150000"),
            money.spec(a, 2024, "boligorganisation", "100000", in_kind=True),
        ]
    )
    money.spend(a, 2024, 1, "40000", funder="kommune")
    money.spend(a, 2024, 1, "60000", funder="boligorganisation")
    municipality, housing = ownership_checklist(cast.plan)
    assert municipality.invested is not None and housing.invested is not None
    assert (municipality.invested.budget, municipality.invested.budget_share) == (Decimal("150000"), Decimal("0.15"))
    assert (municipality.invested.spent, municipality.invested.spent_share) == (Decimal("40000"), Decimal("0.4"))
    assert (housing.invested.budget_share, housing.invested.spent_share) == (Decimal("0.1"), Decimal("0.6"))
    assert not housing.shared_with_others  # the plan has one housing organisation
    page = cast.client("board").get(reverse("goals:ownership", args=[cast.plan.pk])).content.decode()
    assert "Investeret i penge:" in page and "150.000 kr. i budgettet" in page


def test_the_invested_money_point_is_left_out_without_a_budget(goalset: GoalSet, cast: Cast) -> None:
    assert all(row.invested is None for row in ownership_checklist(cast.plan))
    page = cast.client("board").get(reverse("goals:ownership", args=[cast.plan.pk])).content.decode()
    assert "Investeret i penge:" not in page
