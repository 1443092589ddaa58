"""A suppressed measurement in the change log and the admin: shown as everywhere else (`<5`), its n not at all."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from entydig.accounts.models import User
from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.monitoring.models import Measurement
from entydig.monitoring.tests.conftest import Monitoring


def _log(cast: Cast) -> str:
    response = cast.client("secretariat").get(f"/plans/{cast.plan.pk}/log/")
    assert response.status_code == 200
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode().replace("</li>", "\n")))


def _admin_pages(events: list[AuditEvent]) -> str:
    admin = User.objects.create_superuser(username="admin", password="pw-admin")
    client = Client()
    client.force_login(admin)
    pages = [client.get("/admin/core/auditevent/")]
    pages += [client.get(f"/admin/core/auditevent/{e.pk}/change/") for e in events]
    assert all(p.status_code == 200 for p in pages)
    return html.unescape(" ".join(p.content.decode() for p in pages))


def _measurement_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="monitoring.measurement").order_by("pk"))


def test_it_shows_a_suppressed_value_in_the_change_log_and_the_admin_as_every_page_does(
    cast: Cast, mon: Monitoring
) -> None:
    client = cast.client("secretariat")
    create = f"/plans/{cast.plan.pk}/indicators/{mon.ledighed.pk}/measurements/new/"
    post = {"series": f"area:{mon.nordparken.pk}", "period": "2024", "value": "87,654", "n": "3"}
    assert client.post(create, post).status_code == 302
    measurement = Measurement.objects.get(indicator=mon.ledighed, period="2024")
    edit = f"/plans/{cast.plan.pk}/indicators/{mon.ledighed.pk}/measurements/{measurement.pk}/"
    # A change of the hidden value, then one that makes the value public (n 10).
    assert client.post(edit, {**post, "value": "88,321"}).status_code == 302
    assert client.post(edit, {**post, "value": "90,5", "n": "10"}).status_code == 302

    log = _log(cast)
    assert "Værdi: <5 (Diskretioneret)" in log  # the new value, as the indicator's page shows it
    assert "Værdi: <5 (Diskretioneret) → <5 (Diskretioneret)" in log
    assert "Værdi: <5 (Diskretioneret) → 90,5000" in log
    assert "Antal personer (n): – → 10" in log
    for figure in ("87,654", "87.654", "88,321", "88.321", "Antal personer (n): 3"):
        assert figure not in log

    events = _measurement_events()
    assert len(events) == 3
    admin = _admin_pages(events)
    assert '"value": "<5"' in admin and '"90.5000"' in admin
    for figure in ("87,654", "87.654", "88,321", "88.321", '"n": 3', '"n": [3'):
        assert figure not in admin
    # The record itself never holds the figure.
    assert [e.changes.get("n") for e in events] == [None, None, [None, 10]]


def test_it_applies_the_indicators_own_threshold_in_the_change_log(cast: Cast, mon: Monitoring) -> None:
    from entydig.monitoring import services

    services.indicator_update(actor=None, indicator=mon.ledighed, suppression_threshold=20)
    services.measurement_save(
        actor=None, indicator=mon.ledighed, series="area", area=mon.nordparken, period="2024", value=Decimal(41), n=12
    )
    log = _log(cast)
    assert "Værdi: <20 (Diskretioneret)" in log
    assert "41,0000" not in log and "12" not in re.findall(r"Antal personer \(n\): (\d+)", log)


def test_it_tells_the_secretariat_on_the_edit_form_that_the_stored_value_is_suppressed(
    cast: Cast, mon: Monitoring
) -> None:
    from entydig.monitoring import services

    hidden = services.measurement_save(
        actor=None, indicator=mon.ledighed, series="area", area=mon.nordparken, period="2024", value=Decimal(87), n=3
    )
    public = services.measurement_save(
        actor=None, indicator=mon.ledighed, series="area", area=mon.nordparken, period="2025", value=Decimal(12), n=300
    )
    base = f"/plans/{cast.plan.pk}/indicators/{mon.ledighed.pk}/measurements"
    client = cast.client("secretariat")
    page = html.unescape(client.get(f"{base}/{hidden.pk}/").content.decode())
    assert 'value="87"' in page  # the secretariat may see and correct the stored value
    assert "Den gemte værdi er diskretioneret" in page
    assert "aldrig i sider, eksporter, PDF'er, API'et eller ændringsloggen" in page
    assert "Den gemte værdi er diskretioneret" not in client.get(f"{base}/{public.pk}/").content.decode()


def test_it_keeps_a_suppressed_value_out_of_an_imports_audit_records(
    cast: Cast, mon: Monitoring, tmp_path: Path
) -> None:
    first = "indikator;område;periode;værdi;n\nledighed;nordparken;2024;87,654;3\nledighed;skovhaven;2024;12,5;3\n"
    changed = first.replace("87,654;3", "88,321;3").replace("12,5;3", "12,5;40")
    for name, text in (("first.csv", first), ("changed.csv", changed)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        call_command("import_measurements", str(tmp_path / name), "--plan", str(cast.plan.pk))
    assert len(_measurement_events()) == 2

    stored = " ".join(str(e.changes) for e in _measurement_events())
    for figure in ("87.654", "88.321", "'n': [3"):
        assert figure not in stored
    log = _log(cast)
    for figure in ("87,654", "88,321", "Antal personer (n): 3"):
        assert figure not in log
