"""Reads that cross relations: the goal tree of a plan with statuses, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _

from entydig.goals.models import Goal, StrategicAgreement, SubAgreement, TargetChange
from entydig.goals.status import GoalRollup, GoalStatus, goal_indicators, roll_up
from entydig.monitoring.cache import cached_plan_statuses, cached_statuses_of_plans
from entydig.monitoring.charts import sparkline_spec
from entydig.monitoring.models import Indicator
from entydig.monitoring.status import format_value
from entydig.organisation.access import PlanAccess
from entydig.organisation.models import Activity, Plan
from entydig.organisation.sections import ActivitySection


@dataclass(frozen=True)
class IndicatorRow:
    goal_id: int
    indicator: Indicator
    status: Any  # monitoring's IndicatorStatus, or None when it has none
    drives: bool
    sparkline: dict[str, Any] | None

    @property
    def latest_shown(self) -> str:
        return format_value(self.status.latest_value, self.indicator) if self.status is not None else "–"

    @property
    def target_shown(self) -> str:
        if self.status is None or self.indicator.target_value is None:
            return "–"
        return format_value(self.indicator.target_value, self.indicator)

    @property
    def spec_id(self) -> str:
        return f"spark-{self.goal_id}-{self.indicator.pk}"

    @property
    def status_value(self) -> str:
        return str(self.status.status) if self.status is not None else GoalStatus.TOO_LITTLE_DATA.value


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    rollup: GoalRollup
    indicators: list[IndicatorRow]
    sub_goals: list[GoalView]


def _indicator_queryset() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("code")


def _prefetched(queryset: QuerySet[Any], objects: list[Any]) -> QuerySet[Any]:
    """A queryset that already holds its rows, as Django's prefetch leaves it in `_prefetched_objects_cache`."""
    queryset._result_cache = objects
    queryset._prefetch_done = True  # type: ignore[attr-defined]  # Django's private prefetch flag
    return queryset


def goal_tree(plan: Plan) -> list[Goal]:
    """Strategic goals with their sub-goals, indicators and activities prefetched (three queries)."""
    return goal_trees([plan])[plan.pk]


def goal_trees(plans: Iterable[Plan]) -> dict[int, list[Goal]]:
    """`goal_tree` of each plan (by plan id), in three queries whatever the number of plans.

    The rows are fetched flat and put into each goal's prefetch cache by hand, so `goal.indicators.all()`,
    `goal.sub_goals.all()` and `sub.activities.all()` work as after `prefetch_related` without Django's
    per-level prefetch machinery (which cost more than the queries themselves on the dashboard).
    """
    plan_ids = [p.pk for p in plans]
    trees: dict[int, list[Goal]] = {pk: [] for pk in plan_ids}
    # One query for both levels (sub-goals of these plans' strategic goals; the join is empty for strategic ones).
    rows = list(
        Goal.objects.filter(plan_id__in=plan_ids)
        .select_related("sub_agreement__effort_area")
        .order_by("sub_agreement__effort_area__name", "order", "pk")
    )
    goals = [g for g in rows if g.level == Goal.Level.STRATEGIC]
    goals.sort(key=lambda g: (g.order, g.pk))
    if not goals:
        return trees
    strategic_ids = {g.pk for g in goals}
    subs = [g for g in rows if g.level == Goal.Level.SUB and g.parent_id in strategic_ids]
    every = [*goals, *subs]
    indicators: dict[int, list[Indicator]] = {g.pk: [] for g in every}
    for indicator in _indicator_queryset().filter(goals__in=every).annotate(linked_goal_id=F("goals__id")):
        indicators[indicator.linked_goal_id].append(indicator)
    activities: dict[int, list[Activity]] = {g.pk: [] for g in subs}
    if subs:
        linked = Activity.objects.filter(goals__in=subs).annotate(linked_goal_id=F("goals__id")).order_by("name")
        for activity in linked:
            activities[activity.linked_goal_id].append(activity)
    by_parent: dict[int, list[Goal]] = {g.pk: [] for g in goals}
    for sub in subs:
        by_parent[sub.parent_id].append(sub)  # type: ignore[index]  # set: subs holds only goals under a strategic goal
        sub._prefetched_objects_cache = {  # type: ignore[attr-defined]  # Django's private prefetch cache
            "indicators": _prefetched(Indicator.objects.all(), indicators[sub.pk]),
            "activities": _prefetched(Activity.objects.all(), activities[sub.pk]),
        }
    by_pk = {g.pk: g for g in goals}
    for sub in subs:
        parent = by_pk[sub.parent_id]  # type: ignore[index]  # set: subs holds only goals under a strategic goal
        Goal.parent.field.set_cached_value(sub, parent)
    for goal in goals:
        goal._prefetched_objects_cache = {  # type: ignore[attr-defined]  # Django's private prefetch cache
            "indicators": _prefetched(Indicator.objects.all(), indicators[goal.pk]),
            "sub_goals": _prefetched(Goal.objects.all(), by_parent[goal.pk]),
        }
        trees[goal.plan_id].append(goal)
    return trees


def indicator_statuses(plan: Plan) -> Mapping[int, Any]:
    """Monitoring's status per indicator of the plan, cached per data stamp (entydig/monitoring/cache.py)."""
    return cached_plan_statuses(plan)


def sparklines(indicators: list[Indicator], statuses: Mapping[int, Any]) -> dict[int, dict[str, Any]]:
    """A small Vega-Lite spec per indicator from its status series (monitoring's charts; no queries)."""
    return {i.pk: sparkline_spec(i, statuses[i.pk]) for i in indicators if i.pk in statuses and statuses[i.pk].points}


def _rows(
    goal: Goal, indicators: list[Indicator], statuses: Mapping[int, Any], rollup: GoalRollup, lines: dict[int, Any]
) -> list[IndicatorRow]:
    return [IndicatorRow(goal.pk, i, statuses.get(i.pk), i.pk in rollup.driving, lines.get(i.pk)) for i in indicators]


def goal_views(
    plan: Plan, *, statuses: Mapping[int, Any] | None = None, with_sparklines: bool = False
) -> list[GoalView]:
    """Every strategic goal with its rolled-up status, its indicators and its sub-goals with theirs."""
    goals = goal_tree(plan)
    statuses = indicator_statuses(plan) if statuses is None else statuses
    return _views(goals, statuses, with_sparklines=with_sparklines)


def goal_views_of_plans(plans: Iterable[Plan]) -> dict[int, list[GoalView]]:
    """`goal_views` of each plan (by plan id), in a fixed number of queries whatever the number of plans."""
    plans = list(plans)
    trees = goal_trees(plans)
    statuses = cached_statuses_of_plans(plans)
    return {pk: _views(goals, statuses[pk]) for pk, goals in trees.items()}


def _views(goals: list[Goal], statuses: Mapping[int, Any], *, with_sparklines: bool = False) -> list[GoalView]:
    lines: dict[int, Any] = {}
    if with_sparklines:
        unique = {i.pk: i for g in goals for i in goal_indicators(g, include_sub_goals=True)}
        lines = sparklines(list(unique.values()), statuses)
    views = []
    for goal in goals:
        subs = []
        for sub in goal.sub_goals.all():
            sub_indicators = list(sub.indicators.all())
            sub_rollup = roll_up(sub_indicators, statuses)
            subs.append(GoalView(sub, sub_rollup, _rows(sub, sub_indicators, statuses, sub_rollup, lines), []))
        all_indicators = goal_indicators(goal, include_sub_goals=True)
        rollup = roll_up(all_indicators, statuses)
        views.append(GoalView(goal, rollup, _rows(goal, all_indicators, statuses, rollup, lines), subs))
    return views


def status_counts(values: list[str]) -> dict[str, int]:
    counts = {s.value: 0 for s in GoalStatus}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def activity_goals(activity: Activity) -> list[Goal]:
    """The goals an activity serves, with their strategic goal and sub-agreement, in one query."""
    return list(activity.goals.select_related("parent", "sub_agreement__effort_area").order_by("level", "order", "pk"))


def _activity_goals_data(activity: Activity, access: PlanAccess) -> dict[str, Any]:
    return {"served": activity_goals(activity)}


# The section of the activity page that lists the goals the activity serves (registered in apps.py).
activity_goals_section = ActivitySection("goals/partials/_activity_goals.html", _activity_goals_data)


def agreement_of(plan: Plan) -> StrategicAgreement | None:
    return StrategicAgreement.objects.filter(plan=plan).first()


def sub_agreements_of(plan: Plan) -> list[SubAgreement]:
    return list(
        SubAgreement.objects.filter(plan=plan)
        .select_related("effort_area", "steering_group")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.select_related("parent").order_by("order", "pk")))
    )


def target_changes(plan: Plan, *, until: dt.date | None = None) -> list[dict[str, Any]]:
    """Targets and target periods moved after their agreement's approval, newest first, as plain data (the pixi
    report freezes it): the indicator, the old and new target, the day, and the agreement version it started.

    `pending` is true while that version still awaits approval.
    """
    rows = (
        TargetChange.objects.filter(plan=plan)
        .select_related("indicator", "agreement", "sub_agreement__effort_area")
        .order_by("-changed_on", "-pk")
    )
    if until is not None:
        rows = rows.filter(changed_on__lte=until)
    result = []
    for row in rows:
        owner = row.agreement or row.sub_agreement
        assert owner is not None  # noqa: S101 (a database constraint: exactly one of them)
        where = (
            _("delaftalen %(area)s") % {"area": owner.effort_area}
            if isinstance(owner, SubAgreement)
            else _("den strategiske samarbejdsaftale")
        )
        result.append(
            {
                "indicator": row.indicator.name,
                "old": _target_text(row.old_value, row.old_period, row.indicator),
                "new": _target_text(row.new_value, row.new_period, row.indicator),
                "changed_on": row.changed_on.strftime("%d.%m.%Y"),
                "version": row.version,
                "where": str(where),
                "pending": owner.version == row.version and owner.status == "draft",
            }
        )
    return result


def _target_text(value: Decimal | None, period: str, indicator: Indicator) -> str:
    shown = format_value(value, indicator)
    return f"{shown} ({period})" if period else shown
