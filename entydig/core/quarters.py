"""Quarters as the reports name them (`2026Q3`): parsing, dates and neighbours."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.core.dates import FIRST_YEAR, LAST_YEAR

QUARTER_RE = re.compile(r"^(?P<year>[0-9]{4})Q(?P<q>[1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = QUARTER_RE.match((text or "").strip().upper())
        if not match:
            raise ValidationError(_("Kvartalet skal skrives som fx 2026Q3"), code="invalid_quarter")
        year = int(match["year"])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(
                _("Kvartalets år skal ligge fra %(first)s til %(last)s."),
                code="quarter_out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return cls(year, int(match["q"]))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> Quarter:
        return cls.of(timezone.localdate())

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return _("%(q)s. kvartal %(year)s") % {"q": self.q, "year": self.year}

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.q == 4 else Quarter(self.year, self.q + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    def back(self, n: int) -> list[Quarter]:
        """This quarter and the n-1 before it, oldest first."""
        out = [self]
        for _i in range(n - 1):
            out.insert(0, out[0].previous())
        return out


def validate_quarter(value: str) -> None:
    Quarter.parse(value)


def quarter_or_current(text: str | None) -> Quarter:
    return Quarter.parse(text) if text else Quarter.current()
