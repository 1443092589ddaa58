"""SQLite, the demo's database: a write made while another connection holds the write lock waits its turn.

Two connections to a temporary SQLite file, configured by the same function as the project's database in
`config/settings.py`; the test runs on any database setting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from pytest_django import DjangoDbBlocker

import config.settings as project_settings

ALIAS = "sqlite_turns"
# Longer than Python's default busy timeout (5 seconds), as an import can hold the write lock for that long.
HOLD = 6.0


@pytest.fixture
def sqlite_file(tmp_path: Path, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    database = project_settings.configure_sqlite(dj_database_url.parse(f"sqlite:///{tmp_path / 'demo.sqlite3'}"))
    connections.settings[ALIAS] = connections.configure_settings({DEFAULT_DB_ALIAS: database})[DEFAULT_DB_ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
            cursor.execute("INSERT INTO counter (id, n) VALUES (1, 0)")
        connections[ALIAS].close()
        try:
            yield
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]


def _in_thread(name: str, work: Any, done: dict[str, Any]) -> threading.Thread:
    def run() -> None:
        try:
            work()
            done[name] = time.monotonic()
        except Exception as error:  # noqa: BLE001 - the test reports what each writer met
            done[name] = error
        finally:
            connections[ALIAS].close()  # each thread has a connection of its own

    return threading.Thread(target=run, name=name)


def _execute(sql: str, params: list[Any] | None = None) -> Any:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()


def test_it_lets_writes_wait_while_another_connection_writes_and_then_succeed(sqlite_file: None) -> None:
    holding = threading.Event()
    done: dict[str, Any] = {}

    def hold_the_write_lock() -> None:
        try:
            with transaction.atomic(using=ALIAS):
                _execute("UPDATE counter SET n = n + 100 WHERE id = 1")
                holding.set()
                time.sleep(HOLD)
        finally:
            holding.set()

    def plain_write() -> None:
        holding.wait()
        _execute("INSERT INTO entry (text) VALUES ('gemt under importen')")

    def read_then_write() -> None:
        holding.wait()
        with transaction.atomic(using=ALIAS):
            (n,) = _execute("SELECT n FROM counter WHERE id = 1")
            _execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])

    threads = [
        _in_thread("holder", hold_the_write_lock, done),
        _in_thread("plain", plain_write, done),
        _in_thread("read_then_write", read_then_write, done),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not [t.name for t in threads if t.is_alive()]
    failures = {name: repr(result) for name, result in done.items() if isinstance(result, Exception)}
    assert failures == {}, f"writes failed instead of waiting their turn: {failures}"
    # Both waited for the holder's commit, and the read-then-write read the committed value.
    assert done["plain"] >= done["holder"] - 0.5 and done["read_then_write"] >= done["holder"] - 0.5
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        assert cursor.fetchone() == (101,)
        cursor.execute("SELECT text FROM entry")
        assert cursor.fetchall() == [("gemt under importen",)]


def test_it_configures_every_sqlite_connection_for_waiting_writes(sqlite_file: None) -> None:
    connection = connections[ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 10_000  # milliseconds
    assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]  # set at connect, not in django-stubs
