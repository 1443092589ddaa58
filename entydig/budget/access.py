"""Who sees and changes which money: the secretariat writes budgets and imports spending; the board (and a viewer
such as LBF's consultant) reads everything; a steering group's members and an activity's responsible person read
their own activities' posts and may enter a forecast for them. Outsiders 404, read-only roles 403 on writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from entydig.budget.models import BudgetPost
from entydig.organisation.access import BOARD, SECRETARIAT, VIEWER, PlanAccess, plan_for_user
from entydig.organisation.models import Activity, Plan

READS_ALL = frozenset({SECRETARIAT, BOARD, VIEWER})


@dataclass(frozen=True)
class MoneyAccess:
    """A user's access to one plan's money."""

    plan_access: PlanAccess
    own_activity_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def plan(self) -> Plan:
        return self.plan_access.plan

    @property
    def can_write(self) -> bool:
        return self.plan_access.can_write

    @property
    def reads_all(self) -> bool:
        return bool(self.plan_access.roles & READS_ALL)

    def reads_post(self, post: BudgetPost) -> bool:
        return self.reads_all or (post.activity_id is not None and post.activity_id in self.own_activity_ids)

    def may_forecast(self, post: BudgetPost) -> bool:
        """The secretariat for every post; an activity's steering group and responsible person for its post."""
        return self.can_write or (post.activity_id is not None and post.activity_id in self.own_activity_ids)


def _own_activities(access: PlanAccess) -> frozenset[int]:
    if not access.group_ids and not access.responsible_activity_ids:
        return frozenset()
    mine = Q(steering_group_id__in=access.group_ids) | Q(pk__in=access.responsible_activity_ids)
    return frozenset(Activity.objects.filter(mine, plan=access.plan).values_list("pk", flat=True))


def money_access(access: PlanAccess) -> MoneyAccess:
    return MoneyAccess(access, frozenset() if access.roles & READS_ALL else _own_activities(access))


def whole_plan(plan: Plan) -> MoneyAccess:
    """Every post of the plan, for reads made for the plan rather than for a user (reports, suggestions)."""
    return MoneyAccess(PlanAccess(plan, frozenset({BOARD})))


def money_for_user(user: Any, plan_pk: int, *, write: bool = False) -> MoneyAccess:
    """The plan's money as the user may see it; 404 for outsiders, 403 for read-only roles on a write."""
    return money_access(plan_for_user(user, plan_pk, write=write))


def post_for_user(user: Any, plan_pk: int, pk: int, *, forecast: bool = False) -> tuple[MoneyAccess, BudgetPost]:
    """A post of the plan the user may read (404 otherwise); `forecast`: one the user may forecast (403 otherwise)."""
    access = money_for_user(user, plan_pk)
    post = BudgetPost.objects.select_related("activity").filter(plan=access.plan, pk=pk).first()
    if post is None or not access.reads_post(post):
        raise Http404
    if forecast and not access.may_forecast(post):
        raise PermissionDenied
    return access, post
