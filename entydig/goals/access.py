"""Gatekeepers for agreements and goals: each resolves the plan through `plan_for_user` first."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from entydig.goals.models import Goal, SubAgreement
from entydig.organisation.access import PlanAccess, plan_for_user


def sub_agreement_for_user(user: Any, plan_pk: int, pk: int, *, write: bool = False) -> tuple[PlanAccess, SubAgreement]:
    access = plan_for_user(user, plan_pk, write=write)
    sub = (
        SubAgreement.objects.select_related("effort_area", "steering_group", "plan")
        .filter(plan=access.plan, pk=pk)
        .first()
    )
    if sub is None:
        raise Http404
    return access, sub


def goal_for_user(user: Any, plan_pk: int, pk: int, *, write: bool = False) -> tuple[PlanAccess, Goal]:
    access = plan_for_user(user, plan_pk, write=write)
    goal = (
        Goal.objects.select_related("parent", "sub_agreement__effort_area", "plan")
        .filter(plan=access.plan, pk=pk)
        .first()
    )
    if goal is None:
        raise Http404
    return access, goal
