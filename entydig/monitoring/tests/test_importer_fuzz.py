"""The measurement import fuzzed with XLSX files broken on the inside, built by hand: wrong, short and huge
dimension tags, cells whose contents contradict their type (t="n" with text, t="s" pointing past the shared
strings, t="b" holding 7), inline and rich strings, NaN and infinity, formulas with and without a stored result,
cells past the last column read, rows left out, and sheets cut off in the middle.

Through the API, always a clear answer: 422 with messages and nothing changed in the database, or 200 with every
data row of the sheet counted and stored. A sheet cut off is always refused. (The fuzz of random bytes, CSV files
and XLSX files written by openpyxl is in entydig/core/tests/test_import_fuzz.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from entydig.accounts.services import token_create
from entydig.conftest import Cast
from entydig.core.tests.fingerprint import changed_models, database_fingerprint
from entydig.monitoring import services
from entydig.monitoring.models import Measurement
from entydig.monitoring.tests.xlsx import HEADER, row, sheet_xml, xlsx
from entydig.organisation.services import area_create

FUZZ = hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SHARED = ["ledighed", "nordparken", "2024", "12,5"]
DIMENSIONS = [None, "A1", "A1:E2", "A1:B3", "C3:D4", "A1:XFD1048576", "A1:E1048576", "ZZZZ9", "A1:", "x"]


def _inline(text: str) -> str:
    return f'<c{{ref}} t="inlineStr"><is><t>{text}</t></is></c>'


def _rich(text: str) -> str:
    half = len(text) // 2
    return f'<c{{ref}} t="inlineStr"><is><r><t>{text[:half]}</t></r><r><t>{text[half:]}</t></r></is></c>'


# Cells as XML with a {ref} placeholder for the r="..." attribute (left out now and then). Every cell of
# CONTENT_CELL reads as something, a broken cell included; every cell of EMPTY_CELL reads as empty.
TEXTS = st.sampled_from(["ledighed", "nordparken", "skovhaven", "plan", "atlantis", "2024", "2023Q1", "12,5", "<5"])
CONTENT_CELL = st.one_of(
    TEXTS.map(_inline),
    TEXTS.map(_rich),
    st.sampled_from(["..", "-", "sidste år", "&lt;5", "1.234,5"]).map(_inline),
    st.sampled_from(["12.5", "7", "2024", "-3", "1e3", "NaN", "nan", "inf", "-inf", "1e999", "tolv", "", "12,5"]).map(
        lambda v: f"<c{{ref}}><v>{v}</v></c>"
    ),
    st.sampled_from(["0", "1", "3", "4", "99", "-1", "x", ""]).map(lambda v: f'<c{{ref}} t="s"><v>{v}</v></c>'),
    st.sampled_from(["0", "1", "7", "ja", ""]).map(lambda v: f'<c{{ref}} t="b"><v>{v}</v></c>'),
    st.sampled_from(["2024-05-01", "2024-05-01T12:00:00", "i går", ""]).map(
        lambda v: f'<c{{ref}} t="d"><v>{v}</v></c>'
    ),
    st.sampled_from(["45427", "1", "9999999999", "-5"]).map(lambda v: f'<c{{ref}} s="1"><v>{v}</v></c>'),
    st.sampled_from(["#DIV/0!", "#N/A"]).map(lambda v: f'<c{{ref}} t="e"><v>{v}</v></c>'),
    st.sampled_from(["12.5", "2024", "tolv"]).map(lambda v: f'<c{{ref}} t="str"><f>A1</f><v>{v}</v></c>'),
    st.sampled_from(["12.5", "NaN"]).map(lambda v: f"<c{{ref}}><f>B2*2</f><v>{v}</v></c>"),
    st.sampled_from(["", ' t="str"', ' t="n"']).map(lambda t: f"<c{{ref}}{t}><f>B2*2</f></c>"),  # no stored result
    st.just('<c{ref} t="q"><v>1</v></c>'),
)
EMPTY_CELL = st.sampled_from(
    [
        _inline(""),
        _inline(" "),
        '<c{ref} s="0"/>',
        '<c{ref} t="inlineStr"><v>1</v></c>',
        '<c{ref} t="str"><f>A1</f><v></v></c>',
    ]
)
ANY_CELL = st.one_of(CONTENT_CELL, EMPTY_CELL)
GOOD_INDICATOR = st.sampled_from(
    [
        _inline("ledighed"),
        _rich("ledighed"),
        '<c{ref} t="s"><v>0</v></c>',
        '<c{ref} t="str"><f>"led"&amp;"ighed"</f><v>ledighed</v></c>',
    ]
)
GOOD_VALUE = st.sampled_from(
    ["<c{ref}><v>12.5</v></c>", _inline("12,5"), _inline("&lt;5"), _inline(".."), "<c{ref}><f>B2</f><v>7</v></c>"]
)


def _cell(template: str, ref: str, with_ref: bool) -> str:
    return template.replace("{ref}", f' r="{ref}"' if with_ref else "")


@st.composite
def broken_sheets(draw: st.DrawFn) -> tuple[bytes, int, bool]:
    """A workbook, its number of data rows, and whether its sheet XML is cut off.

    Half of the workbooks hold only good rows (written in any of the ways a sheet may hold them), so that the
    import of every row is checked as often as the refusal."""
    clean = draw(st.booleans())
    with_refs = draw(st.booleans())
    rows = [row(1, HEADER)]
    number = 1
    count = draw(st.integers(0, 6))
    for index in range(count):
        number += draw(st.sampled_from([1, 1, 1, 2, 40]))
        if clean or draw(st.booleans()):
            cells = [
                draw(GOOD_INDICATOR),
                draw(st.sampled_from([_inline("nordparken"), _rich("skovhaven"), '<c{ref} t="s"><v>1</v></c>'])),
                draw(st.sampled_from([_inline(str(2000 + index)), f"<c{{ref}}><v>{2000 + index}</v></c>"])),
                draw(GOOD_VALUE),
                draw(st.sampled_from(["<c{ref}><v>120</v></c>", _inline("1.200"), '<c{ref} s="0"/>'])),
            ]
        else:  # column A reads as something: every row drawn is a data row that the import must count
            cells = [draw(CONTENT_CELL), *[draw(ANY_CELL) for _ in range(4)]]
        far = draw(st.sampled_from([None, 6, 30] if clean else [None, None, 6, 30, 31, 16384]))
        xml = "".join(_cell(c, f"{get_column_letter(i)}{number}", with_refs) for i, c in enumerate(cells, start=1))
        if far is not None:  # a cell further right, maybe past the last column read
            far_cell = draw(st.sampled_from([_inline("x"), '<c{ref} s="0"/>']))
            xml += _cell(far_cell, f"{get_column_letter(far)}{number}", True)
        rows.append(f'<row r="{number}">{xml}</row>')
    sheet = sheet_xml(rows, draw(st.sampled_from(DIMENSIONS[:-3] if clean else DIMENSIONS)))
    cut = None if clean else draw(st.sampled_from([None, None, 0.3, 0.6, 0.9, 0.99]))
    if cut is not None:
        sheet = sheet[: int(len(sheet) * cut)]
    return xlsx([], shared=SHARED, sheet=sheet), count, cut is not None


@pytest.fixture
def api(cast: Cast) -> dict[str, Any]:
    area_create(actor=None, plan=cast.plan, name="Nordparken", code="nordparken", residents=2000)
    area_create(actor=None, plan=cast.plan, name="Skovhaven", code="skovhaven", residents=1000)
    services.indicator_create(actor=None, plan=cast.plan, code="ledighed", name="Ledighed", unit="percent")
    _token, raw = token_create(user=cast.secretariat_user, name="fuzz")
    return {"plan": cast.plan, "client": Client(headers={"Authorization": f"Bearer {raw}"})}


@FUZZ
@given(sheet=broken_sheets())
def test_it_imports_every_row_of_a_broken_xlsx_file_or_refuses_it_with_messages(
    api: dict[str, Any], sheet: tuple[bytes, int, bool]
) -> None:
    data, rows, cut = sheet
    plan = api["plan"]
    with transaction.atomic():
        before = database_fingerprint()
        response = api["client"].post(
            f"/api/v1/plans/{plan.pk}/measurements/import", {"file": SimpleUploadedFile("maalinger.xlsx", data)}
        )
        assert response.status_code in (200, 422), (response.status_code, response.content[:500])
        body = response.json()
        event(f"{response.status_code}, {rows} data rows" if response.status_code == 200 else "422")
        if response.status_code == 422:
            assert body["ok"] is False and body["detail"] and all(d["msg"] for d in body["detail"])
            assert changed_models(before, database_fingerprint()) == [], "a refused import wrote something"
        else:
            assert not cut, "a sheet cut off in the middle was imported"
            assert body["ok"] is True
            assert (body["rows"], body["new"]) == (rows, rows), body
            assert Measurement.objects.filter(indicator__plan=plan).count() == rows
        transaction.set_rollback(True)
