"""CSV and Excel downloads are safe against formula injection."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from entydig.core.exports import csv_response, safe_text, xlsx_response


def test_it_prefixes_cells_that_a_spreadsheet_would_run_as_formulas() -> None:
    assert safe_text('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [safe_text(v) for v in ["+1", "-1", "@SUM(A1)", "\tx", "ok"]] == ["'+1", "'-1", "'@SUM(A1)", "'\tx", "ok"]


def test_it_writes_a_danish_csv_with_numbers_left_as_numbers() -> None:
    response = csv_response([["navn", "værdi"], ["=1+1", Decimal("-3.5")], ["Nordparken", 12]], "ud fil.csv")
    body = response.content.decode("utf-8-sig")
    assert body == "navn;værdi\r\n'=1+1;-3,5\r\nNordparken;12\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="ud_fil.csv"'


def test_it_writes_xlsx_with_text_formulas_neutralised() -> None:
    response = xlsx_response([["navn", "værdi"], ["@cmd", Decimal("41.2")], ["-2+3", None]], "eksport")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [("navn", "værdi"), ("'@cmd", 41.2), ("'-2+3", None)]
    assert sheet["A2"].data_type == "s"
