"""Reads for the monitoring pages, exports and API: few queries, suppression applied on the way out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from entydig.core.suppression import SUPPRESSED_TEXT, shown_measurement, shown_n
from entydig.monitoring.charts import series_label
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.periods import parse_period
from entydig.monitoring.status import IndicatorStatus, format_value, indicator_status
from entydig.organisation.models import Area, Plan

SERIES_ORDER = {"plan": 1, "area": 0, "municipality": 2, "comparable": 3, "national": 4}


def plan_indicators(plan: Plan) -> QuerySet[Indicator]:
    return Indicator.objects.filter(plan=plan).prefetch_related("goals").order_by("code")


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
    """One measurement as it may be shown."""

    measurement: Measurement
    series: str
    period: str
    period_label: str
    value: Decimal | None
    text: str
    suppressed: bool
    n: int | None


def value_rows(indicator: Indicator, measurements: list[Measurement]) -> list[ValueRow]:
    rows = []
    for m in measurements:
        shown = shown_measurement(m, indicator)
        if shown.suppressed:
            text = f"{shown.short_text} ({SUPPRESSED_TEXT})"
        elif shown.value is None:
            text = _("Ikke oplyst")
        else:
            text = format_value(shown.value, indicator, trim=False)
        rows.append(
            ValueRow(
                measurement=m,
                series=series_label(m),
                period=m.period,
                period_label=parse_period(m.period).label,
                value=shown.value,
                text=text,
                suppressed=shown.suppressed,
                n=shown_n(m, indicator),
            )
        )
    return rows


def export_rows(indicator: Indicator, measurements: list[Measurement]) -> list[list[Any]]:
    """The values in the import format (so an export can be edited and imported again), suppression applied."""
    rows: list[list[Any]] = [["indikator", "område", "periode", "værdi", "n", "kilde", "note"]]
    for m in measurements:
        shown = shown_measurement(m, indicator)
        value: Any = shown.value
        if shown.suppressed:
            value = shown.short_text
        elif value is None:
            value = ".."
        rows.append(
            [
                indicator.code,
                m.area.code if m.area else m.series,
                m.period,
                value,
                shown_n(m, indicator),
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
    from entydig.monitoring.models import Milestone

    return plan_indicators(plan).prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("period")))
