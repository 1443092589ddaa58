"""The monitoring API: access for every endpoint, suppression on the way out, the import endpoint."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entydig.conftest import Cast
from entydig.monitoring import services
from entydig.monitoring.models import Measurement
from entydig.monitoring.tests.conftest import Monitoring

FILES = Path(__file__).parent / "files"


@pytest.fixture
def data(cast: Cast, mon: Monitoring) -> Monitoring:
    for year, value, n in ((2022, "12.5", 300), (2023, "12", 300), (2024, "48.2", 2)):
        services.measurement_save(
            actor=None, indicator=mon.ledighed, series="plan", period=str(year), value=Decimal(value), n=n
        )
    return mon


def _get_urls(cast: Cast, data: Monitoring) -> list[str]:
    return [
        f"/api/v1/plans/{cast.plan.pk}/indicators",
        f"/api/v1/indicators/{data.ledighed.pk}",
        f"/api/v1/indicators/{data.ledighed.pk}/measurements",
        f"/api/v1/plans/{cast.plan.pk}/areas",
    ]


def test_it_answers_401_to_anonymous_and_404_to_outsiders(cast: Cast, data: Monitoring) -> None:
    for url in _get_urls(cast, data):
        assert cast.client(None).get(url).status_code == 401, url
        assert cast.client("outsider").get(url).status_code == 404, url
    post = f"/api/v1/indicators/{data.ledighed.pk}/measurements"
    body = {"series": "plan", "period": "2025", "value": 1}
    assert cast.client(None).post(post, body, content_type="application/json").status_code == 401
    assert cast.client("outsider").post(post, body, content_type="application/json").status_code == 404
    upload = SimpleUploadedFile("m.csv", b"indicator;area;period;value\nledighed;plan;2025;1\n")
    assert (
        cast.client("outsider").post(f"/api/v1/plans/{cast.plan.pk}/measurements/import", {"file": upload}).status_code
        == 404
    )
    assert not Measurement.objects.filter(period="2025").exists()


def test_it_lists_indicators_with_status_and_hides_suppressed_values(cast: Cast, data: Monitoring) -> None:
    client = cast.client("viewer")
    items = client.get(f"/api/v1/plans/{cast.plan.pk}/indicators").json()
    ledighed = next(i for i in items if i["code"] == "ledighed")
    assert ledighed["status"]["latest_value"] == 12.0
    assert ledighed["status"]["latest_period"] == "2023"
    assert ledighed["status"]["status"] in {"at_risk", "off_track", "on_track"}
    assert "48,2" not in ledighed["status"]["reason"]
    detail = client.get(f"/api/v1/indicators/{data.ledighed.pk}").json()
    assert detail["target_value"] == 10.0 and detail["milestones"] == []
    values = client.get(f"/api/v1/indicators/{data.ledighed.pk}/measurements").json()
    by_period = {v["period"]: v for v in values}
    assert by_period["2024"] == {**by_period["2024"], "value": None, "suppressed": True, "n": None}
    assert by_period["2022"]["value"] == 12.5 and by_period["2022"]["n"] == 300
    # The hidden value is in no field; the timestamps are left out, as a time such as 11:06:48.243 holds "48.2".
    assert "48.2" not in json.dumps([{k: x for k, x in v.items() if k != "updated_at"} for v in values])
    areas = client.get(f"/api/v1/plans/{cast.plan.pk}/areas").json()
    assert [a["code"] for a in areas] == ["nordparken", "skovhaven"]


def test_it_lets_only_the_secretariat_post_measurements(cast: Cast, data: Monitoring) -> None:
    url = f"/api/v1/indicators/{data.ledighed.pk}/measurements"
    body = {"series": "area", "area": "nordparken", "period": "2025", "value": 10.2, "n": 350}
    for role in ("board", "steering", "staff", "viewer"):
        assert cast.client(role).post(url, body, content_type="application/json").status_code == 403
    assert not Measurement.objects.filter(period="2025").exists()
    client = cast.client("secretariat")
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["value"] == 10.2
    response = client.post(url, {**body, "value": 10.4}, content_type="application/json")
    assert response.status_code == 200
    assert Measurement.objects.get(area=data.nordparken, period="2025").value == Decimal("10.4")
    bad = client.post(url, {**body, "area": "vestbyen"}, content_type="application/json")
    assert bad.status_code == 422 and "Ukendt boligområde" in str(bad.json())
    bad = client.post(url, {**body, "period": "i fjor"}, content_type="application/json")
    assert bad.status_code == 422 and "ikke en periode" in str(bad.json())


def test_it_imports_a_file_through_the_api_with_dry_run(cast: Cast, data: Monitoring) -> None:
    url = f"/api/v1/plans/{cast.plan.pk}/measurements/import"
    content = (FILES / "dansk_semikolon_cp1252.csv").read_bytes()
    for role in ("board", "viewer"):
        response = cast.client(role).post(url, {"file": SimpleUploadedFile("m.csv", content)})
        assert response.status_code == 403
    client = cast.client("secretariat")
    before = Measurement.objects.count()
    response = client.post(url + "?dry_run=true", {"file": SimpleUploadedFile("m.csv", content)})
    assert response.status_code == 200
    assert response.json()["new"] == 8 and response.json()["dry_run"] is True
    assert Measurement.objects.count() == before
    response = client.post(url, {"file": SimpleUploadedFile("m.csv", content), "dry_run": "false"})
    assert response.json()["new"] == 8 and Measurement.objects.count() == before + 8
    response = client.post(url, {"file": SimpleUploadedFile("m.csv", content)})
    assert response.json()["changed"] == 0 and response.json()["unchanged"] == 8
    bad = client.post(url, {"file": SimpleUploadedFile("bad.csv", (FILES / "fejl_mange_raekker.csv").read_bytes())})
    assert bad.status_code == 422
    assert bad.json()["error_count"] == 6
    assert bad.json()["errors"][0] == {
        "row": 3,
        "column": "indikator",
        "message": "indikatoren »ukendt« findes ikke i helhedsplanen",
    }
    assert Measurement.objects.count() == before + 8


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e30", "Tallet er for stort: højst 10 cifre før kommaet."),
        ("-1e10", "Tallet er for stort: højst 10 cifre før kommaet."),
        ("Infinity", "Skal være et tal."),
        ("NaN", "Skal være et tal."),
    ],
)
def test_it_answers_a_value_the_database_cannot_hold_with_422_naming_it(
    cast: Cast, data: Monitoring, value: str, message: str
) -> None:
    url = f"/api/v1/indicators/{data.ledighed.pk}/measurements"
    body = '{"series": "plan", "period": "2025", "value": VALUE}'.replace("VALUE", value)

    response = cast.client("secretariat").post(url, body, content_type="application/json")

    assert response.status_code == 422
    assert [(d["field"], d["msg"]) for d in response.json()["detail"]] == [("value", message)]
    assert not Measurement.objects.filter(period="2025").exists()
    largest = body.replace(value, "9999999999.9999")
    ok = cast.client("secretariat").post(url, largest, content_type="application/json")
    assert ok.status_code == 201 and Measurement.objects.get(period="2025").value == Decimal("9999999999.9999")
