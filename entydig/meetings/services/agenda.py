"""Writes to meetings and their agendas: the meeting, its guests and attendance, agenda items, attachments,
suggested items and the dispatch. Each is transactional and audited, and the one place its rules are checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.core.audit import Actor, audit_record, diff, snapshot
from entydig.core.errors import FieldErrors
from entydig.goals.models import Goal
from entydig.meetings import selectors
from entydig.meetings.documents import agenda_pdf
from entydig.meetings.models import (
    ActionItem,
    AgendaDispatch,
    AgendaItem,
    Attachment,
    Attendance,
    DispatchRecipient,
    Meeting,
    MeetingGuest,
    Minutes,
    MinutesEntry,
)
from entydig.meetings.services.checks import (
    check_own,
    check_people,
    check_version,
    claim_version,
    refuse_if_approved,
    required,
    user_of,
)
from entydig.meetings.suggestions import suggestions_for
from entydig.meetings.uploads import attachment_display_name, validate_attachment
from entydig.monitoring.models import Indicator
from entydig.organisation.models import Activity, Body, Person, Plan

MEETING_FIELDS = ["body", "kind", "title", "start", "duration_minutes", "place", "status"]
ITEM_FIELDS = ["title", "kind", "description", "proposal", "presenter", "owner", "minutes_allotted", "order"]


class MeetingValues(TypedDict, total=False):
    body: Body
    kind: str
    title: str
    start: dt.datetime
    duration_minutes: int
    place: str
    status: str


class AgendaItemValues(TypedDict, total=False):
    title: str
    kind: str
    description: str
    proposal: str
    presenter: Person | None
    owner: Person | None
    minutes_allotted: int | None
    order: int | None  # None: keep the place (an edit) or last on the agenda (a new item)


# --- The rules ----------------------------------------------------------------------------------------------------


def _check_bodies(plan: Plan, field: str, bodies: Iterable[Body], errors: FieldErrors) -> None:
    """A meeting is held by, and invites, the plan's own bodies; the secretariat serves them and holds none."""
    for body in bodies:
        if body.plan_id != plan.pk:
            errors.add(field, _("Organet hører ikke til helhedsplanen."), "unknown_body")
        elif body.kind == Body.Kind.SECRETARIAT:
            errors.add(field, _("Vælg bestyrelsen, en styregruppe eller en formødegruppe."), "secretariat")


def _check_meeting(
    plan: Plan, values: MeetingValues, invited: list[Body] | None, guests: list[Person], errors: FieldErrors
) -> None:
    if "body" in values:
        _check_bodies(plan, "body", [values["body"]], errors)
    if invited:
        _check_bodies(plan, "invited_bodies", invited, errors)
    start = values.get("start")
    if start is not None and timezone.is_naive(start):
        errors.add("start", _("Angiv tidspunktet med tidszone, fx 2027-03-02T14:00+01:00."), "naive_time")
    for person in guests:
        check_people(plan, {"guests": person}, errors)


def _pk(person: Person | None) -> int | None:
    return person.pk if person is not None else None


def _check_item(
    meeting: Meeting,
    item: AgendaItem | None,
    values: AgendaItemValues,
    links: Mapping[str, Sequence[Goal | Indicator | Activity]],
    errors: FieldErrors,
) -> None:
    if "title" in values:
        values["title"] = required(values["title"], "title", errors, _("Skriv en overskrift."))
    kind = values.get("kind", "")
    taken = kind in AgendaItem.SYSTEM_KINDS and (item is None or item.kind != kind)
    if taken and meeting.items.filter(kind=kind).exists():
        message = _("Dagsordenen har allerede et punkt af typen %(kind)s.") % {"kind": AgendaItem.Kind(kind).label}
        errors.add("kind", message, "kind_taken")
    # People already on the item may have left the plan's bodies since; only a change is checked.
    changed: dict[str, Person | None] = {}
    if "presenter" in values and (item is None or item.presenter_id != _pk(values["presenter"])):
        changed["presenter"] = values["presenter"]
    if "owner" in values and (item is None or item.owner_id != _pk(values["owner"])):
        changed["owner"] = values["owner"]
    check_people(meeting.plan, changed, errors)
    for name, objects in links.items():
        check_own(meeting.plan, name, objects, errors)


# --- Meetings -----------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    plan: Plan,
    body: Body,
    start: dt.datetime,
    kind: str = Meeting.Kind.ORDINARY,
    title: str = "",
    duration_minutes: int = 120,
    place: str = "",
    invited_bodies: Iterable[Body] = (),
    guests: Iterable[tuple[Person, str]] = (),
) -> Meeting:
    """A planned meeting; its agenda starts with the items the body's earlier meetings call for (approving minutes
    that await this meeting, following up open action items)."""
    invited, guest_list = list(invited_bodies), list(guests)
    errors = FieldErrors()
    values: MeetingValues = {"body": body, "start": start}
    _check_meeting(plan, values, invited, [person for person, _reason in guest_list], errors)
    errors.raise_any()
    meeting = Meeting(
        plan=plan,
        body=body,
        start=start,
        kind=kind,
        title=title.strip(),
        duration_minutes=duration_minutes,
        place=place,
    )
    meeting.full_clean()
    meeting.save()
    meeting.invited_bodies.set(invited)
    for person, reason in guest_list:
        MeetingGuest.objects.create(meeting=meeting, person=person, reason=reason)
    audit_record(actor=actor, action="create", obj=meeting, plan=plan, changes=snapshot(meeting, MEETING_FIELDS))
    ensure_minutes_item(meeting, actor=actor)
    ensure_follow_up(meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Actor,
    meeting: Meeting,
    expected_version: int | None = None,
    invited_bodies: Iterable[Body] | None = None,
    **values: Unpack[MeetingValues],
) -> Meeting:
    check_version(meeting, expected_version)
    invited = list(invited_bodies) if invited_bodies is not None else None
    errors = FieldErrors()
    _check_meeting(meeting.plan, values, invited, [], errors)
    errors.raise_any()
    if "title" in values:
        values["title"] = values["title"].strip()
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    claim_version(Meeting, meeting, expected_version)
    meeting.save()
    if invited is not None:
        meeting.invited_bodies.set(invited)
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        audit_record(actor=actor, action="update", obj=meeting, plan=meeting.plan, changes=changes)
    return meeting


@transaction.atomic
def meeting_guest_add(*, actor: Actor, meeting: Meeting, person: Person, reason: str = "") -> MeetingGuest:
    errors = FieldErrors()
    check_people(meeting.plan, {"person": person}, errors)
    errors.raise_any()
    guest, _created = MeetingGuest.objects.update_or_create(meeting=meeting, person=person, defaults={"reason": reason})
    audit_record(actor=actor, action="update", obj=meeting, plan=meeting.plan, changes={"guest": [None, str(person)]})
    return guest


@transaction.atomic
def meeting_guest_remove(*, actor: Actor, guest: MeetingGuest) -> None:
    meeting = guest.meeting
    audit_record(actor=actor, action="update", obj=meeting, plan=meeting.plan, changes={"guest": [str(guest), None]})
    guest.delete()


@transaction.atomic
def attendance_record(*, actor: Actor, meeting: Meeting, statuses: Mapping[int, str]) -> None:
    """Sets who was present, absent or observing; an empty status removes the record."""
    valid = set(Attendance.Status.values)
    for person_id, status in statuses.items():
        if status and status not in valid:
            raise ValidationError({"status": _("Ukendt fremmødestatus.")}, code="unknown_status")
        if status:
            Attendance.objects.update_or_create(meeting=meeting, person_id=person_id, defaults={"status": status})
        else:
            Attendance.objects.filter(meeting=meeting, person_id=person_id).delete()
    audit_record(
        actor=actor,
        action="update",
        obj=meeting,
        plan=meeting.plan,
        changes={"attendance": [None, {str(k): v for k, v in statuses.items()}]},
    )


# --- Agenda items -------------------------------------------------------------------------------------------------


def _touch_agenda(meeting: Meeting) -> int:
    """The version a change belongs to: a change after dispatch starts the next, marked version."""
    last_sent = meeting.dispatches.order_by("-version").values_list("version", flat=True).first()
    if last_sent is not None and last_sent >= meeting.agenda_version:
        meeting.agenda_version = last_sent + 1
        meeting.changed_after_dispatch = True
        Meeting.objects.filter(pk=meeting.pk).update(agenda_version=meeting.agenda_version, changed_after_dispatch=True)
    return meeting.agenda_version


@transaction.atomic
def agenda_item_create(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.ORIENTATION,
    description: str = "",
    proposal: str = "",
    presenter: Person | None = None,
    owner: Person | None = None,
    minutes_allotted: int | None = None,
    order: int | None = None,
    goals: Iterable[Goal] = (),
    indicators: Iterable[Indicator] = (),
    activities: Iterable[Activity] = (),
    suggestion_key: str = "",
) -> AgendaItem:
    """A new item, last on the agenda unless `order` says otherwise."""
    links: dict[str, Sequence[Goal | Indicator | Activity]] = {
        "goals": list(goals),
        "indicators": list(indicators),
        "activities": list(activities),
    }
    values: AgendaItemValues = {"title": title, "kind": kind, "presenter": presenter, "owner": owner}
    errors = FieldErrors()
    _check_item(meeting, None, values, links, errors)
    errors.raise_any()
    if order is None:
        last = meeting.items.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        title=values["title"],
        kind=kind,
        description=description,
        proposal=proposal,
        presenter=presenter,
        owner=owner,
        minutes_allotted=minutes_allotted,
        order=order,
        suggestion_key=suggestion_key,
        changed_in_version=_touch_agenda(meeting),
    )
    item.full_clean()
    item.save()
    for name, objects in links.items():
        getattr(item, name).set(objects)
    audit_record(actor=actor, action="create", obj=item, plan=meeting.plan, changes=snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: Actor,
    item: AgendaItem,
    expected_version: int | None = None,
    goals: Iterable[Goal] | None = None,
    indicators: Iterable[Indicator] | None = None,
    activities: Iterable[Activity] | None = None,
    **values: Unpack[AgendaItemValues],
) -> AgendaItem:
    meeting = item.meeting
    check_version(item, expected_version)
    given: dict[str, Iterable[Goal | Indicator | Activity] | None] = {
        "goals": goals,
        "indicators": indicators,
        "activities": activities,
    }
    links = {name: list(objects) for name, objects in given.items() if objects is not None}
    if values.get("order", 0) is None:
        del values["order"]
    errors = FieldErrors()
    _check_item(meeting, item, values, links, errors)
    errors.raise_any()
    before = snapshot(item, ITEM_FIELDS)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    claim_version(AgendaItem, item, expected_version)
    item.changed_in_version = _touch_agenda(meeting)
    item.save()
    for name, objects in links.items():
        getattr(item, name).set(objects)
    changes = diff(before, snapshot(item, ITEM_FIELDS))
    audit_record(actor=actor, action="update", obj=item, plan=meeting.plan, changes=changes)
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Actor, item: AgendaItem) -> None:
    meeting = item.meeting
    entry = MinutesEntry.objects.select_related("minutes").filter(item=item).first()
    if entry is not None:
        refuse_if_approved(entry.minutes)
    _touch_agenda(meeting)
    audit_record(actor=actor, action="delete", obj=item, plan=meeting.plan)
    for attachment in item.attachments.all():
        attachment.file.delete(save=False)
    item.delete()


@transaction.atomic
def attachment_add(*, actor: Actor, item: AgendaItem, file: UploadedFile[bytes]) -> Attachment:
    """Stores an attachment after checking its content and size; refuses with nothing stored otherwise."""
    file_type = validate_attachment(file, file.size or 0)
    name = attachment_display_name(file.name)
    attachment = Attachment(item=item, name=name, file_type=file_type, size=file.size or 0, uploaded_by=user_of(actor))
    attachment.file.save(name, file, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    item.changed_in_version = _touch_agenda(item.meeting)
    AgendaItem.objects.filter(pk=item.pk).update(changed_in_version=item.changed_in_version)
    audit_record(
        actor=actor, action="create", obj=attachment, plan=item.meeting.plan, changes={"name": name, "type": file_type}
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment) -> None:
    item = attachment.item
    _touch_agenda(item.meeting)
    audit_record(actor=actor, action="delete", obj=attachment, plan=item.meeting.plan)
    attachment.file.delete(save=False)
    attachment.delete()


# --- Items the system puts on an agenda ---------------------------------------------------------------------------


def ensure_follow_up(meeting: Meeting, *, actor: Actor) -> AgendaItem | None:
    """Open action items of the body's earlier meetings put a follow-up item on this agenda."""
    if meeting.status != Meeting.Status.PLANNED or meeting.items.filter(kind=AgendaItem.Kind.FOLLOW_UP).exists():
        return None
    has_open = ActionItem.objects.filter(
        meeting__body=meeting.body, meeting__start__lt=meeting.start, status=ActionItem.Status.OPEN
    ).exists()
    if not has_open:
        return None
    return agenda_item_create(
        actor=actor,
        meeting=meeting,
        title=_("Opfølgning på handlingspunkter"),
        kind=AgendaItem.Kind.FOLLOW_UP,
        order=0,
        proposal=_("Sekretariatet indstiller, at status for de åbne handlingspunkter tages til efterretning."),
    )


def ensure_minutes_item(meeting: Meeting, *, actor: Actor) -> AgendaItem | None:
    """The minutes of the body's previous meeting await approval at this one: the agenda gets an item for them."""
    if meeting.status != Meeting.Status.PLANNED:
        return None
    if meeting.items.filter(kind=AgendaItem.Kind.PREVIOUS_MINUTES).exists():
        return None
    previous = selectors.previous_meeting(meeting)
    if previous is None or not Minutes.objects.filter(meeting=previous, status=Minutes.Status.PENDING).exists():
        return None
    date = timezone.localtime(previous.start).strftime("%d.%m.%Y")
    return agenda_item_create(
        actor=actor,
        meeting=meeting,
        title=_("Godkendelse af referat fra mødet %(date)s") % {"date": date},
        kind=AgendaItem.Kind.PREVIOUS_MINUTES,
        order=0,
        proposal=_("Sekretariatet indstiller, at referatet fra mødet %(date)s godkendes.") % {"date": date},
    )


@transaction.atomic
def suggestion_add(*, actor: Actor, meeting: Meeting, key: str) -> AgendaItem:
    for suggestion in suggestions_for(meeting):
        if suggestion.key == key:
            return agenda_item_create(
                actor=actor,
                meeting=meeting,
                title=suggestion.title,
                kind=suggestion.kind,
                description=suggestion.reason,
                proposal=suggestion.proposal,
                suggestion_key=suggestion.key,
                goals=suggestion.goals,
                indicators=suggestion.indicators,
                activities=suggestion.activities,
            )
    raise ValidationError({"key": _("Forslaget findes ikke (længere).")}, code="unknown_suggestion")


def next_meeting_of_body(body: Body, after: dt.datetime) -> Meeting | None:
    return Meeting.objects.filter(body=body, start__gt=after, status=Meeting.Status.PLANNED).order_by("start").first()


# --- Dispatch -----------------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_dispatch(
    *, actor: Actor, meeting: Meeting, base_url: str, connection: BaseEmailBackend | None = None
) -> AgendaDispatch:
    """Freezes the current agenda version, e-mails it with the PDF to members and guests and records who got it."""
    meeting = Meeting.objects.select_for_update().select_related("plan", "body").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Kun et planlagt mødes dagsorden kan udsendes."), code="not_planned")
    if meeting.dispatches.filter(version=meeting.agenda_version).exists():
        raise ValidationError(_("Denne version af dagsordenen er allerede udsendt."), code="already_sent")
    if not meeting.items.exists():
        raise ValidationError(_("Dagsordenen har ingen punkter."), code="empty")
    recipients = [(p, role) for p, role in selectors.dispatch_recipients(meeting) if p.email]
    if not recipients:
        raise ValidationError(_("Ingen modtagere med e-mail."), code="no_recipients")
    content = selectors.agenda_document(meeting)
    dispatch = AgendaDispatch.objects.create(
        meeting=meeting, version=meeting.agenda_version, content=content, sent_at=timezone.now(), sent_by=user_of(actor)
    )
    pdf = agenda_pdf(content)
    link = base_url.rstrip("/") + meeting.get_absolute_url()
    local = timezone.localtime(meeting.start)
    corrected = meeting.agenda_version > 1
    subject = (_("Rettet dagsorden: %(meeting)s") if corrected else _("Dagsorden: %(meeting)s")) % {
        "meeting": str(meeting)
    }
    messages = []
    for person, role in recipients:
        body_text = _(
            "Kære %(name)s\n\nHer er dagsordenen (version %(version)s) til %(meeting)s den %(date)s kl. %(time)s, "
            "%(place)s.\n\nDagsorden og bilag: %(link)s\n\nVenlig hilsen\nSekretariatet"
        ) % {
            "name": person.name,
            "version": meeting.agenda_version,
            "meeting": str(meeting),
            "date": local.strftime("%d.%m.%Y"),
            "time": local.strftime("%H.%M"),
            "place": meeting.place or _("sted følger"),
            "link": link,
        }
        message = EmailMessage(subject, body_text, settings.DEFAULT_FROM_EMAIL, [person.email])
        message.attach(f"dagsorden-{meeting.pk}-v{meeting.agenda_version}.pdf", pdf, "application/pdf")
        messages.append(message)
        DispatchRecipient.objects.create(
            dispatch=dispatch, person=person, name=person.name, email=person.email, role=role[:40]
        )
    (connection or get_connection()).send_messages(messages)
    Meeting.objects.filter(pk=meeting.pk).update(changed_after_dispatch=False)
    audit_record(
        actor=actor,
        action="dispatch",
        obj=meeting,
        plan=meeting.plan,
        changes={"version": dispatch.version, "recipients": [p.email for p, _role in recipients]},
    )
    return dispatch
