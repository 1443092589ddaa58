"""The one rule for what may leave the database."""

from __future__ import annotations

from decimal import Decimal

from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.suppression import (
    is_suppressed,
    public_measurement_dict,
    shown_measurement,
    shown_n,
    shown_value,
)


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
    assert public_measurement_dict(small, indicator) == {"value": None, "suppressed": True, "n": None}
    assert public_measurement_dict(large, indicator) == {"value": Decimal("31.7"), "suppressed": False, "n": 70}
