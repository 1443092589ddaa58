"""Indicator figures as of a day (monitoring.selectors.indicator_figures): what a report looking back shows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from entydig.conftest import Cast
from entydig.monitoring import services
from entydig.monitoring.selectors import indicator_figures
from entydig.monitoring.status import Status
from entydig.monitoring.tests.conftest import Monitoring


def _measure(mon: Monitoring, period: str, value: str, n: int | None = 100) -> None:
    services.measurement_save(
        actor=None, indicator=mon.ledighed, series="plan", period=period, value=Decimal(value), n=n
    )


def test_it_leaves_out_measurements_of_periods_after_the_day(cast: Cast, mon: Monitoring) -> None:
    for period, value in (("2022", "13"), ("2023", "12.4"), ("2024", "11.8"), ("2026", "9.5")):
        _measure(mon, period, value)

    figures = indicator_figures(cast.plan, as_of=dt.date(2025, 12, 31))[mon.ledighed.pk]
    assert figures.status.latest_value == Decimal("11.8") and figures.status.latest_period == "2024"
    assert figures.latest == "11,8 %" and figures.latest_period == "2024"
    assert figures.target == "10 %" and figures.target_period == "2026"
    assert figures.status.status == Status.AT_RISK and figures.projection == "10,6 %"
    assert figures.chart is not None
    charted = [row["value"] for layer in figures.chart["layer"] for row in layer["data"]["values"]]
    assert 9.5 not in charted and 11.8 in charted
    assert [p for p, _v in figures.status.points] == ["2022", "2023", "2024"]

    # The day the 2026 figure counts (a period counts from its first day), it is the latest and meets the target.
    later = indicator_figures(cast.plan, as_of=dt.date(2026, 1, 1))[mon.ledighed.pk]
    assert later.latest == "9,5 %" and later.status.status == Status.ACHIEVED


def test_it_never_shows_a_suppressed_value(cast: Cast, mon: Monitoring) -> None:
    _measure(mon, "2022", "13")
    _measure(mon, "2023", "12.4")
    _measure(mon, "2024", "87.6543", n=3)  # about 3 people: never shown, never used
    services.measurement_save(
        actor=None, indicator=mon.ledighed, series="plan", period="2025", value=None, suppressed=True
    )

    figures = indicator_figures(cast.plan, as_of=dt.date(2026, 6, 30))[mon.ledighed.pk]
    assert figures.latest == "12,4 %" and figures.latest_period == "2023"
    shown = json.dumps(figures.chart) + " ".join(
        str(x) for x in (figures.latest, figures.projection, figures.status.reason, figures.status.points)
    )
    for form in ("87.6543", "87,6543", "87.65", "87,65", "87.7", "87,7"):
        assert form not in shown


def test_it_gives_every_indicator_of_the_plan_and_no_other(cast: Cast, mon: Monitoring) -> None:
    figures = indicator_figures(cast.plan, as_of=dt.date(2026, 6, 30))
    assert set(figures) == {mon.ledighed.pk, mon.husstande.pk}
    empty = figures[mon.husstande.pk]
    assert empty.latest is None and empty.chart is None and empty.status.status == Status.NO_TARGET
