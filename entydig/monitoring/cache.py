"""The plan's indicator statuses, computed once per data stamp and language (entydig/core/stamps.py)."""

from __future__ import annotations

from collections.abc import Iterable

from entydig.core.stamps import plan_cache_key, plan_cached, plans_cached, stamp, stamps
from entydig.monitoring.models import Indicator
from entydig.monitoring.status import IndicatorStatus, indicator_statuses, plan_indicator_statuses
from entydig.organisation.models import Plan


def cached_plan_statuses(plan: Plan, *, token: str | None = None) -> dict[int, IndicatorStatus]:
    """`plan_indicator_statuses(plan)`, computed once per data stamp and language."""
    token = stamp(plan.pk) if token is None else token
    return plan_cached(plan.pk, "statuses", lambda: plan_indicator_statuses(plan), token=token)


def cached_statuses_of_plans(plans: Iterable[Plan]) -> dict[int, dict[int, IndicatorStatus]]:
    """`cached_plan_statuses` of many plans (by plan id) under the same keys, in a fixed number of queries: the
    plans not in the cache are computed together."""
    plans = list(plans)
    tokens = stamps(p.pk for p in plans)
    keys = {p.pk: plan_cache_key(p.pk, "statuses", token=tokens[p.pk]) for p in plans}

    def build(missing: list[int]) -> dict[int, dict[int, IndicatorStatus]]:
        computed: dict[int, dict[int, IndicatorStatus]] = {pk: {} for pk in missing}
        indicators = list(Indicator.objects.filter(plan_id__in=missing).order_by("plan_id", "code"))
        statuses = indicator_statuses(indicators)
        for indicator in indicators:
            computed[indicator.plan_id][indicator.pk] = statuses[indicator.pk]
        return computed

    return plans_cached(keys, build)
