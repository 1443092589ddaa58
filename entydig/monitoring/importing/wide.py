"""The wide layout, as people download it: one row per area, one column per period.

    område;2022;2023;2024            indikator;område;2023;2024
    nordparken;41,2;40,8;39,9        ledighed;nordparken;12,1;11,4
    skovhaven;38,0;<5;37,1           ledighed;skovhaven;9,8;9,2

The indicator is named in an `indikator` column or chosen on import; a column whose heading is a period
(`2024`, `2024H1`, `2024K3`, `2024-05`) holds that period's values; other columns (an area's name, the housing
organisation) are left alone. Each filled cell becomes one row of the long layout, with the file's own row
number, and goes through the same checks (rows.py): all or nothing, a message per bad cell. An empty cell is a
period without a figure and is left out; `..` says "not available" as in the long layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from entydig.core.importing.cells import BadCell, text
from entydig.core.importing.read import ImportRejected, Row, Table
from entydig.core.periods import parse_period
from entydig.monitoring.importing.rows import COLUMN_LABELS, HEADERS

LONG_HEADER = [COLUMN_LABELS[key] for key in ("indicator", "area", "period", "value")]


def _name(cell: Any) -> str:
    return "" if isinstance(cell, BadCell) else " ".join(text(cell).lstrip("\ufeff").lower().split())


def _period(cell: Any) -> str | None:
    """The canonical period a heading names, None when it names none."""
    name = _name(cell)
    if not name or not name[:4].isdigit():
        return None
    try:
        return parse_period(name).canonical
    except ValidationError:
        return None


def as_long(table: Table, indicator: str = "") -> Table:
    """The table in the long layout: unchanged when it is long already (or has no recognisable layout, which
    rows.py then reports); else its cells, one row each. `indicator` is the code chosen on import."""
    rows = table.rows
    try:
        first = next(rows)
    except StopIteration as error:
        raise ImportRejected(_("Filen er tom")) from error
    number, header = first
    names = [_name(cell) for cell in header]
    periods = {index: period for index, cell in enumerate(header) if (period := _period(cell)) is not None}
    areas = [i for i, name in enumerate(names) if name in HEADERS["area"]]
    indicators = [i for i, name in enumerate(names) if name in HEADERS["indicator"]]
    if any(name in HEADERS["value"] for name in names) or not periods or number != 1 or len(areas) != 1:
        return Table(_chain(first, rows), table.convention)
    if indicators and indicator:
        raise ImportRejected(_("Filen har selv en kolonne »indikator«; vælg ikke også en indikator ved importen"))
    if not indicators and not indicator:
        raise ImportRejected(
            _(
                "Filen har én kolonne pr. periode, men ingen kolonne »indikator«: vælg indikatoren ved importen, "
                "eller tilføj kolonnen"
            )
        )
    return Table(_cells(rows, periods, areas[0], indicators[0] if indicators else None, indicator), table.convention)


def _chain(first: Row, rest: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rest


def _cells(
    rows: Iterator[Row],
    periods: dict[int, str],
    area: int,
    indicator_column: int | None,
    indicator: str,
) -> Iterator[Row]:
    yield 1, list(LONG_HEADER)
    for number, row in rows:
        padded = [*row, *([None] * (max(periods) + 1 - len(row)))]
        code = padded[indicator_column] if indicator_column is not None else indicator
        for index, period in periods.items():
            cell = padded[index]
            if cell is None or (not isinstance(cell, BadCell) and text(cell) == ""):
                continue  # no figure for the period
            yield number, [code, padded[area], period, cell]
