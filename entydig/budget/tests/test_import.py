"""Importing the accounts' spending from CSV and XLSX files, all or nothing, on the page, in the API and from the
command line; the reading and cell rules are the shared ones (entydig.core.importing)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from entydig.budget import services
from entydig.budget.importing import ImportRejected, import_actuals
from entydig.budget.models import Actual, BudgetPost
from entydig.conftest import Cast
from entydig.core.models import AuditEvent

D = Decimal
HEADER = "aktivitet;periode;beløb;finansieringskilde;note"
GOOD = "\n".join(
    [
        HEADER,
        "Lektiecafé;2026-07;10.000,50;lbf;Løn juli",
        "lektiecafé;2026-08;5.000;Landsbyggefonden;",  # the same post, quarter and funder: added up
        "J-7;2026Q3;1.234,00;;",  # Jobcafé by its budget number; no funder
        "Sekretariat;2026Q3;-500;kommune;Tilbagebetaling",
        ";;;;",  # an empty row is skipped
    ]
)


def _stored() -> dict[tuple[str, str, str], tuple[Decimal, str]]:
    return {
        (a.post.name, f"{a.year}Q{a.quarter}", a.funder): (a.amount, a.note)
        for a in Actual.objects.select_related("post__activity")
    }


@pytest.fixture
def numbered(cast: Cast) -> Cast:
    services.budget_numbers_set(actor=None, plan=cast.plan, numbers=[(cast.other_activity, "J-7")])
    return cast


def test_it_imports_a_danish_file_adding_up_a_quarters_rows(numbered: Cast) -> None:
    cast = numbered
    result = import_actuals(actor=cast.secretariat_user, plan=cast.plan, data=GOOD.encode("cp1252"), filename="q3.csv")
    assert result.ok, result.errors
    assert (result.rows, result.new, result.changed, result.unchanged) == (4, 3, 0, 0)
    assert _stored() == {
        ("Lektiecafé", "2026Q3", "lbf"): (D("15000.50"), "Løn juli"),
        ("Jobcafé", "2026Q3", ""): (D("1234.00"), ""),
        ("Sekretariat", "2026Q3", "kommune"): (D("-500.00"), "Tilbagebetaling"),
    }
    assert BudgetPost.objects.filter(plan=cast.plan, kind="secretariat").exists()  # made for the spending
    summary = AuditEvent.objects.get(action="import")
    assert summary.changes == {"file": "q3.csv", "rows": 4, "new": 3, "changed": 0, "unchanged": 0}


def test_importing_the_same_file_again_changes_nothing_and_a_changed_figure_replaces_the_old(numbered: Cast) -> None:
    cast = numbered
    import_actuals(actor=None, plan=cast.plan, data=GOOD.encode())
    again = import_actuals(actor=None, plan=cast.plan, data=GOOD.encode())
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    changed = GOOD.replace("10.000,50", "11.000,50")
    result = import_actuals(actor=cast.secretariat_user, plan=cast.plan, data=changed.encode(), filename="rettet.csv")
    assert (result.new, result.changed, result.unchanged) == (0, 1, 2)
    assert _stored()[("Lektiecafé", "2026Q3", "lbf")] == (D("16000.50"), "Løn juli")
    record = AuditEvent.objects.get(object_type="budget.actual", action="update")
    assert record.changes == {"amount": ["15000.50", "16000.50"], "import": "rettet.csv"}


def test_a_dry_run_shows_what_would_change_and_stores_nothing(numbered: Cast) -> None:
    result = import_actuals(actor=None, plan=numbered.plan, data=GOOD.encode(), dry_run=True)
    assert result.ok and result.new == 3 and "prøvekørsel, intet gemt" in result.summary()
    assert [(p.change, p.post, p.quarter, p.funder, p.new) for p in result.preview][0] == (
        "new",
        "Jobcafé",
        "3. kvartal 2026",
        "ikke oplyst",
        D("1234.00"),
    )
    assert not Actual.objects.exists() and not AuditEvent.objects.filter(action="import").exists()


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "Fodboldklub;2026Q3;100;;",
            "aktivitet",
            "»Fodboldklub« er hverken et budgetnummer, en indsats eller en fælles post i planen",
        ),
        (";2026Q3;100;;", "aktivitet", "aktivitet mangler"),
        (
            "Lektiecafé;2026;100;;",
            "periode",
            "perioden skal være et kvartal (2026Q3) eller en måned (2026-09), ikke 2026",
        ),
        ("Lektiecafé;2028Q1;100;;", "periode", "2028Q1 ligger uden for aftaleperioden"),
        (
            "Lektiecafé;sidste kvartal;100;;",
            "periode",
            "»sidste kvartal« er ikke en periode; skriv fx 2024, 2024H1, 2024Q3 eller 2024-05",
        ),
        ("Lektiecafé;2026Q3;mange;;", "beløb", "»mange« er ikke et beløb (brug fx 12.500,00 eller 12500)"),
        ("Lektiecafé;2026Q3;;;", "beløb", "beløb mangler"),
        ("Lektiecafé;2026Q3;12,345;;", "beløb", "Beløbet kan højst have to decimaler (øre)."),
        ("Lektiecafé;2026Q3;1.000.000.000.000;;", "beløb", "Beløbet er for stort."),
        (
            "Lektiecafé;2026Q3;100;banken;",
            "finansieringskilde",
            "»banken« er ikke en finansieringskilde; brug lbf, kommune, boligorganisation, fond, anden",
        ),
        ("Lektiecafé;2026Q3;100;;" + "x" * 301, "note", "teksten har 301 tegn; der er plads til 300"),
    ],
)
def test_it_refuses_the_whole_file_for_one_bad_row_with_a_message_for_it(
    cast: Cast, row: str, column: str, message: str
) -> None:
    data = "\n".join([HEADER, "Lektiecafé;2026Q2;1.000;lbf;", row]).encode()
    result = import_actuals(actor=None, plan=cast.plan, data=data)
    assert not result.ok and result.error_count == 1
    error = result.errors[0]
    assert (error.row, error.column, error.message) == (3, column, message)
    assert str(error) == f"Række 3, kolonne {column}: {message}"
    assert not Actual.objects.exists()  # the good row is not stored either


def test_it_names_the_columns_a_file_lacks_and_refuses_an_empty_or_foreign_file(cast: Cast) -> None:
    result = import_actuals(actor=None, plan=cast.plan, data=b"aktivitet;periode\nLektiecaf\xc3\xa9;2026Q3\n")
    assert [str(e) for e in result.errors] == ["Række 1: kolonnerne beløb mangler i overskriftsrækken"]
    with pytest.raises(ImportRejected, match="Filen er tom"):
        import_actuals(actor=None, plan=cast.plan, data=b"")
    with pytest.raises(ImportRejected, match="Filen er hverken CSV eller XLSX"):
        import_actuals(actor=None, plan=cast.plan, data=b"\x00\x01binary")


def test_it_imports_an_xlsx_file_with_floats_and_month_cells(cast: Cast) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Aktivitet", "Periode", "Beløb", "Finansieringskilde"])
    sheet.append(["Lektiecafé", "2026-09", 1234.56 + 1e-12, "kommune"])  # a float a hair off the øre
    sheet.append(["Lektiecafé", "2026Q3", 1000, "kommune"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_actuals(actor=None, plan=cast.plan, data=buffer.getvalue())
    assert result.ok, result.errors
    assert _stored() == {("Lektiecafé", "2026Q3", "kommune"): (D("2234.56"), "")}


def test_the_command_imports_and_dry_runs_the_same_way(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "forbrug.csv"
    path.write_text(GOOD.replace("J-7", "Jobcafé"), encoding="utf-8")
    out = io.StringIO()
    call_command("import_actuals", str(path), "--plan", str(cast.plan.pk), "--dry-run", stdout=out)
    assert "4 rækker: 3 nye og 0 ændrede forbrugstal, 0 uændrede (prøvekørsel, intet gemt)" in out.getvalue()
    assert not Actual.objects.exists()
    call_command("import_actuals", str(path), "--plan", str(cast.plan.pk), stdout=io.StringIO())
    assert Actual.objects.count() == 3
    path.write_text(HEADER + "\nUkendt;2026Q3;1;;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Filen blev afvist: 1 fejl; intet er gemt"):
        call_command("import_actuals", str(path), "--plan", str(cast.plan.pk), stderr=io.StringIO())


def _upload(text: str, name: str = "forbrug.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_the_api_imports_dry_runs_and_refuses_with_a_message_per_row(numbered: Cast) -> None:
    cast = numbered
    url = f"/api/v1/plans/{cast.plan.pk}/actuals/import"
    client = cast.client("secretariat")
    dry = client.post(url, {"file": _upload(GOOD), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["new"] == 3 and dry.json()["dry_run"] is True
    assert not Actual.objects.exists()
    done = client.post(url, {"file": _upload(GOOD)})
    assert done.status_code == 200 and done.json()["new"] == 3
    bad = client.post(url, {"file": _upload(HEADER + "\nUkendt;2026Q3;1;;\n")})
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {
            "row": 2,
            "column": "aktivitet",
            "message": "»Ukendt« er hverken et budgetnummer, en indsats eller en fælles post i planen",
        }
    ]
    assert cast.client("board").post(url, {"file": _upload(GOOD)}).status_code == 403
    assert cast.client("outsider").post(url, {"file": _upload(GOOD)}).status_code == 404
    assert Actual.objects.count() == 3


def test_the_page_previews_then_stores_on_confirmation(numbered: Cast) -> None:
    cast = numbered
    url = reverse("budget:import", args=[cast.plan.pk])
    client = cast.client("secretariat")
    preview = client.post(url, {"file": _upload(GOOD)})
    text = preview.content.decode()
    assert "Prøvekørsel: intet er gemt endnu" in text and "15.000,50 kr." in text
    assert not Actual.objects.exists()
    token = preview.context["token"]
    confirmed = client.post(url, {"confirm": "1", "token": token})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("budget:finance", args=[cast.plan.pk])
    assert Actual.objects.count() == 3
    again = client.post(url, {"confirm": "1", "token": token})  # the file is gone: the upload form again
    assert again.status_code == 200 and "Upload en fil" in again.content.decode()
    assert Actual.objects.count() == 3
    refused = client.post(url, {"file": _upload(HEADER + "\nLektiecafé;2026;1;;\n")}).content.decode()
    assert "Filen blev afvist: 1 fejl; intet er gemt" in refused and "Række 2, kolonne periode" in refused
    assert cast.client("board").post(url, {"file": _upload(GOOD)}).status_code == 403
