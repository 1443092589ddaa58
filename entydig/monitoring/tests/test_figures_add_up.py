"""Figures that add up (issue 15, section 2), against hand-computed cases: a plan figure as a ratio of summed
numerators and denominators, disclosure control on the number of people a figure rests on, and secondary
suppression of a plan figure that would give a suppressed area away."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.core.suppression import below_threshold, hidden_totals, usable_q
from entydig.monitoring import services
from entydig.monitoring.importing import import_measurements
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.status import indicator_status, plan_indicator_statuses
from entydig.monitoring.tests.conftest import Monitoring


def _indicator(**values: object) -> Indicator:
    defaults: dict[str, object] = {"pk": 1, "code": "x", "name": "X", "unit": "percent", "decimals": 1}
    return Indicator(**{**defaults, **values})


def _area(area: int, period: str, value: str, numerator: str | None, denominator: str | None) -> Measurement:
    return Measurement(
        indicator_id=1,
        series="area",
        area_id=area,
        period=period,
        value=D(value),
        numerator=None if numerator is None else D(numerator),
        denominator=None if denominator is None else D(denominator),
    )


def test_a_plan_share_is_the_sum_of_numerators_over_the_sum_of_denominators() -> None:
    # Nordparken 30 of 100 (30 %), Skovhaven 10 of 300 (3,33 %): the plan 40 of 400 = 10 %. A mean weighted by
    # the residents (3.000 and 1.000) would say 23,3 %: (30 × 3.000 + 3,33 × 1.000) / 4.000.
    ms = [_area(7, "2024", "30", "30", "100"), _area(8, "2024", "3.3333", "10", "300")]
    status = indicator_status(_indicator(), ms, area_weights={7: 3000, 8: 1000})
    assert status.series == "areas" and status.latest_value == D(10)
    assert not status.approximate and "skøn" not in status.reason


def test_a_plan_grade_average_is_the_sum_of_grades_over_the_pupils_not_weighted_by_residents() -> None:
    # 9th-grade averages: 20 pupils with 7,0 (140 grade points) and 60 pupils with 4,0 (240): (140 + 240) / 80.
    ms = [_area(7, "2024", "7", "140", "20"), _area(8, "2024", "4", "240", "60")]
    status = indicator_status(_indicator(unit="score"), ms, area_weights={7: 500, 8: 4500})
    assert status.latest_value == D("4.75")


def test_a_rate_per_1000_sums_the_same_way() -> None:
    # 12 of 2.000 residents (6 per 1.000) and 6 of 500 (12 per 1.000): 18 of 2.500 = 7,2 per 1.000, where the
    # mean of equal weights would say 9.
    ms = [_area(7, "2024", "6", "12", "2000"), _area(8, "2024", "12", "6", "500")]
    status = indicator_status(_indicator(unit="rate_per_1000"), ms)
    assert status.latest_value == D("7.2")


def test_without_numerators_the_plan_figure_is_a_weighted_mean_and_the_reason_says_it_is_an_approximation() -> None:
    ms = [_area(7, "2024", "30", None, None), _area(8, "2024", "10", "10", "100")]
    status = indicator_status(_indicator(), ms, area_weights={7: 3000, 8: 1000})
    assert status.latest_value == D(25)  # (30 × 3.000 + 10 × 1.000) / 4.000
    assert status.approximate
    assert "skøn" in status.reason and "vægtet efter antal beboere" in status.reason


def test_counts_are_still_summed() -> None:
    ms = [_area(7, "2024", "10", None, None), _area(8, "2024", "20", None, None)]
    status = indicator_status(_indicator(unit="count"), ms)
    assert status.latest_value == D(30) and not status.approximate


@pytest.mark.parametrize(
    ("unit", "n", "numerator", "denominator", "hidden"),
    [
        ("percent", 120, "3", "120", True),  # 3 of 120 young people charged: the 3 are too few
        ("percent", None, "3", "120", True),
        ("percent", None, "5", "120", False),
        ("percent", None, "0", "120", True),  # none of 120 is about fewer than 5 people too
        ("percent", None, "4", "4", True),  # the denominator itself is too small
        ("rate_per_1000", None, "2", "1500", True),
        ("score", None, "3", "40", False),  # the numerator of an average is a sum of grades, not people
        ("score", None, "28", "4", True),  # 4 pupils
        ("dkk", None, "900000", "3", True),  # an average income of 3 people
        ("percent", 4, "40", "100", True),  # n still counts
    ],
)
def test_a_value_is_suppressed_when_any_count_of_people_it_rests_on_is_below_the_threshold(
    unit: str, n: int | None, numerator: str, denominator: str, hidden: bool
) -> None:
    m = Measurement(value=D(1), n=n, numerator=D(numerator), denominator=D(denominator))
    assert below_threshold(m, unit, 5) is hidden


@pytest.mark.django_db
def test_sql_selects_exactly_what_the_python_rule_lets_through(cast: Cast) -> None:
    cases = [(None, None), ("3", "120"), ("5", "120"), ("40", "4"), ("0", "50"), (None, "3"), ("2", None)]
    kept: dict[str, set[str]] = {}
    for unit in ("percent", "score"):
        indicator = Indicator.objects.create(plan=cast.plan, code=f"x-{unit}", name=unit, unit=unit)
        for k, (numerator, denominator) in enumerate(cases):
            Measurement.objects.create(
                indicator=indicator, series="plan", period=str(2000 + k), period_start=f"{2000 + k}-01-01",
                value=D(1), numerator=numerator, denominator=denominator,
            )  # fmt: skip
        rows = Measurement.objects.filter(indicator=indicator)
        in_sql = set(rows.filter(usable_q()).values_list("period", flat=True))
        assert in_sql == {m.period for m in rows if not below_threshold(m, unit, 5)}
        kept[unit] = in_sql
    assert kept == {"percent": {"2000", "2002"}, "score": {"2000", "2001", "2002", "2004", "2006"}}


def test_secondary_suppression_hides_the_plan_figure_of_a_period_with_a_suppressed_area() -> None:
    ind = _indicator()
    plan_2024 = Measurement(pk=1, indicator_id=1, series="plan", period="2024", value=D(10), n=400)
    plan_2025 = Measurement(pk=2, indicator_id=1, series="plan", period="2025", value=D(11), n=400)
    areas = [
        Measurement(pk=3, indicator_id=1, series="area", area_id=7, period="2024", value=D(9), n=397),
        Measurement(pk=4, indicator_id=1, series="area", area_id=8, period="2024", value=D(50), n=3),
        Measurement(pk=5, indicator_id=1, series="area", area_id=7, period="2025", value=D(11), n=397),
        Measurement(pk=6, indicator_id=1, series="area", area_id=8, period="2025", value=D(12), n=30),
    ]
    assert hidden_totals([plan_2024, plan_2025, *areas], ind) == {1}
    status = indicator_status(_indicator(), [plan_2024, plan_2025, *areas])
    assert status.points == (("2025", D(11)),)  # 2024's plan figure is not used either


def _save(indicator: Indicator, mon: Monitoring, series: str, period: str, value: str, n: int) -> Measurement:
    area = {"nordparken": mon.nordparken, "skovhaven": mon.skovhaven}.get(series)
    return services.measurement_save(
        actor=None,
        indicator=indicator,
        series="area" if area else series,
        area=area,
        period=period,
        value=D(value),
        n=n,
    )


def test_no_output_shows_a_plan_figure_that_would_give_a_suppressed_area_away(cast: Cast, mon: Monitoring) -> None:
    for series, value, n in (("plan", "12.3456", 400), ("nordparken", "10.5", 397), ("skovhaven", "88.8", 3)):
        _save(mon.ledighed, mon, series, "2024", value, n)
    _save(mon.ledighed, mon, "plan", "2023", "13.1", 390)
    client = cast.client("viewer")
    values = client.get(f"/api/v1/indicators/{mon.ledighed.pk}/measurements").json()
    plan = {v["period"]: v for v in values if v["series"] == "plan"}
    assert plan["2024"]["suppressed"] and plan["2024"]["value"] is None and plan["2024"]["n"] is None
    assert plan["2023"]["value"] == 13.1
    page = client.get(f"/plans/{cast.plan.pk}/indicators/{mon.ledighed.pk}/").content.decode()
    export = client.get(f"/plans/{cast.plan.pk}/indicators/{mon.ledighed.pk}/?format=csv").content.decode()
    for text in (page, export):
        assert "12,3" not in text and "12.3" not in text and "88,8" not in text
    assert "ledighed;plan;2024;<5;;;;" in export
    status = plan_indicator_statuses(cast.plan)[mon.ledighed.pk]  # the SQL path
    assert status.latest_period == "2023" and status.latest_value == D("13.1")
    # The plan's 2024 figure was recorded in the change log before Skovhaven's was saved: it is masked since.
    records = " ".join(str(e.changes) for e in AuditEvent.objects.filter(object_type="monitoring.measurement"))
    log = cast.client("secretariat").get(f"/plans/{cast.plan.pk}/log/").content.decode()
    for text in (records, log):
        assert "12.3456" not in text and "12,3456" not in text and "88.8" not in text and "88,8" not in text
    assert "'13.1'" in records  # the shown figure of 2023 is still in the log


def test_the_change_log_of_a_plan_figure_saved_after_the_suppressed_area_is_masked_too(
    cast: Cast, mon: Monitoring
) -> None:
    _save(mon.ledighed, mon, "skovhaven", "2024", "88.8", 3)
    _save(mon.ledighed, mon, "nordparken", "2024", "10.5", 397)
    _save(mon.ledighed, mon, "plan", "2024", "12.3456", 400)
    _save(mon.ledighed, mon, "plan", "2024", "12.5", 400)  # and changed: both sides masked
    records = [e.changes for e in AuditEvent.objects.filter(object_type="monitoring.measurement")]
    assert "12.3456" not in str(records) and "12.5000" not in str(records) and "'10.5'" in str(records)
    imported = "indikator;område;periode;værdi;n\nledighed;plan;2022;14,25;300\nledighed;skovhaven;2022;1;2\n"
    assert import_measurements(actor=None, plan=cast.plan, data=imported.encode()).ok
    _save(mon.ledighed, mon, "plan", "2022", "14.75", 300)  # a change of the imported figure, recorded
    assert "14.7500" not in str([e.changes for e in AuditEvent.objects.filter(object_type="monitoring.measurement")])


def test_measurements_carry_their_numerator_and_denominator_through_the_api(cast: Cast, mon: Monitoring) -> None:
    url = f"/api/v1/indicators/{mon.ledighed.pk}/measurements"
    client = cast.client("secretariat")
    body = {"series": "area", "area": "nordparken", "period": "2025", "value": 2.5, "numerator": 10, "denominator": 400}
    saved = client.post(url, body, content_type="application/json").json()
    assert (saved["value"], saved["numerator"], saved["denominator"]) == (2.5, 10.0, 400.0)
    small = {**body, "area": "skovhaven", "value": 0.75, "numerator": 3}
    shown = client.post(url, small, content_type="application/json").json()
    assert shown["suppressed"] and shown["value"] is None and shown["numerator"] is None
    assert shown["denominator"] is None
    bad = client.post(url, {**body, "denominator": 0}, content_type="application/json")
    assert bad.status_code == 422 and "denominator" in bad.content.decode()
    assert Measurement.objects.get(area=mon.nordparken, period="2025").denominator == D(400)
    log = " ".join(str(e.changes) for e in AuditEvent.objects.filter(object_type="monitoring.measurement"))
    assert "'numerator': None" in log and "0.7500" not in log  # the suppressed row's figures are not in the log


def test_the_import_reads_numerator_and_denominator_columns_all_or_nothing(cast: Cast, mon: Monitoring) -> None:
    good = "indikator;område;periode;værdi;tæller;nævner\nledighed;nordparken;2024;2,5;10;400\n"
    result = import_measurements(actor=None, plan=cast.plan, data=good.encode())
    assert result.ok and result.new == 1
    stored = Measurement.objects.get(indicator=mon.ledighed, area=mon.nordparken, period="2024")
    assert (stored.numerator, stored.denominator) == (D(10), D(400))
    source = "indicator;area;period;value;numerator;denominator\nledighed;skovhaven;2024;1,2;<5;250\n"
    assert import_measurements(actor=None, plan=cast.plan, data=source.encode()).ok
    assert Measurement.objects.get(indicator=mon.ledighed, area=mon.skovhaven, period="2024").suppressed
    bad = (
        "indikator;område;periode;værdi;tæller;nævner\n"
        "ledighed;nordparken;2025;2,5;-1;400\n"
        "ledighed;skovhaven;2025;2,5;10;0\n"
        "ledighed;plan;2025;2,5;ti;400\n"
    )
    refused = import_measurements(actor=None, plan=cast.plan, data=bad.encode())
    assert not refused.ok
    assert [(e.row, e.column) for e in refused.errors] == [(2, "tæller"), (3, "nævner"), (4, "tæller")]
    assert "negativ" in refused.errors[0].message and "større end 0" in refused.errors[1].message
    assert not Measurement.objects.filter(period="2025").exists()


def test_the_indicator_page_says_how_the_plan_figure_was_made(cast: Cast, mon: Monitoring) -> None:
    url = f"/plans/{cast.plan.pk}/indicators/{mon.ledighed.pk}/"
    for area, numerator in ((mon.nordparken, "30"), (mon.skovhaven, "10")):
        services.measurement_save(
            actor=None, indicator=mon.ledighed, series="area", area=area, period="2024", value=D(numerator),
            numerator=D(numerator), denominator=D(100),
        )  # fmt: skip
    page = cast.client("viewer").get(url).content.decode()
    assert "deres tællere lagt sammen over deres nævnere lagt sammen" in page
    assert "Helhedsplanens tal er et skøn" not in page
    Measurement.objects.filter(area=mon.skovhaven).update(numerator=None, denominator=None)
    page = cast.client("viewer").get(url).content.decode()
    assert "Helhedsplanens tal er et skøn ud fra boligområderne" in page
