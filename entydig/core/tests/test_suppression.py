"""The one rule for what may leave the database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.core.suppression import (
    is_suppressed,
    is_usable,
    public_measurement_dict,
    shown_count,
    shown_measurement,
    shown_n,
    shown_value,
    usable_q,
    usable_sql,
)
from entydig.monitoring.models import Indicator, Measurement


def test_it_suppresses_values_counted_on_fewer_people_than_the_threshold() -> None:
    assert is_suppressed(4, 5) and not is_suppressed(5, 5) and not is_suppressed(None, 5)
    assert is_suppressed(9, 10) and not is_suppressed(4, 3)
    assert shown_value(Decimal("12.5"), 3, 5).value is None
    assert shown_value(Decimal("12.5"), 3, 5).short_text == "<5"
    assert shown_value(Decimal("12.5"), 30, 5).value == Decimal("12.5")
    assert shown_value(None, None, 5).missing


def test_it_hides_a_value_suppressed_at_the_source_and_its_n() -> None:
    indicator = Indicator(pk=1, suppression_threshold=10)
    source = Measurement(indicator_id=1, value=None, suppressed=True)
    small = Measurement(indicator_id=1, value=Decimal("31.7"), n=7)
    large = Measurement(indicator_id=1, value=Decimal("31.7"), n=70)
    assert shown_measurement(source, indicator).suppressed
    assert shown_measurement(small, indicator).short_text == "<10"
    assert shown_n(small, indicator) is None and shown_n(large, indicator) == 70
    hidden = {"value": None, "suppressed": True, "n": None, "numerator": None, "denominator": None}
    assert public_measurement_dict(small, indicator) == hidden
    shown = public_measurement_dict(large, indicator)
    assert shown == {**hidden, "value": Decimal("31.7"), "suppressed": False, "n": 70}


def test_it_takes_the_threshold_from_the_settings_and_lets_an_indicator_have_its_own(settings: Settings) -> None:
    settings.SUPPRESSION_THRESHOLD = 10
    assert is_suppressed(9) and not is_suppressed(10)
    assert Indicator().suppression_threshold == 10  # a new indicator starts from the setting
    assert not is_suppressed(9, 8)


def test_it_treats_a_count_of_people_as_its_own_n() -> None:
    assert shown_count(Decimal(3), counts_people=True).short_text == "<5"
    assert shown_count(Decimal(0), counts_people=True).suppressed  # the same rule: fewer than five
    assert shown_count(Decimal(5), counts_people=True).value == Decimal(5)
    assert shown_count(Decimal(2), counts_people=False).value == Decimal(2)  # sessions held are not people
    assert shown_count(None, counts_people=True).missing


@pytest.mark.django_db
def test_it_selects_in_sql_exactly_the_values_it_would_show(cast: Cast) -> None:
    indicator = Indicator.objects.create(plan=cast.plan, code="x", name="X", suppression_threshold=6)
    cases = [(Decimal("1.5"), None, False), (Decimal(2), 5, False), (Decimal(3), 6, False), (None, 50, False)]
    cases += [(Decimal(4), 50, True), (Decimal(5), 0, False)]
    for k, (value, n, suppressed) in enumerate(cases):
        Measurement.objects.create(
            indicator=indicator, series="plan", period=str(2000 + k), period_start=f"{2000 + k}-01-01",
            value=value, n=n, suppressed=suppressed,
        )  # fmt: skip
    rows = Measurement.objects.filter(indicator=indicator)
    in_sql = set(rows.filter(usable_q()).values_list("period", flat=True))
    python = {m.period for m in rows if is_usable(m, indicator.unit, indicator.suppression_threshold)}
    assert in_sql == python == {"2000", "2002"}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.period FROM {Measurement._meta.db_table} m JOIN {Indicator._meta.db_table} i"  # noqa: S608
            f" ON i.id = m.indicator_id WHERE {usable_sql('m', 'i')}"
        )
        assert {period for (period,) in cursor.fetchall()} == in_sql
    assert {m.period for m in rows if not shown_measurement(m, indicator).suppressed and m.value is not None} == in_sql
