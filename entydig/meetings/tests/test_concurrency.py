"""Two saves of the same minutes or agenda item at once, on two database connections: one wins, one conflicts.

The first save is held inside its transaction (after its write, before its commit) until PostgreSQL shows the
second one waiting for its row lock; then it commits. The second must end in a conflict (409 in the API, the
conflict message on the page) and the first one's text must be what is stored.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from entydig.conftest import Cast
from entydig.core import audit
from entydig.core.models import AuditEvent
from entydig.meetings.models import AgendaItem, Minutes, MinutesEntry
from entydig.meetings.services import agenda as agenda_services
from entydig.meetings.services import minutes as minutes_services
from entydig.meetings.tests.conftest import Meetings

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks and concurrent writers: SQLite has one writer per database and no SELECT FOR UPDATE",
    ),
]

CONFLICT = "En anden har gemt ændringer"


class Race:
    """Runs two requests so that the second starts while the first holds its uncommitted write."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._local = threading.local()
        self._first_written = threading.Event()
        self.second_waited = False
        real = audit.audit_record  # what both service modules import, and what the patch below replaces

        def held(**kwargs: Any) -> Any:
            # audit_record is the last step of each save, inside its transaction.
            if getattr(self._local, "hold", False):
                self._local.hold = False
                self._first_written.set()
                self.second_waited = self._wait_for_a_lock_waiter()
            return real(**kwargs)

        for module in (agenda_services, minutes_services):
            monkeypatch.setattr(module, "audit_record", held)

    def _wait_for_a_lock_waiter(self) -> bool:
        deadline = time.monotonic() + 10
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                # Inside a transaction PostgreSQL keeps one snapshot of the activity view unless told to drop it.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0]:
                    return True
                time.sleep(0.02)
        return False

    def run(self, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
        results: dict[str, Any] = {}

        def worker(name: str, call: Callable[[], Any], hold: bool) -> None:
            self._local.hold = hold
            try:
                results[name] = call()
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                results[name] = exc
            finally:
                connections.close_all()

        one = threading.Thread(target=worker, args=("first", first, True))
        one.start()
        assert self._first_written.wait(10), "the first save never reached its write"
        two = threading.Thread(target=worker, args=("second", second, False))
        two.start()
        one.join(20)
        two.join(20)
        assert not one.is_alive() and not two.is_alive()
        assert self.second_waited, "the second save did not wait for the first one's lock: they did not overlap"
        for value in results.values():
            if isinstance(value, BaseException):
                raise value
        return results["first"], results["second"]


@pytest.fixture
def race(monkeypatch: pytest.MonkeyPatch) -> Iterator[Race]:
    yield Race(monkeypatch)


def _client(cast: Cast) -> Client:
    return cast.client("secretariat")


def _json(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_it_lets_one_of_two_concurrent_api_saves_of_the_same_minutes_win_and_answers_409_to_the_other(
    cast: Cast, meetings: Meetings, race: Race
) -> None:
    url = f"/api/v1/meetings/{meetings.past.pk}/minutes"
    first_client, second_client = _client(cast), _client(cast)
    version = first_client.get(url).json()["row_version"]
    item_id = meetings.entry.item_id
    minutes = Minutes.objects.get(meeting=meetings.past)
    updates = AuditEvent.objects.filter(object_type=Minutes._meta.label_lower, object_id=minutes.pk, action="update")
    audits = updates.count()

    def save(client: Client, decision: str) -> Callable[[], Any]:
        body = {"row_version": version, "entries": [{"item_id": item_id, "decision": decision}]}
        return lambda: _json(client, "post", url, body)

    first, second = race.run(save(first_client, "Første"), save(second_client, "Anden"))

    assert first.status_code == 200
    assert second.status_code == 409 and CONFLICT in second.json()["detail"]
    assert MinutesEntry.objects.get(pk=meetings.entry.pk).decision == "Første"
    assert Minutes.objects.get(meeting=meetings.past).row_version == version + 1
    assert updates.count() == audits + 1 and updates.latest("pk").actor == cast.secretariat_user


def test_it_lets_one_of_two_concurrent_api_edits_of_the_same_agenda_item_win_and_answers_409_to_the_other(
    cast: Cast, meetings: Meetings, race: Race
) -> None:
    url = f"/api/v1/meetings/{meetings.upcoming.pk}/agenda-items/{meetings.item.pk}"
    first_client, second_client = _client(cast), _client(cast)
    version = AgendaItem.objects.get(pk=meetings.item.pk).row_version

    def edit(client: Client, title: str) -> Callable[[], Any]:
        return lambda: _json(client, "patch", url, {"row_version": version, "title": title})

    first, second = race.run(edit(first_client, "Første overskrift"), edit(second_client, "Anden overskrift"))

    assert first.status_code == 200
    assert second.status_code == 409 and CONFLICT in second.json()["detail"]
    stored = AgendaItem.objects.get(pk=meetings.item.pk)
    assert (stored.title, stored.row_version) == ("Første overskrift", version + 1)


def test_it_shows_the_conflict_on_the_page_when_two_save_the_same_minutes_at_once(
    cast: Cast, meetings: Meetings, race: Race
) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.past.pk}/minutes/"
    version = Minutes.objects.get(meeting=meetings.past).row_version
    items = list(meetings.past.items.values_list("pk", flat=True))

    def save(client: Client, decision: str) -> Callable[[], Any]:
        data: dict[str, Any] = {"row_version": version, "notes": ""}
        for pk in items:
            data[f"discussion_{pk}"] = "Drøftet"
            data[f"decision_{pk}"] = decision
        return lambda: client.post(url, data)

    first, second = race.run(save(_client(cast), "Første"), save(_client(cast), "Anden"))

    assert first.status_code == 302
    assert second.status_code == 200 and CONFLICT in second.content.decode()
    assert MinutesEntry.objects.get(pk=meetings.entry.pk).decision == "Første"


def test_it_shows_the_conflict_on_the_page_when_two_save_the_same_agenda_item_at_once(
    cast: Cast, meetings: Meetings, race: Race
) -> None:
    item = meetings.item
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/items/{item.pk}/edit/"

    def edit(client: Client, title: str) -> Callable[[], Any]:
        data = {"row_version": item.row_version, "title": title, "kind": item.kind, "order": item.order}
        return lambda: client.post(url, data)

    first, second = race.run(edit(_client(cast), "Første overskrift"), edit(_client(cast), "Anden overskrift"))

    assert first.status_code == 302
    assert second.status_code == 200 and CONFLICT in second.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).title == "Første overskrift"
