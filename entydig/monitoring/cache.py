"""The plan's indicator statuses, computed once per data stamp and language (entydig/core/stamps.py)."""

from __future__ import annotations

from entydig.core.stamps import plan_cached, stamp
from entydig.monitoring.status import IndicatorStatus, plan_indicator_statuses
from entydig.organisation.models import Plan


def cached_plan_statuses(plan: Plan, *, token: str | None = None) -> dict[int, IndicatorStatus]:
    """`plan_indicator_statuses(plan)`, computed once per data stamp and language."""
    token = stamp(plan.pk) if token is None else token
    return plan_cached(plan.pk, "statuses", lambda: plan_indicator_statuses(plan), token=token)
