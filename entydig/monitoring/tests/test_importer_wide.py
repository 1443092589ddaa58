"""The wide layout (monitoring/importing/wide.py): one row per area, one column per period, the indicator in the
file or chosen on import; the same all-or-nothing checks as the long layout, through the page, API and command."""

from __future__ import annotations

import io
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from entydig.conftest import Cast
from entydig.monitoring.importing import ImportRejected, import_measurements
from entydig.monitoring.models import Measurement
from entydig.monitoring.tests.conftest import Monitoring
from entydig.organisation.models import Area
from entydig.organisation.services import area_update

WIDE = "område;navn;2022;2023;2024K3\nnordparken;Nordparken;41,2;40,8;\nskovhaven;Skovhaven;38;<5;37,1\n"


def _stored() -> dict[tuple[str, str], tuple[D | None, bool]]:
    return {
        (m.area.code if m.area else m.series, m.period): (m.value, m.suppressed)
        for m in Measurement.objects.select_related("area")
    }


def test_it_imports_one_column_per_period_for_the_indicator_chosen_on_import(cast: Cast, mon: Monitoring) -> None:
    result = import_measurements(actor=None, plan=cast.plan, data=WIDE.encode(), indicator="ledighed")
    assert result.ok and result.new == 5  # the empty cell is a period without a figure, the name column is left
    assert _stored() == {
        ("nordparken", "2022"): (D("41.2"), False),
        ("nordparken", "2023"): (D("40.8"), False),
        ("skovhaven", "2022"): (D(38), False),
        ("skovhaven", "2023"): (None, True),
        ("skovhaven", "2024Q3"): (D("37.1"), False),
    }
    assert set(Measurement.objects.values_list("indicator__code", flat=True)) == {"ledighed"}
    again = import_measurements(actor=None, plan=cast.plan, data=WIDE.encode(), indicator="ledighed")
    assert (again.new, again.changed, again.unchanged) == (0, 0, 5)


def test_it_reads_the_indicator_from_a_column_and_xlsx_headings_stored_as_numbers(cast: Cast, mon: Monitoring) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Indikator", "Område", 2023, 2024])
    sheet.append(["ledighed", "plan", 12.1, 11.4])
    sheet.append(["husstande", "nordparken", 810, 812])
    data = io.BytesIO()
    book.save(data)
    result = import_measurements(actor=None, plan=cast.plan, data=data.getvalue())
    assert result.ok and result.new == 4
    assert Measurement.objects.get(indicator=mon.husstande, period="2024").value == D(812)


def test_it_refuses_every_bad_cell_with_its_row_and_stores_nothing(cast: Cast, mon: Monitoring) -> None:
    bad = "område;2023;2024\nnordparken;12,1;tolv\nfrydenlund;9;9\nnordparken;1;1\n"
    result = import_measurements(actor=None, plan=cast.plan, data=bad.encode(), indicator="ledighed")
    assert not result.ok
    rows = [(e.row, e.column) for e in result.errors]
    assert (2, "værdi") in rows and (3, "område") in rows  # tolv is no number; frydenlund is no area of the plan
    assert any(e.row == 4 and "række 2" in e.message for e in result.errors)  # the same area twice
    assert not Measurement.objects.exists()


def test_it_asks_for_the_indicator_or_refuses_two(cast: Cast, mon: Monitoring) -> None:
    with pytest.raises(ImportRejected, match="vælg indikatoren"):
        import_measurements(actor=None, plan=cast.plan, data=WIDE.encode())
    named = "indikator;område;2024\nledighed;plan;12\n"
    with pytest.raises(ImportRejected, match="vælg ikke også"):
        import_measurements(actor=None, plan=cast.plan, data=named.encode(), indicator="ledighed")
    unknown = import_measurements(actor=None, plan=cast.plan, data=WIDE.encode(), indicator="findes-ikke")
    assert not unknown.ok and "findes ikke" in unknown.errors[0].message
    assert not Measurement.objects.exists()


def test_the_page_keeps_the_chosen_indicator_from_the_preview_to_the_confirmation(cast: Cast, mon: Monitoring) -> None:
    client = cast.client("secretariat")
    url = f"/plans/{cast.plan.pk}/measurements/import/"
    page = client.get(url).content.decode()
    assert 'name="indicator"' in page and "ledighed – Ledighed blandt 16-64-årige" in page
    upload = SimpleUploadedFile("bred.csv", WIDE.encode())
    preview = client.post(url, {"file": upload, "indicator": "ledighed"})
    text = preview.content.decode()
    assert "5 nye" in text and '<input type="hidden" name="indicator" value="ledighed">' in text
    assert not Measurement.objects.exists()
    token = preview.context["token"]
    done = client.post(url, {"confirm": "1", "token": token, "indicator": "ledighed"})
    assert done.status_code == 302 and Measurement.objects.count() == 5


def test_the_api_and_the_command_take_the_indicator_too(cast: Cast, mon: Monitoring, tmp_path: Path) -> None:
    client = cast.client("secretariat")
    url = f"/api/v1/plans/{cast.plan.pk}/measurements/import"
    missing = client.post(url, {"file": SimpleUploadedFile("bred.csv", WIDE.encode())})
    assert missing.status_code == 422 and "vælg indikatoren" in missing.json()["summary"]
    response = client.post(url, {"file": SimpleUploadedFile("bred.csv", WIDE.encode()), "indicator": "ledighed"})
    assert response.status_code == 200 and response.json()["new"] == 5
    path = tmp_path / "bred.csv"
    path.write_text(WIDE.replace("41,2", "41,5"), encoding="utf-8")
    with pytest.raises(CommandError, match="vælg indikatoren"):
        call_command("import_measurements", str(path), plan=cast.plan.pk)
    call_command("import_measurements", str(path), plan=cast.plan.pk, indicator="ledighed")
    assert Measurement.objects.get(area=mon.nordparken, period="2022").value == D("41.5")


# --- Figures per afdeling, added up to their area -----------------------------------------------------------------


@pytest.fixture
def afdelinger(cast: Cast, mon: Monitoring) -> Monitoring:
    area_update(actor=None, area=mon.nordparken, afdelinger="afd 12, Afdeling 14")
    area_update(actor=None, area=mon.skovhaven, afdelinger="21")
    return mon


def test_an_area_knows_its_afdelinger_written_one_way_and_each_belongs_to_one_area(afdelinger: Monitoring) -> None:
    assert Area.objects.get(pk=afdelinger.nordparken.pk).afdelinger == "Afd. 12, Afd. 14"
    with pytest.raises(ValidationError) as error:
        area_update(actor=None, area=afdelinger.skovhaven, afdelinger="Afd. 21, Afd. 12")
    assert "Afd. 12 hører allerede til boligområdet Nordparken" in str(error.value)
    with pytest.raises(ValidationError, match="»Blok A« er ikke en afdeling"):
        area_update(actor=None, area=afdelinger.skovhaven, afdelinger="Blok A")
    assert Area.objects.get(pk=afdelinger.skovhaven.pk).afdelinger == "Afd. 21"


def test_a_share_per_afdeling_is_added_up_from_numerators_and_denominators(cast: Cast, afdelinger: Monitoring) -> None:
    # Afd. 12: 30 of 100, Afd. 14: 10 of 300 → Nordparken 40 of 400 = 10 %; Skovhaven's one afdeling is the area.
    data = (
        "indikator;område;periode;værdi;tæller;nævner;n\n"
        "ledighed;Afd. 12;2024;30;30;100;100\n"
        "ledighed;afd. 14;2024;3,3;10;300;300\n"
        "ledighed;Afd. 21;2024;12;12;100;100\n"
    )
    result = import_measurements(actor=None, plan=cast.plan, data=data.encode())
    assert result.ok and result.new == 2
    north = Measurement.objects.get(area=afdelinger.nordparken, period="2024")
    assert (north.value, north.numerator, north.denominator, north.n) == (D(10), D(40), D(400), 400)
    assert north.note == "Lagt sammen af Afd. 12, Afd. 14"
    assert Measurement.objects.get(area=afdelinger.skovhaven, period="2024").value == D(12)


def test_a_count_per_afdeling_is_summed_in_the_wide_layout_and_a_suppressed_part_suppresses_the_area(
    cast: Cast, afdelinger: Monitoring
) -> None:
    data = "område;2023;2024\nAfd. 12;400;410\nAfd. 14;<5;402\n"
    assert import_measurements(actor=None, plan=cast.plan, data=data.encode(), indicator="husstande").ok
    stored = {m.period: m for m in Measurement.objects.filter(area=afdelinger.nordparken)}
    assert stored["2024"].value == D(812) and not stored["2024"].suppressed
    assert stored["2023"].value is None and stored["2023"].suppressed


def test_it_refuses_afdelinger_that_cannot_be_added_up_and_stores_nothing(cast: Cast, afdelinger: Monitoring) -> None:
    data = (
        "indikator;område;periode;værdi;tæller;nævner\n"
        "ledighed;Afd. 12;2024;30;30;100\n"  # 2: Afd. 14 is missing
        "ledighed;Afd. 12;2023;30;;\n"  # 3: a share without numerator and denominator
        "ledighed;Afd. 14;2023;30;30;100\n"
        "ledighed;Afd. 21;2022;12;12;100\n"  # 5: the area is given whole too
        "ledighed;skovhaven;2022;12;12;100\n"
    )
    result = import_measurements(actor=None, plan=cast.plan, data=data.encode())
    assert not result.ok
    messages = {e.row: e.message for e in result.errors}
    assert "Afd. 14 mangler" in messages[2]
    assert "kun lægges sammen" in messages[3] and "kun lægges sammen" in messages[4]
    assert "som helhed" in messages[5]
    unknown_afdeling = "indikator;område;periode;værdi\nledighed;Afd. 99;2022;1\n"
    unknown = import_measurements(actor=None, plan=cast.plan, data=unknown_afdeling.encode())
    assert "hverken et boligområde eller en afdeling" in unknown.errors[0].message
    assert not Measurement.objects.exists()


def test_the_area_form_says_what_is_wrong_with_the_afdelinger_and_changes_nothing(
    cast: Cast, afdelinger: Monitoring
) -> None:
    url = f"/plans/{cast.plan.pk}/areas/{afdelinger.skovhaven.pk}/edit/"
    form = {"name": "Skovhaven", "code": "skovhaven", "residents": "1000", "afdelinger": "Afd. 21, Blok A"}
    response = cast.client("secretariat").post(url, form)
    assert response.status_code == 200
    assert "»Blok A« er ikke en afdeling" in response.content.decode()
    assert Area.objects.get(pk=afdelinger.skovhaven.pk).afdelinger == "Afd. 21"
    assert cast.client("secretariat").post(url, {**form, "afdelinger": "afd 21, 22"}).status_code == 302
    assert Area.objects.get(pk=afdelinger.skovhaven.pk).afdelinger == "Afd. 21, Afd. 22"
