"""The monitoring pages: access for every role, what the user sees, fixed query counts."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.monitoring import services
from entydig.monitoring.models import Indicator, Measurement, Milestone
from entydig.monitoring.tests.conftest import Monitoring

FILES = Path(__file__).parent / "files"


@pytest.fixture
def data(cast: Cast, mon: Monitoring) -> Monitoring:
    """Ledighed in both areas 2021-2024, with Skovhaven 2024 suppressed (n=3), and a national series."""
    for area, values in ((mon.nordparken, ["13", "12.5", "12", "11.4"]), (mon.skovhaven, ["15", "14", "13", "97.3"])):
        for year, value in zip(range(2021, 2025), values, strict=True):
            n = 3 if value == "97.3" else 400
            services.measurement_save(
                actor=None,
                indicator=mon.ledighed,
                series="area",
                area=area,
                period=str(year),
                value=Decimal(value),
                n=n,
            )
    for year in range(2021, 2025):
        services.measurement_save(
            actor=None, indicator=mon.ledighed, series="national", period=str(year), value=Decimal("5.1")
        )
    return mon


def _url(name: str, cast: Cast, *args: int) -> str:
    return reverse(f"monitoring:{name}", args=[cast.plan.pk, *args])


READ_PAGES = ["indicators", "indicator", "indicator_compare"]


@pytest.mark.parametrize("page", READ_PAGES)
def test_it_sends_anonymous_users_to_login_and_hides_pages_from_outsiders(
    cast: Cast, data: Monitoring, page: str
) -> None:
    args = [] if page == "indicators" else [data.ledighed.pk]
    url = _url(page, cast, *args)
    response = cast.client(None).get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert cast.client("outsider").get(url).status_code == 404


def test_it_hides_another_plans_indicator_behind_this_plans_url(cast: Cast, data: Monitoring) -> None:
    response = cast.client("secretariat").get(_url("indicator", cast, data.other_indicator.pk))
    assert response.status_code == 404


def test_it_lists_indicators_with_status_for_a_read_only_board_member(
    cast: Cast, data: Monitoring, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("board")
    response = client.get(_url("indicators", cast))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ledighed blandt 16-64-årige" in text
    assert "I risiko" in text or "Ikke på vej" in text or "På vej" in text
    assert "Seneste måling 12,4 %" in text or "Seneste måling" in text
    assert "Ny indikator" not in text  # read-only
    assert "97,3" not in text
    with CaptureQueriesContext(connection) as few:
        client.get(_url("indicators", cast))
    for i in range(6):
        extra = services.indicator_create(
            actor=None, plan=cast.plan, code=f"extra{i}", name=f"Ekstra {i}", target_value=1, target_period="2026"
        )
        services.measurement_save(actor=None, indicator=extra, series="plan", period="2024", value=Decimal(2))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(_url("indicators", cast))
    assert "Ekstra 5" in response.content.decode()


def test_it_shows_an_indicator_with_chart_table_and_suppressed_values_hidden(cast: Cast, data: Monitoring) -> None:
    response = cast.client("viewer").get(_url("indicator", cast, data.ledighed.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-vega-spec="indicator-spec"' in text
    assert "&lt;5 (Diskretioneret)" in text
    assert "97,3" not in text and "97.3" not in text
    assert "Landsplan" in text and "5,1 %" in text
    assert "Helhedsplanens tal er et skøn ud fra boligområderne" in text  # values without numerators
    assert "Tilføj måling" not in text


def test_it_exports_values_as_csv_and_xlsx_with_suppression_applied(cast: Cast, data: Monitoring) -> None:
    client = cast.client("board")
    response = client.get(_url("indicator", cast, data.ledighed.pk) + "?format=csv")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == "indikator;område;periode;værdi;n;tæller;nævner;kilde;note"
    assert "ledighed;skovhaven;2024;<5;;;;;" in body
    assert "97" not in body
    assert "ledighed;nordparken;2024;11,4000;400;;;;" in body
    response = client.get(_url("indicator", cast, data.ledighed.pk) + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "indikator"
    assert ("ledighed", "skovhaven", "2024", "<5", None, None, None, None, None) in values
    response = client.get(_url("indicators", cast) + "?format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "Indikator" and any(r[0] == "ledighed" for r in rows[1:])


def test_it_compares_areas_and_reference_series(cast: Cast, data: Monitoring) -> None:
    response = cast.client("steering").get(_url("indicator_compare", cast, data.ledighed.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nordparken" in text and "Skovhaven" in text and "Landsplan" in text
    assert "11,4 %" in text and "&lt;5 (Diskretioneret)" in text
    # The latest Skovhaven value that may be shown is 2023's.
    assert "13,0 % <small>(2023)</small>" in text
    response = cast.client("steering").get(_url("indicator_compare", cast, data.ledighed.pk) + "?format=csv")
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Periode;Nordparken;Skovhaven;Landsplan"
    assert "2024;11,4000;<5;5,1000" in body


@pytest.mark.parametrize("role", ["board", "steering", "staff", "viewer"])
def test_it_refuses_writes_to_read_only_roles(cast: Cast, data: Monitoring, role: str) -> None:
    client = cast.client(role)
    m = Measurement.objects.filter(indicator=data.ledighed).first()
    assert m is not None
    assert client.get(_url("indicator_create", cast)).status_code == 403
    assert client.post(_url("indicator_create", cast), {"code": "ny", "name": "Ny"}).status_code == 403
    assert client.post(_url("indicator_edit", cast, data.ledighed.pk), {"name": "X"}).status_code == 403
    assert client.post(_url("indicator_delete", cast, data.ledighed.pk)).status_code == 403
    assert client.post(_url("measurement_create", cast, data.ledighed.pk), {"period": "2025"}).status_code == 403
    assert client.post(_url("measurement_edit", cast, data.ledighed.pk, m.pk), {"delete": "1"}).status_code == 403
    assert client.get(_url("import", cast)).status_code == 403
    assert Indicator.objects.filter(plan=cast.plan).count() == 2
    assert Measurement.objects.filter(pk=m.pk).exists()
    assert Indicator.objects.get(pk=data.ledighed.pk).name == "Ledighed blandt 16-64-årige"


def test_it_refuses_writes_to_outsiders_with_404(cast: Cast, data: Monitoring) -> None:
    client = cast.client("outsider")
    assert client.post(_url("indicator_create", cast), {"code": "ny", "name": "Ny"}).status_code == 404
    assert client.post(_url("indicator_delete", cast, data.ledighed.pk)).status_code == 404
    assert client.post(_url("import", cast), {"file": io.BytesIO(b"x")}).status_code == 404
    assert Indicator.objects.filter(pk=data.ledighed.pk).exists()


def _indicator_post(goal_ids: list[int] | None = None, **values: str) -> dict[str, object]:
    post: dict[str, object] = {
        "code": "tryghed",
        "name": "Andel der føler sig trygge",
        "definition": "Naboskabsundersøgelsen",
        "unit": "percent",
        "direction": "higher",
        "source": "survey",
        "frequency": "year",
        "decimals": "0",
        "suppression_threshold": "5",
        "baseline_value": "61,5",
        "baseline_period": "2019",
        "target_value": "75",
        "target_period": "2026",
        "milestones": "2023: 68\n2025H1: 71,5",
        "goals": goal_ids or [],
    }
    post.update(values)
    return post


def test_it_lets_the_secretariat_create_and_edit_an_indicator_with_milestones(cast: Cast, mon: Monitoring) -> None:
    client = cast.client("secretariat")
    response = client.post(_url("indicator_create", cast), _indicator_post())
    indicator = Indicator.objects.get(plan=cast.plan, code="tryghed")
    assert response.status_code == 302
    assert indicator.baseline_value == Decimal("61.5") and indicator.target_period == "2026"
    assert [(m.period, m.value) for m in Milestone.objects.filter(indicator=indicator)] == [
        ("2023", Decimal(68)),
        ("2025H1", Decimal("71.5")),
    ]
    assert AuditEvent.objects.filter(action="create", object_type="monitoring.indicator").exists()
    page = client.get(_url("indicator_edit", cast, indicator.pk)).content.decode()
    assert "2025H1: 71,5" in page and 'value="61,5"' in page
    client.post(_url("indicator_edit", cast, indicator.pk), _indicator_post(target_value="80", milestones=""))
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal(80)
    assert not indicator.milestones.exists()
    assert AuditEvent.objects.filter(action="update", object_type="monitoring.indicator").exists()


def test_it_rerenders_the_indicator_form_with_danish_errors(cast: Cast, mon: Monitoring) -> None:
    client = cast.client("secretariat")
    response = client.post(
        _url("indicator_create", cast),
        _indicator_post(code="ledighed", target_period="", baseline_value="mange", milestones="2025 70"),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Koden bruges allerede" in text
    assert "er ikke et tal" in text
    assert "Et mål skal have både en værdi og en målperiode" in text
    assert "skriv periode og værdi adskilt af kolon" in text
    assert Indicator.objects.filter(plan=cast.plan).count() == 2


def test_it_lets_the_secretariat_enter_edit_and_delete_a_measurement(cast: Cast, data: Monitoring) -> None:
    client = cast.client("secretariat")
    post = {"series": f"area:{data.nordparken.pk}", "period": "2025", "value": "10,9", "n": "410", "source_note": "LBF"}
    response = client.post(_url("measurement_create", cast, data.ledighed.pk), post)
    assert response.status_code == 302
    m = Measurement.objects.get(indicator=data.ledighed, area=data.nordparken, period="2025")
    assert m.value == Decimal("10.9") and m.n == 410
    # The same area and period again replaces the value and is logged.
    client.post(_url("measurement_create", cast, data.ledighed.pk), {**post, "value": "10,7"})
    m.refresh_from_db()
    assert m.value == Decimal("10.7")
    assert AuditEvent.objects.filter(
        action="update", object_type="monitoring.measurement", changes__value__1="10.7000"
    ).exists()
    edit = _url("measurement_edit", cast, data.ledighed.pk, m.pk)
    assert 'value="10,7"' in client.get(edit).content.decode()
    response = client.post(edit, {**post, "period": "2025Q5"})
    assert "er ikke en periode" in response.content.decode()
    client.post(edit, {"delete": "1"})
    assert not Measurement.objects.filter(pk=m.pk).exists()


def test_it_previews_an_import_and_stores_it_on_confirmation(cast: Cast, mon: Monitoring, settings: Settings) -> None:
    client = cast.client("secretariat")
    with (FILES / "dansk_semikolon_cp1252.csv").open("rb") as f:
        response = client.post(_url("import", cast), {"file": f})
    text = response.content.decode()
    assert "Prøvekørsel: intet er gemt endnu" in text
    assert "8 rækker: 8 nye, 0 ændrede, 0 uændrede" in text
    assert "&lt;5 (diskretioneret)" in text and "12,5 %" in text
    assert Measurement.objects.count() == 0
    token = response.context["token"]
    # The previewed file waits in the shared media storage, not in one server's /tmp.
    pending = Path(settings.MEDIA_ROOT) / "imports" / "pending" / token
    assert pending.read_bytes() == (FILES / "dansk_semikolon_cp1252.csv").read_bytes()
    response = client.post(_url("import", cast), {"confirm": "1", "token": token}, follow=True)
    assert "8 nye" in response.content.decode()
    assert Measurement.objects.count() == 8
    assert not pending.exists()
    # A second confirmation with the same token finds nothing to import.
    response = client.post(_url("import", cast), {"confirm": "1", "token": token})
    assert Measurement.objects.count() == 8


def test_it_shows_every_bad_row_of_a_rejected_import(cast: Cast, mon: Monitoring) -> None:
    client = cast.client("secretariat")
    with (FILES / "fejl_mange_raekker.csv").open("rb") as f:
        text = client.post(_url("import", cast), {"file": f}).content.decode()
    assert "Filen blev afvist: 6 fejl" in text
    assert "Række 6, kolonne værdi" in text
    assert "Gem ændringerne" not in text
    assert Measurement.objects.count() == 0


def test_it_refuses_an_upload_larger_than_the_limit(cast: Cast, mon: Monitoring, settings: Settings) -> None:
    settings.MEASUREMENT_IMPORT_MAX_BYTES = 1024
    client = cast.client("secretariat")
    big = io.BytesIO(b"indikator;omr\xc3\xa5de;periode;v\xc3\xa6rdi\n" + b"ledighed;plan;2023;1\n" * 100)
    big.name = "stor.csv"
    text = client.post(_url("import", cast), {"file": big}).content.decode()
    assert "Filen er større end" in text
    assert Measurement.objects.count() == 0
