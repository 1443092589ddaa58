"""A year of meetings for the demo plan, relative to today: held ones with sent agendas, approved minutes and
action items (some overdue), the next board meeting with its agenda sent, and agendas due in the coming days.

Every meeting in the past is held and had its agenda sent before it; the change log dates each step when it
happened (`entydig.core.demo_dates`). Whatever the day, the secretariat has an agenda due within two weeks (the
next meeting of the steering group for safety) and an overdue one (an extraordinary meeting of the steering group
for education), and the board member Henrik Lund has an open action item.

Puts ``ctx["meetings"]`` (dict by key) and ``ctx["next_board_meeting"]`` for later apps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.mail import get_connection
from django.utils import timezone

from entydig.budget.models import Actual, Funder
from entydig.budget.selectors import plan_years
from entydig.core import demo_dates as when
from entydig.meetings import services
from entydig.meetings.deadlines import meeting_deadline, rules_for_plan
from entydig.meetings.models import ActionItem, AgendaDispatch, AgendaItem, Attendance, Meeting, Minutes
from entydig.meetings.workdays import DEFAULT_DISPATCH_DAYS, dispatch_deadline, working_days_left
from entydig.organisation.models import Body, Person, Plan

K = AgendaItem.Kind
BASE_URL = "http://127.0.0.1:8000/"
# The pre-meeting group meets internally and sends its agenda three working days ahead.
PRE_MEETING_DEADLINES = {"dispatch_days": 3, "warning_days": 5, "material_days": 1}
# The agenda due soon: its dispatch deadline lies this many working days after today (inside the warning window).
DUE_SOON_WORKING_DAYS = 2


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _coming_year(moment: dt.datetime) -> int:
    """The year a budget or a priority decided at `moment` is for: this one in spring, the next one in autumn."""
    day = _day(moment)
    return day.year + 1 if day.month >= 7 else day.year


def _days_to_meeting_due_in(plan: Plan, working_days: int) -> int:
    """Days from today to the first weekday whose agenda deadline lies `working_days` working days after today."""
    rules = rules_for_plan(plan)
    today = when.today()
    ahead = 1
    while True:
        meeting_day = when.weekday_on_or_after(today + dt.timedelta(days=ahead))
        deadline = dispatch_deadline(meeting_day, DEFAULT_DISPATCH_DAYS, rules)
        if working_days_left(today, deadline, rules) >= working_days:
            return (meeting_day - today).days
        ahead += 1


def _dispatch(meeting: Meeting, *, actor: Any) -> AgendaDispatch:
    """Sends the agenda, dated on its deadline (or the last weekday, for an agenda sent early), without printing
    e-mails."""
    last_weekday = when.weekday_on_or_before(when.today() - dt.timedelta(days=1))
    sent = when.at(min(meeting_deadline(meeting).deadline, last_weekday), 15)
    with when.happened(sent):
        quiet = get_connection("django.core.mail.backends.dummy.EmailBackend")
        dispatch = services.agenda_dispatch(actor=actor, meeting=meeting, base_url=BASE_URL, connection=quiet)
    AgendaDispatch.objects.filter(pk=dispatch.pk).update(sent_at=when.past(sent))
    return dispatch


def _mark_held(meeting: Meeting, *, actor: Any) -> None:
    with when.happened(meeting.start + dt.timedelta(hours=3)):
        services.meeting_update(actor=actor, meeting=meeting, status=Meeting.Status.HELD)


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
    """Sends the agenda before the meeting, then records attendance, minutes and actions the day after."""
    _dispatch(meeting, actor=actor)
    with when.happened(meeting.start + dt.timedelta(days=1, hours=-4)):
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
                due=when.today() + dt.timedelta(days=due_days),
            )
    if approve:
        approved_at = meeting.start + dt.timedelta(days=6)
        with when.happened(approved_at):
            services.minutes_approve(
                actor=actor, minutes=minutes, how=Minutes.ApprovedHow.CHAIR, approved_at=approved_at
            )


def _close(action: ActionItem, *, actor: Any, days_before_due: int, note: str = "") -> None:
    """Marks an action item done, dated a little before its due date."""
    closed = when.past(when.at(action.due - dt.timedelta(days=days_before_due), 11))
    with when.happened(closed):
        services.action_item_update(actor=actor, action=action, status="done", note=note)
    ActionItem.objects.filter(pk=action.pk).update(closed_at=closed)


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
    pre_room = "Søby Rådhus, lokale 114"

    with when.happened(when.at(when.plan_start() - dt.timedelta(days=20))):
        services.body_deadlines_update(actor=actor, body=pre, **PRE_MEETING_DEADLINES)

    def meeting(body: Body, days: int, place: str, **kw: Any) -> Meeting:
        """A meeting `days` from today, put in the calendar six weeks before it (at the latest two weeks ago)."""
        start = when.on(days, **kw.pop("at", {}))
        with when.happened(min(start - dt.timedelta(days=42), when.at(when.today() - dt.timedelta(days=14)))):
            return services.meeting_create(actor=actor, plan=plan, body=body, start=start, place=place, **kw)

    def item(m: Meeting, title: str, kind: str, proposal: str = "", **kw: Any) -> AgendaItem:
        with when.happened(m.start - dt.timedelta(days=30)):
            return services.agenda_item_create(actor=actor, meeting=m, title=title, kind=kind, proposal=proposal, **kw)

    made: dict[str, Meeting] = {}

    # Pre-meetings of the municipality a week before each board meeting (except the last held one, to show advice).
    for key, days in (("pre1", -262), ("pre2", -171)):
        made[key] = m = meeting(pre, days, pre_room, kind=Meeting.Kind.PRE_MEETING, duration_minutes=60)
        item(m, "Kommunens linje til punkterne på bestyrelsesmødet", K.DISCUSSION, presenter=p["nanna"])
        _dispatch(m, actor=actor)
        _mark_held(m, actor=actor)

    # Board meeting 1: held, approved, all actions done.
    b1 = meeting(board, -255, town_hall, title="Bestyrelsesmøde 1")
    accounts_year = _day(b1.start).year - 1
    b1_items = [
        item(
            b1,
            f"Godkendelse af regnskab {accounts_year}",
            K.APPROVAL,
            f"At bestyrelsen godkender regnskabet for {accounts_year}.",
        ),
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
        item(b1, "Orientering om den seneste tryghedsvandring", K.ORIENTATION, presenter=p["ali"], minutes_allotted=10),
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
        _close(action, actor=actor, days_before_due=3, note="Aftale underskrevet.")

    # Board meeting 2: held and approved, with a mix of done, open and overdue actions.
    b2 = meeting(board, -164, town_hall, title="Bestyrelsesmøde 2")
    # The board moves 100.000 kr. of LBF's money from naboskabsdage to forældrenetværk for the coming year (the next
    # one, when the accounts already have spending in it), and the minutes' approval makes it a budget version.
    move_year = _coming_year(b2.start)
    if Actual.objects.filter(post__activity=acts["Naboskabsdage"], year=move_year).exists():
        move_year += 1
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
            f"At 100.000 kr. af Landsbyggefondens midler flyttes fra naboskabsdage til forældrenetværk i {move_year}.",
            presenter=p["camilla"],
            minutes_allotted=20,
        ),
        item(b2, "Pixi-rapport for det seneste kvartal", K.ORIENTATION, presenter=p["camilla"], minutes_allotted=10),
    ]
    if move_year in plan_years(plan):
        with when.happened(b2.start - dt.timedelta(days=20)):
            services.reallocation_add(
                actor=actor,
                item=b2_items[1],
                from_activity=acts["Naboskabsdage"],
                to_activity=acts["Forældrenetværk"],
                year=move_year,
                funder=Funder.LBF,
                amount=Decimal(100_000),
            )
    _hold(
        b2,
        actor=actor,
        items=b2_items,
        decisions={
            0: (
                "Henrik Lund beklagede; ressourcerne var flyttet.",
                "En fast vejleder stilles til rådighed fra næste måned.",
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
    _close(b2.action_items.get(title__startswith="Justere budgettet"), actor=actor, days_before_due=5)

    # A joint meeting of the board with the steering groups, held; minutes still a draft.
    joint = meeting(
        board,
        -110,
        community,
        title="Fællesmøde om målene",
        kind=Meeting.Kind.JOINT,
        duration_minutes=180,
        invited_bodies=[sg_crime, sg_education, sg_neighbourhood],
    )
    joint_items = [
        item(joint, "Hvordan går det med målene? Styregrupperne fremlægger", K.DISCUSSION, minutes_allotted=90),
        item(
            joint,
            f"Fælles prioriteter for {_coming_year(joint.start)}",
            K.STRATEGIC,
            "At styregrupperne udarbejder forslag til justeringer.",
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
    budget_year = _coming_year(b3.start)
    b3_items = [
        item(
            b3,
            "Utryghed ved p-pladserne i Skovhaven",
            K.STRATEGIC,
            "At belysningsprojektet udvides til Skovhaven.",
            presenter=p["susanne"],
            activities=[acts["Lys og stier"]],
        ),
        item(b3, f"Budget {budget_year}", K.APPROVAL, f"At bestyrelsen godkender budgettet for {budget_year}."),
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

    # The next board meeting: its agenda is sent, with a guest for one item and the follow-up item added
    # automatically; the municipality's pre-meeting a week before it.
    b4 = meeting(board, 20, town_hall, title="Bestyrelsesmøde 4")
    made["pre4"] = meeting(
        pre, (_day(b4.start) - when.today()).days - 7, pre_room, kind=Meeting.Kind.PRE_MEETING, duration_minutes=60
    )
    with when.happened(b4.start - dt.timedelta(days=30)):
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
        "Pixi-rapport for det seneste kvartal",
        K.ORIENTATION,
        description="Kort status for målene, indsatserne og økonomien i kvartalet. Rapporten ligger i mødemappen.",
        presenter=p["camilla"],
        minutes_allotted=10,
        owner=p["camilla"],
    )
    item(
        b4,
        "Status på naboskabsdage",
        K.ORIENTATION,
        description="Fire naboskabsdage er afholdt med i alt ca. 300 deltagere; frivilligcentret står for to af de "
        "kommende.",
        presenter=p["ali"],
        minutes_allotted=10,
        owner=p["ali"],
        activities=[acts["Naboskabsdage"]],
    )
    _dispatch(b4, actor=actor)
    made.update({"board1": b1, "board2": b2, "joint": joint, "board3": b3, "board4": b4})

    # The board meeting after that, and the steering groups' quarterly meetings: held ones with their agendas
    # sent; the next one of the group for safety has its agenda due in a few days.
    made["board5"] = meeting(board, 110, town_hall, title="Bestyrelsesmøde 5")
    made["pre5"] = meeting(pre, 103, pre_room, kind=Meeting.Kind.PRE_MEETING, duration_minutes=60)
    next_crime = _days_to_meeting_due_in(plan, DUE_SOON_WORKING_DAYS)
    for index, group in enumerate((sg_crime, sg_education, sg_neighbourhood)):
        for quarter, days in enumerate((-230, -140, -50, 40)):
            if index == 0 and days > 0:
                days = next_crime
            else:
                days += index * 3
            m = meeting(group, days, community, at={"hour": 9 + index * 2}, duration_minutes=90)
            made[f"sg{index + 1}_{quarter + 1}"] = m
            item(m, "Status på indsatserne", K.ORIENTATION, presenter=p["camilla"], minutes_allotted=30)
            if days < 0:
                _dispatch(m, actor=actor)
                _mark_held(m, actor=actor)
    # A steering-group meeting whose agenda is late (its deadline has passed and nothing is sent).
    late = meeting(sg_education, 9, community, title="Styregruppen for uddannelse og job: ekstraordinært møde")
    item(late, "Vejledning i den kommende skoleferie", K.DISCUSSION, presenter=p["nanna"])
    made["late"] = late

    ctx["meetings"] = made
    ctx["next_board_meeting"] = b4
