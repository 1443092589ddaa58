"""Importing real-looking CSV and XLSX files, all or nothing."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.monitoring.importing import ImportRejected, import_measurements, parse_number
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.tests.conftest import Monitoring

FILES = Path(__file__).parent / "files"


def _values(indicator: Indicator) -> dict[tuple[str, str], tuple[Decimal | None, int | None, bool]]:
    return {
        (m.area.code if m.area else m.series, m.period): (m.value, m.n, m.suppressed)
        for m in Measurement.objects.filter(indicator=indicator).select_related("area")
    }


@pytest.mark.parametrize(
    ("text", "convention", "number"),
    [
        ("12,5", ";", "12.5"),
        ("1.234,5", ";", "1234.5"),
        ("1.234", ";", "1234"),
        ("1 234", ";", "1234"),
        ("1\u00a0234,75", ";", "1234.75"),
        ("1.234", ",", "1.234"),
        ("1,234.5", ",", "1234.5"),
        ("12 %", ";", "12"),
        ("-3,5", ";", "-3.5"),
        (41.2, "xlsx", "41.2"),
        (7, "xlsx", "7"),
    ],
)
def test_it_reads_danish_and_english_numbers(text: object, convention: str, number: str) -> None:
    assert parse_number(text, convention) == Decimal(number)


def test_it_imports_a_danish_semicolon_file_in_windows_1252(cast: Cast, mon: Monitoring) -> None:
    data = (FILES / "dansk_semikolon_cp1252.csv").read_bytes()
    result = import_measurements(actor=cast.secretariat_user, plan=cast.plan, data=data, filename="d.csv")
    assert result.ok, result.errors
    assert (result.rows, result.new, result.changed, result.unchanged) == (8, 8, 0, 0)
    ledighed = _values(mon.ledighed)
    assert ledighed[("nordparken", "2022")] == (Decimal("12.5"), 1234, False)
    assert ledighed[("skovhaven", "2023")] == (None, None, True)
    assert ledighed[("skovhaven", "2022")] == (None, None, False)
    assert ledighed[("national", "2023")] == (Decimal("4.8"), None, False)
    husstande = _values(mon.husstande)
    assert husstande[("plan", "2023")][0] == Decimal("1234.5")
    assert husstande[("municipality", "2023")][0] == Decimal("1234")
    assert husstande[("nordparken", "2024H1")][0] is None
    suppressed = Measurement.objects.get(indicator=mon.ledighed, area=mon.skovhaven, period="2023")
    assert suppressed.note == "Diskretioneret i kilden (<5)"
    assert suppressed.source_note == "LBF boligsociale data"
    assert Measurement.objects.get(indicator=mon.ledighed, series="national").note == "Hele landet"
    summary = AuditEvent.objects.get(action="import")
    assert summary.changes["new"] == 8 and summary.actor == cast.secretariat_user


def test_it_imports_an_english_utf8_file_with_bom_and_quoted_decimal_comma(cast: Cast, mon: Monitoring) -> None:
    result = import_measurements(actor=None, plan=cast.plan, data=(FILES / "english_bom_utf8.csv").read_bytes())
    assert result.ok, result.errors
    assert result.new == 4
    ledighed = _values(mon.ledighed)
    assert ledighed[("nordparken", "2024")] == (Decimal("11.2"), 1250, False)
    assert ledighed[("skovhaven", "2024")] == (Decimal("14.1"), 310, False)
    assert Measurement.objects.get(area=mon.skovhaven, period="2024").note == "note, with comma"
    assert _values(mon.husstande)[("plan", "2024Q1")][0] == Decimal("1234.5")
    assert _values(mon.husstande)[("comparable", "2024-05")][0] == Decimal(900)


def test_it_imports_an_xlsx_file_made_with_openpyxl(cast: Cast, mon: Monitoring) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["  INDIKATOR ", "Område", "Periode", "Værdi", "n", "Kilde"])
    sheet.append(["ledighed", "nordparken", 2021, 13.4, 1200, "LBF"])
    sheet.append(["ledighed", "Nordparken", "2022", "12,9", 1210, "LBF"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["ledighed", "landsplan", 2022, 5, None, "DST"])
    sheet.append(["ledighed", "skovhaven", 2022, "<5", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_measurements(actor=None, plan=cast.plan, data=buffer.getvalue(), filename="m.xlsx")
    assert result.ok, result.errors
    assert result.new == 4
    ledighed = _values(mon.ledighed)
    assert ledighed[("nordparken", "2021")] == (Decimal("13.4"), 1200, False)
    assert ledighed[("nordparken", "2022")] == (Decimal("12.9"), 1210, False)
    assert ledighed[("national", "2022")] == (Decimal(5), None, False)
    assert ledighed[("skovhaven", "2022")] == (None, None, True)


def test_it_rejects_a_file_with_several_bad_rows_and_stores_nothing(cast: Cast, mon: Monitoring) -> None:
    data = (FILES / "fejl_mange_raekker.csv").read_bytes()
    result = import_measurements(actor=None, plan=cast.plan, data=data)
    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert messages == [
        "Række 3, kolonne indikator: indikatoren »ukendt« findes ikke i helhedsplanen",
        "Række 4, kolonne område: »atlantis« er hverken et boligområde eller en afdeling i planen eller plan, national,"
        " comparable, municipality",
        "Række 5, kolonne periode: »sidste år« er ikke en periode; skriv fx 2024, 2024H1, 2024Q3 eller 2024-05",
        "Række 6, kolonne værdi: »mange« er ikke et tal (brug fx 41,2 eller <5, .. eller -)",
        "Række 7, kolonne n: »-2« er ikke et helt, ikke-negativt antal",
        "Række 8: samme indikator, område og periode står også i række 2",
    ]
    assert "Filen blev afvist: 6 fejl" in result.summary()
    assert Measurement.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_it_refuses_a_file_without_the_required_columns(cast: Cast, mon: Monitoring) -> None:
    result = import_measurements(actor=None, plan=cast.plan, data=b"indikator;periode\nledighed;2023\n")
    assert [str(e) for e in result.errors] == ["Række 1: kolonnerne område, værdi mangler i overskriftsrækken"]


def test_it_does_not_see_another_plans_indicators_or_areas(cast: Cast, mon: Monitoring) -> None:
    data = b"indicator;area;period;value\nledighed;vestbyen;2023;1\n"
    result = import_measurements(actor=None, plan=cast.plan, data=data)
    assert [e.column for e in result.errors] == ["område"]
    assert not Measurement.objects.filter(indicator=mon.other_indicator).exists()


def test_it_changes_nothing_on_reimport_and_records_a_changed_value(cast: Cast, mon: Monitoring) -> None:
    data = (FILES / "dansk_semikolon_cp1252.csv").read_bytes()
    import_measurements(actor=None, plan=cast.plan, data=data)
    again = import_measurements(actor=None, plan=cast.plan, data=data)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 8)
    assert "0 nye, 0 ændrede, 8 uændrede" in again.summary()

    changed = data.replace(b"2023;11,9;1.240", b"2023;11,7;1.240")
    preview = import_measurements(actor=None, plan=cast.plan, data=changed, dry_run=True)
    assert (preview.new, preview.changed, preview.unchanged) == (0, 1, 7)
    assert preview.preview[0].old_value == Decimal("11.9") and preview.preview[0].new_value == Decimal("11.7")
    assert _values(mon.ledighed)[("nordparken", "2023")][0] == Decimal("11.9")  # dry run stored nothing

    result = import_measurements(actor=cast.secretariat_user, plan=cast.plan, data=changed, filename="ny.csv")
    assert result.changed == 1
    assert _values(mon.ledighed)[("nordparken", "2023")][0] == Decimal("11.7")
    record = AuditEvent.objects.get(action="update", object_type="monitoring.measurement")
    assert record.changes["value"] == ["11.9000", "11.7000"]
    assert record.object_repr == "ledighed Nordparken 2023"
    assert Measurement.objects.count() == 8


def test_it_refuses_too_large_files_too_many_rows_and_zip_bombs(cast: Cast, mon: Monitoring) -> None:
    with pytest.raises(ImportRejected, match="større end"):
        import_measurements(actor=None, plan=cast.plan, data=b"x" * (2 * 1024 * 1024), max_bytes=1024 * 1024)
    rows = b"indicator;area;period;value\n" + b"ledighed;plan;2023;1\n" * 11
    with pytest.raises(ImportRejected, match="mere end 10 rækker"):
        import_measurements(actor=None, plan=cast.plan, data=rows, max_rows=10)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    with pytest.raises(ImportRejected, match="pakker ud"):
        import_measurements(actor=None, plan=cast.plan, data=bomb.getvalue())
    with pytest.raises(ImportRejected, match="hverken CSV eller XLSX"):
        import_measurements(actor=None, plan=cast.plan, data=b"\x00\x01\x02binary")
    assert Measurement.objects.count() == 0


def test_it_imports_through_the_management_command(
    cast: Cast, mon: Monitoring, capsys: pytest.CaptureFixture[str]
) -> None:
    path = FILES / "dansk_semikolon_cp1252.csv"
    call_command("import_measurements", str(path), "--plan", str(cast.plan.pk), "--dry-run")
    assert "8 nye" in capsys.readouterr().out
    assert Measurement.objects.count() == 0
    call_command("import_measurements", str(path), "--plan", str(cast.plan.pk))
    assert Measurement.objects.count() == 8
    with pytest.raises(CommandError, match="afvist"):
        call_command("import_measurements", str(FILES / "fejl_mange_raekker.csv"), "--plan", str(cast.plan.pk))
    assert "Række 3" in capsys.readouterr().err


def test_it_refuses_a_csv_cell_longer_than_the_csv_module_reads(cast: Cast, mon: Monitoring) -> None:
    data = b'indicator;area;period;value\nledighed;plan;2023;"' + b"1" * 200_000 + b'"\n'
    with pytest.raises(ImportRejected, match="CSV-filen kan ikke læses"):
        import_measurements(actor=None, plan=cast.plan, data=data)
    assert Measurement.objects.count() == 0


def _audit() -> list[tuple[str, int | None, int | None, str, dict[str, Any]]]:
    return list(
        AuditEvent.objects.order_by("pk").values_list("action", "actor_id", "plan_id", "object_type", "changes")
    )


def test_it_audits_an_import_once_per_file_and_once_per_changed_value_and_a_dry_run_not_at_all(
    cast: Cast, mon: Monitoring
) -> None:
    data = (FILES / "dansk_semikolon_cp1252.csv").read_bytes()
    AuditEvent.objects.all().delete()
    user, plan = cast.secretariat_user, cast.plan

    preview = import_measurements(actor=user, plan=plan, data=data, filename="første.csv", dry_run=True)
    assert preview.new == 8 and _audit() == []

    import_measurements(actor=user, plan=plan, data=data, filename="første.csv")
    counts = {"file": "første.csv", "rows": 8, "new": 8, "changed": 0, "unchanged": 0}
    # New values get the summary only; their values are in the measurements themselves.
    assert _audit() == [("import", user.pk, plan.pk, "organisation.plan", counts)]

    changed = data.replace(b"2023;11,9;1.240", b"2023;11,7;1.240").replace(b"2022;12,5;1.234", b"2022;12,0;1.234")
    import_measurements(actor=user, plan=plan, data=changed, filename="rettet.csv", dry_run=True)
    assert len(_audit()) == 1
    import_measurements(actor=user, plan=plan, data=changed, filename="rettet.csv")

    events = _audit()[1:]
    summary = [e for e in events if e[0] == "import"]
    updates = sorted((e for e in events if e[0] == "update"), key=lambda e: str(e[4]["value"]))
    assert summary == [
        (
            "import",
            user.pk,
            plan.pk,
            "organisation.plan",
            {"file": "rettet.csv", "rows": 8, "new": 0, "changed": 2, "unchanged": 6},
        )
    ]
    assert [(e[1], e[2], e[3], e[4]["value"], e[4]["import"]) for e in updates] == [
        (user.pk, plan.pk, "monitoring.measurement", ["11.9000", "11.7000"], "rettet.csv"),
        (user.pk, plan.pk, "monitoring.measurement", ["12.5000", "12.0000"], "rettet.csv"),
    ]
    assert len(events) == 3


def test_it_audits_imports_from_the_page_and_the_api_but_not_their_previews(
    cast: Cast, mon: Monitoring, settings: Settings, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    data = (FILES / "dansk_semikolon_cp1252.csv").read_bytes()
    AuditEvent.objects.all().delete()
    client = cast.client("secretariat")
    page = f"/plans/{cast.plan.pk}/measurements/import/"

    preview = client.post(page, {"file": SimpleUploadedFile("side.csv", data)})
    assert preview.status_code == 200 and Measurement.objects.count() == 0 and _audit() == []
    token = client.session[f"monitoring-import-{cast.plan.pk}"]["token"]
    confirmed = client.post(page, {"confirm": "1", "token": token})
    assert confirmed.status_code == 302 and Measurement.objects.count() == 8
    [page_import] = AuditEvent.objects.filter(action="import")
    assert (page_import.actor, page_import.plan, page_import.changes["file"]) == (
        cast.secretariat_user,
        cast.plan,
        "side.csv",
    )
    assert page_import.changes["new"] == 8

    api = f"/api/v1/plans/{cast.plan.pk}/measurements/import"
    changed = data.replace(b"2023;11,9;1.240", b"2023;11,7;1.240")
    dry = client.post(api, {"file": SimpleUploadedFile("api.csv", changed), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["changed"] == 1 and len(_audit()) == 1
    done = client.post(api, {"file": SimpleUploadedFile("api.csv", changed)})
    assert done.status_code == 200 and done.json()["changed"] == 1
    api_import = AuditEvent.objects.filter(action="import").latest("pk")
    assert (api_import.actor, api_import.plan, api_import.changes["changed"]) == (cast.secretariat_user, cast.plan, 1)
    update = AuditEvent.objects.get(action="update")
    assert (update.actor, update.changes["import"]) == (cast.secretariat_user, "api.csv")


def test_it_stores_notes_with_tabs_line_breaks_and_backslashes_exactly(cast: Cast, mon: Monitoring) -> None:
    # New rows are written as hand-formatted COPY text on PostgreSQL, where these characters are special.
    note = 'del\t1\\2 "citat"\nlinje 2\\N'
    data = (
        "indikator;område;periode;værdi;kilde;note\n"
        f'ledighed;nordparken;2022;12,5;C:\\kilde\\N;"{note.replace(chr(34), chr(34) * 2)}"\n'
        "ledighed;skovhaven;2022;..;;\n"
    )
    result = import_measurements(actor=None, plan=cast.plan, data=data.encode(), filename="noter.csv")
    assert result.ok and result.new == 2, result.errors
    stored = Measurement.objects.get(indicator=mon.ledighed, area__code="nordparken", period="2022")
    assert (stored.value, stored.source_note, stored.note) == (Decimal("12.5"), "C:\\kilde\\N", note)
    missing = Measurement.objects.get(indicator=mon.ledighed, area__code="skovhaven", period="2022")
    assert (missing.value, missing.n, missing.source_note) == (None, None, "")
    again = import_measurements(actor=None, plan=cast.plan, data=data.encode(), filename="noter.csv")
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)


def test_it_reports_each_row_of_a_repeated_bad_cell_with_its_own_row_number(cast: Cast, mon: Monitoring) -> None:
    # Cells are read once per distinct text and remembered; the errors still name every row.
    rows = "".join(f"ledighed;nordparken;{year};tolv\n" for year in (2020, 2021, 2022))
    data = ("indikator;område;periode;værdi\n" + rows + "ledighed;nordparken;2020;12\n").encode()
    result = import_measurements(actor=None, plan=cast.plan, data=data, filename="fejl.csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, "værdi"), (3, "værdi"), (4, "værdi")]
    assert all("»tolv« er ikke et tal" in e.message for e in result.errors)
    assert result.error_count == 3 and Measurement.objects.count() == 0


def test_it_reads_a_utf8_file_with_a_byte_order_mark_and_a_broken_last_character(cast: Cast, mon: Monitoring) -> None:
    # Found by the fuzz test: a file cut inside a multibyte character answered 500.
    data = "\ufeffindikator;område;periode;værdi;note\nledighed;nordparken;2022;12,5;bemæ".encode()[:-1]
    result = import_measurements(actor=None, plan=cast.plan, data=data, filename="bom.csv")
    assert result.ok and result.new == 1, result.errors
    assert Measurement.objects.get(indicator=mon.ledighed, period="2022").note == "bem\ufffd"


def test_it_refuses_a_file_with_a_nul_character_after_its_first_kilobytes(cast: Cast, mon: Monitoring) -> None:
    # PostgreSQL cannot store NUL in text: one deep in the file answered 500 halfway through the import.
    rows = "".join(f"ledighed;nordparken;{year};12,5;ok\n" for year in range(1950, 2100))
    data = ("indikator;område;periode;værdi;note\n" + rows + "ledighed;skovhaven;2022;1;x\x00y\n").encode()
    assert len(data) > 4096
    with pytest.raises(ImportRejected, match="hverken CSV eller XLSX"):
        import_measurements(actor=None, plan=cast.plan, data=data, filename="nul.csv")
    assert Measurement.objects.count() == 0


def test_it_refuses_a_note_or_source_longer_than_the_column_holds_instead_of_cutting_it(
    cast: Cast, mon: Monitoring
) -> None:
    # Nothing is cut short unseen: a text that does not fit is the row's error, and the file is refused.
    data = (
        "indikator;område;periode;værdi;kilde;note\n"
        f"ledighed;nordparken;2022;12,5;LBF;{'n' * 301}\n"
        f"ledighed;skovhaven;2022;12,5;{'k' * 301};{'n' * 300}\n"
    )
    result = import_measurements(actor=None, plan=cast.plan, data=data.encode(), filename="lang.csv")
    assert [str(e) for e in result.errors] == [
        "Række 2, kolonne note: teksten har 301 tegn; der er plads til 300",
        "Række 3, kolonne kilde: teksten har 301 tegn; der er plads til 300",
    ]
    assert Measurement.objects.count() == 0
