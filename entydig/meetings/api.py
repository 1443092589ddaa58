"""Meeting endpoints of the REST API: the same gatekeepers and services as the pages.

An endpoint turns ids into objects (`by_id`, `all_by_id`) and calls a service, which checks the rules; the error
handlers of `entydig.core.api` answer its errors (422, 409, 404, 403).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from entydig.core.api import (
    CONFLICT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    CalendarDate,
    CalendarDateTime,
    CalendarYear,
    InputSchema,
    IsoDate,
    all_by_id,
    api_user,
    by_id,
    choices,
    input_names,
)
from entydig.goals.models import Goal
from entydig.meetings import services
from entydig.meetings.access import (
    action_item_for_user,
    item_for_user_any_plan,
    may_change_action_item,
    meeting_for_user_any_plan,
)
from entydig.meetings.deadlines import DeadlineCalculator
from entydig.meetings.models import ActionItem, AgendaItem, Meeting, Minutes
from entydig.meetings.selectors import action_items, agenda_items, meetings_of, minutes_document
from entydig.meetings.suggestions import suggestions_for
from entydig.meetings.workdays import DEFAULT_RULES, dispatch_deadline, working_days_left
from entydig.monitoring.models import Indicator
from entydig.organisation.access import plan_for_user
from entydig.organisation.models import Activity, Body, Person

router = Router(tags=["meetings"])

MeetingKind = Annotated[Meeting.Kind, choices(Meeting.Kind)]
MeetingStatus = Annotated[Meeting.Status, choices(Meeting.Status)]
ItemKind = Annotated[AgendaItem.Kind, choices(AgendaItem.Kind)]
ActionStatus = Annotated[ActionItem.Status, choices(ActionItem.Status)]
MinutesStatus = Annotated[Minutes.Status, choices(Minutes.Status)]
ApprovedHow = Annotated[Minutes.ApprovedHow, choices(Minutes.ApprovedHow)]


# --- Meetings -----------------------------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    plan_id: int
    body_id: int
    body: str
    kind: MeetingKind
    title: str
    start: dt.datetime
    duration_minutes: int
    place: str
    status: MeetingStatus
    invited_body_ids: list[int]
    agenda_version: int
    changed_after_dispatch: bool
    dispatched: bool
    agenda_deadline: dt.date = Field(description="Seneste udsendelsesdag for dagsorden og bilag")
    material_deadline: dt.date = Field(description="Frist for materiale fra punkternes ansvarlige")
    working_days_left: int = Field(description="Arbejdsdage til fristen; negativ når den er overskredet")
    row_version: int


def _meeting_out(meeting: Meeting, calc: DeadlineCalculator, dispatched: bool) -> dict[str, Any]:
    d = calc.for_meeting(meeting, dispatched=dispatched)
    return {
        "id": meeting.pk,
        "plan_id": meeting.plan_id,
        "body_id": meeting.body_id,
        "body": meeting.body.name,
        "kind": meeting.kind,
        "title": str(meeting),
        "start": meeting.start,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "status": meeting.status,
        "invited_body_ids": [b.pk for b in meeting.invited_bodies.all()],
        "agenda_version": meeting.agenda_version,
        "changed_after_dispatch": meeting.changed_after_dispatch,
        "dispatched": dispatched,
        "agenda_deadline": d.deadline,
        "material_deadline": d.material_deadline,
        "working_days_left": d.working_days_left,
        "row_version": meeting.row_version,
    }


class MeetingIn(InputSchema):
    body_id: int = Field(description="Bestyrelsen, en styregruppe eller en formødegruppe i planen")
    start: CalendarDateTime = Field(description="Med tidszone, fx 2027-03-02T14:00+01:00")
    kind: MeetingKind = Meeting.Kind.ORDINARY
    title: str = ""
    duration_minutes: int = 120
    place: str = ""
    invited_body_ids: list[int] = []


@router.get(
    "/plans/{plan_id}/meetings",
    response={200: list[MeetingOut], **READ_ERRORS},
    summary="Helhedsplanens møder / Meetings",
)
def list_meetings(request: HttpRequest, plan_id: int, year: CalendarYear | None = None) -> list[dict[str, Any]]:
    access = plan_for_user(api_user(request), plan_id)
    query = meetings_of(access.plan).order_by("start")
    if year is not None:
        query = query.filter(start__year=year)
    calc = DeadlineCalculator(access.plan)
    return [_meeting_out(m, calc, m.is_dispatched) for m in query]  # type: ignore[attr-defined]  # an annotation


@router.post(
    "/plans/{plan_id}/meetings", response={201: MeetingOut, **WRITE_ERRORS}, summary="Opret møde / Create a meeting"
)
def create_meeting(request: HttpRequest, plan_id: int, payload: MeetingIn) -> Status[Any]:
    """A new meeting's agenda starts with the items the body's earlier meetings call for: approving minutes that
    await this meeting, and following up open action items."""
    user = api_user(request)
    access = plan_for_user(user, plan_id, write=True)
    with input_names({"body": "body_id", "invited_bodies": "invited_body_ids"}):
        meeting = services.meeting_create(
            actor=user,
            plan=access.plan,
            body=by_id(Body.objects.all(), payload.body_id, "body_id"),  # type: ignore[arg-type]  # an id given
            start=payload.start,
            kind=payload.kind,
            title=payload.title,
            duration_minutes=payload.duration_minutes,
            place=payload.place,
            invited_bodies=all_by_id(Body.objects.all(), payload.invited_body_ids, "invited_body_ids"),
        )
    return Status(201, _meeting_out(meeting, DeadlineCalculator(access.plan), False))


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **READ_ERRORS},
    summary="Et møde med frist / A meeting with its deadline",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    _access, meeting = meeting_for_user_any_plan(api_user(request), meeting_id)
    return _meeting_out(meeting, DeadlineCalculator(meeting.plan, [meeting.body_id]), meeting.dispatches.exists())


# --- Agenda items -------------------------------------------------------------------------------------------------


class AgendaItemOut(Schema):
    id: int
    number: int
    order: int
    title: str
    kind: ItemKind
    kind_label: str
    proposal: str
    description: str
    presenter_id: int | None
    owner_id: int | None
    minutes_allotted: int | None
    goal_ids: list[int]
    indicator_ids: list[int]
    activity_ids: list[int]
    attachments: list[str]
    changed_in_version: int
    row_version: int


def _item_out(item: AgendaItem, number: int) -> dict[str, Any]:
    return {
        "id": item.pk,
        "number": number,
        "order": item.order,
        "title": item.title,
        "kind": item.kind,
        "kind_label": str(item.get_kind_display()),
        "proposal": item.proposal,
        "description": item.description,
        "presenter_id": item.presenter_id,
        "owner_id": item.owner_id,
        "minutes_allotted": item.minutes_allotted,
        "goal_ids": [g.pk for g in item.goals.all()],
        "indicator_ids": [i.pk for i in item.indicators.all()],
        "activity_ids": [a.pk for a in item.activities.all()],
        "attachments": [a.name for a in item.attachments.all()],
        "changed_in_version": item.changed_in_version,
        "row_version": item.row_version,
    }


def _number(item: AgendaItem) -> int:
    return item.meeting.items.filter(order__lt=item.order).count() + 1


class AgendaItemIn(InputSchema):
    title: str
    kind: ItemKind = AgendaItem.Kind.ORIENTATION
    proposal: str = ""
    description: str = ""
    presenter_id: int | None = Field(None, description="En person i planen")
    owner_id: int | None = Field(None, description="En person i planen, der leverer materialet")
    minutes_allotted: int | None = None
    goal_ids: list[int] = Field(default_factory=list, description="Planens mål")
    indicator_ids: list[int] = Field(default_factory=list, description="Planens indikatorer")
    activity_ids: list[int] = Field(default_factory=list, description="Planens indsatser")


class AgendaItemPatch(InputSchema):
    row_version: int = Field(description="Den version, ændringen bygger på; en anden ændring imellem giver 409")
    title: str | None = None
    kind: ItemKind | None = None
    proposal: str | None = None
    description: str | None = None
    minutes_allotted: int | None = None


# The service names the item's fields, the input their ids.
ITEM_NAMES = {
    "presenter": "presenter_id",
    "owner": "owner_id",
    "goals": "goal_ids",
    "indicators": "indicator_ids",
    "activities": "activity_ids",
}


@router.get(
    "/meetings/{meeting_id}/agenda-items",
    response={200: list[AgendaItemOut], **READ_ERRORS},
    summary="Dagsorden / Agenda items",
)
def list_items(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    _access, meeting = meeting_for_user_any_plan(api_user(request), meeting_id)
    return [_item_out(item, n) for n, item in enumerate(agenda_items(meeting), start=1)]


@router.post(
    "/meetings/{meeting_id}/agenda-items", response={201: AgendaItemOut, **WRITE_ERRORS}, summary="Nyt punkt / New item"
)
def create_item(request: HttpRequest, meeting_id: int, payload: AgendaItemIn) -> Status[Any]:
    user = api_user(request)
    _access, meeting = meeting_for_user_any_plan(user, meeting_id, write=True)
    with input_names(ITEM_NAMES):
        item = services.agenda_item_create(
            actor=user,
            meeting=meeting,
            title=payload.title,
            kind=payload.kind,
            proposal=payload.proposal,
            description=payload.description,
            presenter=by_id(Person.objects.all(), payload.presenter_id, "presenter_id"),
            owner=by_id(Person.objects.all(), payload.owner_id, "owner_id"),
            minutes_allotted=payload.minutes_allotted,
            goals=all_by_id(Goal.objects.all(), payload.goal_ids, "goal_ids"),
            indicators=all_by_id(Indicator.objects.all(), payload.indicator_ids, "indicator_ids"),
            activities=all_by_id(Activity.objects.all(), payload.activity_ids, "activity_ids"),
        )
    return Status(201, _item_out(item, _number(item)))


@router.patch(
    "/meetings/{meeting_id}/agenda-items/{item_id}",
    response={200: AgendaItemOut, **CONFLICT_ERRORS},
    summary="Ret punkt / Update an item",
)
def update_item(request: HttpRequest, meeting_id: int, item_id: int, payload: AgendaItemPatch) -> Status[Any]:
    user = api_user(request)
    _access, item = item_for_user_any_plan(user, meeting_id, item_id, write=True)
    values = payload.dict(exclude_unset=True, exclude={"row_version"})
    services.agenda_item_update(actor=user, item=item, expected_version=payload.row_version, **values)
    return Status(200, _item_out(item, _number(item)))


class SuggestionOut(Schema):
    key: str
    kind: str
    kind_label: str
    title: str
    reason: str
    proposal: str


@router.get(
    "/meetings/{meeting_id}/suggestions",
    response={200: list[SuggestionOut], **READ_ERRORS},
    summary="Forslag / Suggested items",
)
def list_suggestions(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    _access, meeting = meeting_for_user_any_plan(api_user(request), meeting_id)
    return [
        {
            "key": s.key,
            "kind": s.kind,
            "kind_label": s.kind_label,
            "title": s.title,
            "reason": s.reason,
            "proposal": s.proposal,
        }
        for s in suggestions_for(meeting)
    ]


class DispatchOut(Schema):
    version: int
    sent_at: dt.datetime
    recipients: list[str]


@router.post(
    "/meetings/{meeting_id}/dispatch", response={201: DispatchOut, **WRITE_ERRORS}, summary="Send dagsorden / Dispatch"
)
def dispatch(request: HttpRequest, meeting_id: int) -> Status[Any]:
    """Sends the current version of the agenda to every member and guest; it cannot be called back."""
    user = api_user(request)
    _access, meeting = meeting_for_user_any_plan(user, meeting_id, write=True)
    sent = services.agenda_dispatch(actor=user, meeting=meeting, base_url=request.build_absolute_uri("/"))
    out = {"version": sent.version, "sent_at": sent.sent_at, "recipients": [r.email for r in sent.recipients.all()]}
    return Status(201, out)


# --- Minutes ------------------------------------------------------------------------------------------------------


class MinutesItemOut(Schema):
    item_id: int
    number: int
    title: str
    discussion: str
    decision: str


class MinutesOut(Schema):
    meeting_id: int
    status: MinutesStatus
    approved: bool
    approved_at: dt.datetime | None
    approved_how: ApprovedHow | None = Field(description="Hvordan referatet er eller bliver godkendt")
    approved_in_meeting_id: int | None = Field(description="Det senere møde, hvis godkendelse godkendte referatet")
    notes: str
    row_version: int = Field(description="0: referatet er ikke påbegyndt")
    items: list[MinutesItemOut]
    amendments: list[dict[str, str]]


class MinutesEntryIn(InputSchema):
    item_id: int
    discussion: str = ""
    decision: str = ""


class MinutesIn(InputSchema):
    row_version: int | None = Field(
        None, description="Den version, ændringen bygger på (fra GET); 0 eller udeladt: referatet er ikke påbegyndt"
    )
    notes: str | None = None
    entries: list[MinutesEntryIn] = []


class ApprovalIn(InputSchema):
    how: ApprovedHow = Field(
        description="chair: formanden godkender nu (referatet låses); "
        "board: referatet afventer godkendelse på organets næste møde"
    )
    row_version: int = Field(description="Den version af referatet, der godkendes; en ændring imellem giver 409")


def _minutes_out(meeting: Meeting) -> dict[str, Any]:
    doc = minutes_document(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    return {
        "meeting_id": meeting.pk,
        "status": minutes.status if minutes else Minutes.Status.DRAFT,
        "approved": doc["approved"],
        "approved_at": minutes.approved_at if minutes else None,
        "approved_how": (minutes.approved_how or None) if minutes else None,
        "approved_in_meeting_id": minutes.approved_in_id if minutes else None,
        "notes": doc["notes"],
        "row_version": minutes.row_version if minutes else 0,
        "items": [
            {
                "item_id": i["id"],
                "number": i["number"],
                "title": i["title"],
                "discussion": i["discussion"],
                "decision": i["decision"],
            }
            for i in doc["items"]
        ],
        "amendments": [{k: str(v) for k, v in a.items()} for a in doc["amendments"]],
    }


@router.get("/meetings/{meeting_id}/minutes", response={200: MinutesOut, **READ_ERRORS}, summary="Referat / Minutes")
def get_minutes(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    _access, meeting = meeting_for_user_any_plan(api_user(request), meeting_id)
    return _minutes_out(meeting)


@router.post(
    "/meetings/{meeting_id}/minutes",
    response={200: MinutesOut, **CONFLICT_ERRORS},
    summary="Gem referat / Save minutes",
)
def save_minutes(request: HttpRequest, meeting_id: int, payload: MinutesIn) -> Status[Any]:
    user = api_user(request)
    _access, meeting = meeting_for_user_any_plan(user, meeting_id, write=True)
    services.minutes_save(
        actor=user,
        meeting=meeting,
        entries={e.item_id: {"discussion": e.discussion, "decision": e.decision} for e in payload.entries},
        notes=payload.notes,
        expected_version=payload.row_version,
    )
    return Status(200, _minutes_out(meeting))


@router.post(
    "/meetings/{meeting_id}/minutes/approve",
    response={200: MinutesOut, **CONFLICT_ERRORS},
    summary="Godkend referat / Approve minutes",
)
def approve_minutes(request: HttpRequest, meeting_id: int, payload: ApprovalIn) -> Status[Any]:
    """Approval locks the minutes for good; it is possible once the meeting has begun. Minutes to be approved at the
    body's next meeting await it (status `pending`) and are approved when that meeting's minutes are."""
    user = api_user(request)
    _access, meeting = meeting_for_user_any_plan(user, meeting_id, write=True)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise Http404
    services.minutes_approve(actor=user, minutes=minutes, how=payload.how, expected_version=payload.row_version)
    return Status(200, _minutes_out(meeting))


# --- Action items -------------------------------------------------------------------------------------------------


class ActionItemOut(Schema):
    id: int
    plan_id: int
    meeting_id: int
    meeting: str
    title: str
    responsible_id: int
    responsible: str
    due: dt.date
    status: ActionStatus
    overdue: bool
    note: str
    row_version: int

    @staticmethod
    def resolve_meeting(obj: ActionItem) -> str:
        return str(obj.meeting)

    @staticmethod
    def resolve_responsible(obj: ActionItem) -> str:
        return obj.responsible.name

    @staticmethod
    def resolve_overdue(obj: ActionItem) -> bool:
        return obj.status == ActionItem.Status.OPEN and obj.due < timezone.localdate()


class ActionItemPatch(InputSchema):
    row_version: int
    status: ActionStatus | None = None
    note: str | None = None
    due: IsoDate | None = None
    responsible_id: int | None = Field(None, description="En person i planen (kun sekretariatet)")


@router.get(
    "/action-items/{action_id}", response={200: ActionItemOut, **READ_ERRORS}, summary="Handlingspunkt / Action item"
)
def get_action(request: HttpRequest, action_id: int) -> ActionItem:
    _access, action = action_item_for_user(api_user(request), action_id)
    return action


@router.patch(
    "/action-items/{action_id}", response={200: ActionItemOut, **CONFLICT_ERRORS}, summary="Ret status / Update"
)
def update_action(request: HttpRequest, action_id: int, payload: ActionItemPatch) -> Status[Any]:
    """The person responsible may change the status and the note; the secretariat everything."""
    user = api_user(request)
    access, action = action_item_for_user(user, action_id, write=True)
    fields = payload.model_fields_set - {"row_version"}
    may_change_action_item(access, action, fields)
    values = payload.dict(exclude_unset=True, exclude={"row_version", "responsible_id"})
    with input_names({"responsible": "responsible_id"}):
        if "responsible_id" in fields:
            values["responsible"] = by_id(Person.objects.all(), payload.responsible_id, "responsible_id")
        services.action_item_update(actor=user, action=action, expected_version=payload.row_version, **values)
    return Status(200, action)


@router.get(
    "/plans/{plan_id}/action-items",
    response={200: list[ActionItemOut], **READ_ERRORS},
    summary="Handlingspunkter / Action items",
)
def list_actions(request: HttpRequest, plan_id: int, status: ActionStatus | None = None) -> list[ActionItem]:
    access = plan_for_user(api_user(request), plan_id)
    return action_items([access.plan], status=status)


# --- Calendar -----------------------------------------------------------------------------------------------------


class DeadlineQuery(InputSchema):
    meeting_date: CalendarDate
    working_days: int = Field(10, ge=1, le=60)


class DeadlineOut(Schema):
    meeting_date: dt.date
    working_days: int
    deadline: dt.date
    working_days_left: int


@router.get(
    "/calendar/deadline",
    response={200: DeadlineOut, **READ_ERRORS},
    summary="Udsendelsesfrist / Dispatch deadline",
    description="Den seneste arbejdsdag D, så arbejdsdagene fra D til og med dagen før mødet er præcis N "
    "(standardregler: hverdage minus helligdage, grundlovsdag, 24. og 31. december).",
)
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> dict[str, Any]:
    day = dispatch_deadline(query.meeting_date, query.working_days, DEFAULT_RULES)
    return {
        "meeting_date": query.meeting_date,
        "working_days": query.working_days,
        "deadline": day,
        "working_days_left": working_days_left(timezone.localdate(), day, DEFAULT_RULES),
    }
