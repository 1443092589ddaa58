"""Runs the whole suite on another day: ENTYDIG_TEST_NOW=2027-01-02T00:30 make test (CI does, for the awkward days).

The clock starts at that local time (Europe/Copenhagen) and keeps ticking, so every `timezone.now()`, `date.today()`
and `time.time()` in the code and in the tests sees that day. Tests about one particular day pin it themselves with
`time_machine.travel`, which takes precedence inside the test.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine

_traveller: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _traveller
    now = os.environ.get("ENTYDIG_TEST_NOW")
    if not now:
        return
    moment = dt.datetime.fromisoformat(now)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
    _traveller = time_machine.travel(moment, tick=True)
    _traveller.start()


def pytest_report_header(config: pytest.Config) -> str | None:
    now = os.environ.get("ENTYDIG_TEST_NOW")
    return f"clock travelled to {now} (ENTYDIG_TEST_NOW)" if now else None


def pytest_unconfigure(config: pytest.Config) -> None:
    if _traveller is not None:
        _traveller.stop()
