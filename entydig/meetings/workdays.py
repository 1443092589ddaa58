"""Danish working days and the agenda dispatch deadline; pure functions, no database.

The deadline for a meeting is the latest working day D such that the working days from D up to and including the
day before the meeting number exactly N. Working days are Monday-Friday except Danish public holidays (from the
`holidays` package, which knows that Store Bededag was abolished from 2024) and the organisation's extra days off
(by default Grundlovsdag, 24 December and 31 December).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

DEFAULT_DISPATCH_DAYS = 10
WARNING_WINDOW_DAYS = 14
DEFAULT_MATERIAL_DAYS = 3


@dataclass(frozen=True)
class WorkdayRules:
    """Which extra days, besides weekends and public holidays, are not working days."""

    constitution_day: bool = True  # Grundlovsdag, 5 June
    christmas_eve: bool = True  # 24 December
    new_years_eve: bool = True  # 31 December


DEFAULT_RULES = WorkdayRules()


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("DK", years=year).keys())


def is_working_day(day: dt.date, rules: WorkdayRules = DEFAULT_RULES) -> bool:
    if day.weekday() >= 5 or day in _public_holidays(day.year):
        return False
    if rules.constitution_day and (day.month, day.day) == (6, 5):
        return False
    if rules.christmas_eve and (day.month, day.day) == (12, 24):
        return False
    return not (rules.new_years_eve and (day.month, day.day) == (12, 31))


def dispatch_deadline(meeting_date: dt.date, working_days: int, rules: WorkdayRules = DEFAULT_RULES) -> dt.date:
    """The latest working day D with exactly `working_days` working days from D through the day before the meeting."""
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    day = meeting_date
    counted = 0
    while counted < working_days:
        day -= dt.timedelta(days=1)
        if is_working_day(day, rules):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, rules: WorkdayRules = DEFAULT_RULES) -> int:
    """Working days in [start, end); negative when end lies before start (days overdue)."""
    if end < start:
        return -working_days_between(end, start, rules)
    count = 0
    day = start
    while day < end:
        if is_working_day(day, rules):
            count += 1
        day += dt.timedelta(days=1)
    return count


def working_days_left(today: dt.date, deadline: dt.date, rules: WorkdayRules = DEFAULT_RULES) -> int:
    """Working days after today up to and including the deadline: 0 on the deadline itself, 1 on the working day
    before it; negative (the working days overdue) once it has passed."""
    one = dt.timedelta(days=1)
    if today <= deadline:
        return working_days_between(today + one, deadline + one, rules)
    return -working_days_between(deadline + one, today + one, rules)


def add_working_days(day: dt.date, n: int, rules: WorkdayRules = DEFAULT_RULES) -> dt.date:
    """The n-th working day before (n < 0) or after (n > 0) `day`."""
    step = dt.timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day, rules):
            remaining -= 1
    return day
