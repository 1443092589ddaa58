"""The status engine: is an indicator on its way to its target? Rules a board can check by hand.

Which series
    The status looks at the plan as a whole. When the indicator has usable measurements in the `plan` series
    (the plan as a whole), that series is used; a plan value of a period in which an area is suppressed counts as
    suppressed (secondary suppression: it minus the shown areas would give the hidden area away). Otherwise the
    areas are combined per period. When every area has its numerator and denominator, the plan figure is the sum
    of the numerators over the sum of the denominators (times 100 for a share, 1,000 for a rate): exact, as the
    source would compute it. When only values are known, a share, rate, score or average amount is a mean of
    the areas' values weighted by their residents (equal weights when a resident count is missing), which is
    an approximation, and the reason says so; counts, and kroner without a denominator, are summed. A period is
    only combined when every area that has measurements for the indicator has a usable value in it, so a missing
    or suppressed area never skews the combined figure (and a suppressed value cannot be worked out from it).
    Reference series (national, comparable areas, the municipality) are shown for comparison and never used in
    the status.

Usable values
    A measurement is usable when it has a value and is not suppressed (n below the indicator's threshold, or
    suppressed at the source as `<5`). Suppressed values are left out of every computation, and the reason
    only ever quotes usable values, so it never reveals a suppressed figure.

Baseline
    The indicator's baseline value; without one, the series' value in the baseline period; without that, the
    first usable value.

Projection
    An ordinary least-squares line through the most recent usable points (at most `RECENT_POINTS`), with the
    middle of each period as a decimal year (2024 → 2024.5, see `periods.py`), evaluated at the middle of the
    target period.

Status, in this order
    1. No target value or no target period → *Intet mål* (no target).
    2. No usable value → *For få data* (too little data).
    3. The latest value meets the target (≥ when higher is better, ≤ when lower is better) → *Nået* (achieved).
    4. The latest value is from the target period or later and does not meet it → *Ikke på vej* (off track).
    5. Only one usable value → *For få data*: one point gives no course.
    6. The projection meets the target → *På vej* (on track).
    7. The projection gets at least `AT_RISK_MIN_PROGRESS` (half) of the way from the baseline to the target
       → *I risiko* (at risk).
    8. Otherwise (also when the course points the wrong way, or the baseline already met the target) →
       *Ikke på vej* (off track).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from entydig.core.periods import Period, parse_period
from entydig.core.suppression import is_usable, periods_with_hidden_area
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.status_data import StatusRow, status_rows
from entydig.organisation.models import Area, Plan

RECENT_POINTS = 5
# The points a status computed for many indicators keeps: the course's and a sparkline's (charts.py).
KEPT_POINTS = 12
AT_RISK_MIN_PROGRESS = 0.5
FOUR_PLACES = Decimal("0.0001")


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("Nået")
    ON_TRACK = "on_track", _("På vej")
    AT_RISK = "at_risk", _("I risiko")
    OFF_TRACK = "off_track", _("Ikke på vej")
    NO_TARGET = "no_target", _("Intet mål")
    TOO_LITTLE_DATA = "too_little_data", _("For få data")


# The DKFDS badge/colour class per status; the text is always shown too.
STATUS_CSS: dict[str, str] = {
    Status.ACHIEVED: "status-achieved",
    Status.ON_TRACK: "status-on-track",
    Status.AT_RISK: "status-at-risk",
    Status.OFF_TRACK: "status-off-track",
    Status.NO_TARGET: "status-no-target",
    Status.TOO_LITTLE_DATA: "status-too-little-data",
}

SERIES_PLAN = "plan"
SERIES_AREAS = "areas"
COMBINED_RATIO, COMBINED_SUM, COMBINED_WEIGHTED = "ratio", "sum", "weighted"
# What a numerator over a denominator is multiplied by, per unit; a count has no ratio.
RATIO_SCALE: dict[str, Decimal] = {
    "percent": Decimal(100),
    "rate_per_1000": Decimal(1000),
    "score": Decimal(1),
    "dkk": Decimal(1),
}


@dataclass(frozen=True)
class IndicatorStatus:
    indicator_id: int
    status: str
    reason: str
    latest_value: Decimal | None
    latest_period: str | None
    baseline_value: Decimal | None
    target_value: Decimal | None
    change_since_baseline: Decimal | None
    progress: float | None
    projection: Decimal | None
    # Which series the status rests on ("plan", "areas" or "" without data) and its usable points (the newest
    # KEPT_POINTS of them when computed for many indicators at once, see `indicator_statuses`).
    series: str = ""
    points: tuple[tuple[str, Decimal], ...] = field(default=())
    # How the areas were combined into the plan's figure: "" (not combined), COMBINED_RATIO (numerators over
    # denominators), COMBINED_SUM (counts) or COMBINED_WEIGHTED (a mean weighted by residents: an approximation;
    # any period so combined makes the series one).
    combined_by: str = ""

    @property
    def approximate(self) -> bool:
        return self.combined_by == COMBINED_WEIGHTED

    @property
    def label(self) -> str:
        return str(Status(self.status).label)

    @property
    def css(self) -> str:
        return STATUS_CSS[self.status]


@functools.lru_cache(maxsize=16)
def _separators(lang: str | None) -> tuple[str, Any, str]:
    """The number format of a language (what `number_format` looks up for every value)."""
    return (
        get_format("DECIMAL_SEPARATOR", lang, use_l10n=True),
        get_format("NUMBER_GROUPING", lang, use_l10n=True),
        get_format("THOUSAND_SEPARATOR", lang, use_l10n=True),
    )


@receiver(setting_changed)
def _forget_separators(**_kwargs: Any) -> None:
    _separators.cache_clear()


def value_formatter(indicator: Indicator, *, trim: bool = True) -> Callable[[Decimal | float | None], str]:
    """`format_value` for many values of one indicator: the language's separators and the unit are looked up once."""
    decimal_sep, grouping, thousand_sep = _separators(get_language())
    decimals = indicator.decimals
    step = Decimal(1).scaleb(-decimals)
    suffix = {
        "percent": " %",
        "rate_per_1000": " " + gettext("pr. 1.000"),
        "dkk": " " + gettext("kr."),
    }.get(indicator.unit, "")

    def shown(value: Decimal | float | None) -> str:
        if value is None:
            return "–"
        quantized = Decimal(value).quantize(step) if decimals else Decimal(round(value))
        places = 0 if trim and quantized == quantized.to_integral_value() else decimals
        text = numberformat.format(
            quantized, decimal_sep, places, grouping, thousand_sep, force_grouping=True, use_l10n=True
        )
        return text + suffix

    return shown


def format_value(value: Decimal | float | None, indicator: Indicator, *, trim: bool = True) -> str:
    """A value with the indicator's decimals and unit in the active language (Danish: `41,2 %`).

    `trim` drops a zero fraction (`35 %` rather than `35,0 %`), for prose; tables keep the decimals.
    """
    if value is None:
        return "–"
    return value_formatter(indicator, trim=trim)(value)


def format_change(value: Decimal | None, indicator: Indicator) -> str:
    """A change with its sign; a change in a percentage is in percentage points (`-0,9 procentpoint`)."""
    if value is None:
        return "–"
    if indicator.unit != "percent":
        text = format_value(value, indicator)
    else:
        text = format_value(value, indicator).removesuffix(" %") + " " + gettext("procentpoint")
    return text if value < 0 else "+" + text


def _better_or_equal(a: Decimal, b: Decimal, direction: str) -> bool:
    return a <= b if direction == "lower" else a >= b


MeasurementLike = Measurement | StatusRow


def _usable(measurement: MeasurementLike, indicator: Indicator) -> bool:
    """Has a value that may be shown (core.suppression's rule)."""
    return is_usable(measurement, indicator.unit, indicator.suppression_threshold)


@dataclass(frozen=True)
class Series:
    """The series a status rests on: "plan", "areas" or "" without data, its points sorted by period, and whether
    a combined point is an approximation (a weighted mean of values rather than a ratio of sums)."""

    name: str
    points: list[tuple[Period, Decimal]]
    combined_by: str = ""

    @property
    def approximate(self) -> bool:
        return self.combined_by == COMBINED_WEIGHTED


def _ratio_of_sums(areas: list[MeasurementLike], scale: Decimal) -> Decimal | None:
    """Σ numerators / Σ denominators × scale, None unless every area has both."""
    numerators = [m.numerator for m in areas]
    denominators = [m.denominator for m in areas]
    if any(x is None for x in numerators) or any(x is None for x in denominators):
        return None
    below = sum((d for d in denominators if d is not None), Decimal(0))
    if below <= 0:
        return None
    return sum((x for x in numerators if x is not None), Decimal(0)) / below * scale


def status_series(
    indicator: Indicator, measurements: Iterable[MeasurementLike], area_weights: Mapping[int, int | None] | None = None
) -> Series:
    """The series the status rests on (see the module docstring)."""
    mine = [m for m in measurements if m.indicator_id == indicator.pk]
    hidden = periods_with_hidden_area(mine, indicator)
    plan_points = [
        (parse_period(m.period), m.value)
        for m in mine
        if m.series == "plan" and (m.indicator_id, m.period) not in hidden and _usable(m, indicator)
    ]
    if plan_points:
        return Series(SERIES_PLAN, sorted(plan_points))  # type: ignore[arg-type]  # usable implies a value
    by_period: dict[str, dict[int, MeasurementLike | None]] = defaultdict(dict)
    areas: set[int] = set()
    for m in mine:
        if m.series == "area" and m.area_id is not None:
            areas.add(m.area_id)
            by_period[m.period][m.area_id] = m if _usable(m, indicator) else None
    weights = {a: Decimal((area_weights or {}).get(a) or 0) for a in areas}
    if any(w <= 0 for w in weights.values()):
        weights = dict.fromkeys(areas, Decimal(1))
    scale = RATIO_SCALE.get(indicator.unit)
    points: list[tuple[Period, Decimal]] = []
    methods: set[str] = set()
    for period, cells in by_period.items():
        if set(cells) != areas or any(m is None for m in cells.values()):
            continue
        present = {a: m for a, m in cells.items() if m is not None and m.value is not None}
        exact = _ratio_of_sums(list(present.values()), scale) if scale is not None else None
        if exact is not None:
            combined, method = exact, COMBINED_RATIO
        elif scale is None or (indicator.unit == "dkk"):
            combined = sum((m.value for m in present.values() if m.value is not None), Decimal(0))
            method = COMBINED_SUM
        else:
            total = sum(weights[a] for a in present)
            values = ((weights[a] * m.value) for a, m in present.items() if m.value is not None)
            combined, method = sum(values, Decimal(0)) / total, COMBINED_WEIGHTED
        methods.add(method)
        points.append((parse_period(period), combined.quantize(FOUR_PLACES)))
    by = next((m for m in (COMBINED_WEIGHTED, COMBINED_RATIO, COMBINED_SUM) if m in methods), "")
    return Series(SERIES_AREAS if points else "", sorted(points), by)


def least_squares(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """(slope, intercept) of the least-squares line, None when the x values do not vary."""
    count = len(points)
    if count < 2:
        return None
    mean_x = sum(x for x, _y in points) / count
    mean_y = sum(y for _x, y in points) / count
    sxx = sum((x - mean_x) ** 2 for x, _y in points)
    if sxx == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    return slope, mean_y - slope * mean_x


def indicator_status(
    indicator: Indicator,
    measurements: Iterable[MeasurementLike],
    *,
    area_weights: Mapping[int, int | None] | None = None,
    keep: int | None = None,
) -> IndicatorStatus:
    """The status of one indicator from its measurements; a pure function that runs no queries.

    `measurements` may contain other indicators' measurements (they are skipped); `area_weights` maps area id
    to residents for combining areas; `keep` limits `points` to the newest ones.
    """
    combined = status_series(indicator, measurements, area_weights)
    series, points = combined.name, combined.points
    target = indicator.target_value
    target_period = parse_period(indicator.target_period) if indicator.target_period else None
    latest_period, latest = points[-1] if points else (None, None)

    baseline = indicator.baseline_value
    if baseline is None and points:
        baseline_period = parse_period(indicator.baseline_period) if indicator.baseline_period else None
        baseline = next((v for p, v in points if p == baseline_period), points[0][1])
    change = latest - baseline if latest is not None and baseline is not None else None
    progress = None
    if latest is not None and baseline is not None and target is not None and target != baseline:
        progress = float((latest - baseline) / (target - baseline))

    projection: Decimal | None = None
    if target_period is not None and len(points) >= 2:
        line = least_squares([(p.time, float(v)) for p, v in points[-RECENT_POINTS:]])
        if line is not None:
            projection = Decimal(line[0] * target_period.time + line[1]).quantize(FOUR_PLACES)

    fmt = value_formatter(indicator)
    words = {
        "latest": fmt(latest),
        "period": latest_period.label if latest_period else "",
        "target": fmt(target),
        "target_period": target_period.label if target_period else "",
        "projection": fmt(projection),
    }
    direction = indicator.direction
    if target is None or target_period is None:
        status = Status.NO_TARGET
        if latest is None:
            reason = gettext("Intet mål fastsat og ingen målinger endnu")
        else:
            reason = gettext("Intet mål fastsat; seneste måling %(latest)s (%(period)s)") % words
    elif latest is None or latest_period is None:
        status = Status.TOO_LITTLE_DATA
        reason = gettext("Ingen målinger endnu; målet er %(target)s i %(target_period)s") % words
    elif _better_or_equal(latest, target, direction):
        status = Status.ACHIEVED
        reason = (
            gettext("Seneste måling %(latest)s (%(period)s) har nået målet på %(target)s i %(target_period)s") % words
        )
    elif latest_period.time >= target_period.time:
        status = Status.OFF_TRACK
        reason = (
            gettext(
                "Målperioden %(target_period)s er nået; seneste måling %(latest)s (%(period)s), målet var %(target)s"
            )
            % words
        )
    elif projection is None:
        status = Status.TOO_LITTLE_DATA
        reason = (
            gettext(
                "Kun én måling (%(latest)s i %(period)s) – der skal mindst to til en kurs; "
                "målet er %(target)s i %(target_period)s"
            )
            % words
        )
    else:
        reason = (
            gettext(
                "Seneste måling %(latest)s (%(period)s); "
                "kurs mod %(projection)s i %(target_period)s, målet er %(target)s"
            )
            % words
        )
        if _better_or_equal(projection, target, direction):
            status = Status.ON_TRACK
        else:
            gap = target - baseline if baseline is not None else Decimal(0)
            gap_is_ahead = gap > 0 if direction == "higher" else gap < 0
            share = float((projection - baseline) / gap) if gap_is_ahead and baseline is not None else -1.0
            status = Status.AT_RISK if share >= AT_RISK_MIN_PROGRESS else Status.OFF_TRACK

    if combined.approximate:
        reason += " " + gettext(
            "(Planens tal er et skøn: et gennemsnit af boligområdernes tal vægtet efter antal beboere, "
            "da tæller og nævner ikke kendes.)"
        )
    return IndicatorStatus(
        indicator_id=indicator.pk,
        status=str(status),
        reason=reason,
        latest_value=latest,
        latest_period=latest_period.canonical if latest_period else None,
        baseline_value=baseline,
        target_value=target,
        change_since_baseline=change,
        progress=progress,
        projection=projection,
        series=series,
        points=tuple((p.canonical, v) for p, v in (points[-keep:] if keep else points)),
        combined_by=combined.combined_by,
    )


def indicator_statuses(
    indicators: Iterable[Indicator], *, as_of: dt.date | None = None, keep: int | None = KEPT_POINTS
) -> dict[int, IndicatorStatus]:
    """Statuses of the given indicators (any plans) in two queries, from the rows each status needs.

    `as_of` leaves out the periods that start after that day (a report looking back). `keep` is how many of the
    newest points each status keeps in `points` (and so fetches); None keeps the whole series (charts of it).
    """
    indicators = list(indicators)
    if not indicators:
        return {}
    rows = status_rows(indicators, as_of=as_of, keep=None if keep is None else max(keep, RECENT_POINTS))
    plan_ids = {i.plan_id for i in indicators}
    weights = dict(Area.objects.filter(plan_id__in=plan_ids).order_by().values_list("pk", "residents"))
    return {i.pk: indicator_status(i, rows.get(i.pk, ()), area_weights=weights, keep=keep) for i in indicators}


def plan_indicator_statuses(plan: Plan) -> dict[int, IndicatorStatus]:
    """Every indicator's status in the plan, keyed by indicator id, in three queries whatever the size."""
    # Ordered by code without the default ordering's join to plans (one plan: the same order).
    return indicator_statuses(Indicator.objects.filter(plan=plan).order_by("code"))
