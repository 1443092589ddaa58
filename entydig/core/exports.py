"""CSV and Excel downloads of any table, safe against formula injection.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (and tab/carriage return) as a formula;
such text cells are prefixed with an apostrophe. Numbers stay numbers. Callers apply suppression before
passing rows (see entydig.core.suppression).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.text import get_valid_filename
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float, Decimal)):
        # Danish Excel reads ';'-separated files with decimal comma.
        return str(value).replace(".", ",")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return safe_text(str(value))


def _xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, dt.date, dt.datetime)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return safe_text(str(value))


def _filename(name: str, extension: str) -> str:
    base = get_valid_filename(name.rsplit(".", 1)[0] if name.endswith("." + extension) else name) or "eksport"
    return f"{base}.{extension}"


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    """A `;`-separated UTF-8 (with BOM) CSV download that Danish Excel opens correctly; first row = header."""
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename, "csv")}"'
    return response


def xlsx_bytes(rows: Iterable[Sequence[Any]], sheet_title: str = "Data") -> bytes:

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=get_valid_filename(sheet_title)[:31] or "Data")
    for index, row in enumerate(rows):
        cells = [_xlsx_cell(v) for v in row]
        if index == 0:
            header = []
            for value in cells:
                cell = WriteOnlyCell(sheet, value=value)
                cell.font = Font(bold=True)
                header.append(cell)
            sheet.append(header)
        else:
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # characters Excel does not allow in a sheet's name


@dataclass(frozen=True)
class Styled:
    """A cell of an XLSX sheet with a number format (e.g. `#,##0.00` for kroner) and/or in bold."""

    value: Any
    number_format: str | None = None
    bold: bool = False


def xlsx_workbook_bytes(sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of several sheets (title, rows); cells are values or `Styled`, text made safe as in every
    export. Rows are written as they are: no header is made bold unless its cells say so."""

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=_SHEET_TITLE_FORBIDDEN.sub("-", title).strip()[:31] or "Data")
        for row in rows:
            cells: list[Any] = []
            for value in row:
                if isinstance(value, Styled):
                    cell = WriteOnlyCell(sheet, value=_xlsx_cell(value.value))
                    if value.number_format:
                        cell.number_format = value.number_format
                    if value.bold:
                        cell.font = Font(bold=True)
                    cells.append(cell)
                else:
                    cells.append(_xlsx_cell(value))
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_workbook_response(sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]], filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_workbook_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename, "xlsx")}"'
    return response


def xlsx_response(rows: Iterable[Sequence[Any]], filename: str, sheet_title: str = "Data") -> HttpResponse:
    """An Excel download; first row = header (bold)."""
    response = HttpResponse(xlsx_bytes(rows, sheet_title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename, "xlsx")}"'
    return response


def table_response(rows: Iterable[Sequence[Any]], filename: str, fmt: str, sheet_title: str = "Data") -> HttpResponse:
    """`fmt` is "xlsx" or anything else for CSV."""
    if fmt == "xlsx":
        return xlsx_response(rows, filename, sheet_title)
    return csv_response(rows, filename)
