"""The counts on the secretariat's front page that are computed from a whole plan's data: organisation advice, goal
advice and when each indicator was last given a figure.

A secretariat may serve a hundred plans, and recounting every plan's organisation and goals on every visit takes
far longer than the page may (`make bench`: the secretariat's front page). So each plan's counts are cached under
its data stamp (`entydig/core/stamps.py`: every audited write replaces it), with today's date (a membership is in
force from one day to another) and the stamps of the plans whose secretariats also serve it (their members count in
its organisation). Plans whose data changed are recounted together, with the many-plan form of each app's own rule,
so the number of queries does not grow with the number of plans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max

from entydig.core.stamps import TIMEOUT, plan_cache_key, stamps
from entydig.goals.checks import goal_checks_of_plans
from entydig.monitoring.models import Indicator
from entydig.organisation.advice import advice_of_plans
from entydig.organisation.models import Body, Plan


@dataclass(frozen=True)
class PlanCounts:
    organisation_advice: int
    goal_advice: int
    # (indicator id, when its newest figure was entered, or None) in the order of the indicators' codes
    last_entered: tuple[tuple[int, dt.datetime | None], ...]

    def stale_indicators(self, cutoff: dt.datetime) -> list[int]:
        """The indicators with no figure entered since `cutoff`, in code order."""
        return [pk for pk, entered in self.last_entered if entered is None or entered < cutoff]


def plan_counts(plans: list[Plan], today: dt.date) -> dict[int, PlanCounts]:
    """The counts of each of `plans`, by plan id: from the cache where the plan's data has not changed."""
    ids = [p.pk for p in plans]
    serving: dict[int, set[int]] = defaultdict(set)  # plan -> plans whose secretariats also serve it
    through = Body.also_serves.through.objects.filter(plan_id__in=ids)
    for home, served in through.values_list("body__plan_id", "plan_id"):
        serving[served].add(home)
    tokens = stamps({*ids, *(pk for homes in serving.values() for pk in homes)})
    keys = {
        pk: plan_cache_key(
            pk, "front-counts", token=tokens[pk], vary=[today.isoformat(), *sorted(tokens[h] for h in serving[pk])]
        )
        for pk in ids
    }
    found = cache.get_many(list(keys.values()))
    changed = [p for p in plans if keys[p.pk] not in found]
    if changed:
        counted = _count(changed)
        fresh = {keys[pk]: counts for pk, counts in counted.items()}
        cache.set_many(fresh, TIMEOUT)
        found.update(fresh)
    return {pk: found[keys[pk]] for pk in ids}


def _count(plans: list[Plan]) -> dict[int, PlanCounts]:
    advice = advice_of_plans(plans)
    checks = goal_checks_of_plans(plans)
    entered: dict[int, list[tuple[int, dt.datetime | None]]] = defaultdict(list)
    indicators = (
        Indicator.objects.filter(plan__in=plans)
        .annotate(last_entered=Max("measurements__updated_at"))
        .order_by("code", "pk")
        .values_list("pk", "plan_id", "last_entered")
    )
    for pk, plan_id, last in indicators:
        entered[plan_id].append((pk, last))
    return {
        p.pk: PlanCounts(
            organisation_advice=len(advice[p.pk]),
            goal_advice=sum(len(check.findings) for check in checks[p.pk]),
            last_entered=tuple(entered[p.pk]),
        )
        for p in plans
    }
