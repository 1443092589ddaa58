"""XLSX files with broken or unusual insides, built by hand: every row of the sheet is read or the file is refused
with a clear message, and nothing is stored from a refused file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.monitoring.importing import MAX_COLUMNS, ImportRejected, import_measurements
from entydig.monitoring.models import Measurement
from entydig.monitoring.tests.conftest import Monitoring
from entydig.monitoring.tests.xlsx import HEADER, row, sheet_xml, table, xlsx

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # the test client's response, stub-only

YEARS = [2020, 2021, 2022, 2023, 2024]
ROWS = [["ledighed", "nordparken", year, 12 + i / 2, 100 + i] for i, year in enumerate(YEARS)]


def _stored() -> list[tuple[str, Decimal | None, int | None]]:
    return list(Measurement.objects.order_by("period").values_list("period", "value", "n"))


def _api(cast: Cast, data: bytes) -> TestResponse:
    client = cast.client("secretariat")
    upload = SimpleUploadedFile("maalinger.xlsx", data)
    return client.post(f"/api/v1/plans/{cast.plan.pk}/measurements/import", {"file": upload})


@pytest.mark.parametrize("dimension", ["A1:E2", "A1", "A1:B3", "C3:D4", "A1:XFD1048576", None])
def test_it_reads_every_row_of_the_sheet_whatever_its_dimension_tag_says(
    cast: Cast, mon: Monitoring, dimension: str | None
) -> None:
    result = import_measurements(actor=None, plan=cast.plan, data=xlsx(table(ROWS), dimension=dimension))
    assert result.ok, result.errors
    assert (result.rows, result.new) == (5, 5)
    assert _stored() == [
        (str(y), Decimal(12 + i / 2).quantize(Decimal("0.0001")), 100 + i) for i, y in enumerate(YEARS)
    ]


def test_it_refuses_a_sheet_with_data_beyond_the_last_column_it_reads(cast: Cast, mon: Monitoring) -> None:
    # The note stands in the column after the last one the importer reads, which may not drop it unseen.
    beyond = MAX_COLUMNS + 1
    header = [*HEADER, *[None] * (MAX_COLUMNS - 5), "note"]
    rows = [["ledighed", "nordparken", 2024, 12.5, 100, *[None] * (MAX_COLUMNS - 5), "tal fra LBF"]]
    with pytest.raises(ImportRejected, match=f"Række 1 har data i kolonne {beyond}"):
        import_measurements(actor=None, plan=cast.plan, data=xlsx(table(rows, header=header)))
    response = _api(cast, xlsx(table(rows, header=header)))
    assert response.status_code == 422 and f"kolonne {beyond}" in response.json()["summary"]
    assert Measurement.objects.count() == 0


def test_it_refuses_a_csv_file_with_data_beyond_the_last_column_it_reads(cast: Cast, mon: Monitoring) -> None:
    header = ";".join([*HEADER, *[""] * (MAX_COLUMNS - 5), "note"])
    data = f"{header}\nledighed;nordparken;2024;12,5;100{';' * (MAX_COLUMNS - 4)}tal fra LBF\n".encode()
    with pytest.raises(ImportRejected, match=f"Række 1 har data i kolonne {MAX_COLUMNS + 1}"):
        import_measurements(actor=None, plan=cast.plan, data=data)
    assert Measurement.objects.count() == 0


def test_it_reads_rows_whose_empty_cells_reach_beyond_the_last_column(cast: Cast, mon: Monitoring) -> None:
    csv = f"{';'.join(HEADER)}{';' * MAX_COLUMNS}\nledighed;nordparken;2024;12,5;100{';' * MAX_COLUMNS}\n".encode()
    assert import_measurements(actor=None, plan=cast.plan, data=csv).new == 1
    styled_empty = '<c r="EZ2" s="0"/>'  # column 156, beyond the last one read
    sheet = table([["ledighed", "nordparken", 2023, 12.5, 100, styled_empty]])
    result = import_measurements(actor=None, plan=cast.plan, data=xlsx(sheet))
    assert result.ok and result.new == 1, result.errors
    assert [p for p, _v, _n in _stored()] == ["2023", "2024"]


@pytest.mark.parametrize(
    ("value_cell", "message"),
    [
        ('<c r="D2"><v>NaN</v></c>', "cellen er gemt som et tal, men »NaN« er ikke et gyldigt tal"),
        ('<c r="D2" t="n"><v>inf</v></c>', "cellen er gemt som et tal, men »inf« er ikke et gyldigt tal"),
        ('<c r="D2" t="n"><v>1e999</v></c>', "cellen er gemt som et tal, men »1e999« er ikke et gyldigt tal"),
        ('<c r="D2" t="n"><v>tolv</v></c>', "cellen er gemt som et tal, men »tolv« er ikke et gyldigt tal"),
        ('<c r="D2" t="n"><v></v></c>', "cellen er gemt som et tal, men er tom"),  # how openpyxl writes NaN
        ('<c r="D2" t="s"><v>7</v></c>', "cellen henviser til tekst nr. 7, som ikke findes i filen"),
        ('<c r="D2" t="s"><v>x</v></c>', "cellen henviser til tekst nr. x, som ikke findes i filen"),
        ('<c r="D2" t="b"><v>7</v></c>', "cellen er gemt som sand/falsk, men indeholder »7«"),
        ('<c r="D2" t="d"><v>i går</v></c>', "cellen er gemt som en dato, men »i går« er ikke en dato"),
        ('<c r="D2" s="1"><v>9999999999</v></c>', "cellen er formateret som en dato, men 9999999999 er ikke en dato"),
        ('<c r="D2" t="q"><v>1</v></c>', "cellen har en ukendt type (»q«)"),
        ('<c r="D2"><f>E2/10</f></c>', "cellen har en formel uden gemt resultat"),
        ('<c r="D2" t="str"><f>E2/10</f></c>', "cellen har en formel uden gemt resultat"),
    ],
)
def test_it_reports_a_broken_cell_in_its_row_and_stores_nothing(
    cast: Cast, mon: Monitoring, value_cell: str, message: str
) -> None:
    sheet = table([["ledighed", "nordparken", 2023, 11.5, 100], ["ledighed", "nordparken", 2024, value_cell, 100]])
    sheet[2] = sheet[2].replace('r="D2"', 'r="D3"').replace("E2", "E3")
    result = import_measurements(actor=None, plan=cast.plan, data=xlsx(sheet, shared=["ledighed"]))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "værdi")]
    assert message in result.errors[0].message
    response = _api(cast, xlsx(sheet, shared=["ledighed"]))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"row": 3, "column": "værdi", "message": result.errors[0].message}]
    assert Measurement.objects.count() == 0 and not AuditEvent.objects.filter(action="import").exists()


def test_it_reads_formulas_by_their_cached_result_and_every_kind_of_text_cell(cast: Cast, mon: Monitoring) -> None:
    rows = [
        row(1, HEADER),
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><r><t>Nord</t></r><r><t>parken</t></r>'
        '</is></c><c r="C2" t="str"><f>"20"&amp;"24"</f><v>2024</v></c><c r="D2"><f>E2/10</f><v>12.5</v></c>'
        '<c r="E2"><v>125</v></c></row>',
        '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" s="1"><v>45427</v></c>'
        '<c r="D3" t="str"><f>IF(E3&gt;0,E3,"")</f><v></v></c></row>',
    ]
    result = import_measurements(actor=None, plan=cast.plan, data=xlsx(rows, shared=["ledighed", "skovhaven"]))
    assert result.ok and result.new == 2, result.errors
    assert _stored() == [("2024", Decimal("12.5"), 125), ("2024-05", None, None)]
    # An empty result of a formula is an empty cell: a value not given ("Ikke oplyst").
    assert Measurement.objects.get(period="2024-05").note == "Ikke oplyst"


def test_it_ignores_a_broken_cell_in_a_column_it_does_not_read(cast: Cast, mon: Monitoring) -> None:
    sheet = table([["ledighed", "nordparken", 2024, 12.5, 100, '<c r="F2"><v>NaN</v></c>']], [*HEADER, "ekstra"])
    result = import_measurements(actor=None, plan=cast.plan, data=xlsx(sheet))
    assert result.ok and result.new == 1, result.errors


def test_it_names_the_rows_of_the_sheet_in_its_messages_where_rows_are_left_out(cast: Cast, mon: Monitoring) -> None:
    rows = [row(1, HEADER), row(2, ROWS[0]), row(7, ["ledighed", "atlantis", 2021, 1, 1])]
    result = import_measurements(actor=None, plan=cast.plan, data=xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(7, "område")]


@pytest.mark.parametrize(
    "rows",
    [
        [row(1, HEADER), row(3, ROWS[0]), row(2, ROWS[1])],  # rows out of order
        [row(1, HEADER), row(2, ROWS[0]), row(2, ROWS[1])],  # the same row twice
        [row(1, HEADER), row(2, ROWS[0]).replace("</row>", '<c r="D2"><v>3</v></c></row>')],  # one cell twice
        [row(1, HEADER), row(2, ROWS[0]).replace('r="B2"', 'r="B9"')],  # a cell of another row
        [row(1, HEADER), row(2, ROWS[0]).replace('r="B2"', 'r="2B"')],  # no cell reference
        [row(1, HEADER), row(2, ROWS[0]).replace('<row r="2"', '<row r="zwei"')],  # no row number
    ],
)
def test_it_refuses_a_sheet_whose_rows_or_cells_are_out_of_place(cast: Cast, mon: Monitoring, rows: list[str]) -> None:
    with pytest.raises(ImportRejected, match="XLSX-filen er beskadiget"):
        import_measurements(actor=None, plan=cast.plan, data=xlsx(rows))
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize("keep", [0.5, 0.8, 0.97])
def test_it_refuses_a_sheet_cut_off_in_the_middle_on_every_edge(
    cast: Cast, mon: Monitoring, settings: Settings, tmp_path: Path, keep: float
) -> None:
    settings.MEDIA_ROOT = tmp_path
    months = [["ledighed", "nordparken", f"{2000 + i // 12}-{i % 12 + 1:02d}", 12.5, 100] for i in range(200)]
    whole = sheet_xml(table(months), dimension="A1:E201")
    data = xlsx([], sheet=whole[: int(len(whole) * keep)])
    with pytest.raises(ImportRejected, match="XLSX-filen er beskadiget"):
        import_measurements(actor=None, plan=cast.plan, data=data)

    response = _api(cast, data)
    assert response.status_code == 422
    assert "XLSX-filen er beskadiget" in response.json()["detail"][0]["msg"]

    client = cast.client("secretariat")
    page = client.post(f"/plans/{cast.plan.pk}/measurements/import/", {"file": SimpleUploadedFile("m.xlsx", data)})
    assert page.status_code == 200 and "XLSX-filen er beskadiget" in page.content.decode()
    assert Measurement.objects.count() == 0 and not AuditEvent.objects.filter(action="import").exists()


def test_it_names_a_header_cell_it_cannot_read(cast: Cast, mon: Monitoring) -> None:
    header = row(1, ["indikator", "område", "periode", '<c r="D1" t="str"><f>"vær"&amp;"di"</f></c>'])
    result = import_measurements(actor=None, plan=cast.plan, data=xlsx([header, row(2, ROWS[0])]))
    assert [str(e) for e in result.errors] == [
        "Række 1: overskriften i kolonne 4 kan ikke læses: cellen har en formel uden gemt resultat; åbn filen i"
        " regnearket og gem den igen, eller skriv værdien ind",
        "Række 1: kolonnerne værdi mangler i overskriftsrækken",
    ]
    assert Measurement.objects.count() == 0
