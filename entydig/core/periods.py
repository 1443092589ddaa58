"""Measurement periods: `2024`, `2024H1`, `2024Q3`, `2024-05` parsed into a canonical form, a start date and a time.

The time used for trends is the middle of the period as a decimal year (2024 → 2024.5, 2024H1 → 2024.25,
2024Q3 → 2024.625, 2024-05 → 2024.375), so series of different frequencies line up on one axis.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from entydig.core.dates import FIRST_YEAR, LAST_YEAR

YEAR = "year"
HALF_YEAR = "half_year"
QUARTER = "quarter"
MONTH = "month"


_YEAR_RE = re.compile(r"^(\d{4})$")
_HALF_RE = re.compile(r"^(\d{4})\s*[-/ ]?\s*H\s*([12])$")
_HALF_FIRST_RE = re.compile(r"^H\s*([12])\s*[-/ ]?\s*(\d{4})$")
_QUARTER_RE = re.compile(r"^(\d{4})\s*[-/ ]?\s*[QK]\s*([1-4])$")
_QUARTER_FIRST_RE = re.compile(r"^[QK]\s*([1-4])\s*[-/ ]?\s*(\d{4})$")
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$")
_MONTH_LAST_RE = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{4})$")

MONTH_NAMES = [
    _("januar"),
    _("februar"),
    _("marts"),
    _("april"),
    _("maj"),
    _("juni"),
    _("juli"),
    _("august"),
    _("september"),
    _("oktober"),
    _("november"),
    _("december"),
]


@dataclass(frozen=True, order=True)
class Period:
    """A parsed period; ordering follows the start date, then the length (a year before its first half)."""

    start: dt.date
    kind_order: int
    canonical: str
    kind: str

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def months(self) -> int:
        return {YEAR: 12, HALF_YEAR: 6, QUARTER: 3, MONTH: 1}[self.kind]

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        month = self.start.month - 1 + self.months
        return dt.date(self.start.year + month // 12, month % 12 + 1, 1)

    @property
    def middle(self) -> dt.date:
        return self.start + (self.end - self.start) / 2

    @property
    def time(self) -> float:
        """The middle of the period as a decimal year, used as x in trend lines."""
        return self.start.year + (self.start.month - 1 + self.months / 2) / 12

    @property
    def label(self) -> str:
        """A human label: `2024`, `1. halvår 2024`, `3. kvartal 2024`, `maj 2024`."""
        if self.kind == YEAR:
            return self.canonical
        if self.kind == HALF_YEAR:
            return str(_("%(n)s. halvår %(year)s") % {"n": self.canonical[-1], "year": self.year})
        if self.kind == QUARTER:
            return str(_("%(n)s. kvartal %(year)s") % {"n": self.canonical[-1], "year": self.year})
        return f"{MONTH_NAMES[self.start.month - 1]} {self.year}"

    def __str__(self) -> str:
        return self.canonical


def _year(text: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Året %(year)s ligger uden for %(min)s-%(max)s"),
            code="year_out_of_range",
            params={"year": year, "min": FIRST_YEAR, "max": LAST_YEAR},
        )
    return year


def _make(year: int, kind: str, number: int = 1) -> Period:
    if kind == YEAR:
        return Period(dt.date(year, 1, 1), 0, str(year), YEAR)
    if kind == HALF_YEAR:
        return Period(dt.date(year, 1 + (number - 1) * 6, 1), 1, f"{year}H{number}", HALF_YEAR)
    if kind == QUARTER:
        return Period(dt.date(year, 1 + (number - 1) * 3, 1), 2, f"{year}Q{number}", QUARTER)
    return Period(dt.date(year, number, 1), 3, f"{year}-{number:02d}", MONTH)


def parse_period(value: Any) -> Period:
    """Parses `2024`, `2024H1`, ... (see `_parse_period`); repeated periods come from a cache."""
    if isinstance(value, (str, int)):
        return _parse_cached(value)
    return _parse_period(value)


@functools.lru_cache(maxsize=4096)
def _parse_cached(value: str | int) -> Period:
    return _parse_period(value)


def _parse_period(value: Any) -> Period:
    """Parses `2024`, `2024H1`, `2024Q3` (or `2024K3`), `2024-05` and a few common variants.

    Raises a ValidationError with a Danish / English message for anything else.
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _make(_year(str(value.year)), MONTH, value.month)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip().upper()
    if not text:
        raise ValidationError(_("Perioden mangler"), code="period_missing")
    if m := _YEAR_RE.match(text):
        return _make(_year(m[1]), YEAR)
    if m := _HALF_RE.match(text):
        return _make(_year(m[1]), HALF_YEAR, int(m[2]))
    if m := _HALF_FIRST_RE.match(text):
        return _make(_year(m[2]), HALF_YEAR, int(m[1]))
    if m := _QUARTER_RE.match(text):
        return _make(_year(m[1]), QUARTER, int(m[2]))
    if m := _QUARTER_FIRST_RE.match(text):
        return _make(_year(m[2]), QUARTER, int(m[1]))
    month_match = _MONTH_RE.match(text)
    year_text, month_text = (month_match[1], month_match[2]) if month_match else (None, None)
    if month_match is None and (m := _MONTH_LAST_RE.match(text)):
        year_text, month_text = m[2], m[1]
    if year_text is not None and month_text is not None:
        month = int(month_text)
        if not 1 <= month <= 12:
            raise ValidationError(_("Måneden %(month)s findes ikke"), code="bad_month", params={"month": month})
        return _make(_year(year_text), MONTH, month)
    raise ValidationError(
        _("»%(value)s« er ikke en periode; skriv fx 2024, 2024H1, 2024Q3 eller 2024-05"),
        code="bad_period",
        params={"value": str(value)[:40]},
    )


def normalize_period(value: Any) -> str:
    return parse_period(value).canonical


def period_time(value: Any) -> float:
    return parse_period(value).time


def validate_period(value: Any) -> None:
    """A model/form field validator."""
    parse_period(value)
