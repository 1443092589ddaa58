"""Meetings, agendas, minutes and action items for a generated plan, once the meetings app has its models.

Per plan year: four board meetings, each with a pre-meeting of the municipality, and four meetings of each
steering group. Board agendas grow with the number of goals (one item per two goals, each linked to its
goal, an indicator and an activity), so the query-count guards see pages with ten times the rows. Meetings
before the demo's "today" are held, with approved minutes and action items for their decisions.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.apps import apps

if TYPE_CHECKING:
    from bench.generator import Counts, PlanData

TODAY = dt.date(2026, 11, 27)
TZ = ZoneInfo("Europe/Copenhagen")
KINDS = ["strategic", "cooperation", "prioritisation", "discussion", "orientation", "approval"]


def available() -> bool:
    try:
        for name in ("Meeting", "AgendaItem", "Minutes", "MinutesEntry", "ActionItem"):
            apps.get_model("meetings", name)
    except LookupError:
        return False
    return True


def extend(data: PlanData, rng: random.Random, counts: Counts) -> None:
    from bench.generator import _bulk, _through

    meeting_model = apps.get_model("meetings", "Meeting")
    item_model = apps.get_model("meetings", "AgendaItem")
    minutes_model = apps.get_model("meetings", "Minutes")
    entry_model = apps.get_model("meetings", "MinutesEntry")
    action_model = apps.get_model("meetings", "ActionItem")

    plan = data.plan
    first_year = plan.period_start.year
    meetings: list[Any] = []
    board_meetings: list[Any] = []
    for year in range(first_year, plan.period_end.year + 1):
        for quarter in range(4):
            day = dt.date(year, 2 + 3 * quarter, rng.randint(3, 24))
            held = day < TODAY
            status = "held" if held else "planned"
            board = meeting_model(
                plan=plan,
                body=data.board,
                kind="joint" if quarter == 3 else "ordinary",
                title=f"Bestyrelsesmøde {quarter + 1}/{year}",
                start=dt.datetime(day.year, day.month, day.day, 15, 0, tzinfo=TZ),
                place="Beboerhuset",
                status=status,
            )
            board_meetings.append(board)
            meetings.append(board)
            pre_day = day - dt.timedelta(days=7)
            meetings.append(
                meeting_model(
                    plan=plan,
                    body=data.pre_meeting_group,
                    kind="pre_meeting",
                    title=f"Formøde {quarter + 1}/{year}",
                    start=dt.datetime(pre_day.year, pre_day.month, pre_day.day, 9, 0, tzinfo=TZ),
                    duration_minutes=60,
                    status="held" if pre_day < TODAY else "planned",
                )
            )
            for g, group in enumerate(data.groups):
                group_day = day - dt.timedelta(days=21 + g)
                meetings.append(
                    meeting_model(
                        plan=plan,
                        body=group,
                        title=f"{group.name} {quarter + 1}/{year}",
                        start=dt.datetime(group_day.year, group_day.month, group_day.day, 13, 0, tzinfo=TZ),
                        status="held" if group_day < TODAY else "planned",
                    )
                )
    _bulk(meeting_model, meetings, counts)
    joint = [(m.pk, g.pk) for m in board_meetings if m.kind == "joint" for g in data.groups]
    _through(meeting_model.invited_bodies, joint, counts)

    n_items = 3 + len(data.goals) // 2
    items: list[Any] = []
    for meeting in meetings:
        count = n_items if meeting.body_id == data.board.pk else 2
        for k in range(count):
            kind = "follow_up" if k == 0 else KINDS[(k - 1) % len(KINDS)]
            items.append(
                item_model(
                    meeting=meeting,
                    order=k,
                    title=f"Punkt {k + 1}: {'Opfølgning på handlingspunkter' if k == 0 else 'Sag'}",
                    kind=kind,
                    description="Sagsfremstilling på én side.",
                    proposal="Sekretariatet indstiller, at bestyrelsen godkender forslaget." if k else "",
                    presenter=data.people[10],
                    owner=data.people[11 + k % 3],
                    minutes_allotted=10 + 5 * (k % 3),
                )
            )
    _bulk(item_model, items, counts)
    board_items = [i for i in items if i.meeting.body_id == data.board.pk and i.order > 0]
    goals, indicators, activities = data.goals, data.indicators, data.activities
    _through(item_model.goals, [(i.pk, goals[(i.order - 1) % len(goals)].pk) for i in board_items], counts)
    if indicators:
        _through(
            item_model.indicators, [(i.pk, indicators[(i.order - 1) % len(indicators)].pk) for i in board_items], counts
        )
    if activities:
        _through(
            item_model.activities, [(i.pk, activities[(i.order - 1) % len(activities)].pk) for i in board_items], counts
        )

    held_board = [m for m in board_meetings if m.status == "held"]
    # Written as drafts and approved once their entries exist: the database refuses entries in approved minutes.
    minutes = [minutes_model(meeting=m, status="draft") for m in held_board]
    _bulk(minutes_model, minutes, counts)
    minutes_of = {m.meeting_id: m for m in minutes}
    entries = [
        entry_model(
            minutes=minutes_of[i.meeting_id],
            item=i,
            discussion="Bestyrelsen drøftede sagen.",
            decision="Bestyrelsen tiltrådte indstillingen." if i.kind in KINDS[:3] else "",
        )
        for i in items
        if i.meeting_id in minutes_of
    ]
    _bulk(entry_model, entries, counts)
    for m in minutes:
        m.status, m.approved_at, m.approved_how = "approved", m.meeting.start + dt.timedelta(days=7), "chair"
    minutes_model.objects.bulk_update(minutes, ["status", "approved_at", "approved_how"], batch_size=1000)
    actions = []
    for entry in entries:
        if entry.item.kind not in KINDS[:3]:
            continue
        due = entry.item.meeting.start.date() + dt.timedelta(days=rng.randint(30, 120))
        done = due < TODAY - dt.timedelta(days=30) and rng.random() < 0.9
        actions.append(
            action_model(
                plan=plan,
                meeting=entry.item.meeting,
                entry=entry,
                title=f"Følg op på {entry.item.title.lower()}",
                responsible=data.people[rng.randint(0, len(data.people) - 1)],
                due=due,
                status="done" if done else "open",
                closed_at=dt.datetime(due.year, due.month, due.day, 12, 0, tzinfo=TZ) if done else None,
            )
        )
    _bulk(action_model, actions, counts)
