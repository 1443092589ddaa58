"""Reads for the monitoring pages, exports and API: few queries, suppression applied on the way out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from entydig.core.periods import parse_period
from entydig.core.suppression import SUPPRESSED_TEXT, hidden_totals, public_measurement_dict
from entydig.monitoring.charts import compact_chart_spec, series_label
from entydig.monitoring.models import Indicator, Measurement, Milestone
from entydig.monitoring.status import IndicatorStatus, format_value, indicator_status, indicator_statuses
from entydig.organisation.models import Area, Plan

SERIES_ORDER = {"plan": 1, "area": 0, "municipality": 2, "comparable": 3, "national": 4}


def plan_indicators(plan: Plan) -> QuerySet[Indicator]:
    return Indicator.objects.filter(plan=plan).select_related("catalogue").prefetch_related("goals").order_by("code")


def indicator_measurements(indicator: Indicator) -> list[Measurement]:
    """Every measurement of the indicator with its area, sorted by series then period."""
    measurements = list(Measurement.objects.filter(indicator=indicator).select_related("area"))
    for m in measurements:
        m.indicator = indicator
    measurements.sort(
        key=lambda m: (SERIES_ORDER.get(m.series, 9), m.area.name if m.area else "", parse_period(m.period))
    )
    return measurements


def indicator_detail_status(indicator: Indicator, measurements: list[Measurement]) -> IndicatorStatus:
    weights = dict(Area.objects.filter(plan_id=indicator.plan_id).values_list("pk", "residents"))
    return indicator_status(indicator, measurements, area_weights=weights)


@dataclass(frozen=True)
class ValueRow:
    """One measurement as it may be shown: value, n, numerator and denominator all None when suppressed."""

    measurement: Measurement
    series: str
    period: str
    period_label: str
    value: Decimal | None
    text: str
    suppressed: bool
    n: int | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def value_rows(indicator: Indicator, measurements: list[Measurement]) -> list[ValueRow]:
    """The measurements as they may be shown, primary and secondary suppression applied."""
    hidden = hidden_totals(measurements, indicator)
    rows = []
    for m in measurements:
        shown = public_measurement_dict(m, indicator, hidden=m.pk in hidden)
        if shown["suppressed"]:
            text = f"<{indicator.suppression_threshold} ({SUPPRESSED_TEXT})"
        elif shown["value"] is None:
            text = _("Ikke oplyst")
        else:
            text = format_value(shown["value"], indicator, trim=False)
        rows.append(
            ValueRow(
                measurement=m,
                series=series_label(m),
                period=m.period,
                period_label=parse_period(m.period).label,
                text=text,
                **shown,
            )
        )
    return rows


EXPORT_HEADER = ["indikator", "område", "periode", "værdi", "n", "tæller", "nævner", "kilde", "note"]


def export_rows(indicator: Indicator, measurements: list[Measurement]) -> list[list[Any]]:
    """The values in the import format (so an export can be edited and imported again), suppression applied."""
    rows: list[list[Any]] = [list(EXPORT_HEADER)]
    for row in value_rows(indicator, measurements):
        m = row.measurement
        value: Any = row.value
        if row.suppressed:
            value = f"<{indicator.suppression_threshold}"
        elif value is None:
            value = ".."
        rows.append(
            [
                indicator.code,
                m.area.code if m.area else m.series,
                m.period,
                value,
                row.n,
                row.numerator,
                row.denominator,
                m.source_note,
                m.note,
            ]
        )
    return rows


@dataclass(frozen=True)
class Comparison:
    """One indicator across the plan's areas and reference series: periods as rows, series as columns."""

    series: list[str]
    periods: list[str]
    period_labels: dict[str, str]
    cells: dict[tuple[str, str], ValueRow]
    latest: list[tuple[str, ValueRow | None]]

    def table(self) -> list[tuple[str, list[ValueRow | None]]]:
        return [(self.period_labels[p], [self.cells.get((p, s)) for s in self.series]) for p in self.periods]


def comparison(indicator: Indicator, measurements: list[Measurement], areas: list[Area]) -> Comparison:
    rows = value_rows(indicator, measurements)
    names = [a.name for a in areas]
    seen = list(dict.fromkeys(r.series for r in rows))
    series = names + [s for s in seen if s not in names]
    periods = sorted({r.period for r in rows}, key=parse_period)
    cells = {(r.period, r.series): r for r in rows}
    latest_by_series: dict[str, ValueRow | None] = defaultdict(lambda: None)
    for r in rows:
        if r.value is not None:
            latest_by_series[r.series] = r
    return Comparison(
        series=series,
        periods=periods,
        period_labels={p: parse_period(p).label for p in periods},
        cells=cells,
        latest=[(s, latest_by_series[s]) for s in series],
    )


def comparison_export_rows(indicator: Indicator, comp: Comparison) -> list[list[Any]]:
    header: list[Any] = [_("Periode"), *comp.series]
    out: list[list[Any]] = [header]
    for period in comp.periods:
        row: list[Any] = [period]
        for s in comp.series:
            cell = comp.cells.get((period, s))
            if cell is None:
                row.append(None)
            elif cell.suppressed:
                row.append(cell.measurement and f"<{indicator.suppression_threshold}")
            else:
                row.append(cell.value)
        out.append(row)
    return out


def indicators_with_milestones(plan: Plan) -> QuerySet[Indicator]:
    return plan_indicators(plan).prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("period")))


@dataclass(frozen=True)
class IndicatorFigures:
    """What a report shows of an indicator as of a day: the status and its figures, formatted, and a chart.

    Every figure comes from usable values only (the status's), so none is suppressed; None where there is none.
    """

    indicator: Indicator
    status: IndicatorStatus
    latest: str | None
    latest_period: str | None  # the period's label (`3. kvartal 2026`)
    target: str | None
    target_period: str | None
    projection: str | None
    chart: dict[str, Any] | None  # charts.compact_chart_spec of the status series


def _label(period: str | None) -> str | None:
    return parse_period(period).label if period else None


def indicator_figures(plan: Plan, *, as_of: dt.date) -> dict[int, IndicatorFigures]:
    """Every indicator of the plan with its figures as they stood on `as_of`, in three queries.

    A measurement of a period that starts after `as_of` is left out, as if it had not been measured yet; the
    whole usable series goes into the chart.
    """
    indicators = list(Indicator.objects.filter(plan=plan).order_by("code"))
    statuses = indicator_statuses(indicators, as_of=as_of, keep=None)
    figures = {}
    for indicator in indicators:
        status = statuses[indicator.pk]
        figures[indicator.pk] = IndicatorFigures(
            indicator=indicator,
            status=status,
            latest=format_value(status.latest_value, indicator) if status.latest_value is not None else None,
            latest_period=_label(status.latest_period),
            target=format_value(indicator.target_value, indicator) if indicator.target_value is not None else None,
            target_period=_label(indicator.target_period),
            projection=format_value(status.projection, indicator) if status.projection is not None else None,
            chart=compact_chart_spec(indicator, status),
        )
    return figures
