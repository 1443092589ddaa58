"""A year of meetings for the demo plan, relative to today: held ones with approved minutes and action items
(some overdue), the next board meeting with a draft agenda, suggestions and a follow-up item.

Puts ``ctx["meetings"]`` (dict by key) and ``ctx["next_board_meeting"]`` for later apps.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import get_connection
from django.utils import timezone

from entydig.meetings import services
from entydig.meetings.models import AgendaItem, Attendance, Meeting, Minutes
from entydig.organisation.models import Body, Person

K = AgendaItem.Kind


def _on(days: int, hour: int = 14, minute: int = 0) -> dt.datetime:
    """A weekday `days` from today (moved forward past a weekend) at the given local time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _hold(
    meeting: Meeting,
    *,
    actor: Any,
    items: list[AgendaItem],
    decisions: dict[int, tuple[str, str]],
    actions: list[tuple[int, str, Person, int]],
    present: list[Person],
    absent: list[Person],
    approve: bool = True,
) -> None:
    # The demo's past dispatches are recorded without printing their e-mails to the console.
    quiet = get_connection("django.core.mail.backends.dummy.EmailBackend")
    services.agenda_dispatch(actor=actor, meeting=meeting, base_url="http://127.0.0.1:8000/", connection=quiet)
    services.attendance_record(
        actor=actor,
        meeting=meeting,
        statuses={
            **{p.pk: Attendance.Status.PRESENT for p in present},
            **{p.pk: Attendance.Status.ABSENT for p in absent},
        },
    )
    entries = {items[i].pk: {"discussion": d, "decision": c} for i, (d, c) in decisions.items()}
    for follow_up in meeting.items.filter(kind=AgendaItem.Kind.FOLLOW_UP):
        entries[follow_up.pk] = {
            "discussion": "",
            "decision": "Status for handlingspunkterne blev taget til efterretning.",
        }
    minutes = services.minutes_save(actor=actor, meeting=meeting, entries=entries)
    by_item = {e.item_id: e for e in minutes.entries.all()}
    for index, title, person, due_days in actions:
        services.action_item_create(
            actor=actor,
            entry=by_item[items[index].pk],
            title=title,
            responsible=person,
            due=timezone.localdate() + dt.timedelta(days=due_days),
        )
    if approve:
        services.minutes_approve(
            actor=actor,
            minutes=minutes,
            how=Minutes.ApprovedHow.CHAIR,
            approved_at=meeting.start + dt.timedelta(days=6),
        )


def seed(ctx: dict[str, Any]) -> None:
    plan = ctx["plan"]
    actor = ctx["users"]["sekretariat"]
    board: Body = ctx["board"]
    sg_crime, sg_education, sg_neighbourhood = ctx["steering_groups"]
    pre: Body = ctx["pre_meeting_group"]
    p: dict[str, Person] = ctx["people"]
    goals = ctx.get("goals", {})
    acts = {a.name: a for a in ctx["activities"]}
    board_members = [p[k] for k in ("mette", "lars", "henrik", "anne", "susanne", "birgit", "fatima", "jens")]
    town_hall = "Søby Rådhus, mødelokale 2"
    community = "Beboerhuset Nordparken, Parkvej 4"

    def meeting(body: Body, days: int, place: str, **kw: Any) -> Meeting:
        return services.meeting_create(
            actor=actor, plan=plan, body=body, start=_on(days, **kw.pop("at", {})), place=place, **kw
        )

    def item(m: Meeting, title: str, kind: str, proposal: str = "", **kw: Any) -> AgendaItem:
        return services.agenda_item_create(actor=actor, meeting=m, title=title, kind=kind, proposal=proposal, **kw)

    made: dict[str, Meeting] = {}

    # Pre-meetings of the municipality a week before each board meeting (except the last held one, to show advice).
    for key, days in (("pre1", -262), ("pre2", -171), ("pre4", 13)):
        made[key] = meeting(pre, days, "Søby Rådhus, lokale 114", kind=Meeting.Kind.PRE_MEETING, duration_minutes=60)

    # Board meeting 1: held, approved, all actions done.
    b1 = meeting(board, -255, town_hall, title="Bestyrelsesmøde 1")
    b1_items = [
        item(b1, "Godkendelse af regnskab 2025", K.APPROVAL, "At bestyrelsen godkender regnskabet for 2025."),
        item(
            b1,
            "Lektiecaféen når for få 7.-9. klasses elever",
            K.STRATEGIC,
            "At lektiecaféen flyttes til Nordparkskolen to dage om ugen.",
            presenter=p["sara"],
            minutes_allotted=30,
            activities=[acts["Lektiecafé"]],
            goals=[g for k, g in goals.items() if k == "education"],
        ),
        item(b1, "Orientering om tryghedsvandringen i marts", K.ORIENTATION, presenter=p["ali"], minutes_allotted=10),
    ]
    _hold(
        b1,
        actor=actor,
        items=b1_items,
        decisions={
            0: ("Ingen bemærkninger.", "Regnskabet blev godkendt."),
            1: ("Skolen er positiv; lokaler kan stilles til rådighed.", "Lektiecaféen flytter to dage om ugen."),
            2: ("Politiet deltog.", "Taget til efterretning."),
        },
        actions=[(1, "Aftale om lokaler med Nordparkskolen", p["torben"], -220)],
        present=board_members[:-1],
        absent=board_members[-1:],
    )
    for action in b1.action_items.all():
        services.action_item_update(actor=actor, action=action, status="done", note="Aftale underskrevet.")

    # Board meeting 2: held and approved, with a mix of done, open and overdue actions.
    b2 = meeting(board, -164, town_hall, title="Bestyrelsesmøde 2")
    b2_items = [
        item(
            b2,
            "Jobcentret deltager ikke i vejledningen som aftalt",
            K.COOPERATION,
            "At Beskæftigelsesforvaltningen stiller en fast vejleder til rådighed to timer om ugen.",
            presenter=p["nanna"],
            minutes_allotted=25,
            activities=[acts["Job- og uddannelsesvejledning"]],
        ),
        item(
            b2,
            "Flere midler til forældrenetværk",
            K.PRIORITISATION,
            "At 150.000 kr. flyttes fra naboskabsdage til forældrenetværk i 2026.",
            presenter=p["camilla"],
            minutes_allotted=20,
        ),
        item(b2, "Pixi-rapport 2. kvartal", K.ORIENTATION, presenter=p["camilla"], minutes_allotted=10),
    ]
    _hold(
        b2,
        actor=actor,
        items=b2_items,
        decisions={
            0: (
                "Henrik Lund beklagede; ressourcerne var flyttet.",
                "En fast vejleder stilles til rådighed fra 1. september.",
            ),
            1: ("Beboerrepræsentanten ønskede naboskabsdagene bevaret i mindre skala.", "100.000 kr. flyttes."),
            2: ("", "Taget til efterretning."),
        },
        actions=[
            (0, "Udpege fast vejleder fra jobcentret", p["henrik"], -60),
            (1, "Justere budgettet for forældrenetværk", p["camilla"], -120),
            (1, "Orientere styregruppen for naboskab om flytningen", p["fatima"], -30),
        ],
        present=board_members,
        absent=[],
    )
    done = b2.action_items.get(title__startswith="Justere budgettet")
    services.action_item_update(actor=actor, action=done, status="done")

    # A joint meeting of the board with the steering groups, held; minutes still a draft.
    joint = meeting(board, -110, community, title="Fællesmøde om målene", kind=Meeting.Kind.JOINT, duration_minutes=180)
    joint.invited_bodies.set([sg_crime, sg_education, sg_neighbourhood])
    joint_items = [
        item(joint, "Hvordan går det med målene? Styregrupperne fremlægger", K.DISCUSSION, minutes_allotted=90),
        item(
            joint, "Fælles prioriteter for 2027", K.STRATEGIC, "At styregrupperne udarbejder forslag til justeringer."
        ),
    ]
    _hold(
        joint,
        actor=actor,
        items=joint_items,
        decisions={
            0: ("Gode fremlæggelser; uddannelse halter.", "Drøftet."),
            1: ("", "Styregrupperne sender forslag inden næste bestyrelsesmøde."),
        },
        actions=[(1, "Forslag til justeringer fra styregruppen for uddannelse og job", p["anne"], 10)],
        present=board_members,
        absent=[],
        approve=False,
    )

    # Board meeting 3: held, approved; no pre-meeting before it (the annual plan shows the advice).
    b3 = meeting(board, -73, town_hall, title="Bestyrelsesmøde 3")
    b3_items = [
        item(
            b3,
            "Utryghed ved p-pladserne i Skovhaven",
            K.STRATEGIC,
            "At belysningsprojektet udvides til Skovhaven.",
            presenter=p["susanne"],
            activities=[acts["Lys og stier"]],
        ),
        item(b3, "Budget 2027", K.APPROVAL, "At bestyrelsen godkender budgettet for 2027."),
    ]
    _hold(
        b3,
        actor=actor,
        items=b3_items,
        decisions={0: ("Politiet bakker op.", "Belysningen udvides."), 1: ("", "Budgettet blev godkendt.")},
        actions=[
            (0, "Indhente tilbud på belysning i Skovhaven", p["susanne"], -14),
            (0, "Trygheds-måling efter ny belysning", p["jens"], 90),
        ],
        present=board_members,
        absent=[],
    )

    # The next board meeting: a draft agenda, a guest for one item, the follow-up item added automatically.
    b4 = meeting(board, 20, town_hall, title="Bestyrelsesmøde 4")
    services.meeting_guest_add(actor=actor, meeting=b4, person=p["lone"], reason="til punktet om jobvejledning")
    item(
        b4,
        "Godkendelse af referat fra bestyrelsesmøde 3",
        K.APPROVAL,
        "At referatet godkendes.",
        minutes_allotted=5,
    )
    item(
        b4,
        "Pixi-rapport 3. kvartal",
        K.ORIENTATION,
        description="Kort status for målene, indsatserne og økonomien i 3. kvartal. Rapporten er vedlagt.",
        presenter=p["camilla"],
        minutes_allotted=10,
        owner=p["camilla"],
    )
    item(
        b4,
        "Status på naboskabsdage",
        K.ORIENTATION,
        description="Fire naboskabsdage er afholdt med i alt ca. 300 deltagere; frivilligcentret står for to i 2027.",
        presenter=p["ali"],
        minutes_allotted=10,
        owner=p["ali"],
        activities=[acts["Naboskabsdage"]],
    )
    made.update({"board1": b1, "board2": b2, "joint": joint, "board3": b3, "board4": b4})

    # A board meeting early next year, and the steering groups' quarterly meetings.
    made["board5"] = meeting(board, 110, town_hall, title="Bestyrelsesmøde 1 (nyt år)")
    made["pre5"] = meeting(pre, 103, "Søby Rådhus, lokale 114", kind=Meeting.Kind.PRE_MEETING, duration_minutes=60)
    for index, group in enumerate((sg_crime, sg_education, sg_neighbourhood)):
        for quarter, days in enumerate((-230, -140, -50, 40)):
            m = meeting(group, days + index * 3, community, at={"hour": 9 + index * 2}, duration_minutes=90)
            made[f"sg{index + 1}_{quarter + 1}"] = m
            if days < 0:
                services.meeting_update(actor=actor, meeting=m, status=Meeting.Status.HELD)
    # A steering-group meeting whose agenda is late (its deadline has passed and nothing is sent).
    late = meeting(sg_education, 9, community, title="Styregruppen for uddannelse og job: ekstraordinært møde")
    item(late, "Vejledning i juleferien", K.DISCUSSION, presenter=p["nanna"])
    made["late"] = late

    ctx["meetings"] = made
    ctx["next_board_meeting"] = b4
