"""Import of measurements from CSV and XLSX files as Danish offices really write them; all or nothing.

Columns (English or Danish header, any case): indicator/indikator, area/område, period/periode, value/værdi,
and optionally n, source/kilde, note. The page, the API and `manage.py import_measurements` all call
`import_measurements`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.core.audit import audit_record
from entydig.core.models import AuditEvent
from entydig.monitoring.cache import bump
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.periods import Period, parse_period
from entydig.monitoring.suppression import shown_value
from entydig.organisation.models import Area, Plan

MAX_COLUMNS = 30
MAX_ERRORS_SHOWN = 200
PREVIEW_ROWS = 100
BATCH_SIZE = 2000
MAX_XLSX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_XLSX_RATIO = 150
MAX_VALUE = Decimal("9999999999")
FOUR_PLACES = Decimal("0.0001")

HEADERS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indikator", "indikatorkode", "indicator code", "kode", "code"),
    "area": ("area", "område", "omraade", "omrade", "boligområde", "serie", "series"),
    "period": ("period", "periode"),
    "value": ("value", "værdi", "vaerdi", "vardi"),
    "n": ("n", "antal", "antal personer"),
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
MISSING_MARKS = {"..": "..", "-": "-", "–": "-", ".": ".", "": ""}
_SUPPRESSED_RE = re.compile(r"^<\s*(\d+)$")
_SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN_RE = re.compile(r"^-?\d{1,9}(,\d+)?$")
_THOUSANDS_DOT_RE = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA_RE = re.compile(r"^[-+]?\d{1,3}(,\d{3}){2,}$")


def web_max_bytes() -> int:
    return int(getattr(settings, "MEASUREMENT_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def web_max_rows() -> int:
    return int(getattr(settings, "MEASUREMENT_IMPORT_MAX_ROWS", 200_000))


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class PreviewRow:
    change: str  # "new" or "changed"
    row: int
    indicator: str
    series: str
    period: str
    old_value: Decimal | None
    new_value: Decimal | None
    suppressed: bool
    old_text: str = ""  # formatted, with suppression applied
    new_text: str = ""
    fields: tuple[str, ...] = ()  # what changes, in Danish column names


@dataclass
class ImportResult:
    dry_run: bool
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    preview: list[PreviewRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)

    def summary(self) -> str:
        if not self.ok:
            return _("Filen blev afvist: %(count)s fejl; intet er gemt / file rejected, nothing stored") % {
                "count": self.error_count
            }
        text = _("%(rows)s rækker: %(new)s nye, %(changed)s ændrede, %(unchanged)s uændrede") % {
            "rows": self.rows,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }
        return text + (" " + _("(prøvekørsel, intet gemt)") if self.dry_run else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "ok": self.ok,
            "rows": self.rows,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "summary": self.summary(),
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
            "error_count": self.error_count,
        }


class ImportRejected(Exception):
    """The whole file is unreadable (wrong type, too big, no header); carries one message."""


# Reading -------------------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 file by its own mark: a broken byte becomes U+FFFD, not a 500
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(data: bytes, max_rows: int) -> tuple[Iterator[list[Any]], str]:
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[list[Any]]:
        try:
            for count, row in enumerate(reader):
                if count > max_rows:
                    raise ImportRejected(
                        _("Filen har mere end %(max)s rækker / too many rows")
                        % {"max": f"{max_rows:,}".replace(",", ".")}
                    )
                yield row[:MAX_COLUMNS]
        except csv.Error as error:
            # An over-long cell or a broken quote: the csv module gives up on the file.
            raise ImportRejected(
                _(
                    "CSV-filen kan ikke læses: en celle er for lang eller filen er beskadiget / the CSV file cannot be read"  # noqa: E501
                )
            ) from error

    return rows(), delimiter


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ImportRejected(_("XLSX-filen kan ikke læses / the XLSX file cannot be read")) from error
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_XLSX_UNCOMPRESSED or (info.file_size > 1024 * 1024 and ratio > MAX_XLSX_RATIO):
            raise ImportRejected(
                _("XLSX-filen pakker ud til for meget data og afvises / the XLSX file expands too much")
            )


def _xlsx_rows(data: bytes, max_rows: int) -> Iterator[list[Any]]:
    import openpyxl

    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise ImportRejected(_("XLSX-filen kan ikke læses / the XLSX file cannot be read")) from error
    try:
        sheet = workbook.worksheets[0]
        for count, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)):
            if count > max_rows:
                raise ImportRejected(
                    _("Filen har mere end %(max)s rækker / too many rows") % {"max": f"{max_rows:,}".replace(",", ".")}
                )
            yield list(row)
    finally:
        workbook.close()


def read_rows(data: bytes, max_rows: int) -> tuple[Iterator[list[Any]], str]:
    """The file's rows (header first) and the number convention: ';' files use Danish conventions."""
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data, max_rows), "xlsx"
    if b"\x00" in data:  # anywhere: text columns cannot hold NUL (PostgreSQL refuses it mid-import)
        raise ImportRejected(_("Filen er hverken CSV eller XLSX / the file is neither CSV nor XLSX"))
    return _csv_rows(data, max_rows)


# Parsing cells -------------------------------------------------------------------------------------------------


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_number(cell: Any, convention: str) -> Decimal:
    """A number as written in Danish or English files: `1.234,5`, `1 234`, `41,2`, `41.2`, `12 %`."""
    if isinstance(cell, bool):
        raise ValueError
    if isinstance(cell, (int, Decimal)):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    text = str(cell)
    if _PLAIN_RE.match(text):  # the common case: digits with at most a decimal comma
        return Decimal(text.replace(",", "."))
    text = _SPACES_RE.sub("", text).rstrip("%")
    if not text:
        raise ValueError
    if "," in text and "." in text:
        comma_last = text.rfind(",") > text.rfind(".")
        text = text.replace(".", "").replace(",", ".") if comma_last else text.replace(",", "")
    elif "," in text:
        text = text.replace(",", "") if _THOUSANDS_COMMA_RE.match(text) else text.replace(",", ".")
    elif "." in text and convention != "," and _THOUSANDS_DOT_RE.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError from error
    if not number.is_finite():
        raise ValueError
    return number


def _header_map(header: list[Any]) -> tuple[dict[str, int], list[str]]:
    lookup = {alias: key for key, aliases in HEADERS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    problems: list[str] = []
    for index, cell in enumerate(header):
        name = " ".join(_text(cell).lstrip("\ufeff").lower().split())
        key = lookup.get(name)
        if key is None:
            continue
        if key in mapping:
            problems.append(_("kolonnen '%(name)s' findes to gange / duplicate column") % {"name": name})
        mapping[key] = index
    missing = [COLUMN_LABELS[k] for k in REQUIRED if k not in mapping]
    if missing:
        problems.append(
            _("kolonnerne %(missing)s mangler i overskriftsrækken / required columns missing from the header")
            % {"missing": ", ".join(missing)}
        )
    return mapping, problems


# The import ----------------------------------------------------------------------------------------------------

# One valid row: (row number, indicator, series, area, period, value, n, suppressed, source note, note).
# A plain tuple, not a dataclass: a million of them are built per large import.
_Row = tuple[int, Indicator, str, Area | None, Period, Decimal | None, int | None, bool, str | None, str | None]
# Results of reading one cell, remembered per distinct cell text: a file repeats its codes, areas, periods and
# many of its numbers, and each is read once. The cap bounds the memory a file of all-distinct cells can take.
MEMO_LIMIT = 100_000


def _cell_key(cell: Any) -> Any:
    """The memo key of a cell: the text itself, or type and repr for XLSX values (1, 1.0 and True stay apart)."""
    return cell if cell is None or type(cell) is str else (type(cell), repr(cell))


def _read_indicator(cell: Any, indicators: dict[str, Indicator]) -> Indicator | str:
    code = _text(cell)
    indicator = indicators.get(code.lower())
    if indicator is not None:
        return indicator
    if code:
        return _("indikatoren '%(code)s' findes ikke i helhedsplanen / unknown indicator") % {"code": code[:40]}
    return _("indikator mangler / indicator missing")


def _read_area(cell: Any, areas: dict[str, Area]) -> tuple[str, Area | None] | str:
    area_text = " ".join(_text(cell).lower().split())
    series = SERIES_ALIASES.get(area_text)
    if series is not None:
        return series, None
    area = areas.get(area_text)
    if area is not None:
        return "area", area
    if area_text:
        return _(
            "'%(area)s' er hverken et boligområde i planen eller plan, national, comparable, municipality"
            " / unknown area"
        ) % {"area": area_text[:40]}
    return _("område mangler / area missing")


def _read_period(cell: Any) -> Period | str:
    try:
        return parse_period(cell)
    except ValidationError as error:
        return " ".join(error.messages)


def _read_value(cell: Any, convention: str) -> tuple[Decimal | None, bool, str | None] | str:
    """(value, suppressed, note for a missing or suppressed value) or the error message."""
    value_text = _text(cell)
    if value_text in MISSING_MARKS:
        mark = _("Ikke oplyst i kilden (%(mark)s)") % {"mark": value_text} if value_text else _("Ikke oplyst")
        return None, False, mark
    if m := _SUPPRESSED_RE.match(value_text):
        return None, True, _("Diskretioneret i kilden (<%(limit)s)") % {"limit": m[1]}
    try:
        value = parse_number(cell, convention).quantize(FOUR_PLACES)
        if abs(value) > MAX_VALUE:
            raise ValueError
    except (ValueError, InvalidOperation):
        return _("'%(value)s' er ikke et tal (brug fx 41,2 eller <5, .. eller -) / not a number") % {
            "value": value_text[:40]
        }
    return value, False, None


def _read_n(cell: Any, convention: str) -> tuple[int | None, bool] | str:
    """(n, suppressed) or the error message."""
    n_text = _text(cell)
    if n_text and _SUPPRESSED_RE.match(n_text):
        return None, True
    if not n_text or n_text in MISSING_MARKS:
        return None, False
    try:
        n_number = parse_number(cell, convention)
        if n_number < 0 or n_number != n_number.to_integral_value() or n_number > 2_000_000_000:
            raise ValueError
    except (ValueError, InvalidOperation):
        return _("'%(value)s' er ikke et helt, ikke-negativt antal / not a whole number") % {"value": n_text[:40]}
    return int(n_number), False


def _parse_rows(
    rows: Iterator[list[Any]], convention: str, plan: Plan, result: ImportResult
) -> tuple[list[_Row], bool]:
    """Parses and validates every row; returns the valid rows and whether a source column exists.

    Each distinct cell is read once by the `_read_*` functions above and its result remembered, so the loop
    below does little more than dictionary look-ups for the typical file.
    """
    try:
        header = next(rows)
    except StopIteration as error:
        raise ImportRejected(_("Filen er tom / the file is empty")) from error
    columns, problems = _header_map(header)
    for problem in problems:
        _add_error(result, RowError(1, "", problem))
    if problems:
        return [], False
    indicators = {i.code.lower(): i for i in Indicator.objects.filter(plan=plan)}
    areas = {a.code.lower(): a for a in Area.objects.filter(plan=plan)}
    is_text = convention != "xlsx"  # CSV cells are all strings: the cell is its own memo key
    width = max(columns.values()) + 1
    i_indicator, i_area, i_period, i_value = (columns[k] for k in REQUIRED)
    i_n, i_source, i_note = columns.get("n"), columns.get("source"), columns.get("note")
    indicator_memo: dict[Any, Indicator | str] = {}
    area_memo: dict[Any, tuple[str, Area | None] | str] = {}
    period_memo: dict[Any, Period | str] = {}
    value_memo: dict[Any, tuple[Decimal | None, bool, str | None] | str] = {}
    n_memo: dict[Any, tuple[int | None, bool] | str] = {None: (None, False)}
    parsed: list[_Row] = []
    seen: dict[tuple[int, str, int | None, str], int] = {}
    label_indicator, label_area, label_period, label_value = (COLUMN_LABELS[k] for k in REQUIRED)

    def memo(cache: dict[Any, Any], cell: Any, read: Any, *args: Any) -> Any:
        key = cell if is_text else _cell_key(cell)
        found = cache.get(key)
        if found is None:
            found = read(cell, *args)
            if len(cache) < MEMO_LIMIT:
                cache[key] = found
        return found

    for number, row in enumerate(rows, start=2):
        if is_text:
            if not "".join(row).strip():
                continue
        elif not any(row) or all(_text(c) == "" for c in row):
            continue
        if len(row) < width:
            row = [*row, *([None] * (width - len(row)))]
        result.rows += 1
        errors: list[RowError] | None = None

        cell = row[i_indicator]
        indicator = indicator_memo.get(cell) if is_text else None
        if indicator is None:
            indicator = memo(indicator_memo, cell, _read_indicator, indicators)
        if isinstance(indicator, str):
            errors = [RowError(number, label_indicator, indicator)]

        cell = row[i_area]
        place = area_memo.get(cell) if is_text else None
        if place is None:
            place = memo(area_memo, cell, _read_area, areas)
        if isinstance(place, str):
            errors = [*(errors or ()), RowError(number, label_area, place)]
            series, area = "area", None
        else:
            series, area = place

        cell = row[i_period]
        period = period_memo.get(cell) if is_text else None
        if period is None:
            period = memo(period_memo, cell, _read_period)
        if isinstance(period, str):
            errors = [*(errors or ()), RowError(number, label_period, period)]

        note: str | None = _text(row[i_note])[:300] if i_note is not None else None
        cell = row[i_value]
        read_value = value_memo.get(cell) if is_text else None
        if read_value is None:
            read_value = memo(value_memo, cell, _read_value, convention)
        if isinstance(read_value, str):
            errors = [*(errors or ()), RowError(number, label_value, read_value)]
            value, suppressed = None, False
        else:
            value, suppressed, mark = read_value
            if mark is not None:
                note = note or mark

        n: int | None = None
        if i_n is not None:
            cell = row[i_n]
            read_n = n_memo.get(cell) if is_text else None
            if read_n is None:
                read_n = memo(n_memo, cell, _read_n, convention)
            if isinstance(read_n, str):
                errors = [*(errors or ()), RowError(number, "n", read_n)]
            else:
                n, n_suppressed = read_n
                suppressed = suppressed or n_suppressed

        if errors is None:
            assert isinstance(indicator, Indicator) and isinstance(period, Period)  # noqa: S101 - no error above
            key = (indicator.id, series, area.id if area is not None else None, period.canonical)
            other = seen.get(key)
            seen[key] = number
            if other is not None:
                errors = [
                    RowError(
                        number,
                        "",
                        _("samme indikator, område og periode står også i række %(other)s / duplicate of row %(other)s")
                        % {"other": other},
                    )
                ]
        if errors is not None:
            for row_error in errors:
                _add_error(result, row_error)
            continue
        if result.error_count:
            continue  # the file is refused: only its errors matter from here
        parsed.append(
            (
                number,
                indicator,  # type: ignore[arg-type]
                series,
                area,
                period,  # type: ignore[arg-type]
                value,
                n,
                suppressed,
                _text(row[i_source])[:300] if i_source is not None else None,
                note,
            )
        )
    return parsed, i_source is not None


def _add_error(result: ImportResult, error: RowError) -> None:
    result.error_count += 1
    if len(result.errors) < MAX_ERRORS_SHOWN:
        result.errors.append(error)


def import_measurements(
    *,
    actor: Any,
    plan: Plan,
    data: bytes | IO[bytes],
    filename: str = "",
    dry_run: bool = False,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> ImportResult:
    """Validates the whole file, then stores new and changed values in bulk, or nothing at all.

    Re-importing the same file changes nothing. A changed value replaces the stored one and is written to the
    audit log (one summary record per import plus one record per changed value).
    """
    max_bytes = web_max_bytes() if max_bytes is None else max_bytes
    max_rows = web_max_rows() if max_rows is None else max_rows
    if not isinstance(data, bytes):
        data = data.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportRejected(
            _("Filen er større end %(max)s MB / the file is too large") % {"max": max_bytes // (1024 * 1024)}
        )
    result = ImportResult(dry_run=dry_run)
    rows, convention = read_rows(data, max_rows)
    parsed, has_source = _parse_rows(rows, convention, plan, result)
    if not result.ok:
        return result

    fields = ("value", "n", "suppressed", "source_note", "note")
    existing: dict[tuple[int, str, int | None, str], tuple[Any, ...]] = {
        (row[1], row[2], row[3], row[4]): row
        for row in Measurement.objects.filter(indicator_id__in={p[1].id for p in parsed}).values_list(
            "id", "indicator_id", "series", "area_id", "period", *fields
        )
    }
    new_rows: list[_Row] = []
    changed_rows: list[tuple[_Row, int, dict[str, Any], dict[str, list[Any]]]] = []
    if not existing:  # a first import: every row is new
        new_rows = parsed
        result.new = len(parsed)
        result.preview.extend(_new_preview(p) for p in parsed[:PREVIEW_ROWS])
    for p in parsed if existing else ():
        _number, indicator, series, area, period, value, n, suppressed, source_note, note = p
        current = existing.get((indicator.id, series, area.id if area is not None else None, period.canonical))
        if current is None:
            result.new += 1
            new_rows.append(p)
            if len(result.preview) < PREVIEW_ROWS:
                result.preview.append(_new_preview(p))
            continue
        stored = dict(zip(fields, current[5:], strict=True))
        wanted: dict[str, Any] = {"value": value, "n": n, "suppressed": suppressed}
        wanted["source_note"] = (source_note if has_source else stored["source_note"]) or ""
        wanted["note"] = note if note is not None else stored["note"]
        if wanted == stored:  # equal values are equal after normalising too: nothing to compare further
            result.unchanged += 1
            continue
        diff = {
            name: [_plain(stored[name]), _plain(new)]
            for name, new in wanted.items()
            if _normal(stored[name]) != _normal(new)
        }
        if not diff:
            result.unchanged += 1
            continue
        result.changed += 1
        changed_rows.append((p, current[0], wanted, diff))
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(
                PreviewRow(
                    "changed",
                    p[0],
                    indicator.code,
                    _series_text(series, area),
                    period.canonical,
                    stored["value"],
                    value,
                    suppressed,
                    _shown_text(stored["value"], stored["n"], stored["suppressed"], indicator),
                    _shown_text(value, n, suppressed, indicator),
                    tuple(FIELD_LABELS.get(name, name) for name in diff),
                )
            )

    if dry_run:
        return result
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _insert(new_rows, now)
        _update([(pk, wanted) for _p, pk, wanted, _diff in changed_rows], now)
        for changed_batch in _batches(changed_rows):
            AuditEvent.objects.bulk_create(
                [
                    AuditEvent(
                        actor_id=actor_id,
                        plan=plan,
                        action=AuditEvent.Action.UPDATE,
                        object_type=str(Measurement._meta.verbose_name),
                        object_id=str(pk),
                        object_repr=f"{p[1].code} {p[3] or p[2]} {p[4].canonical}"[:200],
                        changes={**diff, "import": filename[:200]},
                    )
                    for p, pk, _wanted, diff in changed_batch
                ]
            )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            obj=plan,
            plan=plan,
            changes={
                "file": filename[:200],
                "rows": result.rows,
                "new": result.new,
                "changed": result.changed,
                "unchanged": result.unchanged,
            },
        )
        if result.new or result.changed:  # an import that changes nothing leaves every status as it was
            bump(plan.pk)  # the plan's cached statuses and goals dashboard are out of date (monitoring/cache.py)
    return result


def _new_preview(p: _Row) -> PreviewRow:
    number, indicator, series, area, period, value, n, suppressed, _source_note, _note = p
    return PreviewRow(
        "new",
        number,
        indicator.code,
        _series_text(series, area),
        period.canonical,
        None,
        value,
        suppressed,
        "",
        _shown_text(value, n, suppressed, indicator),
    )


T = TypeVar("T")
INSERT_COLUMNS = (
    "indicator_id",
    "series",
    "area_id",
    "period",
    "period_start",
    "value",
    "n",
    "suppressed",
    "source_note",
    "note",
    "updated_at",
)
UPDATE_COLUMNS = ("value", "n", "suppressed", "source_note", "note")
COPY_CHUNK_ROWS = 5000
NULL = "\\N"  # COPY's text format for SQL NULL
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(text: str | None) -> str:
    """A text field in COPY's text format: backslash, tab and line breaks escaped."""
    return text.translate(_COPY_ESCAPES) if text else ""


def _copy_lines(rows: list[_Row], now: dt.datetime) -> Iterator[str]:
    """The rows as lines of COPY's text format, formatted by hand: psycopg's per-value dumpers cost more."""
    stamp = now.isoformat()
    for _number, indicator, series, area, period, value, n, suppressed, source_note, note in rows:
        yield (
            f"{indicator.id}\t{series}\t{area.id if area is not None else NULL}\t{period.canonical}\t{period.start}\t"
            f"{NULL if value is None else value}\t{NULL if n is None else n}\t{'t' if suppressed else 'f'}\t"
            f"{_copy_text(source_note)}\t{_copy_text(note)}\t{stamp}\n"
        )


def _insert(rows: list[_Row], now: dt.datetime) -> None:
    """New measurements: PostgreSQL's COPY (as fast as loading the file by hand), else one INSERT run for many rows."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Measurement._meta.db_table)
        sql = f"COPY {table} ({', '.join(INSERT_COLUMNS)}) FROM STDIN"  # noqa: S608 - fixed names
        lines = _copy_lines(rows, now)
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            while chunk := "".join(itertools.islice(lines, COPY_CHUNK_ROWS)):
                copy.write(chunk)
        return
    ops = connection.ops
    table = ops.quote_name(Measurement._meta.db_table)
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608 - fixed names
    stamp = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(
                sql,
                [
                    (
                        indicator.id,
                        series,
                        area.id if area is not None else None,
                        period.canonical,
                        ops.adapt_datefield_value(period.start),
                        ops.adapt_decimalfield_value(value, 14, 4),
                        n,
                        suppressed,
                        source_note or "",
                        note or "",
                        stamp,
                    )
                    for _number, indicator, series, area, period, value, n, suppressed, source_note, note in batch
                ],
            )


def _update(rows: list[tuple[int, dict[str, Any]]], now: dt.datetime) -> None:
    """Changed measurements: one UPDATE statement run for many rows (executemany), a few queries per batch."""
    if not rows:
        return
    ops = connection.ops
    table = ops.quote_name(Measurement._meta.db_table)
    assignments = ", ".join(f"{name} = %s" for name in (*UPDATE_COLUMNS, "updated_at"))
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608 - fixed names
    stamp = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(
                sql,
                [
                    (
                        ops.adapt_decimalfield_value(wanted["value"], 14, 4),
                        wanted["n"],
                        wanted["suppressed"],
                        wanted["source_note"],
                        wanted["note"],
                        stamp,
                        pk,
                    )
                    for pk, wanted in batch
                ],
            )


def _batches(items: list[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


FIELD_LABELS = {"value": "værdi", "n": "n", "suppressed": "diskretionering", "source_note": "kilde", "note": "note"}


def _shown_text(value: Decimal | None, n: int | None, suppressed: bool, indicator: Indicator) -> str:
    from entydig.monitoring.status import format_value

    shown = shown_value(value, n, indicator.suppression_threshold)
    if suppressed or shown.suppressed:
        return _("<%(limit)s (diskretioneret)") % {"limit": indicator.suppression_threshold}
    return format_value(shown.value, indicator, trim=False) if shown.value is not None else "–"


def _series_text(series: str, area: Area | None) -> str:
    return area.name if area is not None else str(Measurement.Series(series).label)


def _normal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.quantize(FOUR_PLACES)
    return value


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value
