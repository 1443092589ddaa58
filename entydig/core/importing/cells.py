"""The rules for one cell of an imported file, for any import: numbers as Danish and English offices write them,
periods, marks for missing and suppressed values, and the header's column names.

Each `read_*` function returns what the cell holds or, for a cell that breaks the rule, the message (a str) to
show against its row. Nothing here knows what the file is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from entydig.core.periods import Period, parse_period

MAX_ERRORS_SHOWN = 200
FOUR_PLACES = Decimal("0.0001")
MAX_VALUE = Decimal("9999999999")
MAX_COUNT = 2_000_000_000
MISSING_MARKS = frozenset({"..", "-", "–", ".", ""})
_SUPPRESSED_RE = re.compile(r"^<\s*(\d+)$")
_SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN_RE = re.compile(r"^-?\d{1,9}(,\d+)?$")
_THOUSANDS_DOT_RE = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA_RE = re.compile(r"^[-+]?\d{1,3}(,\d{3}){2,}$")


@dataclass(frozen=True, slots=True)
class BadCell:
    """A cell the file holds but that cannot be read as what the file says it is; `message` tells why."""

    message: str


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Række %(row)s, kolonne %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Række %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class RowErrors:
    """A file's errors: all counted, the first MAX_ERRORS_SHOWN kept to show."""

    shown: list[RowError] = field(default_factory=list)
    count: int = 0

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self.shown) < MAX_ERRORS_SHOWN:
            self.shown.append(error)


@dataclass(frozen=True, slots=True)
class Number:
    """A number cell as read: the value, or none with whether the source suppressed it and the note that says so."""

    value: Decimal | None
    suppressed: bool = False
    mark: str | None = None  # the note for a value the source left out or suppressed


def text(cell: Any) -> str:
    """The cell as text; a whole float (as XLSX stores 2024) without its '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def cell_key(cell: Any) -> Any:
    """A cell's key for remembering what it was read as: the text itself, or type and repr for XLSX values
    (1, 1.0 and True stay apart)."""
    return cell if cell is None or type(cell) is str else (type(cell), repr(cell))


def parse_number(cell: Any, convention: str) -> Decimal:
    """A number as written in Danish or English files: `1.234,5`, `1 234`, `41,2`, `41.2`, `12 %`.

    `convention` is the file's delimiter (';' files use Danish conventions) or 'xlsx'. Raises ValueError.
    """
    if isinstance(cell, (bool, BadCell)):
        raise ValueError
    if isinstance(cell, (int, Decimal)):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    value = str(cell)
    if _PLAIN_RE.match(value):  # the common case: digits with at most a decimal comma
        return Decimal(value.replace(",", "."))
    value = _SPACES_RE.sub("", value).rstrip("%")
    if not value:
        raise ValueError
    if "," in value and "." in value:
        comma_last = value.rfind(",") > value.rfind(".")
        value = value.replace(".", "").replace(",", ".") if comma_last else value.replace(",", "")
    elif "," in value:
        value = value.replace(",", "") if _THOUSANDS_COMMA_RE.match(value) else value.replace(",", ".")
    elif "." in value and convention != "," and _THOUSANDS_DOT_RE.match(value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation as error:
        raise ValueError from error
    if not number.is_finite():
        raise ValueError
    return number


def read_number(cell: Any, convention: str) -> Number | str:
    """A value cell: a number (four decimal places), a mark for a missing value (`..`, `-`, empty) or a suppressed
    one (`<5`), or the message."""
    if isinstance(cell, BadCell):
        return cell.message
    value_text = text(cell)
    if value_text in MISSING_MARKS:
        mark = _("Ikke oplyst i kilden (%(mark)s)") % {"mark": value_text} if value_text else _("Ikke oplyst")
        return Number(None, False, mark)
    if m := _SUPPRESSED_RE.match(value_text):
        return Number(None, True, _("Diskretioneret i kilden (<%(limit)s)") % {"limit": m[1]})
    try:
        value = parse_number(cell, convention).quantize(FOUR_PLACES)
        if abs(value) > MAX_VALUE:
            raise ValueError
    except (ValueError, InvalidOperation):
        return _("»%(value)s« er ikke et tal (brug fx 41,2 eller <5, .. eller -)") % {"value": value_text[:40]}
    return Number(value)


def read_count(cell: Any, convention: str) -> tuple[int | None, bool] | str:
    """A whole, non-negative count, or none: (count, whether the source suppressed it), or the message."""
    if isinstance(cell, BadCell):
        return cell.message
    n_text = text(cell)
    if n_text and _SUPPRESSED_RE.match(n_text):
        return None, True
    if n_text in MISSING_MARKS:
        return None, False
    try:
        n_number = parse_number(cell, convention)
        if n_number < 0 or n_number != n_number.to_integral_value() or n_number > MAX_COUNT:
            raise ValueError
    except (ValueError, InvalidOperation):
        return _("»%(value)s« er ikke et helt, ikke-negativt antal") % {"value": n_text[:40]}
    return int(n_number), False


def read_period(cell: Any) -> Period | str:
    if isinstance(cell, BadCell):
        return cell.message
    try:
        return parse_period(cell)
    except ValidationError as error:
        return " ".join(error.messages)


def read_text(cell: Any, max_length: int) -> str | BadCell:
    """A free-text cell, whole: a text longer than the column holds is a BadCell (never cut short)."""
    if isinstance(cell, BadCell):
        return cell
    value = text(cell)
    if len(value) > max_length:
        return BadCell(
            _("teksten har %(length)s tegn; der er plads til %(max)s") % {"length": len(value), "max": max_length}
        )
    return value


def map_header(
    header: Sequence[Any],
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    labels: Mapping[str, str],
) -> tuple[dict[str, int], list[str]]:
    """Finds the columns by their names in the header (any case and spacing): {key: column index}, problems."""
    lookup = {alias: key for key, names in aliases.items() for alias in names}
    mapping: dict[str, int] = {}
    problems: list[str] = []
    for index, cell in enumerate(header):
        if isinstance(cell, BadCell):
            problems.append(
                _("overskriften i kolonne %(column)s kan ikke læses: %(message)s")
                % {"column": index + 1, "message": cell.message}
            )
            continue
        name = " ".join(text(cell).lstrip("\ufeff").lower().split())
        key = lookup.get(name)
        if key is None:
            continue
        if key in mapping:
            problems.append(_("kolonnen »%(name)s« findes to gange") % {"name": name})
        mapping[key] = index
    missing = [labels[k] for k in required if k not in mapping]
    if missing:
        problems.append(_("kolonnerne %(missing)s mangler i overskriftsrækken") % {"missing": ", ".join(missing)})
    return mapping, problems
