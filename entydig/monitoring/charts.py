"""Vega-Lite specifications built on the server: drawn by vega-embed in the browser, rendered to SVG for PDFs.

Three kinds: the indicator page's full chart (every series, baseline, target, milestones, course), the
dashboard's sparkline and the compact chart of printed reports (the pixi report).

Only shown values go into a spec: suppressed values are left out (core/suppression.py), so a chart can never
reveal them.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import vl_convert
from django.utils.translation import gettext as _

from entydig.core.periods import parse_period
from entydig.core.suppression import hidden_totals, shown_measurement
from entydig.monitoring.models import Indicator, Measurement, Milestone
from entydig.monitoring.status import KEPT_POINTS, SERIES_AREAS, IndicatorStatus, format_value, value_formatter

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # npm installs vega-lite 6.x
# Colour-blind safe palette (Okabe-Ito); points also differ in shape, so colour is never the only carrier.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]
SHAPES = ["circle", "square", "diamond", "triangle-up", "cross", "triangle-down", "stroke", "wedge"]
TARGET_COLOUR = "#A4000F"
SPARKLINE_POINTS = KEPT_POINTS  # every status keeps this many points, even one computed for many indicators
FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]}
TIME_FORMAT_LOCALE = {
    "dateTime": "%A den %d %B %Y %X",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
    "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
    "months": [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}


def _datetime(day: dt.date) -> dict[str, int]:
    """A Vega-Lite DateTime object (months count from 1)."""
    return {"year": day.year, "month": day.month, "date": day.day}


def series_label(measurement: Measurement) -> str:
    if measurement.area_id is not None and measurement.area is not None:
        return measurement.area.name
    return str(type(measurement).Series(measurement.series).label)


def _number_format(indicator: Indicator) -> str:
    return f",.{indicator.decimals}f"


def _y_title(indicator: Indicator) -> str:
    return str(indicator.get_unit_display())


def chart_rows(indicator: Indicator, measurements: Iterable[Measurement]) -> list[dict[str, Any]]:
    """One row per value: series, period, middle date, value; a suppressed or missing value is null (a gap)."""
    measurements = list(measurements)
    hidden = hidden_totals(measurements, indicator)
    rows = []
    for m in measurements:
        shown = shown_measurement(m, indicator, hidden=m.pk in hidden)
        period = parse_period(m.period)
        rows.append(
            {
                "series": series_label(m),
                "period": period.label,
                "date": period.middle.isoformat(),
                "value": None if shown.value is None else float(shown.value),
                "shown": format_value(shown.value, indicator, trim=False) if shown.value is not None else "",
            }
        )
    return rows


def indicator_chart_spec(
    indicator: Indicator,
    measurements: Iterable[Measurement],
    status: IndicatorStatus | None = None,
    milestones: Iterable[Milestone] = (),
    *,
    height: int = 320,
) -> dict[str, Any]:
    """Every series of the indicator as lines, with baseline, target line, milestones and the projection.

    `measurements` should have `area` selected (select_related) to avoid queries.
    """
    rows = chart_rows(indicator, measurements)
    if status is not None and status.series == SERIES_AREAS:
        combined = _("Hele planen (beregnet)")
        for period_text, value in status.points:
            period = parse_period(period_text)
            rows.append(
                {
                    "series": combined,
                    "period": period.label,
                    "date": period.middle.isoformat(),
                    "value": float(value),
                    "shown": format_value(value, indicator),
                }
            )
    names = list(dict.fromkeys(r["series"] for r in rows))
    dates = [parse_period(p).start for p in (indicator.baseline_period, indicator.target_period) if p]
    dates += [dt.date.fromisoformat(r["date"]) for r in rows]
    x: dict[str, Any] = {
        "field": "date",
        "type": "temporal",
        "title": _("Periode"),
        "axis": {"format": "%Y", "tickCount": "year", "labelAngle": 0},
    }
    if dates:
        # From the first value (or baseline) to the end of the target period, so the target is always in view.
        last = max(parse_period(indicator.target_period).end if indicator.target_period else max(dates), max(dates))
        first = min(dates) - dt.timedelta(days=45)
        x["scale"] = {"domain": [_datetime(first), _datetime(last)]}
        days = (last - first).days
        if days < 3 * 365:
            step = 1 if days < 550 else 3
            x["axis"] = {"format": "%b %Y", "labelAngle": 0, "tickCount": {"interval": "month", "step": step}}
    y = {
        "field": "value",
        "type": "quantitative",
        "title": _y_title(indicator),
        "scale": {"zero": False},
        "axis": {"format": _number_format(indicator)},
    }
    tooltip = [
        {"field": "series", "type": "nominal", "title": _("Serie")},
        {"field": "period", "type": "nominal", "title": _("Periode")},
        {"field": "shown", "type": "nominal", "title": _("Værdi")},
    ]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"filled": True, "size": 60}, "strokeWidth": 2},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": _("Serie"),
                    "scale": {"domain": names, "range": PALETTE[: max(len(names), 1)]},
                    "legend": {"orient": "bottom", "columns": 3},
                },
                "shape": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": names, "range": SHAPES[: max(len(names), 1)]},
                },
                "tooltip": tooltip,
            },
        }
    ]
    refs: list[dict[str, Any]] = []
    if indicator.target_value is not None:
        label = _("Mål %(value)s") % {"value": format_value(indicator.target_value, indicator)}
        if indicator.target_period:
            label += f" ({parse_period(indicator.target_period).label})"
        refs.append({"value": float(indicator.target_value), "label": label, "kind": "target"})
    baseline = indicator.baseline_value if indicator.baseline_value is not None else None
    if baseline is not None:
        label = _("Baseline %(value)s") % {"value": format_value(baseline, indicator)}
        if indicator.baseline_period:
            label += f" ({parse_period(indicator.baseline_period).label})"
        refs.append({"value": float(baseline), "label": label, "kind": "baseline"})
    for ref in refs:
        colour = TARGET_COLOUR if ref["kind"] == "target" else "#555555"
        dash = [8, 4] if ref["kind"] == "target" else [2, 3]
        layers.append(
            {
                "data": {"values": [ref]},
                "mark": {"type": "rule", "color": colour, "strokeDash": dash, "strokeWidth": 1.5},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": {"values": [ref]},
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -7, "color": colour, "x": 0},
                "encoding": {"y": {"field": "value", "type": "quantitative"}, "text": {"field": "label"}},
            }
        )
    milestone_rows = []
    for milestone in milestones:
        period = parse_period(milestone.period)
        milestone_rows.append(
            {
                "date": period.middle.isoformat(),
                "value": float(milestone.value),
                "series": _("Milepæl"),
                "period": period.label,
                "shown": format_value(milestone.value, indicator),
            }
        )
    if milestone_rows:
        layers.append(
            {
                "data": {"values": milestone_rows},
                "mark": {"type": "point", "shape": "diamond", "size": 90, "color": TARGET_COLOUR, "filled": False},
                "encoding": {"x": x, "y": y, "tooltip": tooltip},
            }
        )
    if status is not None and status.projection is not None and status.points and indicator.target_period:
        last_period, last_value = status.points[-1]
        target_period = parse_period(indicator.target_period)
        projection_rows = [
            {
                "date": parse_period(last_period).middle.isoformat(),
                "value": float(last_value),
                "series": _("Kurs"),
                "period": parse_period(last_period).label,
                "shown": format_value(last_value, indicator),
            },
            {
                "date": target_period.middle.isoformat(),
                "value": float(status.projection),
                "series": _("Kurs"),
                "period": target_period.label,
                "shown": format_value(status.projection, indicator),
            },
        ]
        layers.append(
            {
                "data": {"values": projection_rows},
                "mark": {"type": "line", "strokeDash": [4, 4], "color": "#333333", "point": {"color": "#333333"}},
                "encoding": {"x": x, "y": y, "tooltip": tooltip},
            }
        )
    return {
        "$schema": SCHEMA,
        "description": _("Udvikling i %(name)s for hver serie med baseline, mål og kurs") % {"name": indicator.name},
        "width": "container",
        "height": height,
        "layer": layers,
        "config": {"font": "IBM Plex Sans, Arial, sans-serif", "axis": {"labelFontSize": 12, "titleFontSize": 12}},
    }


def sparkline_spec(
    indicator: Indicator, status: IndicatorStatus, *, width: int = 120, height: int = 32
) -> dict[str, Any]:
    """A small line of the status series (already free of suppressed values) with the target as a dashed line.

    Only the latest `SPARKLINE_POINTS` values: a sparkline is a trend glyph; the indicator page has it all.
    """
    points = status.points[-SPARKLINE_POINTS:]
    shown = value_formatter(indicator)
    rows = [{"date": parse_period(p).middle.isoformat(), "value": float(v), "shown": shown(v)} for p, v in points]
    values = [float(v) for _p, v in points]
    if status.target_value is not None:
        values.append(float(status.target_value))
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"size": 12}, "color": PALETTE[0], "strokeWidth": 1.5},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "axis": None},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "axis": None,
                    "scale": {"zero": False, "domain": [min(values), max(values)] if values else None},
                },
                "tooltip": [{"field": "shown", "type": "nominal", "title": _("Værdi")}],
            },
        }
    ]
    if status.target_value is not None:
        layers.append(
            {
                "data": {"values": [{"value": float(status.target_value)}]},
                "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [3, 2], "strokeWidth": 1},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            }
        )
    return {
        "$schema": SCHEMA,
        "description": _("Udvikling i %(name)s") % {"name": indicator.name},
        "width": width,
        "height": height,
        "padding": 2,
        "view": {"stroke": None},
        "layer": layers,
    }


COMPACT_WIDTH = 190
COMPACT_HEIGHT = 58


def _tick_years(points: tuple[tuple[str, Decimal], ...], target_period: str) -> list[dict[str, int]]:
    """Every year on the axis when the span is short, every second (ending with the last) when it is long."""
    years = [parse_period(p).year for p, _v in points]
    if target_period:
        years.append(parse_period(target_period).year)
    first, last = min(years), max(years)
    step = 1 if last - first < 6 else 2
    return [{"year": y, "month": 7, "date": 1} for y in range(last, first - 1, -step)][::-1]


def compact_chart_spec(
    indicator: Indicator, status: IndicatorStatus, *, width: int = COMPACT_WIDTH, height: int = COMPACT_HEIGHT
) -> dict[str, Any] | None:
    """A small chart for a printed report: the status series, the target as a dashed line and the course towards
    it, with a few year ticks; None without points."""
    if not status.points:
        return None
    rows = [
        {"date": parse_period(p).middle.isoformat(), "value": float(v), "shown": format_value(v, indicator)}
        for p, v in status.points
    ]
    values: list[float] = [float(v) for _p, v in status.points]
    layers: list[dict[str, Any]] = []
    x: dict[str, Any] = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "axis": {
            "format": "%Y",
            "values": _tick_years(status.points, indicator.target_period),
            "labelOverlap": "greedy",
            "labelFontSize": 8,
            "grid": False,
            "domain": False,
            "ticks": False,
        },
    }
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": None}
    if status.target_value is not None:
        values.append(float(status.target_value))
    projection_rows = []
    if status.projection is not None and indicator.target_period:
        last_period, last_value = status.points[-1]
        projection_rows = [
            {"date": parse_period(last_period).middle.isoformat(), "value": float(last_value)},
            {"date": parse_period(indicator.target_period).middle.isoformat(), "value": float(status.projection)},
        ]
        values.append(float(status.projection))
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
    y["scale"] = {"domain": [low - pad, high + pad], "zero": False}
    y["axis"] = {
        "labelFontSize": 8,
        "tickCount": 3,
        "grid": True,
        "gridColor": "#e5e5e5",
        "domain": False,
        "ticks": False,
    }
    if status.target_value is not None:
        target = {"value": float(status.target_value), "label": _("mål")}
        layers.append(
            {
                "data": {"values": [target]},
                "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [4, 3], "strokeWidth": 1.2},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            }
        )
    if projection_rows:
        layers.append(
            {
                "data": {"values": projection_rows},
                "mark": {"type": "line", "strokeDash": [2, 2], "color": "#555555", "strokeWidth": 1.2},
                "encoding": {"x": x, "y": y},
            }
        )
    layers.append(
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"size": 14, "filled": True}, "color": PALETTE[0], "strokeWidth": 1.8},
            "encoding": {"x": x, "y": y, "tooltip": [{"field": "shown", "type": "nominal", "title": _("Værdi")}]},
        }
    )
    return {
        "$schema": SCHEMA,
        "description": _("Udvikling i %(name)s med mål (rød stiplet) og kurs (grå stiplet)") % {"name": indicator.name},
        "width": width,
        "height": height,
        "padding": 2,
        "view": {"stroke": None},
        "layer": layers,
        "config": {"font": "DejaVu Sans, Arial, sans-serif", "axis": {"labelColor": "#444444"}},
    }


def spec_to_svg(spec: dict[str, Any], *, width: int = 640) -> str:
    """The chart as an SVG string (for PDFs); a container width becomes `width` pixels."""
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
    return str(
        vl_convert.vegalite_to_svg(
            fixed, vl_version="6.4", format_locale=FORMAT_LOCALE, time_format_locale=TIME_FORMAT_LOCALE
        )
    )


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
