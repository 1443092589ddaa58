"""The demo data's calendar: every date of the demo is written relative to today, so it looks alive on any day.

The anchor is today's local date. Years count from this year (`year(-1)` is last year), quarters from the
current quarter (`quarter(-1)` is the previous one), meeting days from today (`on(20)`, moved past a weekend).
The demo plan runs from January three years ago to December next year, so it always has more than a year left;
register data ends with last year.

History is dated in the past as well: `happened(moment)` dates the change-log records written inside it, so
the change log does not show everything as done at the moment the demo was loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Max
from django.utils import timezone

from entydig.core.models import AuditEvent

PLAN_YEARS_BACK = 3  # the demo plan started in January this many years ago
PLAN_YEARS_AHEAD = 1  # and ends in December this many years ahead


def today() -> dt.date:
    return timezone.localdate()


def year(offset: int = 0) -> int:
    """This year plus `offset` (`year(-1)` is last year)."""
    return today().year + offset


def years(first: int, last: int) -> list[int]:
    """The years from `year(first)` through `year(last)`."""
    return list(range(year(first), year(last) + 1))


def date(year_offset: int, month: int, day: int) -> dt.date:
    """A day of the year `year(year_offset)`."""
    return dt.date(year(year_offset), month, day)


def plan_start() -> dt.date:
    return date(-PLAN_YEARS_BACK, 1, 1)


def plan_end() -> dt.date:
    return date(PLAN_YEARS_AHEAD, 12, 31)


def quarter(offset: int = 0) -> str:
    """The quarter `offset` quarters from the current one, written as the reports write it (`2026Q3`)."""
    day = today()
    index = day.year * 4 + (day.month - 1) // 3 + offset
    return f"{index // 4}Q{index % 4 + 1}"


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """The local time `hour:minute` on `day`, timezone-aware."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def on(days: int, hour: int = 14, minute: int = 0) -> dt.datetime:
    """A weekday `days` from today (moved forward past a weekend) at the given local time."""
    return at(weekday_on_or_after(today() + dt.timedelta(days=days)), hour, minute)


def past(moment: dt.datetime) -> dt.datetime:
    """`moment`, but never later than a minute ago: history cannot lie in the future."""
    return min(moment, timezone.now() - dt.timedelta(minutes=1))


def _last_event() -> int:
    return AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0


# Inside a `happened` block: the (after pk, up to pk) ranges of records that blocks within it have dated.
_dated: ContextVar[list[tuple[int, int]] | None] = ContextVar("demo_dated", default=None)


@contextmanager
def happened(moment: dt.datetime) -> Iterator[None]:
    """Dates the change-log records written inside the block at `moment` (at the latest a minute ago).

    Records that a `happened` block within this one has dated keep their own date.
    """
    first = _last_event()
    token = _dated.set([])
    try:
        yield
        inner = _dated.get() or []
    finally:
        _dated.reset(token)
    last = _last_event()
    records = AuditEvent.objects.filter(pk__gt=first, pk__lte=last)
    for after, up_to in inner:
        records = records.exclude(pk__gt=after, pk__lte=up_to)
    records.update(created_at=past(moment))
    enclosing = _dated.get()
    if enclosing is not None:
        enclosing.append((first, last))
