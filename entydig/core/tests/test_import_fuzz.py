"""The measurement import, fuzzed through the API: random bytes, broken encodings, huge cells, odd numbers and
real XLSX files. Always a clear answer (200 with what was imported, or 422 with messages), never a 500, and never
a partial write: the database changes only when the answer says the import went through, and then exactly so."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from entydig.accounts.services import token_create
from entydig.conftest import Cast
from entydig.core.tests.fingerprint import changed_models, database_fingerprint
from entydig.monitoring import services
from entydig.monitoring.models import Measurement
from entydig.organisation.services import area_create

FUZZ = hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADERS = ["indikator", "område", "periode", "værdi", "n", "kilde", "note", "indicator", "value", "x"]
CELLS = st.one_of(
    st.sampled_from(["ledighed", "nordparken", "skovhaven", "plan", "national", "atlantis", "2024", "2024Q3"]),
    st.sampled_from(["2024-05", "2024H1", "sidste år", "12,5", "1.234,5", "1,234.5", "<5", "..", "-", "1e308", "NaN"]),
    st.sampled_from(["=1+1", "-0", "٣", "１２", "", " ", "\x00", '"', ";", "\n"]),
    st.text(max_size=30),
    st.integers(-(10**20), 10**20).map(str),
    st.just("x" * 200_000),  # a huge cell
)


@pytest.fixture
def importer(cast: Cast) -> dict[str, Any]:
    area_create(actor=None, plan=cast.plan, name="Nordparken", code="nordparken", residents=2000)
    area_create(actor=None, plan=cast.plan, name="Skovhaven", code="skovhaven", residents=1000)
    services.indicator_create(actor=None, plan=cast.plan, code="ledighed", name="Ledighed", unit="percent")
    _token, raw = token_create(user=cast.secretariat_user, name="fuzz")
    return {"plan": cast.plan, "client": Client(headers={"Authorization": f"Bearer {raw}"})}


def _post(importer: dict[str, Any], name: str, data: bytes) -> None:
    """Posts a file and checks the answer against what happened in the database."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = importer["plan"]
    with transaction.atomic():
        before = database_fingerprint()
        count = Measurement.objects.filter(indicator__plan=plan).count()
        response = importer["client"].post(
            f"/api/v1/plans/{plan.pk}/measurements/import", {"file": SimpleUploadedFile(name, data)}
        )
        assert response.status_code in (200, 422), (response.status_code, response.content[:500])
        body = response.json()
        if response.status_code == 422:
            assert body["ok"] is False and body["detail"] and all(d["msg"] for d in body["detail"])
            assert changed_models(before, database_fingerprint()) == [], "a refused import wrote something"
        else:
            assert body["ok"] is True
            new = Measurement.objects.filter(indicator__plan=plan).count() - count
            assert new == body["new"], body
            if not body["new"] and not body["changed"]:
                assert changed_models(before, database_fingerprint()) in ([], ["core.auditevent"])
        transaction.set_rollback(True)


@FUZZ
@given(data=st.binary(max_size=3000), xlsx=st.booleans())
def test_it_answers_random_bytes_clearly(importer: dict[str, Any], data: bytes, xlsx: bool) -> None:
    _post(importer, "maalinger.xlsx" if xlsx else "maalinger.csv", data)


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7),
    rows=st.lists(st.lists(CELLS, max_size=7), max_size=6),
    separator=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    cut=st.integers(0, 3),
)
def test_it_imports_or_refuses_fuzzed_csv_files_all_or_nothing(
    importer: dict[str, Any], header: list[str], rows: list[list[str]], separator: str, encoding: str, cut: int
) -> None:
    text = "\n".join(separator.join(r) for r in [header, *rows])
    data = text.encode(encoding, errors="replace")
    _post(importer, "maalinger.csv", data[: len(data) - cut] if cut else data)  # a cut may break a multibyte char


@FUZZ
@given(rows=st.lists(st.lists(CELLS | st.floats(allow_nan=True) | st.integers(), max_size=6), max_size=5))
def test_it_imports_or_refuses_fuzzed_xlsx_files_all_or_nothing(
    importer: dict[str, Any], rows: list[list[Any]]
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indikator", "område", "periode", "værdi", "n"])
    for row in rows:
        cells = [ILLEGAL_CHARACTERS_RE.sub("", c)[:32000] if isinstance(c, str) else c for c in row]
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _post(importer, "maalinger.xlsx", buffer.getvalue())


def test_it_imports_a_good_file_exactly(importer: dict[str, Any]) -> None:
    """The fuzzers' positive control: a valid file is stored, row by row."""
    data = "indikator;område;periode;værdi;n\nledighed;nordparken;2024;12,5;300\nledighed;skovhaven;2024;<5;\n"
    _post(importer, "maalinger.csv", data.encode("cp1252"))
    response = importer["client"].post(
        f"/api/v1/plans/{importer['plan'].pk}/measurements/import",
        {"file": io.BytesIO(data.encode())},
    )
    assert response.status_code == 200 and response.json()["new"] == 2
    stored = Measurement.objects.get(area__code="nordparken", period="2024")
    assert str(stored.value) == "12.5000" and stored.n == 300
    assert Measurement.objects.get(area__code="skovhaven").suppressed is True
