"""An import and a hand-entered value for the same indicator, series and period: the import, which read the stored
values before someone else wrote, ends in a conflict (409 in the API, a message on the page) and stores nothing.

The first tests put the other writer's save between the import's reading and its writing on the same connection
(SQLite and PostgreSQL alike); the last ones race two connections on PostgreSQL, the import waiting for the other
writer's uncommitted row.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.core.errors import ConflictError
from entydig.core.models import AuditEvent
from entydig.monitoring import importing, services
from entydig.monitoring.importing import import_measurements, store
from entydig.monitoring.models import Measurement
from entydig.monitoring.tests.conftest import Monitoring

CONFLICT = "Mens filen blev indlæst, har en anden gemt, ændret eller slettet en måling"
FILE = b"indikator;omr\xc3\xa5de;periode;v\xc3\xa6rdi\nledighed;nordparken;2024;12,5\nledighed;skovhaven;2024;14,1\n"


def _by_hand(mon: Monitoring, value: str = "9.9") -> Measurement:
    return services.measurement_save(
        actor=None, indicator=mon.ledighed, series="area", area=mon.nordparken, period="2024", value=Decimal(value)
    )


def _meanwhile(monkeypatch: pytest.MonkeyPatch, other_writer: Callable[[], Any]) -> None:
    """Runs `other_writer` after the import has compared the file with the stored values, before it writes."""
    real = store.store_changes  # the function the importing package imports and calls

    def store_changes(*args: Any, **kwargs: Any) -> None:
        other_writer()
        real(*args, **kwargs)

    monkeypatch.setattr(importing, "store_changes", store_changes)


def _stored() -> list[tuple[str, Decimal | None]]:
    return list(Measurement.objects.order_by("area__code").values_list("area__code", "value"))


def _prepare(kind: str, mon: Monitoring) -> tuple[Callable[[], Any], list[tuple[str, Decimal | None]]]:
    """What the other writer does, and what is stored afterwards."""
    if kind == "saved":  # a value the file brings as new
        return lambda: _by_hand(mon), [("nordparken", Decimal("9.9"))]
    stored = _by_hand(mon, "11")
    if kind == "changed":  # a value the file changes
        return lambda: _by_hand(mon, "10"), [("nordparken", Decimal("10"))]
    return lambda: services.measurement_delete(actor=None, measurement=stored), []  # deleted


@pytest.mark.parametrize("kind", ["saved", "changed", "deleted"])
def test_it_stores_nothing_and_raises_a_conflict_when_a_value_is_written_by_hand_meanwhile(
    cast: Cast, mon: Monitoring, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    other_writer, after = _prepare(kind, mon)
    _meanwhile(monkeypatch, other_writer)
    with pytest.raises(ConflictError, match=CONFLICT):
        import_measurements(actor=cast.secretariat_user, plan=cast.plan, data=FILE, filename="m.csv")
    assert _stored() == after  # skovhaven's new value, which nobody else touched, is not stored either
    assert not AuditEvent.objects.filter(action="import").exists()


def test_it_answers_409_in_the_api_when_a_value_is_saved_by_hand_meanwhile(
    cast: Cast, mon: Monitoring, monkeypatch: pytest.MonkeyPatch
) -> None:
    _meanwhile(monkeypatch, lambda: _by_hand(mon))
    client = cast.client("secretariat")
    response = client.post(
        f"/api/v1/plans/{cast.plan.pk}/measurements/import", {"file": SimpleUploadedFile("m.csv", FILE)}
    )
    assert response.status_code == 409
    assert CONFLICT in response.json()["detail"]
    assert _stored() == [("nordparken", Decimal("9.9"))]
    assert not AuditEvent.objects.filter(action="import").exists()


def test_it_shows_the_conflict_on_the_page_when_a_value_is_saved_by_hand_before_the_confirmation(
    cast: Cast, mon: Monitoring, monkeypatch: pytest.MonkeyPatch, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = cast.client("secretariat")
    page = f"/plans/{cast.plan.pk}/measurements/import/"
    preview = client.post(page, {"file": SimpleUploadedFile("m.csv", FILE)})
    assert "2 nye" in preview.content.decode()
    _meanwhile(monkeypatch, lambda: _by_hand(mon))
    token = client.session[f"monitoring-import-{cast.plan.pk}"]["token"]
    confirmed = client.post(page, {"confirm": "1", "token": token}, follow=True)
    assert confirmed.redirect_chain == [(page, 302)]
    assert CONFLICT in confirmed.content.decode()
    assert _stored() == [("nordparken", Decimal("9.9"))]
    assert not AuditEvent.objects.filter(action="import").exists()


# Two connections on PostgreSQL -------------------------------------------------------------------------------


class OtherWriter:
    """Writes by hand on a connection of its own: begins, writes, and commits only once PostgreSQL shows the
    import waiting for the row it wrote."""

    def __init__(self, write: Callable[[], Any]) -> None:
        self._write = write
        self._written = threading.Event()
        self.import_waited = False
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run)

    def start(self) -> None:
        self._thread.start()
        assert self._written.wait(10), "the other writer never wrote"

    def join(self) -> None:
        self._thread.join(20)
        assert not self._thread.is_alive()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        try:
            with transaction.atomic():
                self._write()
                self._written.set()
                self.import_waited = _wait_for_a_lock_waiter()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            self.error = error
            self._written.set()
        finally:
            connections.close_all()


def _wait_for_a_lock_waiter() -> bool:
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the activity view keeps its first snapshot
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two writers at once, which SQLite does not have")
@pytest.mark.parametrize("kind", ["saved", "changed"])
def test_it_answers_409_when_an_import_waits_for_a_hand_entered_value_of_the_same_measurement(
    cast: Cast, mon: Monitoring, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    if kind == "changed":
        _by_hand(mon, "11")
    other = OtherWriter(lambda: _by_hand(mon, "10"))
    _meanwhile(monkeypatch, other.start)
    client = cast.client("secretariat")
    response = client.post(
        f"/api/v1/plans/{cast.plan.pk}/measurements/import", {"file": SimpleUploadedFile("m.csv", FILE)}
    )
    other.join()
    assert other.import_waited, "the import did not wait for the other writer's row: they did not overlap"
    assert response.status_code == 409, response.content
    assert CONFLICT in response.json()["detail"]
    assert _stored() == [("nordparken", Decimal("10"))]
    assert not AuditEvent.objects.filter(action="import").exists()
