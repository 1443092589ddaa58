"""Data stamps: what is computed from a plan's data is cached under a token that every audited write replaces.

The stamp is derived, not placed by hand: `audit_record` (entydig/core/audit.py), which every write calls inside
its transaction, replaces the token of the plan it logs under (or the token shared by all plans when the write
concerns no single plan, e.g. reference data in the admin). A new write path cannot forget it, because it cannot
write without an audit record. Readers read the stamp first and the data after it, so a value is never stored
under a stamp older than the data it was computed from would allow (at worst newer data under an older stamp,
which is harmless: the next write replaces the stamp).

The stamps live in the database, so every worker process agrees on them; the cached values live in Django's
cache (one per server process). No cached value depends on today's date; every key includes the active language,
because reasons and formatted numbers depend on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import get_language

from entydig.core.models import DataStamp

T = TypeVar("T")
TIMEOUT = 60 * 60  # entries under a stamp that is no longer current are never read again; this frees their memory
SHARED = "all"
_MISSING = object()


def _key(plan_id: int | None) -> str:
    return SHARED if plan_id is None else f"plan:{plan_id}"


def bump(plan_id: int | None) -> None:
    """Marks everything cached for the plan (or, with None, for every plan) as out of date; inside the write's
    transaction. Called by `audit_record`, not by services."""
    key, token = _key(plan_id), uuid.uuid4().hex
    if DataStamp.objects.filter(key=key).update(token=token):
        return
    try:
        with transaction.atomic():
            DataStamp.objects.create(key=key, token=token)
    except IntegrityError:  # another writer created it meanwhile; its row is locked for us now
        DataStamp.objects.filter(key=key).update(token=token)


def stamp(plan_id: int) -> str:
    """The plan's current stamp: its own token and the shared one ("0" for one never written; reading never writes).

    Plan ids are never reused (sequences, SQLite AUTOINCREMENT), so a missing token cannot mean an earlier plan's.
    """
    tokens = dict(DataStamp.objects.filter(key__in=[_key(plan_id), SHARED]).values_list("key", "token"))
    return f"{tokens.get(_key(plan_id), '0')}.{tokens.get(SHARED, '0')}"


def stamps(plan_ids: Iterable[int]) -> dict[int, str]:
    """`stamp` of each plan, in one query."""
    plan_ids = list(plan_ids)
    tokens = dict(DataStamp.objects.filter(key__in=[*map(_key, plan_ids), SHARED]).values_list("key", "token"))
    shared = tokens.get(SHARED, "0")
    return {pk: f"{tokens.get(_key(pk), '0')}.{shared}" for pk in plan_ids}


def plan_cache_key(plan_id: int, name: str, *, token: str, vary: Iterable[str] = ()) -> str:
    """The cache key of `plan_cached`, for readers that fetch many plans' values at once."""
    return ":".join(["entydig", name, str(plan_id), token, get_language() or "-", *vary])


def plan_cached(plan_id: int, name: str, build: Callable[[], T], *, token: str, vary: Iterable[str] = ()) -> T:
    """`build()`, cached under the plan, its stamp `token`, the active language and `vary`."""
    key = plan_cache_key(plan_id, name, token=token, vary=vary)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value  # type: ignore[no-any-return]  # the cache holds what build() returned under this key


def plans_cached(
    keys: Mapping[int, str],
    build: Callable[[list[int]], Mapping[int, T]],
    *,
    usable: Callable[[T], bool] | None = None,
) -> dict[int, T]:
    """The cached value of each plan under its key (`plan_cache_key`), by plan id; the plans whose value is missing
    (or not `usable` any more) are built together by `build(plan_ids)`, so a page over many plans asks the database
    the same number of times whatever their number."""
    found = cache.get_many(list(keys.values()))
    result: dict[int, T] = {
        pk: found[key] for pk, key in keys.items() if key in found and (usable is None or usable(found[key]))
    }
    missing = [pk for pk in keys if pk not in result]
    if missing:
        built = build(missing)
        fresh = {pk: built[pk] for pk in missing}
        cache.set_many({keys[pk]: value for pk, value in fresh.items()}, TIMEOUT)
        result.update(fresh)
    return result
