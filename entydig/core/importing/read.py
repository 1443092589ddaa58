"""An uploaded CSV or XLSX file read into rows of cells, for any import, with the checks that keep a hostile or
broken file from costing memory, time or a 500: every row is read, or the file is refused with one message.

A row is its number in the file (a CSV record's, an XLSX sheet row's) and its cells: str from CSV; str, int,
float, bool, datetime or None from XLSX, and a `BadCell` where the file breaks its own rules for a cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import iterparse

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel, from_ISO8601

from entydig.core.importing.cells import BadCell

MAX_COLUMNS = 30
MAX_XLSX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_XLSX_RATIO = 150

Row = tuple[int, list[Any]]


class ImportRejected(Exception):
    """The whole file is refused (wrong type, too big, broken, no header); carries one message."""


@dataclass(frozen=True, slots=True)
class Table:
    rows: Iterator[Row]  # header first
    convention: str  # the CSV delimiter (';' files use Danish number conventions) or 'xlsx'


def read_table(data: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS) -> Table:
    """The file's rows, read as they are consumed; reading raises ImportRejected for a file it must refuse."""
    if data[:4] == b"PK\x03\x04":
        return Table(_xlsx_rows(data, max_rows, max_columns), "xlsx")
    if b"\x00" in data:  # anywhere: text columns cannot hold NUL (PostgreSQL refuses it mid-import)
        raise ImportRejected(_("Filen er hverken CSV eller XLSX"))
    return _csv_table(data, max_rows, max_columns)


def _too_many_rows(max_rows: int) -> ImportRejected:
    return ImportRejected(_("Filen har mere end %(max)s rækker") % {"max": f"{max_rows:,}".replace(",", ".")})


def _too_many_columns(row: int, column: int, max_columns: int) -> ImportRejected:
    return ImportRejected(
        _("Række %(row)s har data i kolonne %(column)s; filen må højst have %(max)s kolonner, og intet er gemt")
        % {"row": row, "column": column, "max": max_columns}
    )


# CSV -----------------------------------------------------------------------------------------------------------


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


def _csv_table(data: bytes, max_rows: int, max_columns: int) -> Table:
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[Row]:
        last = max_rows + 1  # the header and max_rows rows
        try:
            for number, row in enumerate(reader, start=1):
                if number > last:
                    raise _too_many_rows(max_rows)
                if len(row) > max_columns:
                    beyond = [i for i, cell in enumerate(row[max_columns:], start=max_columns + 1) if cell.strip()]
                    if beyond:
                        raise _too_many_columns(number, beyond[0], max_columns)
                    row = row[:max_columns]  # noqa: PLW2901 - only empty cells go
                yield number, row
        except csv.Error as error:
            # An over-long cell or a broken quote: the csv module gives up on the file.
            raise ImportRejected(
                _(
                    "CSV-filen kan ikke læses: en celle er for lang eller filen er beskadiget"  # noqa: E501
                )
            ) from error

    return Table(rows(), delimiter)


# XLSX ----------------------------------------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SHEET_DATA, _ROW, _CELL, _VALUE, _FORMULA, _INLINE, _RUN, _TEXT = (
    f"{_MAIN}{tag}" for tag in ("sheetData", "row", "c", "v", "f", "is", "r", "t")
)
_DIGITS_RE = re.compile(r"^\d{1,9}$", re.ASCII)
_REF_RE = re.compile(r"^([A-Z]{1,3})(\d{1,7})$", re.ASCII)
_INTEGER_RE = re.compile(r"^[-+]?\d{1,15}$", re.ASCII)
_DECIMAL_RE = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$", re.ASCII)


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ImportRejected(_("XLSX-filen kan ikke læses")) from error
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_XLSX_UNCOMPRESSED or (info.file_size > 1024 * 1024 and ratio > MAX_XLSX_RATIO):
            raise ImportRejected(_("XLSX-filen pakker ud til for meget data og afvises"))


def _broken(reason: str) -> ImportRejected:
    return ImportRejected(_("XLSX-filen er beskadiget: %(reason)s; intet er gemt") % {"reason": reason})


def _xlsx_rows(data: bytes, max_rows: int, max_columns: int) -> Iterator[Row]:
    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise ImportRejected(_("XLSX-filen kan ikke læses")) from error
    # The sheet's cells are read here rather than by openpyxl's iter_rows, which believes the sheet's <dimension>
    # tag (rows past it vanish), raises on a cell that is not what its type says, drops a row or cell that comes
    # out of order, and reads a formula without a stored result as an empty cell.
    cells = _Cells(
        shared_strings=sheet._shared_strings,  # noqa: SLF001 - openpyxl's reader keeps these private
        date_styles=workbook._date_formats,  # noqa: SLF001
        duration_styles=workbook._timedelta_formats,  # noqa: SLF001
        epoch=workbook.epoch,
    )
    try:
        with workbook._archive.open(sheet._worksheet_path) as source:  # noqa: SLF001
            yield from _sheet_rows(source, cells, max_rows, max_columns)
    except ImportRejected:
        raise
    except Exception as error:  # a cut or broken sheet: the XML parser, zipfile and zlib each raise their own
        raise _broken(_("arket kan ikke læses til ende")) from error
    finally:
        workbook.close()


def _sheet_rows(source: IO[bytes], cells: _Cells, max_rows: int, max_columns: int) -> Iterator[Row]:
    last = 0
    limit = max_rows + 1  # the header and max_rows rows
    sheet_data = None
    # The parser openpyxl reads sheets with: expat refuses entity expansion attacks and fetches no external
    # entity, and the zip checks above bound what it reads.
    for event, element in iterparse(source, events=("start", "end")):  # noqa: S314
        if event == "start":
            if element.tag == _SHEET_DATA:
                sheet_data = element
            continue
        if element.tag != _ROW:
            continue
        number_text = element.get("r")
        if number_text is None:
            number = last + 1
        elif _DIGITS_RE.match(number_text):
            number = int(number_text)
        else:
            raise _broken(_("»%(value)s« er ikke et rækkenummer") % {"value": number_text[:20]})
        if number <= last:
            raise _broken(_("række %(row)s står efter række %(last)s") % {"row": number, "last": last})
        if number > limit:
            raise _too_many_rows(max_rows)
        last = number
        row: list[Any] = []
        column = 0
        for cell in element:
            if cell.tag != _CELL:
                continue
            column = _column(cell.get("r"), number, column)
            value = cells.value(cell)
            if value is None:
                continue
            if column > max_columns:
                if isinstance(value, str) and not value.strip():
                    continue
                raise _too_many_columns(number, column, max_columns)
            row.extend([None] * (column - 1 - len(row)))
            row.append(value)
        (sheet_data if sheet_data is not None else element).clear()  # the rows read so far hold no memory
        yield number, row


def _column(ref: str | None, row: int, previous: int) -> int:
    """The 1-based column of a cell in `row`, after the row's previous cell in `previous`."""
    if ref is None:
        return previous + 1
    m = _REF_RE.match(ref)
    if m is None or int(m[2]) != row:
        raise _broken(_("cellen »%(ref)s« hører ikke til række %(row)s") % {"ref": ref[:20], "row": row})
    column = 0
    for letter in m[1]:
        column = column * 26 + ord(letter) - 64
    if column <= previous:
        raise _broken(_("cellen %(ref)s står to gange eller i forkert rækkefølge") % {"ref": ref})
    return column


@dataclass(frozen=True, slots=True)
class _Cells:
    """Reads one <c> element as the file says: a number, a shared or inline text, a yes/no, a date, or the stored
    result of a formula; a BadCell where the element contradicts itself."""

    shared_strings: Any
    date_styles: Any
    duration_styles: Any
    epoch: dt.datetime

    def value(self, cell: Any) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return None if inline is None else _inline_text(inline)
        raw = cell.findtext(_VALUE)
        if raw is None:
            if cell.find(_FORMULA) is not None:
                return BadCell(
                    _(
                        "cellen har en formel uden gemt resultat; åbn filen i regnearket og gem den igen,"
                        " eller skriv værdien ind"
                    )
                )
            return None
        if kind == "n":
            return self._number(raw.strip(), cell.get("s"))
        if kind == "s":
            index = raw.strip()
            if _DIGITS_RE.match(index) and int(index) < len(self.shared_strings):
                return self.shared_strings[int(index)]
            return BadCell(
                _("cellen henviser til tekst nr. %(index)s, som ikke findes i filen") % {"index": index[:20]}
            )
        if kind in ("str", "e"):  # a formula's text result, an error value such as #DIV/0!
            return raw
        if kind == "b":
            if raw.strip() in ("0", "1"):
                return raw.strip() == "1"
            return BadCell(_("cellen er gemt som sand/falsk, men indeholder »%(text)s«") % {"text": raw[:20]})
        if kind == "d":
            try:
                return from_ISO8601(raw.strip())
            except (ValueError, TypeError, OverflowError):
                return BadCell(_("cellen er gemt som en dato, men »%(text)s« er ikke en dato") % {"text": raw[:20]})
        return BadCell(_("cellen har en ukendt type (»%(type)s«)") % {"type": kind[:20]})

    def _number(self, raw: str, style: str | None) -> Any:
        if not raw:
            return BadCell(_("cellen er gemt som et tal, men er tom (fx NaN fra et andet program)"))
        number: int | float
        if _INTEGER_RE.match(raw):
            number = int(raw)
        elif _DECIMAL_RE.match(raw) and math.isfinite(number := float(raw)):
            pass
        else:  # NaN, inf, a number past the float range, text
            return BadCell(_("cellen er gemt som et tal, men »%(text)s« er ikke et gyldigt tal") % {"text": raw[:20]})
        if style is not None and _DIGITS_RE.match(style) and int(style) in self.date_styles:
            try:
                return from_excel(number, self.epoch, timedelta=int(style) in self.duration_styles)
            except (OverflowError, ValueError):
                return BadCell(_("cellen er formateret som en dato, men %(text)s er ikke en dato") % {"text": raw[:20]})
        return number


def _inline_text(inline: Any) -> str:
    """An inline string's text: its own <t> and those of its rich-text runs (not the phonetic guides)."""
    return (inline.findtext(_TEXT) or "") + "".join(run.findtext(_TEXT) or "" for run in inline.findall(_RUN))
