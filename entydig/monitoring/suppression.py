"""Statistical disclosure control: the one place that decides whether a measured value may leave the database.

A value counted on fewer people than the indicator's threshold (n < suppression_threshold, 5 by default) is
never shown, charted, exported, sent through the API or used in a status. Pages, charts, exports and the API
all go through `shown_value` / `shown_measurement`; the change log stores measurements through `audit_changes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from entydig.monitoring.models import Indicator, Measurement

DEFAULT_THRESHOLD = 5
SUPPRESSED_TEXT = _("Diskretioneret")


@dataclass(frozen=True)
class ShownValue:
    """A value as it may be shown: `value` is None when suppressed or missing."""

    value: Decimal | None
    suppressed: bool
    threshold: int = DEFAULT_THRESHOLD

    @property
    def missing(self) -> bool:
        return self.value is None and not self.suppressed

    @property
    def short_text(self) -> str:
        """`<5` for a suppressed value, the empty string for a missing one (the caller formats real values)."""
        return f"<{self.threshold}" if self.suppressed else ""


def is_suppressed(n: int | None, threshold: int | None) -> bool:
    """True when the value rests on fewer people than the threshold; an unknown n is not suppressed."""
    if n is None:
        return False
    return n < (DEFAULT_THRESHOLD if threshold is None else threshold)


def shown_value(value: Decimal | None, n: int | None, threshold: int | None) -> ShownValue:
    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    if is_suppressed(n, limit):
        return ShownValue(None, True, limit)
    return ShownValue(value, False, limit)


def measurement_is_suppressed(measurement: Measurement, indicator: Indicator | None = None) -> bool:
    """True below the threshold, and for a value the source already suppressed (imported as `<5`)."""
    threshold = (indicator or measurement.indicator).suppression_threshold
    return measurement.suppressed or is_suppressed(measurement.n, threshold)


def shown_measurement(measurement: Measurement, indicator: Indicator | None = None) -> ShownValue:
    """The measurement's value as it may leave the database; pass `indicator` to avoid a query."""
    threshold = (indicator or measurement.indicator).suppression_threshold
    if measurement.suppressed:
        return ShownValue(None, True, threshold)
    return shown_value(measurement.value, measurement.n, threshold)


def shown_n(measurement: Measurement, indicator: Indicator | None = None) -> int | None:
    """n is itself revealing below the threshold; it is only shown together with a shown value."""
    if measurement_is_suppressed(measurement, indicator):
        return None
    return measurement.n


def public_measurement_dict(measurement: Measurement, indicator: Indicator | None = None) -> dict[str, Any]:
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
    limit = DEFAULT_THRESHOLD if threshold is None else threshold

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
