"""Status and projection against hand-computed cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_django import DjangoAssertNumQueries

from entydig.conftest import Cast
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.status import Status, indicator_status, plan_indicator_statuses


def _indicator(**values: object) -> Indicator:
    defaults: dict[str, object] = {"pk": 1, "code": "x", "name": "X", "unit": "percent", "decimals": 1}
    defaults.update(values)
    return Indicator(**defaults)


def _plan_series(*points: tuple[str, str] | tuple[str, str, int]) -> list[Measurement]:
    result = []
    for point in points:
        period, value = point[0], point[1]
        n = point[2] if len(point) > 2 else None
        result.append(Measurement(indicator_id=1, series="plan", period=period, value=Decimal(value), n=n))
    return result


def test_it_projects_a_falling_lower_is_better_series_and_says_at_risk() -> None:
    # Falls 2 points a year: 42 in 2024 → 38 in 2026; 12 of the 15 points from 50 to 35 = 80 % → at risk.
    ind = _indicator(
        direction="lower", baseline_value=Decimal(50), baseline_period="2020", target_value=35, target_period="2026"
    )
    series = _plan_series(("2020", "50"), ("2021", "48"), ("2022", "46"), ("2023", "44"), ("2024", "42"))
    s = indicator_status(ind, series)
    assert s.status == Status.AT_RISK
    assert s.projection == Decimal("38.0000")
    assert s.latest_value == Decimal(42) and s.latest_period == "2024"
    assert s.change_since_baseline == Decimal(-8)
    assert s.progress == pytest.approx(8 / 15)
    assert s.reason == "Seneste måling 42 % (2024); kurs mod 38 % i 2026, målet er 35 %"
    assert s.series == "plan"


def test_it_uses_only_the_five_most_recent_points_for_the_projection() -> None:
    # 2018 and 2019 (far off the line) are ignored; 2020-2024 fall 2 a year.
    ind = _indicator(direction="lower", baseline_value=Decimal(50), target_value=Decimal(38), target_period="2026")
    series = _plan_series(
        ("2018", "10"), ("2019", "90"), ("2020", "50"), ("2021", "48"), ("2022", "46"), ("2023", "44"), ("2024", "42")
    )
    s = indicator_status(ind, series)
    assert s.projection == Decimal("38.0000")
    assert s.status == Status.ON_TRACK


def test_it_says_on_track_when_the_projection_meets_a_higher_is_better_target() -> None:
    ind = _indicator(direction="higher", target_value=Decimal(20), target_period="2026", decimals=0, unit="count")
    s = indicator_status(ind, _plan_series(("2021", "10"), ("2022", "12"), ("2023", "14")))
    assert s.status == Status.ON_TRACK
    assert s.projection == Decimal(20)
    assert s.baseline_value == Decimal(10)  # no baseline: the first value
    assert s.progress == pytest.approx(0.4)
    assert s.reason == "Seneste måling 14 (2023); kurs mod 20 i 2026, målet er 20"


def test_it_says_off_track_when_the_course_points_the_wrong_way() -> None:
    ind = _indicator(direction="lower", baseline_value=Decimal(50), target_value=Decimal(35), target_period="2026")
    s = indicator_status(ind, _plan_series(("2022", "50"), ("2023", "51"), ("2024", "52")))
    assert s.status == Status.OFF_TRACK
    assert s.projection == Decimal(54)
    assert s.progress == pytest.approx(-2 / 15)


def test_it_says_off_track_when_the_projection_gets_less_than_half_the_way() -> None:
    # Higher is better, 20 → 30; slope 1 a year gives 24 in 2026: 4 of 10 points = 40 % → off track.
    ind = _indicator(baseline_value=Decimal(20), target_value=Decimal(30), target_period="2026")
    s = indicator_status(ind, _plan_series(("2020", "18"), ("2021", "19"), ("2022", "20")))
    assert s.projection == Decimal(24)
    assert s.status == Status.OFF_TRACK


def test_it_says_achieved_when_the_latest_value_already_meets_the_target() -> None:
    ind = _indicator(direction="lower", baseline_value=Decimal(50), target_value=Decimal(35), target_period="2026")
    s = indicator_status(ind, _plan_series(("2023", "40"), ("2024", "34.5")))
    assert s.status == Status.ACHIEVED
    assert s.reason == "Seneste måling 34,5 % (2024) har nået målet på 35 % i 2026"
    assert s.progress == pytest.approx(15.5 / 15)


def test_it_says_off_track_when_the_target_period_has_passed_without_meeting_it() -> None:
    ind = _indicator(direction="lower", baseline_value=Decimal(50), target_value=Decimal(35), target_period="2024")
    s = indicator_status(ind, _plan_series(("2022", "45"), ("2023", "40"), ("2025", "39.9")))
    assert s.status == Status.OFF_TRACK
    assert s.reason == "Målperioden 2024 er nået; seneste måling 39,9 % (2025), målet var 35 %"


def test_it_needs_two_points_for_a_course() -> None:
    ind = _indicator(direction="lower", target_value=Decimal(35), target_period="2026")
    s = indicator_status(ind, _plan_series(("2024", "41.2")))
    assert s.status == Status.TOO_LITTLE_DATA
    assert s.projection is None
    assert "41,2 %" in s.reason and "mindst to" in s.reason


def test_it_says_too_little_data_without_measurements_and_no_target_without_target() -> None:
    assert indicator_status(_indicator(target_value=Decimal(3), target_period="2026"), []).status == (
        Status.TOO_LITTLE_DATA
    )
    s = indicator_status(_indicator(), _plan_series(("2023", "1"), ("2024", "2")))
    assert s.status == Status.NO_TARGET
    assert s.reason == "Intet mål fastsat; seneste måling 2 % (2024)"
    assert s.latest_value == Decimal(2)


def test_it_leaves_suppressed_values_out_and_never_reveals_them() -> None:
    ind = _indicator(direction="lower", baseline_value=Decimal(50), target_value=Decimal(35), target_period="2026")
    series = _plan_series(("2022", "50", 100), ("2023", "48", 100), ("2024", "31.7", 3))
    series.append(Measurement(indicator_id=1, series="plan", period="2025", value=None, suppressed=True))
    s = indicator_status(ind, series)
    # 2022-2023 only: slope -2, 48 - 3 * 2 = 42 in 2026; (42 - 50) / (35 - 50) = 53 % → at risk, not achieved.
    assert s.latest_value == Decimal(48) and s.latest_period == "2023"
    assert s.projection == Decimal(42)
    assert s.status == Status.AT_RISK
    assert "31,7" not in s.reason and "2024" not in s.reason
    assert all(period != "2024" for period, _v in s.points)


def test_it_respects_a_higher_per_indicator_threshold() -> None:
    ind = _indicator(target_value=Decimal(35), target_period="2026", suppression_threshold=10)
    s = indicator_status(ind, _plan_series(("2023", "20", 12), ("2024", "25", 9)))
    assert s.latest_period == "2023"
    assert s.status == Status.TOO_LITTLE_DATA


def test_it_combines_areas_weighted_by_residents_when_there_is_no_plan_series() -> None:
    ind = _indicator(direction="lower", target_value=Decimal(40), target_period="2026")
    ms = [
        Measurement(indicator_id=1, series="area", area_id=7, period="2023", value=Decimal(40), n=300),
        Measurement(indicator_id=1, series="area", area_id=8, period="2023", value=Decimal(60), n=100),
        Measurement(indicator_id=1, series="area", area_id=7, period="2024", value=Decimal(38), n=300),
        Measurement(indicator_id=1, series="area", area_id=8, period="2024", value=Decimal(58), n=100),
        # 2025: area 8 is suppressed, so the period is not combined (it would let 8 be worked out).
        Measurement(indicator_id=1, series="area", area_id=7, period="2025", value=Decimal(30), n=300),
        Measurement(indicator_id=1, series="area", area_id=8, period="2025", value=Decimal(90), n=2),
        Measurement(indicator_id=1, series="national", period="2024", value=Decimal(1)),
    ]
    s = indicator_status(ind, ms, area_weights={7: 3000, 8: 1000})
    assert s.series == "areas"
    assert s.points == (("2023", Decimal(45)), ("2024", Decimal(43)))
    # Falls 2 a year: 43 - 2 * 2 = 39 ≤ 40 → on track.
    assert s.projection == Decimal(39)
    assert s.status == Status.ON_TRACK


def test_it_sums_count_areas_and_weighs_equally_without_resident_counts() -> None:
    ms = [
        Measurement(indicator_id=1, series="area", area_id=7, period="2024", value=Decimal(10)),
        Measurement(indicator_id=1, series="area", area_id=8, period="2024", value=Decimal(20)),
    ]
    assert indicator_status(_indicator(unit="count"), ms).latest_value == Decimal(30)
    assert indicator_status(_indicator(unit="percent"), ms, area_weights={7: None, 8: 5}).latest_value == Decimal(15)


def test_it_lines_up_half_years_with_a_year_target_at_the_middle_of_the_periods() -> None:
    # 2024H1 = 2024.25, 2024H2 = 2024.75, target 2026 = 2026.5: slope 2 a year, 12 + 2 * 1.75 = 15.5.
    ind = _indicator(target_value=Decimal(16), target_period="2026", baseline_value=Decimal(11))
    s = indicator_status(ind, _plan_series(("2024H1", "11"), ("2024H2", "12")))
    assert s.projection == Decimal("15.5")
    assert s.status == Status.AT_RISK
    assert s.reason == "Seneste måling 12 % (2. halvår 2024); kurs mod 15,5 % i 2026, målet er 16 %"


def test_it_computes_a_plan_in_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    from entydig.organisation.services import area_create

    area = area_create(actor=None, plan=cast.plan, name="Nord", code="nord", residents=100)
    for i in range(4):
        ind = Indicator.objects.create(
            plan=cast.plan, code=f"i{i}", name=f"I{i}", target_value=50, target_period="2026"
        )
        for year in (2022, 2023, 2024):
            Measurement.objects.create(
                indicator=ind,
                series="area",
                area=area,
                period=str(year),
                period_start=f"{year}-01-01",
                value=40 + year - 2022,
            )
    with django_assert_num_queries(3):
        statuses = plan_indicator_statuses(cast.plan)
    assert len(statuses) == 4
    assert {s.status for s in statuses.values()} == {Status.OFF_TRACK}


def test_it_formats_changes_with_sign_and_percentage_points() -> None:
    from entydig.monitoring.status import format_change

    assert format_change(Decimal("-0.9"), _indicator()) == "-0,9 procentpoint"
    assert format_change(Decimal("1250"), _indicator(unit="dkk", decimals=0)) == "+1.250 kr."


def test_it_falls_back_to_the_areas_when_every_plan_value_is_suppressed(cast: Cast) -> None:
    from entydig.monitoring.status import indicator_statuses
    from entydig.organisation.services import area_create

    area = area_create(actor=None, plan=cast.plan, name="Nord", code="nord", residents=100)
    with_plan = Indicator.objects.create(plan=cast.plan, code="a", name="A", target_value=50, target_period="2026")
    suppressed_plan = Indicator.objects.create(plan=cast.plan, code="b", name="B", suppression_threshold=10)
    for ind in (with_plan, suppressed_plan):
        for year, value in ((2023, 40), (2024, 42)):
            Measurement.objects.create(
                indicator=ind, series="area", area=area, period=str(year), period_start=f"{year}-01-01", value=value
            )
    Measurement.objects.create(
        indicator=with_plan, series="plan", period="2024", period_start="2024-01-01", value=30, n=100
    )
    Measurement.objects.create(
        indicator=suppressed_plan, series="plan", period="2024", period_start="2024-01-01", value=30, n=9
    )
    statuses = indicator_statuses([with_plan, suppressed_plan])
    assert statuses[with_plan.pk].series == "plan" and statuses[with_plan.pk].latest_value == Decimal(30)
    assert statuses[suppressed_plan.pk].series == "areas"
    assert statuses[suppressed_plan.pk].latest_value == Decimal(42)
