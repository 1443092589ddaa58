"""The dispatch deadline across Danish holidays 2023-2027."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entydig.meetings.workdays import (
    WorkdayRules,
    add_working_days,
    dispatch_deadline,
    is_working_day,
    working_days_between,
    working_days_left,
)

D = dt.date
EASTER_SUNDAY = {
    2023: D(2023, 4, 9),
    2024: D(2024, 3, 31),
    2025: D(2025, 4, 20),
    2026: D(2026, 4, 5),
    2027: D(2027, 3, 28),
}
NO_EXTRA_DAYS = WorkdayRules(constitution_day=False, christmas_eve=False, new_years_eve=False)


@pytest.mark.parametrize("year", sorted(EASTER_SUNDAY))
def test_it_knows_the_moving_and_fixed_holidays_of_each_year(year: int) -> None:
    easter = EASTER_SUNDAY[year]
    days_off = {
        "skærtorsdag": easter - dt.timedelta(days=3),
        "langfredag": easter - dt.timedelta(days=2),
        "2. påskedag": easter + dt.timedelta(days=1),
        "Kristi himmelfartsdag": easter + dt.timedelta(days=39),
        "2. pinsedag": easter + dt.timedelta(days=50),
        "nytårsdag": D(year, 1, 1),
        "juledag": D(year, 12, 25),
        "2. juledag": D(year, 12, 26),
        "juleaftensdag": D(year, 12, 24),
        "nytårsaftensdag": D(year, 12, 31),
        "grundlovsdag": D(year, 6, 5),
    }
    for name, day in days_off.items():
        assert not is_working_day(day), (name, day)
    # The Friday after Ascension is an ordinary working day (many take it off, but it is no holiday).
    assert is_working_day(easter + dt.timedelta(days=40))


def test_it_counts_store_bededag_in_2023_but_not_from_2024() -> None:
    assert not is_working_day(D(2023, 5, 5))
    assert dispatch_deadline(D(2023, 5, 8), 1) == D(2023, 5, 4)
    assert is_working_day(D(2024, 4, 26))  # the fourth Friday after Easter 2024
    assert dispatch_deadline(D(2024, 4, 29), 1) == D(2024, 4, 26)


@pytest.mark.parametrize(
    ("meeting", "n", "deadline"),
    [
        # A meeting on a Monday: the weekend before it does not count.
        (D(2026, 9, 14), 10, D(2026, 8, 31)),
        (D(2026, 9, 14), 1, D(2026, 9, 11)),
        # Easter 2023, 2024 and 2027: Maundy Thursday, Good Friday and Easter Monday are skipped.
        (D(2023, 4, 11), 3, D(2023, 4, 3)),
        (D(2024, 4, 8), 10, D(2024, 3, 20)),
        (D(2027, 3, 31), 10, D(2027, 3, 12)),
        # Ascension 2025 and both Ascension and Whit Monday 2024.
        (D(2025, 5, 30), 1, D(2025, 5, 28)),
        (D(2024, 5, 21), 10, D(2024, 5, 3)),
        # Whitsun 2026.
        (D(2026, 5, 26), 2, D(2026, 5, 21)),
        # Christmas and New Year 2025/26 and 2026/27.
        (D(2026, 1, 2), 5, D(2025, 12, 19)),
        (D(2027, 1, 4), 3, D(2026, 12, 28)),
        # Grundlovsdag 2025 (a Thursday).
        (D(2025, 6, 6), 1, D(2025, 6, 4)),
    ],
)
def test_it_finds_the_dispatch_deadline(meeting: dt.date, n: int, deadline: dt.date) -> None:
    assert dispatch_deadline(meeting, n) == deadline


def test_it_lets_an_organisation_work_on_the_extra_days_off() -> None:
    assert dispatch_deadline(D(2026, 1, 2), 5, NO_EXTRA_DAYS) == D(2025, 12, 23)
    assert dispatch_deadline(D(2025, 6, 6), 1, NO_EXTRA_DAYS) == D(2025, 6, 5)
    only_christmas_eve = WorkdayRules(constitution_day=False, christmas_eve=True, new_years_eve=False)
    assert is_working_day(D(2025, 12, 31), only_christmas_eve)
    assert not is_working_day(D(2025, 12, 24), only_christmas_eve)


def test_it_refuses_zero_working_days() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        dispatch_deadline(D(2026, 1, 2), 0)


def test_it_counts_working_days_left_until_the_deadline() -> None:
    deadline = D(2026, 12, 1)  # a Tuesday
    assert working_days_left(deadline, deadline) == 0
    assert working_days_left(D(2026, 11, 30), deadline) == 1
    assert working_days_left(D(2026, 11, 27), deadline) == 2  # Friday: Monday and Tuesday remain
    assert working_days_left(D(2026, 11, 28), deadline) == 2  # Saturday
    assert working_days_left(D(2026, 12, 2), deadline) == -1
    assert working_days_left(D(2026, 12, 7), deadline) == -4


def test_it_adds_working_days_in_both_directions() -> None:
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert add_working_days(D(2026, 12, 28), -3) == D(2026, 12, 21)
    assert working_days_between(D(2026, 12, 21), D(2026, 12, 28)) == 3


@given(
    meeting=st.dates(min_value=D(2023, 1, 15), max_value=D(2027, 12, 31)),
    n=st.integers(min_value=1, max_value=20),
    rules=st.builds(WorkdayRules, st.booleans(), st.booleans(), st.booleans()),
)
def test_it_meets_the_definition_for_any_meeting(meeting: dt.date, n: int, rules: WorkdayRules) -> None:
    deadline = dispatch_deadline(meeting, n, rules)
    assert is_working_day(deadline, rules)
    assert working_days_between(deadline, meeting, rules) == n
    # Any later working day would leave fewer than n.
    assert working_days_between(add_working_days(deadline, 1, rules), meeting, rules) == n - 1
