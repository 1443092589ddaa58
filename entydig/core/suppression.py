"""Statistical disclosure control: the one rule that decides whether a figure about people may leave the database.

A figure resting on fewer people than the threshold (`n < threshold`) is never shown, charted, exported, sent
through the API, stored in the change log, used in a status or counted as data by the goal checks. The
threshold is `settings.SUPPRESSION_THRESHOLD` (5); an indicator may raise or lower its own, which defaults to
the setting. A value the source already suppressed (imported as `<5`) is hidden too, and a count of people
(an activity's participants) rests on the people it counts, so it is its own n.

Pages, charts, exports and the API go through `shown_value` / `shown_measurement`, queries through `usable_q`
(`usable_sql` in hand-written SQL), the change log through `audit_changes`. It stands on the ground floor
because the change log needs it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

SUPPRESSED_TEXT = _("Diskretioneret")


def default_threshold() -> int:
    """The threshold of the settings; also the default of every indicator's own threshold."""
    return int(settings.SUPPRESSION_THRESHOLD)


def _limit(threshold: int | None) -> int:
    return default_threshold() if threshold is None else threshold


class HasThreshold(Protocol):
    @property
    def suppression_threshold(self) -> int: ...


class MeasuredValue(Protocol):
    """What the rule reads from a measurement (a model instance or a row of values)."""

    @property
    def value(self) -> Decimal | None: ...

    @property
    def n(self) -> int | None: ...

    @property
    def suppressed(self) -> bool: ...


class Measured(MeasuredValue, Protocol):
    @property
    def indicator(self) -> HasThreshold: ...


@dataclass(frozen=True)
class ShownValue:
    """A value as it may be shown: `value` is None when suppressed or missing."""

    value: Decimal | None
    suppressed: bool
    threshold: int = field(default_factory=default_threshold)

    @property
    def missing(self) -> bool:
        return self.value is None and not self.suppressed

    @property
    def short_text(self) -> str:
        """`<5` for a suppressed value, the empty string for a missing one (the caller formats real values)."""
        return f"<{self.threshold}" if self.suppressed else ""


def is_suppressed(n: int | Decimal | None, threshold: int | None = None) -> bool:
    """True when the figure rests on fewer people than the threshold; an unknown n is not suppressed."""
    if n is None:
        return False
    return n < _limit(threshold)


def shown_value(value: Decimal | None, n: int | Decimal | None, threshold: int | None = None) -> ShownValue:
    limit = _limit(threshold)
    if is_suppressed(n, limit):
        return ShownValue(None, True, limit)
    return ShownValue(value, False, limit)


def shown_count(value: Decimal | None, *, counts_people: bool, threshold: int | None = None) -> ShownValue:
    """A count as it may be shown: a count of people is its own n; other counts (sessions held) are not about
    people and always shown."""
    if not counts_people or value is None:
        return ShownValue(value, False, _limit(threshold))
    return shown_value(value, value, threshold)


def is_usable(measurement: MeasuredValue, threshold: int | None) -> bool:
    """Has a value that may be shown and computed with: not suppressed at the source nor below the threshold."""
    return measurement.value is not None and not measurement.suppressed and not is_suppressed(measurement.n, threshold)


def usable_q(threshold: str = "indicator__suppression_threshold") -> Q:
    """`is_usable` as a filter on measurements; `threshold` names the field that holds the threshold."""
    return Q(value__isnull=False, suppressed=False) & (Q(n__isnull=True) | Q(n__gte=F(threshold)))


def usable_sql(measurement: str, threshold: str) -> str:
    """`is_usable` as an SQL condition, for hand-written statements: `measurement` is the measurement table's
    alias, `threshold` the column that holds the threshold (`i.suppression_threshold`)."""
    m = measurement
    return f"{m}.value IS NOT NULL AND NOT {m}.suppressed AND ({m}.n IS NULL OR {m}.n >= {threshold})"


def _threshold(measurement: Measured, indicator: HasThreshold | None) -> int:
    return (indicator or measurement.indicator).suppression_threshold


def measurement_is_suppressed(measurement: Measured, indicator: HasThreshold | None = None) -> bool:
    """True below the threshold, and for a value the source already suppressed (imported as `<5`)."""
    return measurement.suppressed or is_suppressed(measurement.n, _threshold(measurement, indicator))


def shown_measurement(measurement: Measured, indicator: HasThreshold | None = None) -> ShownValue:
    """The measurement's value as it may leave the database; pass `indicator` to avoid a query."""
    threshold = _threshold(measurement, indicator)
    if measurement.suppressed:
        return ShownValue(None, True, threshold)
    return shown_value(measurement.value, measurement.n, threshold)


def shown_n(measurement: Measured, indicator: HasThreshold | None = None) -> int | None:
    """n is itself revealing below the threshold; it is only shown together with a shown value."""
    if measurement_is_suppressed(measurement, indicator):
        return None
    return measurement.n


def public_measurement_dict(measurement: Measured, indicator: HasThreshold | None = None) -> dict[str, Any]:
    shown = shown_measurement(measurement, indicator)
    return {
        "value": shown.value,
        "suppressed": shown.suppressed,
        "n": shown_n(measurement, indicator),
    }


def audit_changes(
    changes: Mapping[str, Any],
    *,
    threshold: int | None,
    after: Mapping[str, Any],
    before: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The `changes` of an audit record about a measurement, as they may be stored.

    `changes` is a snapshot of a new measurement (`{"value": "87.6540", "n": 3, ...}`) or a diff of old and new
    values (`{"value": ["87.6540", "90.1000"]}`); `before` and `after` hold the measurement's `n` and `suppressed`
    on each side. A suppressed value is stored as the other outputs show it (`<5`) and its n not at all, so the
    figure never reaches the record, and no page, export or admin page can show it later.
    """
    limit = _limit(threshold)

    def hidden(state: Mapping[str, Any] | None) -> bool:
        return state is not None and (bool(state.get("suppressed")) or is_suppressed(state.get("n"), limit))

    stored = dict(changes)
    for name, shown in (("value", ShownValue(None, True, limit).short_text), ("n", None)):
        if name not in stored:
            continue
        change = stored[name]
        if isinstance(change, list | tuple) and len(change) == 2:
            stored[name] = [shown if hidden(before) else change[0], shown if hidden(after) else change[1]]
        elif hidden(after):
            stored[name] = shown
    return stored
