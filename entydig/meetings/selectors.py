"""Reads for meeting pages, documents and feeds, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entydig.meetings.deadlines import Deadline, DeadlineCalculator, deadlines_of_meetings
from entydig.meetings.models import (
    ActionItem,
    AgendaDispatch,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingGuest,
    Minutes,
    MinutesEntry,
    Reallocation,
)
from entydig.organisation.access import plans_for_user, secretariat_plans
from entydig.organisation.models import Body, Membership, Person, Plan


@dataclass
class MeetingRow:
    meeting: Meeting
    deadline: Deadline


def _dispatched() -> Exists:
    return Exists(AgendaDispatch.objects.filter(meeting=OuterRef("pk")))


def plan_people(plan: Plan) -> QuerySet[Person]:
    """The people of a plan: members of its bodies and of the secretariats serving it, and those responsible for
    its activities. Presenters, material owners, guests and those responsible for action items are among them."""
    condition = Q(memberships__body__plan=plan) | Q(responsible_for__plan=plan) | Q(memberships__body__also_serves=plan)
    return Person.objects.filter(pk__in=Person.objects.filter(condition).values("pk")).order_by("name")


def meetings_of(plan: Plan) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(plan=plan)
        .select_related("body", "plan")
        .annotate(is_dispatched=_dispatched())
        .prefetch_related(Prefetch("invited_bodies", queryset=Body.objects.order_by("name")))
    )


def annual_plan(plan: Plan, year: int) -> list[MeetingRow]:
    """All meetings of all the plan's bodies in a calendar year, with their deadlines."""
    meetings = list(meetings_of(plan).filter(start__year=year).order_by("start"))
    calc = DeadlineCalculator(plan)
    return [
        MeetingRow(m, calc.for_meeting(m, dispatched=m.is_dispatched))  # type: ignore[attr-defined]  # an annotation
        for m in meetings
    ]


def plan_advice(plan: Plan, year: int, rows: list[MeetingRow]) -> list[str]:
    """The handbook's checks on the year's meetings; advice, never a block."""
    advice = []
    board_meetings = sorted(
        (
            r.meeting
            for r in rows
            if r.meeting.body.kind == Body.Kind.BOARD and r.meeting.status != Meeting.Status.CANCELLED
        ),
        key=lambda m: m.start,
    )
    if len(board_meetings) < 2:
        advice.append(
            ngettext(
                "Bestyrelsen har kun %(n)d møde i %(year)d. Håndbogen anbefaler mindst to bestyrelsesmøder om året "
                "(typisk 2-4), så bestyrelsen kan følge målene og justere.",
                "Bestyrelsen har kun %(n)d møder i %(year)d. Håndbogen anbefaler mindst to bestyrelsesmøder om året "
                "(typisk 2-4), så bestyrelsen kan følge målene og justere.",
                len(board_meetings),
            )
            % {"n": len(board_meetings), "year": year}
        )
    advice.extend(_pre_meeting_advice(plan, [m for m in board_meetings if m.kind != Meeting.Kind.JOINT]))
    return advice


PRE_MEETING_WINDOW = dt.timedelta(days=60)


def _pre_meeting_advice(plan: Plan, board_meetings: list[Meeting]) -> list[str]:
    """Each party with a pre-meeting group should meet after the previous board meeting and before this one.

    The first board meeting the plan holds looks back PRE_MEETING_WINDOW (Entydig's own choice, not the handbook's).
    The window crosses calendar years: a pre-meeting on 30 December serves a board meeting on 6 January. A joint
    working session with the steering groups needs no separate pre-meeting, so callers leave those out.
    """
    if not board_meetings:
        return []
    groups = list(plan.bodies.filter(kind=Body.Kind.PRE_MEETING_GROUP).select_related("party").order_by("name"))
    if not groups:
        return []
    first = board_meetings[0].start
    previous = (
        Meeting.objects.filter(plan=plan, body__kind=Body.Kind.BOARD, start__lt=first)
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(kind=Meeting.Kind.JOINT)
        .order_by("-start")
        .values_list("start", flat=True)
        .first()
    )
    # One voice per party: a party with several pre-meeting groups needs a meeting in one of them.
    party_of = {g.pk: (g.party_id or -g.pk) for g in groups}
    names = {party_of[g.pk]: (g.party.name if g.party else g.name) for g in groups}
    held: dict[int, list[dt.datetime]] = {party: [] for party in names}
    earliest = previous or first - PRE_MEETING_WINDOW
    for body_id, start in (
        Meeting.objects.filter(body_id__in=party_of, start__gte=earliest, start__lt=board_meetings[-1].start)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("body_id", "start")
    ):
        held[party_of[body_id]].append(start)
    advice = []
    for meeting in board_meetings:
        window_start = previous or meeting.start - PRE_MEETING_WINDOW
        for party, starts in held.items():
            if not any(window_start <= start < meeting.start for start in starts):
                advice.append(
                    _(
                        "Bestyrelsesmødet %(date)s har intet formøde i %(party)s før sig. Håndbogen: kommunen og "
                        "boligorganisationen bør hver afstemme internt før bestyrelsesmøder, så hver part taler med "
                        "én stemme."
                    )
                    % {"date": timezone.localtime(meeting.start).strftime("%d.%m.%Y"), "party": names[party]}
                )
        previous = meeting.start
    return advice


def deadline_dashboard(plan: Plan, today: dt.date | None = None) -> list[MeetingRow]:
    """Agendas not yet sent that are inside their warning window or past their deadline."""
    return deadline_dashboards([plan], today)[plan.pk]


def deadline_dashboards(plans: Iterable[Plan], today: dt.date | None = None) -> dict[int, list[MeetingRow]]:
    """`deadline_dashboard` of each of `plans`, by plan id, in a fixed number of queries whatever the number of plans
    (the secretariat's front page and its task list ask it for every plan it serves)."""
    today = today or timezone.localdate()
    found: dict[int, list[MeetingRow]] = {p.pk: [] for p in plans}
    upcoming = list(
        Meeting.objects.filter(plan_id__in=found, status=Meeting.Status.PLANNED, start__date__gte=today)
        .select_related("body", "plan")
        .annotate(is_dispatched=_dispatched())
        .prefetch_related(Prefetch("invited_bodies", queryset=Body.objects.order_by("name")))
        .order_by("start", "pk")
    )
    deadlines = deadlines_of_meetings(((m, bool(m.is_dispatched)) for m in upcoming), today=today)
    for meeting in upcoming:
        deadline = deadlines[meeting.pk]
        if not deadline.dispatched and today >= deadline.warning_from:
            found[meeting.plan_id].append(MeetingRow(meeting, deadline))
    return found


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    moves = Reallocation.objects.select_related("from_activity", "to_activity", "budget_version")
    return list(
        meeting.items.select_related("presenter", "owner")
        .prefetch_related("attachments", "goals", "indicators", "activities", Prefetch("reallocations", moves))
        .order_by("order", "pk")
    )


def decided_reallocations(minutes: Minutes) -> list[Reallocation]:
    """The money moves the minutes' approval applies: those not yet applied of the prioritisation items whose decision
    the minutes record, in agenda order."""
    return list(
        Reallocation.objects.filter(
            item__meeting_id=minutes.meeting_id,
            item__kind=AgendaItem.Kind.PRIORITISATION,
            item__minutes_entry__minutes=minutes,
            applied_at__isnull=True,
        )
        .exclude(item__minutes_entry__decision="")
        .select_related("item", "from_activity", "to_activity")
        .order_by("item__order", "item_id", "pk")
    )


def follow_up_actions(meeting: Meeting) -> list[ActionItem]:
    """Open action items from the body's earlier meetings: what the follow-up item lists."""
    return list(
        ActionItem.objects.filter(
            meeting__body_id=meeting.body_id, meeting__start__lt=meeting.start, status=ActionItem.Status.OPEN
        )
        .select_related("responsible", "meeting")
        .order_by("due", "pk")
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's last meeting before this one that was not cancelled."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, start__lt=meeting.start)
        .exclude(pk=meeting.pk)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-start", "-pk")
        .first()
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The body's first meeting after this one that was not cancelled."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, start__gt=meeting.start)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start", "pk")
        .first()
    )


def minutes_awaiting(meeting: Meeting) -> list[Minutes]:
    """Minutes of the body's earlier meetings that await approval at a later meeting: what this meeting's item
    for approving the previous minutes is about, and what approving this meeting's minutes approves."""
    return list(
        Minutes.objects.filter(
            meeting__body_id=meeting.body_id, meeting__start__lt=meeting.start, status=Minutes.Status.PENDING
        )
        .exclude(meeting=meeting)
        .select_related("meeting__plan")
        .order_by("meeting__start", "pk")
    )


def active_members(body_ids: Iterable[int]) -> list[Membership]:
    today = timezone.localdate()
    return list(
        Membership.objects.filter(body_id__in=list(body_ids))
        .filter(Q(end__isnull=True) | Q(end__gte=today), Q(start__isnull=True) | Q(start__lte=today))
        .select_related("person__organisation", "body")
        .order_by("body__kind", "role", "person__name")
    )


class Participant(NamedTuple):
    """One row of the meeting's attendance table: a member of the body or an invited guest."""

    person_id: int
    person: Any
    role: str
    attendance: Attendance | None


def meeting_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the meeting page shows."""
    items = agenda_items(meeting)
    dispatches = list(meeting.dispatches.prefetch_related("recipients").select_related("sent_by").order_by("-version"))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    invited = list(meeting.invited_bodies.order_by("name"))
    members = active_members([meeting.body_id])
    guests = list(MeetingGuest.objects.filter(meeting=meeting).select_related("person"))
    attendance = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    participants = [
        Participant(m.person_id, m.person, str(m.get_role_display()), attendance.get(m.person_id)) for m in members
    ] + [
        Participant(
            g.person_id,
            g.person,
            f"{_('Gæst')} ({g.reason})" if g.reason else str(_("Gæst")),
            attendance.get(g.person_id),
        )
        for g in guests
    ]
    deadline = DeadlineCalculator(meeting.plan, [meeting.body_id]).for_meeting(meeting, dispatched=bool(dispatches))
    return {
        "items": items,
        "follow_up": follow_up_actions(meeting) if any(i.kind == AgendaItem.Kind.FOLLOW_UP for i in items) else [],
        "awaiting": minutes_awaiting(meeting) if any(i.kind == AgendaItem.Kind.PREVIOUS_MINUTES for i in items) else [],
        "dispatches": dispatches,
        "minutes": minutes,
        "invited": invited,
        "members": members,
        "guests": guests,
        "attendance": attendance,
        "participants": participants,
        "deadline": deadline,
    }


def dispatch_recipients(meeting: Meeting) -> list[tuple[Person, str]]:
    """Members of the body and of invited bodies, and guests: each person once, with what they are invited as."""
    today = timezone.localdate()
    found: dict[int, tuple[Person, str]] = {}
    for body in [meeting.body, *meeting.invited_bodies.all()]:
        for membership in body.memberships.select_related("person").order_by("person__name"):
            if (membership.end and membership.end < today) or (membership.start and membership.start > today):
                continue
            found.setdefault(membership.person_id, (membership.person, str(body)))
    for guest in meeting.guests.select_related("person"):
        found.setdefault(guest.person_id, (guest.person, _("gæst")))
    return sorted(found.values(), key=lambda pair: pair[0].name)


def _person(p: Any) -> str:
    return p.name if p is not None else ""


def agenda_document(meeting: Meeting) -> dict[str, Any]:
    """The agenda as plain data: what a dispatch freezes and what the PDF and DOCX are made from."""
    items = agenda_items(meeting)
    actions = follow_up_actions(meeting)
    today = timezone.localdate()
    members = active_members([meeting.body_id])
    guests = MeetingGuest.objects.filter(meeting=meeting).select_related("person")
    deadline = DeadlineCalculator(meeting.plan, [meeting.body_id]).for_meeting(meeting, dispatched=False)
    return {
        "plan": meeting.plan.name,
        "body": meeting.body.name,
        "body_kind": meeting.body.kind,
        "title": str(meeting),
        "kind": str(meeting.get_kind_display()),
        "start": timezone.localtime(meeting.start).isoformat(),
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "version": meeting.agenda_version,
        "changed_after_dispatch": meeting.agenda_version > 1,
        "deadline": deadline.deadline.isoformat(),
        "members": [
            {"name": m.person.name, "role": str(m.get_role_display()), "organisation": str(m.person.organisation or "")}
            for m in members
        ],
        "invited_bodies": [b.name for b in meeting.invited_bodies.order_by("name")],
        "guests": [{"name": g.person.name, "reason": g.reason} for g in guests],
        "items": [
            {
                "number": number,
                "id": item.pk,
                "title": item.title,
                "kind": item.kind,
                "kind_label": str(item.get_kind_display()),
                "description": item.description,
                "proposal": item.proposal,
                "presenter": _person(item.presenter),
                "minutes_allotted": item.minutes_allotted,
                "changed": item.changed_in_version > 1 and item.changed_in_version == meeting.agenda_version,
                "attachments": [a.name for a in item.attachments.all()],
                "links": [str(o) for o in [*item.goals.all(), *item.indicators.all(), *item.activities.all()]],
                "reallocations": [
                    {
                        "text": m.summary,
                        "applied": m.is_applied,
                        "version": m.budget_version.number if m.budget_version else None,
                    }
                    for m in item.reallocations.all()
                ],
                "actions": [
                    {
                        "title": a.title,
                        "responsible": a.responsible.name,
                        "due": a.due.isoformat(),
                        "overdue": a.due < today,
                    }
                    for a in actions
                ]
                if item.kind == AgendaItem.Kind.FOLLOW_UP
                else [],
            }
            for number, item in enumerate(items, start=1)
        ],
    }


def minutes_document(meeting: Meeting) -> dict[str, Any]:
    """The minutes as plain data for the PDF and DOCX."""
    doc = agenda_document(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_by", "approved_in").first()
    entries = {
        e.item_id: e
        for e in MinutesEntry.objects.filter(item__meeting=meeting).prefetch_related(
            Prefetch("action_items", queryset=ActionItem.objects.select_related("responsible").order_by("due"))
        )
    }
    amendments = list(minutes.amendments.select_related("created_by", "item")) if minutes else []
    attendance = list(
        Attendance.objects.filter(meeting=meeting).select_related("person").order_by("status", "person__name")
    )
    for item in doc["items"]:
        entry = entries.get(item["id"])
        item["discussion"] = entry.discussion if entry else ""
        item["decision"] = entry.decision if entry else ""
        item["decided_actions"] = (
            [
                {
                    "title": a.title,
                    "responsible": a.responsible.name,
                    "due": a.due.isoformat(),
                    "status": str(a.get_status_display()),
                }
                for a in entry.action_items.all()
            ]
            if entry
            else []
        )
    doc["minutes_status"] = str(minutes.get_status_display()) if minutes else str(Minutes.Status.DRAFT.label)
    doc["approved"] = bool(minutes and minutes.is_approved)
    doc["pending"] = bool(minutes and minutes.is_pending)
    doc["approved_at"] = timezone.localtime(minutes.approved_at).isoformat() if minutes and minutes.approved_at else ""
    doc["approved_how"] = str(minutes.get_approved_how_display()) if minutes and minutes.is_approved else ""
    doc["approved_in"] = str(minutes.approved_in) if minutes and minutes.approved_in else ""
    doc["notes"] = minutes.notes if minutes else ""
    doc["attendance"] = [{"name": a.person.name, "status": str(a.get_status_display())} for a in attendance]
    doc["amendments"] = [
        {
            "text": a.text,
            "reason": a.reason,
            "by": str(a.created_by or ""),
            "at": timezone.localtime(a.created_at).isoformat(),
            "item": a.item.title if a.item else "",
        }
        for a in amendments
    ]
    return doc


def action_items(
    plans: QuerySet[Plan] | list[Plan] | list[int],
    *,
    status: str | None = ActionItem.Status.OPEN,
    person_id: int | None = None,
) -> list[ActionItem]:
    """Action items of `plans` (or plan ids) ordered by due date, so overdue ones come first."""
    query = ActionItem.objects.filter(plan__in=plans).select_related(
        "responsible__organisation", "meeting__body", "plan"
    )
    if status:
        query = query.filter(status=status)
    if person_id is not None:
        query = query.filter(responsible_id=person_id)
    return list(query.order_by("due", "responsible__name", "pk"))


def my_action_items(user: Any) -> list[ActionItem]:
    if not getattr(user, "person_id", None):
        return []
    return action_items(plans_for_user(user), status=None, person_id=user.person_id)


def my_material(user: Any) -> list[tuple[AgendaItem, Deadline]]:
    """Agenda items of coming meetings whose material the user owns, with the earlier material deadline."""
    if not getattr(user, "person_id", None):
        return []
    items = list(
        AgendaItem.objects.filter(
            owner_id=user.person_id,
            meeting__plan__in=plans_for_user(user),
            meeting__status=Meeting.Status.PLANNED,
            meeting__start__gte=timezone.now(),
        )
        .select_related("meeting__body", "meeting__plan")
        .order_by("meeting__start", "order")
    )
    calculators: dict[int, DeadlineCalculator] = {}
    rows = []
    for item in items:
        meeting = item.meeting
        calc = calculators.setdefault(meeting.plan_id, DeadlineCalculator(meeting.plan))
        rows.append((item, calc.for_meeting(meeting, dispatched=False)))
    return rows


def agendas_due(user: Any) -> list[MeetingRow]:
    """For the secretariat: agendas of all its plans that are due soon or overdue."""
    plans = list(secretariat_plans(user))
    dashboards = deadline_dashboards(plans)
    return [row for plan in plans for row in dashboards[plan.pk]]


def feed_meetings(user: Any, body: Body | None) -> list[Meeting]:
    """A body's meetings, or the user's own: meetings of bodies they sit in or are invited to, and as a guest."""
    plans = plans_for_user(user)
    query = Meeting.objects.filter(plan__in=plans).exclude(status=Meeting.Status.CANCELLED)
    if body is not None:
        query = query.filter(body=body)
    else:
        person_id: int = getattr(user, "person_id", None) or 0
        today = timezone.localdate()
        body_ids = (
            Membership.objects.filter(person_id=person_id)
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .values("body_id")
        )
        query = query.filter(
            Q(body__in=body_ids) | Q(invited_bodies__in=body_ids) | Q(guests__person_id=person_id)
        ).distinct()
    return list(query.select_related("body", "plan").order_by("start"))
