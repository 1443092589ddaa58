"""Chart specifications: every series, target and projection, never a suppressed value; SVG on the server."""

from __future__ import annotations

import json
from decimal import Decimal

from entydig.monitoring.charts import indicator_chart_spec, sparkline_spec, spec_to_svg
from entydig.monitoring.models import Indicator, Measurement, Milestone
from entydig.monitoring.status import indicator_status


def _indicator() -> Indicator:
    return Indicator(
        pk=1,
        code="ledighed",
        name="Ledighed",
        unit="percent",
        direction="lower",
        decimals=1,
        baseline_value=Decimal(50),
        baseline_period="2020",
        target_value=Decimal(35),
        target_period="2026",
    )


def _measurements() -> list[Measurement]:
    rows: list[tuple[str, str, str, int | None]] = [("plan", "2020", "50", 100), ("plan", "2021", "48", 100)]
    rows += [("plan", "2022", "46", 100)]
    rows += [("plan", "2023", "77.7", 2), ("national", "2022", "6", None)]
    return [Measurement(indicator_id=1, series=s, period=p, value=Decimal(v), n=n) for s, p, v, n in rows]


def test_it_builds_a_chart_of_every_series_with_target_baseline_and_projection() -> None:
    indicator, ms = _indicator(), _measurements()
    status = indicator_status(indicator, ms)
    spec = indicator_chart_spec(indicator, ms, status, [Milestone(period="2024", value=Decimal(40))])
    text = json.dumps(spec, ensure_ascii=False)
    series = {row["series"] for row in spec["layer"][0]["data"]["values"]}
    assert series == {"Hele helhedsplanen", "Landsplan"}
    assert "Mål 35 % (2026)" in text and "Baseline 50 % (2020)" in text
    projection = spec["layer"][-1]["data"]["values"]
    assert status.projection is not None
    assert projection[0]["value"] == 46.0 and projection[1]["value"] == float(status.projection)
    assert any(layer["mark"].get("shape") == "diamond" for layer in spec["layer"] if isinstance(layer["mark"], dict))
    assert "77.7" not in text and "77,7" not in text


def test_it_builds_a_sparkline_from_the_status_series() -> None:
    indicator, ms = _indicator(), _measurements()
    spec = sparkline_spec(indicator, indicator_status(indicator, ms))
    assert [r["value"] for r in spec["layer"][0]["data"]["values"]] == [50.0, 48.0, 46.0]
    assert spec["layer"][1]["data"]["values"] == [{"value": 35.0}]


def test_it_renders_a_chart_to_svg_on_the_server() -> None:
    indicator, ms = _indicator(), _measurements()
    svg = spec_to_svg(indicator_chart_spec(indicator, ms, indicator_status(indicator, ms)))
    assert svg.startswith("<svg") and "Landsplan" in svg and "Mål 35 % (2026)" in svg
