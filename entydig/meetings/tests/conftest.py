"""Meetings fixtures on top of the shared cast: a planned board meeting with items, and a held one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from entydig.conftest import Cast
from entydig.meetings import services
from entydig.meetings.models import ActionItem, AgendaItem, Meeting, MinutesEntry
from entydig.organisation.models import Person


@dataclass
class Meetings:
    past: Meeting
    upcoming: Meeting
    item: AgendaItem
    entry: MinutesEntry
    action: ActionItem
    responsible: Person


def at(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def meetings(cast: Cast) -> Meetings:
    past = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(-40), place="Rådhuset")
    decided = services.agenda_item_create(
        actor=None, meeting=past, title="Lektiecaféens fremtid", kind=AgendaItem.Kind.STRATEGIC, proposal="At fortsætte"
    )
    minutes = services.minutes_save(
        actor=None, meeting=past, entries={decided.pk: {"discussion": "God drøftelse", "decision": "Fortsætter"}}
    )
    entry = minutes.entries.get()
    responsible = cast.staff_user.person
    assert responsible is not None
    action = services.action_item_create(
        actor=None,
        entry=entry,
        title="Skaf lokaler",
        responsible=responsible,
        due=timezone.localdate() - dt.timedelta(days=5),
    )
    upcoming = services.meeting_create(
        actor=None, plan=cast.plan, body=cast.board, start=at(30), place="Beboerhuset", title="Bestyrelsesmøde"
    )
    item = services.agenda_item_create(
        actor=None,
        meeting=upcoming,
        title="Prioritering af midler",
        kind=AgendaItem.Kind.PRIORITISATION,
        proposal="At flytte 100.000 kr.",
    )
    return Meetings(past=past, upcoming=upcoming, item=item, entry=entry, action=action, responsible=responsible)
