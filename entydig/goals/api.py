"""Goal endpoints of the REST API: the goal tree with statuses, a plan-level status summary and the goal checks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from entydig.core.api import READ_ERRORS, api_user
from entydig.goals.checks import goal_checks, limits, ownership_checklist
from entydig.goals.selectors import GoalView, agreement_of, goal_views, indicator_statuses, status_counts
from entydig.goals.status import status_label
from entydig.organisation.access import plan_for_user

router = Router(tags=["goals"])


class IndicatorStatusOut(Schema):
    id: int
    code: str
    name: str
    status: str = Field(description="achieved, on_track, at_risk, off_track, no_target or too_little_data")
    status_label: str
    reason: str
    drives_goal: bool = Field(description="Denne indikator bestemmer målets status / drives the goal's status")


class SubGoalOut(Schema):
    id: int
    title: str
    description: str
    sub_agreement_id: int | None
    effort_area: str
    status: str = Field(description="Målets status, rullet op fra indikatorerne / rolled up from the indicators")
    status_label: str
    reason: str
    activity_ids: list[int]
    indicators: list[IndicatorStatusOut]


class StrategicGoalOut(Schema):
    id: int
    title: str
    description: str
    order: int
    status: str
    status_label: str
    reason: str
    driving_indicator_ids: list[int]
    indicators: list[IndicatorStatusOut] = Field(description="Egne og delmålenes indikatorer / own and sub-goals'")
    sub_goals: list[SubGoalOut]


class StatusCountsOut(Schema):
    total: int
    by_status: dict[str, int]


class AgreementRefOut(Schema):
    id: int
    title: str
    status: str
    version: int
    board_approved_on: str | None
    lbf_approved_on: str | None


class PlanStatusOut(Schema):
    plan_id: int
    agreement: AgreementRefOut | None
    strategic_goals: StatusCountsOut
    sub_goals: StatusCountsOut
    indicators: StatusCountsOut


class FindingOut(Schema):
    problem: str
    fix: str
    goal_id: int | None
    indicator_id: int | None
    sub_agreement_id: int | None


class CheckOut(Schema):
    code: str = Field(description="too_many_goals, unclear_goals, cannot_influence or indicator_overload")
    title: str
    passed: bool
    reason: str = Field(description="Håndbogens begrundelse / the handbook's reason")
    findings: list[FindingOut]


class OwnershipConditionOut(Schema):
    condition: str
    label: str
    fulfilled: bool
    note: str


class OwnershipPartyOut(Schema):
    party_id: int
    party: str
    fulfilled: int
    conditions: list[OwnershipConditionOut]


class GoalChecksOut(Schema):
    limits: dict[str, int]
    checks: list[CheckOut]
    ownership: list[OwnershipPartyOut]


def _indicators(view: GoalView) -> list[dict[str, Any]]:
    return [
        {
            "id": row.indicator.pk,
            "code": row.indicator.code,
            "name": row.indicator.name,
            "status": row.status_value,
            "status_label": status_label(row.status_value),
            "reason": row.status.reason if row.status is not None else "",
            "drives_goal": row.drives,
        }
        for row in view.indicators
    ]


def _goal_out(view: GoalView) -> dict[str, Any]:
    goal = view.goal
    return {
        "id": goal.pk,
        "title": goal.title,
        "description": goal.description,
        "order": goal.order,
        "status": view.rollup.status.value,
        "status_label": view.rollup.label,
        "reason": view.rollup.reason,
        "driving_indicator_ids": list(view.rollup.driving),
        "indicators": _indicators(view),
        "sub_goals": [
            {
                "id": s.goal.pk,
                "title": s.goal.title,
                "description": s.goal.description,
                "sub_agreement_id": s.goal.sub_agreement_id,
                "effort_area": str(s.goal.sub_agreement.effort_area) if s.goal.sub_agreement else "",
                "status": s.rollup.status.value,
                "status_label": s.rollup.label,
                "reason": s.rollup.reason,
                "activity_ids": [a.pk for a in s.goal.activities.all()],
                "indicators": _indicators(s),
            }
            for s in view.sub_goals
        ],
    }


@router.get(
    "/plans/{plan_id}/goals",
    response={200: list[StrategicGoalOut], **READ_ERRORS},
    summary="Planens mål med status / The plan's goals with status",
)
def list_goals(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    """The strategic goals in order, each with its rolled-up status, driving indicators and its sub-goals nested."""
    access = plan_for_user(api_user(request), plan_id)
    return [_goal_out(v) for v in goal_views(access.plan)]


@router.get(
    "/plans/{plan_id}/status",
    response={200: PlanStatusOut, **READ_ERRORS},
    summary="Planens status / The plan's status",
)
def plan_status(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """Counts of strategic goals, sub-goals and indicators per status."""
    access = plan_for_user(api_user(request), plan_id)
    statuses = indicator_statuses(access.plan)
    views = goal_views(access.plan, statuses=statuses)
    strategic = [v.rollup.status.value for v in views]
    subs = [s.rollup.status.value for v in views for s in v.sub_goals]
    indicators = [str(s.status) for s in statuses.values()]
    agreement = agreement_of(access.plan)
    return {
        "plan_id": access.plan.pk,
        "agreement": None
        if agreement is None
        else {
            "id": agreement.pk,
            "title": agreement.title,
            "status": agreement.status,
            "version": agreement.version,
            "board_approved_on": agreement.board_approved_on.isoformat() if agreement.board_approved_on else None,
            "lbf_approved_on": agreement.lbf_approved_on.isoformat() if agreement.lbf_approved_on else None,
        },
        "strategic_goals": {"total": len(strategic), "by_status": status_counts(strategic)},
        "sub_goals": {"total": len(subs), "by_status": status_counts(subs)},
        "indicators": {"total": len(indicators), "by_status": status_counts(indicators)},
    }


@router.get(
    "/plans/{plan_id}/goal-checks",
    response={200: GoalChecksOut, **READ_ERRORS},
    summary="Håndbogens tjek af målene / The handbook's goal checks",
)
def plan_goal_checks(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """The four goal-quality checks with reasons and fixes, and the five ownership conditions per party."""
    access = plan_for_user(api_user(request), plan_id)
    return {
        "limits": limits(),
        "checks": [
            {
                "code": c.code,
                "title": c.title,
                "passed": c.passed,
                "reason": c.reason,
                "findings": [f.__dict__ for f in c.findings],
            }
            for c in goal_checks(access.plan)
        ],
        "ownership": [
            {
                "party_id": row.party.pk,
                "party": row.party.name,
                "fulfilled": row.fulfilled_count,
                "conditions": [
                    {"condition": code, "label": label, "fulfilled": ok, "note": note}
                    for code, label, ok, note in row.conditions
                ],
            }
            for row in ownership_checklist(access.plan)
        ],
    }
