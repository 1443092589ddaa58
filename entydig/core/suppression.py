"""Statistical disclosure control: the one rule that decides whether a figure about people may leave the database.

A figure resting on fewer people than the threshold is never shown, charted, exported, sent through the API,
stored in the change log, used in a status or counted as data by the goal checks. The people a measurement
rests on are every count of people it carries, and the smallest decides:

- `n`, the number of people it is about;
- the denominator, when known (the 120 young people of "3 of 120 young people charged", the pupils of a grade
  average, the residents of a rate per 1,000);
- the numerator of a share or a rate (the 3 young people charged); the numerator of an average or an amount is
  a sum (of grades, of kroner), not people.

The threshold is `settings.SUPPRESSION_THRESHOLD` (5); an indicator may raise or lower its own, which defaults to
the setting. A value the source already suppressed (imported as `<5`) is hidden too, and a count of people
(an activity's participants) rests on the people it counts, so it is its own n. A suppressed value's n,
numerator and denominator are hidden with it.

Secondary suppression (`hidden_totals`): where a plan figure and its areas' figures for the same period are
shown together, a suppressed area could be worked out by subtracting the shown areas from the plan; so the plan
figure of a period in which an area is suppressed is suppressed too.

Pages, charts, exports and the API go through `shown_value` / `shown_measurement`, queries through `usable_q`
(`usable_sql` in hand-written SQL), the change log through `audit_changes`. It stands on the ground floor
because the change log needs it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


# The units whose numerator counts people (a share, a rate per 1,000); monitoring's Unit values.
PEOPLE_NUMERATOR_UNITS = ("percent", "rate_per_1000")


class HasThreshold(Protocol):
    @property
    def suppression_threshold(self) -> int: ...

    @property
    def unit(self) -> str: ...


class MeasuredValue(Protocol):
    """What the rule reads from a measurement (a model instance or a row of values)."""

    @property
    def value(self) -> Decimal | None: ...

    @property
    def n(self) -> int | None: ...

    @property
    def numerator(self) -> Decimal | None: ...

    @property
    def denominator(self) -> Decimal | None: ...

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


def people(measurement: MeasuredValue, unit: str) -> list[int | Decimal]:
    """The counts of people the measurement carries (see the module docstring); the smallest decides."""
    counts: list[int | Decimal | None] = [measurement.n, measurement.denominator]
    if unit in PEOPLE_NUMERATOR_UNITS:
        counts.append(measurement.numerator)
    return [count for count in counts if count is not None]


def below_threshold(measurement: MeasuredValue, unit: str, threshold: int | None) -> bool:
    """True when the measurement rests on fewer people than the threshold, or the source suppressed it."""
    limit = _limit(threshold)
    return measurement.suppressed or any(is_suppressed(count, limit) for count in people(measurement, unit))


def is_usable(measurement: MeasuredValue, unit: str, threshold: int | None) -> bool:
    """Has a value that may be shown and computed with: not suppressed at the source nor below the threshold."""
    return measurement.value is not None and not below_threshold(measurement, unit, threshold)


def usable_q(indicator: str = "indicator__") -> Q:
    """`is_usable` as a filter on measurements; `indicator` is the path to the indicator's fields."""
    threshold = F(indicator + "suppression_threshold")
    numerator_counts = Q(**{indicator + "unit__in": PEOPLE_NUMERATOR_UNITS})
    return (
        Q(value__isnull=False, suppressed=False)
        & (Q(n__isnull=True) | Q(n__gte=threshold))
        & (Q(denominator__isnull=True) | Q(denominator__gte=threshold))
        & (Q(numerator__isnull=True) | Q(numerator__gte=threshold) | ~numerator_counts)
    )


def suppressed_q(indicator: str = "indicator__") -> Q:
    """`below_threshold` as a filter on measurements (only to select with; its negation is `usable_q`)."""
    threshold = F(indicator + "suppression_threshold")
    return (
        Q(suppressed=True)
        | Q(n__lt=threshold)
        | Q(denominator__lt=threshold)
        | Q(numerator__lt=threshold, **{indicator + "unit__in": PEOPLE_NUMERATOR_UNITS})
    )


def suppressed_sql(measurement: str, indicator: str) -> str:
    """`below_threshold` as an SQL condition, for hand-written statements: `measurement` is the measurement
    table's alias, `indicator` the alias of a row with the indicator's `suppression_threshold` and `unit`."""
    m, t = measurement, f"{indicator}.suppression_threshold"
    units = ", ".join(f"'{unit}'" for unit in PEOPLE_NUMERATOR_UNITS)
    return (
        f"({m}.suppressed OR COALESCE({m}.n < {t}, FALSE) OR COALESCE({m}.denominator < {t}, FALSE)"
        f" OR COALESCE({m}.numerator < {t} AND {indicator}.unit IN ({units}), FALSE))"
    )


def usable_sql(measurement: str, indicator: str) -> str:
    """`is_usable` as an SQL condition (see `suppressed_sql`)."""
    return f"{measurement}.value IS NOT NULL AND NOT {suppressed_sql(measurement, indicator)}"


def _indicator(measurement: Measured, indicator: HasThreshold | None) -> HasThreshold:
    return indicator or measurement.indicator


def measurement_is_suppressed(measurement: Measured, indicator: HasThreshold | None = None) -> bool:
    """True below the threshold, and for a value the source already suppressed (imported as `<5`)."""
    rule = _indicator(measurement, indicator)
    return below_threshold(measurement, rule.unit, rule.suppression_threshold)


def shown_measurement(
    measurement: Measured, indicator: HasThreshold | None = None, *, hidden: bool = False
) -> ShownValue:
    """The measurement's value as it may leave the database; pass `indicator` to avoid a query, and `hidden`
    when secondary suppression hides it (`hidden_totals`)."""
    threshold = _indicator(measurement, indicator).suppression_threshold
    if hidden or measurement_is_suppressed(measurement, indicator):
        return ShownValue(None, True, threshold)
    return ShownValue(measurement.value, False, threshold)


def shown_n(measurement: Measured, indicator: HasThreshold | None = None, *, hidden: bool = False) -> int | None:
    """n is itself revealing below the threshold; it is only shown together with a shown value."""
    if hidden or measurement_is_suppressed(measurement, indicator):
        return None
    return measurement.n


def public_measurement_dict(
    measurement: Measured, indicator: HasThreshold | None = None, *, hidden: bool = False
) -> dict[str, Any]:
    """Value, n, numerator and denominator as they may leave the database: all of them or none."""
    shown = shown_measurement(measurement, indicator, hidden=hidden)
    return {
        "value": shown.value,
        "suppressed": shown.suppressed,
        "n": None if shown.suppressed else measurement.n,
        "numerator": None if shown.suppressed else measurement.numerator,
        "denominator": None if shown.suppressed else measurement.denominator,
    }


class Cell(MeasuredValue, Protocol):
    """A measurement as secondary suppression sees it: which cell of which table it is."""

    @property
    def indicator_id(self) -> int: ...

    @property
    def series(self) -> str: ...

    @property
    def period(self) -> str: ...


class IdentifiedCell(Cell, Protocol):
    @property
    def pk(self) -> int | None: ...


def periods_with_hidden_area(cells: Iterable[Cell], indicator: HasThreshold) -> set[tuple[int, str]]:
    """The (indicator id, period) pairs in which an area's figure is suppressed."""
    rule = (indicator.unit, indicator.suppression_threshold)
    return {(m.indicator_id, m.period) for m in cells if m.series == "area" and below_threshold(m, *rule)}


def hidden_totals(cells: Iterable[IdentifiedCell], indicator: HasThreshold) -> set[int]:
    """Secondary suppression: the ids of the plan figures to hide because an area of the same indicator and
    period is suppressed, so that no suppressed area can be worked out as the plan minus the shown areas."""
    cells = list(cells)
    hidden = periods_with_hidden_area(cells, indicator)
    return {m.pk for m in cells if m.series == "plan" and m.pk is not None and (m.indicator_id, m.period) in hidden}


def audit_changes(
    changes: Mapping[str, Any],
    *,
    threshold: int | None,
    unit: str,
    after: Mapping[str, Any],
    before: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The `changes` of an audit record about a measurement, as they may be stored.

    `changes` is a snapshot of a new measurement (`{"value": "87.6540", "n": 3, ...}`) or a diff of old and new
    values (`{"value": ["87.6540", "90.1000"]}`); `before` and `after` hold the measurement's `n`, `numerator`,
    `denominator` and `suppressed` on each side. A suppressed value is stored as the other outputs show it (`<5`)
    and its counts not at all, so the figure never reaches the record, and no page, export or admin page can
    show it later.
    """
    limit = _limit(threshold)

    def hidden(state: Mapping[str, Any] | None) -> bool:
        return state is not None and below_threshold(MeasurementState(state), unit, limit)

    return _masked(changes, limit, hidden(before), hidden(after))


def masked_changes(changes: Mapping[str, Any], threshold: int | None) -> dict[str, Any]:
    """The `changes` of an audit record with every figure hidden, before and after: for a plan figure that
    secondary suppression hides after it was recorded (monitoring.redaction)."""
    return _masked(changes, _limit(threshold), True, True)


def _masked(changes: Mapping[str, Any], limit: int, before: bool, after: bool) -> dict[str, Any]:
    stored = dict(changes)
    text = ShownValue(None, True, limit).short_text
    for name, shown in (("value", text), ("n", None), ("numerator", None), ("denominator", None)):
        if name not in stored:
            continue
        change = stored[name]
        if isinstance(change, list | tuple) and len(change) == 2:
            stored[name] = [shown if before else change[0], shown if after else change[1]]
        elif after:
            stored[name] = shown
    return stored


@dataclass(frozen=True)
class MeasurementState:
    """A measurement's fields as an audit snapshot holds them (numbers may be strings of decimals)."""

    fields: Mapping[str, Any]

    def _number(self, name: str) -> Decimal | None:
        raw = self.fields.get(name)
        return None if raw is None or raw == "" else Decimal(str(raw))

    @property
    def value(self) -> Decimal | None:
        return self._number("value")

    @property
    def n(self) -> int | None:
        raw = self.fields.get("n")
        return None if raw is None else int(raw)

    @property
    def numerator(self) -> Decimal | None:
        return self._number("numerator")

    @property
    def denominator(self) -> Decimal | None:
        return self._number("denominator")

    @property
    def suppressed(self) -> bool:
        return bool(self.fields.get("suppressed"))
