"""The demo's calendar: years, quarters and meeting days relative to today; history dated in the past."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from entydig.core import demo_dates as when
from entydig.core.audit import audit_record
from entydig.core.models import AuditEvent
from entydig.organisation.models import Organisation

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("moment", "previous", "plan"),
    [
        # Just after midnight on 2 January in Copenhagen is still 1 January in UTC: the local day counts.
        ("2027-01-02T00:30", "2026Q4", ("2024-01-01", "2028-12-31")),
        ("2028-02-29T12:00", "2027Q4", ("2025-01-01", "2029-12-31")),
        ("2027-03-24T23:30", "2026Q4", ("2024-01-01", "2028-12-31")),
        ("2026-12-31T23:59", "2026Q3", ("2023-01-01", "2027-12-31")),
    ],
)
def test_it_counts_years_and_quarters_from_the_local_day(moment: str, previous: str, plan: tuple[str, str]) -> None:
    with time_machine.travel(dt.datetime.fromisoformat(moment).replace(tzinfo=CPH), tick=False):
        assert when.quarter(-1) == previous
        assert when.quarter(1) > when.quarter() > previous
        assert (when.plan_start().isoformat(), when.plan_end().isoformat()) == plan
        assert when.years(-2, -1) == [when.today().year - 2, when.today().year - 1]


def test_it_puts_meetings_on_weekdays() -> None:
    with time_machine.travel(dt.datetime(2027, 1, 1, 9, tzinfo=CPH), tick=False):  # a Friday
        assert timezone.localtime(when.on(1, hour=9)) == dt.datetime(2027, 1, 4, 9, tzinfo=CPH)  # Saturday → Monday
        assert when.weekday_on_or_before(dt.date(2027, 1, 3)) == dt.date(2027, 1, 1)


@pytest.mark.django_db
def test_it_dates_the_change_log_inside_happened_and_keeps_inner_dates() -> None:
    organisation = Organisation.objects.create(name="Søby Kommune", kind=Organisation.Kind.MUNICIPALITY)
    outer, inner = dt.datetime(2024, 3, 1, 10, tzinfo=CPH), dt.datetime(2025, 6, 1, 10, tzinfo=CPH)
    future = timezone.now() + dt.timedelta(days=30)
    with when.happened(outer):
        audit_record(actor=None, action="create", obj=organisation, plan=None, changes={"step": 1})
        with when.happened(inner):
            audit_record(actor=None, action="update", obj=organisation, plan=None, changes={"step": 2})
        audit_record(actor=None, action="update", obj=organisation, plan=None, changes={"step": 3})
    with when.happened(future):
        audit_record(actor=None, action="update", obj=organisation, plan=None, changes={"step": 4})
    after = audit_record(actor=None, action="update", obj=organisation, plan=None, changes={"step": 5})

    stamps = {e.changes["step"]: e.created_at for e in AuditEvent.objects.all()}
    assert (stamps[1], stamps[2], stamps[3]) == (outer, inner, outer)
    assert stamps[4] < timezone.now()  # never in the future
    assert stamps[5] == AuditEvent.objects.get(pk=after.pk).created_at > stamps[4]  # outside: untouched
