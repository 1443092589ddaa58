"""The statement that fetches only the rows a status needs gives the status that all the rows give."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from entydig.conftest import Cast
from entydig.core.periods import parse_period
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.status import KEPT_POINTS, IndicatorStatus, indicator_status, indicator_statuses
from entydig.organisation.models import Area

# Years, halves and quarters mixed, so that periods of different lengths start on the same day.
PERIODS = sorted(
    [str(y) for y in range(2005, 2026)] + [f"{y}Q{q}" for y in range(2018, 2026) for q in (1, 3)] + ["2021H1"],
    key=parse_period,
)
SERIES = ["plan", "area:0", "area:1", "area:2", "national"]
# series, period, value in tenths, n, numerator, denominator, suppressed at the source
Row = tuple[str, str, int | None, int | None, int | None, int | None, bool]


@st.composite
def rows(draw: st.DrawFn) -> list[Row]:
    """Runs of periods per series (long ones, so courses and ranks matter), each value maybe missing or small, with
    a numerator and denominator that may be missing or small too."""
    found = []
    for series in draw(st.lists(st.sampled_from(SERIES), min_size=1, max_size=5, unique=True)):
        first = draw(st.integers(0, len(PERIODS) - 1))
        for period in PERIODS[first : first + draw(st.integers(1, 30))]:
            tenths = draw(st.one_of(st.none(), st.integers(0, 900), st.integers(0, 900)))
            n = draw(st.one_of(st.none(), st.integers(0, 12), st.integers(20, 200), st.integers(20, 200)))
            numerator = draw(st.one_of(st.none(), st.integers(0, 12), st.integers(20, 200)))
            denominator = draw(st.one_of(st.none(), st.integers(1, 12), st.integers(200, 400)))
            found.append((series, period, tenths, n, numerator, denominator, draw(st.integers(0, 9)) == 0))
    return found


indicators = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["percent", "count", "score", "rate_per_1000"]),
        "direction": st.sampled_from(["higher", "lower"]),
        "baseline_value": st.one_of(st.none(), st.integers(0, 900).map(lambda v: Decimal(v) / 10)),
        "baseline_period": st.sampled_from(["", "2010", "2019Q3", "2021"]),
        "target_value": st.one_of(st.none(), *[st.integers(0, 900).map(lambda v: Decimal(v) / 10)] * 3),
        "target_period": st.sampled_from(["", "2024", "2027", "2027"]),
        "suppression_threshold": st.sampled_from([0, 5, 8]),
    }
)


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=rows(),
    values=indicators,
    as_of=st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2026, 1, 1))),
    keep=st.sampled_from([KEPT_POINTS, 2, None]),
)
def test_it_computes_the_status_from_few_rows_as_from_all(
    cast: Cast,
    rows: list[Row],
    values: dict[str, Any],
    as_of: dt.date | None,
    keep: int | None,
) -> None:
    with transaction.atomic():
        areas = [
            Area.objects.create(plan=cast.plan, name=f"A{k}", code=f"a{k}", residents=[1000, None, 300][k])
            for k in range(3)
        ]
        indicator = Indicator.objects.create(plan=cast.plan, code="x", name="X", decimals=1, **values)
        Indicator.objects.create(plan=cast.plan, code="y", name="Y")  # another indicator, no rows
        stored = []
        for series, period, tenths, n, numerator, denominator, suppressed in rows:
            area = areas[int(series[-1])] if series.startswith("area") else None
            stored.append(
                Measurement.objects.create(
                    indicator=indicator,
                    series="area" if area else series,
                    area=area,
                    period=period,
                    period_start=parse_period(period).start,
                    value=None if tenths is None else Decimal(tenths) / 10,
                    n=n,
                    numerator=numerator,
                    denominator=denominator,
                    suppressed=suppressed,
                )
            )
        stored = [Measurement.objects.get(pk=m.pk) for m in stored]  # as the database gives them back
        weights = {a.pk: a.residents for a in areas}
        seen = [m for m in stored if as_of is None or m.period_start <= as_of]

        expected = indicator_status(indicator, seen, area_weights=weights)
        got = indicator_statuses([indicator], as_of=as_of, keep=keep)[indicator.pk]

        event(f"series {expected.series or 'none'}, {len(expected.points)} points, status {expected.status}")
        assert _without_points(got) == _without_points(expected)
        assert got.points == (expected.points[-keep:] if keep else expected.points)
        transaction.set_rollback(True)


def _without_points(status: IndicatorStatus) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(status).items() if k != "points"}
