"""The goal status roll-up: worst judged indicator status decides, the driving indicators are named."""

from __future__ import annotations

from dataclasses import dataclass

from pytest_django import DjangoAssertNumQueries

from entydig.conftest import Cast
from entydig.goals.selectors import goal_views
from entydig.goals.status import GoalStatus, roll_up
from entydig.goals.tests.conftest import GoalSet, make_indicator
from entydig.monitoring.status import IndicatorStatus, Status


@dataclass
class Ind:
    pk: int
    name: str


def st(pk: int, status: str) -> IndicatorStatus:
    return IndicatorStatus(pk, status, f"grund {pk}", None, None, None, None, None, None, None)


def test_it_says_no_indicator_when_nothing_measures_the_goal() -> None:
    result = roll_up([], {})
    assert result.status == GoalStatus.NO_INDICATOR
    assert "tilknyt en indikator" in result.reason


def test_it_takes_the_worst_judged_status_and_names_the_drivers() -> None:
    inds = [Ind(1, "Tryghed"), Ind(2, "Sigtelser"), Ind(3, "Karakterer")]
    statuses = {1: st(1, Status.ACHIEVED), 2: st(2, Status.AT_RISK), 3: st(3, Status.AT_RISK)}
    result = roll_up(inds, statuses)
    assert result.status == GoalStatus.AT_RISK
    assert result.driving == (2, 3)
    assert result.reason == "2 af 3 indikatorer er i risiko: Sigtelser, Karakterer. Øvrige: 1 nået."


def test_it_ignores_unjudged_indicators_when_one_can_be_judged() -> None:
    inds = [Ind(1, "A"), Ind(2, "B"), Ind(3, "C")]
    statuses = {1: st(1, Status.ON_TRACK), 2: st(2, Status.NO_TARGET), 3: st(3, Status.TOO_LITTLE_DATA)}
    result = roll_up(inds, statuses)
    assert result.status == GoalStatus.ON_TRACK
    assert result.driving == (1,)
    assert "1 for få data" in result.reason and "1 intet mål" in result.reason


def test_it_prefers_too_little_data_over_no_target_when_nothing_is_judged() -> None:
    inds = [Ind(1, "A"), Ind(2, "B")]
    assert roll_up(inds, {1: st(1, Status.NO_TARGET), 2: st(2, Status.TOO_LITTLE_DATA)}).status == (
        GoalStatus.TOO_LITTLE_DATA
    )
    assert roll_up(inds, {1: st(1, Status.NO_TARGET), 2: st(2, Status.NO_TARGET)}).status == GoalStatus.NO_TARGET


def test_it_counts_an_indicator_without_a_status_as_too_little_data_and_each_indicator_once() -> None:
    result = roll_up([Ind(1, "A"), Ind(1, "A")], {})
    assert result.status == GoalStatus.TOO_LITTLE_DATA
    assert result.reason == "Indikatoren A har for få data."


def test_it_is_off_track_when_any_judged_indicator_is_off_track() -> None:
    inds = [Ind(1, "A"), Ind(2, "B")]
    result = roll_up(inds, {1: st(1, Status.ACHIEVED), 2: st(2, Status.OFF_TRACK)})
    assert result.status == GoalStatus.OFF_TRACK
    assert result.driving == (2,)


def test_it_rolls_a_strategic_goal_up_from_its_sub_goals_indicators(
    goalset: GoalSet, cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    own = make_indicator(cast.plan, "own", goalset.education)
    sub = make_indicator(cast.plan, "sub", goalset.homework)
    statuses = {own.pk: st(own.pk, Status.ACHIEVED), sub.pk: st(sub.pk, Status.OFF_TRACK)}
    views = {v.goal.pk: v for v in goal_views(cast.plan, statuses=statuses)}
    education = views[goalset.education.pk]
    assert education.rollup.status == GoalStatus.OFF_TRACK
    assert education.rollup.driving == (sub.pk,)
    assert [r.indicator.code for r in education.indicators] == ["own", "sub"]
    assert [r.drives for r in education.indicators] == [False, True]
    assert education.sub_goals[0].rollup.status == GoalStatus.OFF_TRACK
    assert views[goalset.safety.pk].rollup.status == GoalStatus.NO_INDICATOR
