"""Per-plan caches of what is computed from a plan's monitoring data, keyed by the plan's data stamp.

Every write that can change a status or the goals dashboard calls `bump(plan_id)` inside its transaction, after
the write; readers read the stamp first and the data after it, so a value is never stored under a stamp older
than the data it was computed from would allow (at worst, newer data under an older stamp, which is harmless).
The stamp lives in the database, so every worker process agrees on it; the cached values live in Django's cache
(one per server process).

No status depends on today's date (statuses are computed from periods and targets only), so the date is not
part of any key. Status reasons and formatted numbers depend on the active language, which every key includes.

The writes that bump: measurements (save, update, delete, import), indicators (create, update incl. targets,
milestones, suppression threshold and goal links, delete), goals (create, update incl. activities, delete,
move), the strategic agreement (create, update, approve), areas (create, update, delete) and new plans, in the
services; areas and effort areas in the admin (organisation/admin.py). Deleting a plan deletes its stamp with
it. The admin registers no other model the dashboard shows (plans, bodies, people, activities, grants and
organisations are not on it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from entydig.monitoring.models import DataStamp

if TYPE_CHECKING:
    from entydig.monitoring.status import IndicatorStatus
    from entydig.organisation.models import Plan

T = TypeVar("T")
TIMEOUT = 60 * 60  # entries under a stamp that is no longer current are never read again; this frees their memory
_MISSING = object()


def bump(plan_id: int) -> None:
    """Marks everything cached for the plan as out of date (call it inside the write's transaction)."""
    DataStamp.objects.update_or_create(plan_id=plan_id, defaults={"token": uuid.uuid4().hex})


def bump_plans(plan_ids: Iterable[int]) -> None:
    for plan_id in sorted(set(plan_ids)):
        bump(plan_id)


def stamp(plan_id: int) -> str:
    """The plan's current token ("0" before the plan's first write; reading never writes, a GET changes no data).

    Plans created through `plan_create` get a token at once; a plan without one has had no write that could
    change what is cached, and plan ids are never reused (sequences, SQLite AUTOINCREMENT).
    """
    token = DataStamp.objects.filter(plan_id=plan_id).values_list("token", flat=True).first()
    return "0" if token is None else token


def plan_cached(plan_id: int, name: str, build: Callable[[], T], *, token: str, vary: Iterable[str] = ()) -> T:
    """`build()`, cached under the plan, its stamp `token`, the active language and `vary`."""
    key = ":".join(["entydig", name, str(plan_id), token, get_language() or "-", *vary])
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value  # type: ignore[return-value]


def cached_plan_statuses(plan: Plan, *, token: str | None = None) -> dict[int, IndicatorStatus]:
    """`plan_indicator_statuses(plan)`, computed once per data stamp and language."""
    from entydig.monitoring.status import plan_indicator_statuses

    token = stamp(plan.pk) if token is None else token
    return plan_cached(plan.pk, "statuses", lambda: plan_indicator_statuses(plan), token=token)
