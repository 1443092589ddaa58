"""One catalogue indicator across a portfolio's plans: each plan's latest figure, trend and target with its areas'
latest figures and the national series, side by side.

The figures are monitoring's: the plan's status (`indicator_statuses`, usable values only) and each area's latest
measurement as it may leave the database (`shown_measurement`), so suppression holds across plans exactly as
inside one. Plans that have not taken the indicator from the catalogue are listed without figures. A fixed number
of queries whatever the number of plans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from entydig.catalogue.models import CatalogueIndicator
from entydig.core.periods import parse_period
from entydig.core.suppression import shown_measurement
from entydig.monitoring.charts import compact_chart_spec
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.status import IndicatorStatus, format_change, format_value, indicator_statuses
from entydig.organisation.models import Area, Plan
from entydig.portfolio.models import Portfolio


@dataclass(frozen=True)
class Figure:
    period: str  # the period's code (`2026Q3`)
    value: Decimal | None  # None when suppressed
    suppressed: bool
    shown: str  # the value the Danish way, or the suppression mark

    @property
    def period_label(self) -> str:
        return parse_period(self.period).label


@dataclass
class AreaFigure:
    area: Area
    latest: Figure | None = None


@dataclass
class PlanFigures:
    plan: Plan
    indicator: Indicator | None = None  # None: the plan has not taken the indicator from the catalogue
    status: IndicatorStatus | None = None
    latest: Figure | None = None
    trend: Decimal | None = None  # the latest usable value minus the one before it
    chart: dict[str, Any] | None = None
    areas: list[AreaFigure] = field(default_factory=list)

    @property
    def chart_id(self) -> str:
        return f"chart-{self.plan.pk}"

    @property
    def target(self) -> str | None:
        i = self.indicator
        return format_value(i.target_value, i) if i is not None and i.target_value is not None else None

    @property
    def trend_shown(self) -> str | None:
        """The change with its sign; a change in a percentage in percentage points (monitoring's `format_change`)."""
        if self.trend is None or self.indicator is None:
            return None
        return format_change(self.trend, self.indicator)


@dataclass
class CompareView:
    portfolio: Portfolio
    entry: CatalogueIndicator
    plans: list[PlanFigures]
    national: Figure | None


def _figure(measurement: Measurement, indicator: Indicator) -> Figure:
    shown = shown_measurement(measurement, indicator)
    mark = f"<{shown.threshold}"
    text = format_value(shown.value, indicator) if shown.value is not None else (mark if shown.suppressed else "–")
    return Figure(measurement.period, shown.value, shown.suppressed, text)


def compare_view(
    portfolio: Portfolio, plans: list[Plan], entry: CatalogueIndicator, *, today: dt.date | None = None
) -> CompareView:
    """`entry` across `plans`: the portfolio's plans the user may read (`readable_plans`)."""
    rows = {p.pk: PlanFigures(p) for p in plans}
    indicators = list(Indicator.objects.filter(plan__in=plans, catalogue=entry).order_by("plan_id"))
    statuses = indicator_statuses(indicators, as_of=today or timezone.localdate(), keep=None)
    for indicator in indicators:
        row = rows[indicator.plan_id]
        status = statuses[indicator.pk]
        row.indicator, row.status = indicator, status
        row.chart = compact_chart_spec(indicator, status)
        if status.latest_value is not None and status.latest_period:
            shown = format_value(status.latest_value, indicator)
            row.latest = Figure(status.latest_period, status.latest_value, False, shown)
        if len(status.points) >= 2:
            row.trend = status.points[-1][1] - status.points[-2][1]
    by_indicator = {i.pk: i for i in indicators}
    areas = {a.pk: a for a in Area.objects.filter(plan__in=plans).order_by("name", "pk")}
    latest_area: dict[int, Measurement] = {}
    national: tuple[Measurement, Indicator] | None = None
    measurements = Measurement.objects.filter(
        indicator__in=indicators, series__in=[Measurement.Series.AREA, Measurement.Series.NATIONAL]
    ).order_by("period_start", "pk")
    for m in measurements:
        if m.series == Measurement.Series.AREA and m.area_id is not None:
            latest_area[m.area_id] = m  # ordered by period: the latest wins
        elif m.value is not None:
            national = (m, by_indicator[m.indicator_id])
    for area in areas.values():
        row = rows[area.plan_id]
        if row.indicator is None:
            continue
        found = latest_area.get(area.pk)
        row.areas.append(AreaFigure(area, _figure(found, row.indicator) if found is not None else None))
    return CompareView(
        portfolio=portfolio,
        entry=entry,
        plans=[rows[p.pk] for p in plans],
        national=_figure(*national) if national is not None else None,
    )


def catalogue_choices(plans: list[Plan]) -> list[CatalogueIndicator]:
    """The catalogue indicators at least one of `plans` has taken, by code."""
    return list(CatalogueIndicator.objects.filter(plan_indicators__plan__in=plans).distinct().order_by("code"))
