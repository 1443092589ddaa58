"""The rows of a measurement file: its columns, and every row checked and turned into a `MeasurementRow`.

Columns (English or Danish header, any case): indicator/indikator, area/område, period/periode, value/værdi,
and optionally n, numerator/tæller, denominator/nævner, source/kilde, note. A numerator or denominator of `<5` is
a figure the source suppressed, and suppresses the row's value with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import UniqueConstraint
from django.utils.translation import gettext as _

from entydig.core.importing.cells import (
    BadCell,
    Number,
    RowError,
    RowErrors,
    cell_key,
    map_header,
    read_count,
    read_number,
    read_period,
    read_text,
    text,
)
from entydig.core.importing.read import ImportRejected, Table
from entydig.core.periods import Period
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.afdelinger import Afdeling, parse_afdeling, parse_afdelinger
from entydig.organisation.models import Area, Plan

HEADERS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indikator", "indikatorkode", "indicator code", "kode", "code"),
    "area": ("area", "område", "omraade", "omrade", "boligområde", "serie", "series"),
    "period": ("period", "periode"),
    "value": ("value", "værdi", "vaerdi", "vardi"),
    "n": ("n", "antal", "antal personer"),
    "numerator": ("numerator", "tæller", "taeller", "taller"),
    "denominator": ("denominator", "nævner", "naevner", "nasvner", "naevner i alt"),
    "source": ("source", "kilde"),
    "note": ("note", "bemærkning", "bemaerkning", "kommentar"),
}
REQUIRED = ("indicator", "area", "period", "value")
COLUMN_LABELS = {
    "indicator": "indikator",
    "area": "område",
    "period": "periode",
    "value": "værdi",
    "n": "n",
    "numerator": "tæller",
    "denominator": "nævner",
    "source": "kilde",
    "note": "note",
}
SERIES_ALIASES: dict[str, str] = {
    "plan": "plan",
    "helhedsplan": "plan",
    "hele planen": "plan",
    "national": "national",
    "landsplan": "national",
    "hele landet": "national",
    "landet": "national",
    "comparable": "comparable",
    "sammenlignelige": "comparable",
    "sammenlignelige områder": "comparable",
    "municipality": "municipality",
    "kommune": "municipality",
    "kommunen": "municipality",
}
# What reading a cell gave, remembered per distinct cell: a file repeats its codes, areas, periods and many of its
# numbers, and each is read once. The cap bounds the memory a file of all-distinct cells can take.
MEMO_LIMIT = 100_000


@dataclass(slots=True)
class MeasurementRow:
    """One valid row of the file: its number, and the measurement's values under the model's own field names.

    Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes building one four times
    dearer, and a large import builds a million.
    """

    number: int
    indicator_id: int
    series: str
    area_id: int | None
    period: str
    period_start: dt.date
    value: Decimal | None
    n: int | None
    numerator: Decimal | None
    denominator: Decimal | None
    suppressed: bool
    source_note: str  # "" also where the file has no source column (see ParsedFile.has_source)
    note: str
    afdeling: str = ""  # the afdeling of the area the row is about, added up to the area (afdelinger.py)


def _stored_fields() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The row's fields that are Measurement's (by attname), the ones among them that name a measurement (the
    fields of its unique constraints), and the others: the values an import may change."""
    attnames = {f.name: f.attname for f in Measurement._meta.concrete_fields}
    stored = tuple(f.name for f in dataclasses.fields(MeasurementRow) if f.name in attnames.values())
    unique = {
        attnames[name]
        for constraint in Measurement._meta.constraints
        if isinstance(constraint, UniqueConstraint)
        for name in constraint.fields
    }
    return stored, tuple(n for n in stored if n in unique), tuple(n for n in stored if n not in unique)


ROW_FIELDS, KEY_FIELDS, VALUE_FIELDS = _stored_fields()
NOTE_LENGTH = Measurement._meta.get_field("note").max_length or 0
SOURCE_LENGTH = Measurement._meta.get_field("source_note").max_length or 0


@dataclass
class ParsedFile:
    rows: list[MeasurementRow] = field(default_factory=list)
    count: int = 0  # rows with content, the refused ones included
    errors: RowErrors = field(default_factory=RowErrors)
    has_source: bool = False  # without a source column a stored source stays as it is
    has_note: bool = False  # without a note column a stored note stays, unless the row's value is missing
    indicators: dict[int, Indicator] = field(default_factory=dict)
    areas: dict[int, Area] = field(default_factory=dict)


def _read_indicator(cell: Any, indicators: dict[str, Indicator]) -> Indicator | str:
    if isinstance(cell, BadCell):
        return cell.message
    code = text(cell)
    indicator = indicators.get(code.lower())
    if indicator is not None:
        return indicator
    if code:
        return _("indikatoren »%(code)s« findes ikke i helhedsplanen") % {"code": code[:40]}
    return _("indikator mangler")


def _read_area(
    cell: Any, areas: dict[str, Area], afdelinger: list[tuple[Afdeling, int]]
) -> tuple[str, int | None, str] | str:
    """(series, area id, the afdeling's name or "") or the message."""
    if isinstance(cell, BadCell):
        return cell.message
    area_text = " ".join(text(cell).lower().split())
    series = SERIES_ALIASES.get(area_text)
    if series is not None:
        return series, None, ""
    area = areas.get(area_text)
    if area is not None:
        return "area", area.id, ""
    named = parse_afdeling(text(cell))
    found = [(a, area_id) for a, area_id in afdelinger if named is not None and named.matches(a)]
    if len(found) == 1:
        return "area", found[0][1], str(found[0][0])
    if found:
        return _("%(afdeling)s findes hos flere boligorganisationer i planen; skriv boligorganisationen foran") % {
            "afdeling": named
        }
    if area_text:
        return _(
            "»%(area)s« er hverken et boligområde eller en afdeling i planen eller plan, national, comparable, "
            "municipality"
        ) % {"area": area_text[:40]}
    return _("område mangler")


def _read_part(cell: Any, convention: str, *, positive: bool) -> Number | str:
    """A numerator (`positive` False: zero or more) or denominator (`positive`: more than zero), or the message."""
    number = read_number(cell, convention)
    if isinstance(number, str) or number.value is None:
        return number
    if number.value < 0 or (positive and number.value == 0):
        return _("skal være større end 0") if positive else _("må ikke være negativ")
    return number


def parse_rows(table: Table, plan: Plan) -> ParsedFile:
    """Reads and checks every row; the valid ones become MeasurementRows, the others errors in `errors`.

    Each distinct cell is read once and what it gave remembered, so the loop below does little more than
    dictionary look-ups for the typical file.
    """
    rows = table.rows
    try:
        number, header = next(rows)
    except StopIteration as error:
        raise ImportRejected(_("Filen er tom")) from error
    parsed = ParsedFile()
    columns, problems = map_header(header if number == 1 else [], HEADERS, REQUIRED, COLUMN_LABELS)
    for problem in problems:
        parsed.errors.add(RowError(1, "", problem))
    if problems:
        return parsed
    indicators = {i.code.lower(): i for i in Indicator.objects.filter(plan=plan)}
    areas = {a.code.lower(): a for a in Area.objects.filter(plan=plan)}
    parsed.indicators = {i.id: i for i in indicators.values()}
    parsed.areas = {a.id: a for a in areas.values()}
    afdelinger = [(a, area.id) for area in areas.values() for a in parse_afdelinger(area.afdelinger)[0]]
    is_text = table.convention != "xlsx"  # CSV cells are all strings: the cell is its own memo key
    width = max(columns.values()) + 1
    i_indicator, i_area, i_period, i_value = (columns[k] for k in REQUIRED)
    i_n, i_source, i_note = columns.get("n"), columns.get("source"), columns.get("note")
    parts = [(name, columns[name], name == "denominator") for name in ("numerator", "denominator") if name in columns]
    parsed.has_source, parsed.has_note = i_source is not None, i_note is not None
    indicator_memo: dict[Any, Indicator | str] = {}
    area_memo: dict[Any, tuple[str, int | None, str] | str] = {}
    period_memo: dict[Any, Period | str] = {}
    value_memo: dict[Any, Number | str] = {}
    n_memo: dict[Any, tuple[int | None, bool] | str] = {None: (None, False)}
    seen: dict[tuple[int, str, int | None, str, str], int] = {}
    label_indicator, label_area, label_period, label_value = (COLUMN_LABELS[k] for k in REQUIRED)
    convention = table.convention
    errors = parsed.errors
    valid = parsed.rows

    def memo(cache: dict[Any, Any], cell: Any, read: Callable[..., Any], *args: Any) -> Any:
        key = cell if is_text else cell_key(cell)
        found = cache.get(key)
        if found is None:
            found = read(cell, *args)
            if len(cache) < MEMO_LIMIT:
                cache[key] = found
        return found

    for number, row in rows:
        if is_text:
            if not "".join(row).strip():
                continue
        elif not any(row) or all(text(c) == "" for c in row):
            continue
        if len(row) < width:
            row = [*row, *([None] * (width - len(row)))]  # noqa: PLW2901 - the short row, filled out
        parsed.count += 1
        row_errors: list[RowError] | None = None

        cell = row[i_indicator]
        indicator = indicator_memo.get(cell) if is_text else None
        if indicator is None:
            indicator = memo(indicator_memo, cell, _read_indicator, indicators)
        if isinstance(indicator, str):
            row_errors = [RowError(number, label_indicator, indicator)]

        cell = row[i_area]
        place = area_memo.get(cell) if is_text else None
        if place is None:
            place = memo(area_memo, cell, _read_area, areas, afdelinger)
        if isinstance(place, str):
            row_errors = [*(row_errors or ()), RowError(number, label_area, place)]
            series, area_id, afdeling = "area", None, ""
        else:
            series, area_id, afdeling = place

        cell = row[i_period]
        period = period_memo.get(cell) if is_text else None
        if period is None:
            period = memo(period_memo, cell, read_period)
        if isinstance(period, str):
            row_errors = [*(row_errors or ()), RowError(number, label_period, period)]

        cell = row[i_value]
        number_read = value_memo.get(cell) if is_text else None
        if number_read is None:
            number_read = memo(value_memo, cell, read_number, convention)
        if isinstance(number_read, str):
            row_errors = [*(row_errors or ()), RowError(number, label_value, number_read)]
            value, suppressed, mark = None, False, None
        else:
            value, suppressed, mark = number_read.value, number_read.suppressed, number_read.mark

        n: int | None = None
        if i_n is not None:
            cell = row[i_n]
            read_n = n_memo.get(cell) if is_text else None
            if read_n is None:
                read_n = memo(n_memo, cell, read_count, convention)
            if isinstance(read_n, str):
                row_errors = [*(row_errors or ()), RowError(number, "n", read_n)]
            else:
                n, n_suppressed = read_n
                suppressed = suppressed or n_suppressed

        counted: dict[str, Decimal | None] = {"numerator": None, "denominator": None}
        for name, index, positive in parts:
            part = _read_part(row[index], convention, positive=positive)
            if isinstance(part, str):
                row_errors = [*(row_errors or ()), RowError(number, COLUMN_LABELS[name], part)]
            else:
                counted[name] = part.value
                suppressed = suppressed or part.suppressed
        numerator, denominator = counted["numerator"], counted["denominator"]

        source = ""
        if i_source is not None:
            source_text = read_text(row[i_source], SOURCE_LENGTH)
            if isinstance(source_text, BadCell):
                row_errors = [*(row_errors or ()), RowError(number, COLUMN_LABELS["source"], source_text.message)]
            else:
                source = source_text
        note = ""
        if i_note is not None:
            note_text = read_text(row[i_note], NOTE_LENGTH)
            if isinstance(note_text, BadCell):
                row_errors = [*(row_errors or ()), RowError(number, COLUMN_LABELS["note"], note_text.message)]
            else:
                note = note_text
        if mark is not None:
            note = note or mark

        if row_errors is None:
            assert isinstance(indicator, Indicator) and isinstance(period, Period)  # noqa: S101 - no error above
            key = (indicator.id, series, area_id, period.canonical, afdeling)
            other = seen.get(key)
            seen[key] = number
            if other is None:
                if not errors.count:  # once the file is refused, only its errors matter
                    valid.append(
                        MeasurementRow(  # by position: a million of them are built per large import
                            number,
                            indicator.id,
                            series,
                            area_id,
                            period.canonical,
                            period.start,
                            value,
                            n,
                            numerator,
                            denominator,
                            suppressed,
                            source,
                            note,
                            afdeling,
                        )
                    )
                continue
            row_errors = [
                RowError(
                    number,
                    "",
                    _("samme indikator, område og periode står også i række %(other)s") % {"other": other},
                )
            ]
        for row_error in row_errors:
            errors.add(row_error)
    return parsed
