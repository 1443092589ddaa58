"""Meetings as an iCalendar feed (RFC 5545) for calendar subscriptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from entydig.meetings.models import Meeting


def meetings_ics(meetings: Iterable[Meeting], *, name: str, base_url: str, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Entydig//Møder//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    now = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.start + dt.timedelta(minutes=meeting.duration_minutes))
        event.add("summary", f"{meeting} ({meeting.body})" if meeting.title else str(meeting))
        if meeting.place:
            event.add("location", meeting.place)
        event.add("description", f"{meeting.plan} · {meeting.get_kind_display()}")
        event.add("url", base_url.rstrip("/") + meeting.get_absolute_url())
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
