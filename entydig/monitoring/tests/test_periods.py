"""Parsing measurement periods."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from entydig.core.periods import parse_period


@pytest.mark.parametrize(
    ("text", "canonical", "start", "time"),
    [
        ("2024", "2024", dt.date(2024, 1, 1), 2024.5),
        (" 2024h1 ", "2024H1", dt.date(2024, 1, 1), 2024.25),
        ("2024 H2", "2024H2", dt.date(2024, 7, 1), 2024.75),
        ("2024Q3", "2024Q3", dt.date(2024, 7, 1), 2024.625),
        ("2024K4", "2024Q4", dt.date(2024, 10, 1), 2024.875),
        ("Q1 2024", "2024Q1", dt.date(2024, 1, 1), 2024.125),
        ("2024-05", "2024-05", dt.date(2024, 5, 1), 2024 + 4.5 / 12),
        ("2024-5", "2024-05", dt.date(2024, 5, 1), 2024 + 4.5 / 12),
        ("05-2024", "2024-05", dt.date(2024, 5, 1), 2024 + 4.5 / 12),
        (2024, "2024", dt.date(2024, 1, 1), 2024.5),
        (2024.0, "2024", dt.date(2024, 1, 1), 2024.5),
        (dt.datetime(2024, 3, 1), "2024-03", dt.date(2024, 3, 1), 2024 + 2.5 / 12),
    ],
)
def test_it_parses_the_period_forms(text: object, canonical: str, start: dt.date, time: float) -> None:
    period = parse_period(text)
    assert period.canonical == canonical
    assert period.start == start
    assert period.time == pytest.approx(time)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Perioden mangler"),
        ("2024-13", "Måneden 13 findes ikke"),
        ("2024H3", "er ikke en periode"),
        ("1850", "uden for"),
        ("sidste år", "skriv fx 2024, 2024H1, 2024Q3 eller 2024-05"),
    ],
)
def test_it_refuses_bad_periods_with_a_danish_message(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_period(text)
    assert message in " ".join(error.value.messages)


def test_it_orders_periods_and_labels_them_in_danish() -> None:
    periods = sorted(parse_period(p) for p in ["2024-02", "2024H1", "2023", "2024", "2024Q1"])
    assert [p.canonical for p in periods] == ["2023", "2024", "2024H1", "2024Q1", "2024-02"]
    assert parse_period("2024H1").label == "1. halvår 2024"
    assert parse_period("2024Q3").label == "3. kvartal 2024"
    assert parse_period("2024-05").label == "maj 2024"


def test_it_knows_the_end_and_middle_of_a_period() -> None:
    assert parse_period("2024Q4").end == dt.date(2025, 1, 1)
    assert parse_period("2024").middle == dt.date(2024, 7, 2)
    assert parse_period("2024-02").middle == dt.date(2024, 2, 15)
