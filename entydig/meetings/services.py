"""Every write to meetings, agendas, minutes and action items: transactional and audited."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.core.audit import audit_record, diff, snapshot
from entydig.core.errors import ConflictError
from entydig.meetings.models import (
    ActionItem,
    AgendaDispatch,
    AgendaItem,
    Attachment,
    Attendance,
    BodyDeadlines,
    CalendarFeed,
    CalendarSettings,
    DispatchRecipient,
    Meeting,
    MeetingGuest,
    Minutes,
    MinutesAmendment,
    MinutesEntry,
)
from entydig.meetings.uploads import attachment_display_name, validate_attachment
from entydig.organisation.models import Body, Organisation, Person, Plan

MEETING_FIELDS = ["body", "kind", "title", "start", "duration_minutes", "place", "status"]
ITEM_FIELDS = ["title", "kind", "description", "proposal", "presenter", "owner", "minutes_allotted", "order"]
ITEM_M2M = ("goals", "indicators", "activities")


def _check_version(obj: Any, expected: int | None) -> None:
    if expected is not None and obj.row_version != expected:
        raise ConflictError


def _bump(model: Any, obj: Any, expected: int | None) -> None:
    """Increments the row version only if it is still the expected one (a compare-and-set in the database)."""
    current = obj.row_version if expected is None else expected
    updated = model.objects.filter(pk=obj.pk, row_version=current).update(row_version=current + 1)
    if not updated:
        raise ConflictError
    obj.row_version = current + 1


def _plan_body(plan: Plan, body: Body) -> None:
    if body.plan_id != plan.pk:
        raise ValidationError({"body": _("Organet hører ikke til helhedsplanen.")})


# Meetings -----------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
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
    _plan_body(plan, body)
    invited = list(invited_bodies)
    for other in invited:
        _plan_body(plan, other)
    meeting = Meeting(
        plan=plan, body=body, start=start, kind=kind, title=title, duration_minutes=duration_minutes, place=place
    )
    meeting.full_clean()
    meeting.save()
    meeting.invited_bodies.set(invited)
    for person, reason in guests:
        MeetingGuest.objects.create(meeting=meeting, person=person, reason=reason)
    audit_record(actor=actor, action="create", obj=meeting, plan=plan, changes=snapshot(meeting, MEETING_FIELDS))
    _ensure_follow_up(meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    expected_version: int | None = None,
    invited_bodies: Iterable[Body] | None = None,
    **values: Any,
) -> Meeting:
    _check_version(meeting, expected_version)
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in values.items():
        setattr(meeting, name, value)
    _plan_body(meeting.plan, meeting.body)
    meeting.full_clean()
    _bump(Meeting, meeting, expected_version)
    meeting.save()
    if invited_bodies is not None:
        invited = list(invited_bodies)
        for other in invited:
            _plan_body(meeting.plan, other)
        meeting.invited_bodies.set(invited)
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        audit_record(actor=actor, action="update", obj=meeting, plan=meeting.plan, changes=changes)
    return meeting


@transaction.atomic
def meeting_guest_add(*, actor: Any, meeting: Meeting, person: Person, reason: str = "") -> MeetingGuest:
    guest, _created = MeetingGuest.objects.update_or_create(meeting=meeting, person=person, defaults={"reason": reason})
    audit_record(actor=actor, action="update", obj=meeting, plan=meeting.plan, changes={"guest": [None, str(person)]})
    return guest


@transaction.atomic
def meeting_guest_remove(*, actor: Any, guest: MeetingGuest) -> None:
    meeting = guest.meeting
    audit_record(actor=actor, action="update", obj=meeting, plan=meeting.plan, changes={"guest": [str(guest), None]})
    guest.delete()


@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, statuses: Mapping[int, str]) -> None:
    """Sets who was present, absent or observing; an empty status removes the record."""
    valid = set(Attendance.Status.values)
    for person_id, status in statuses.items():
        if status and status not in valid:
            raise ValidationError({"status": _("Ukendt fremmødestatus.")})
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


# Agenda -------------------------------------------------------------------------------------------------------


def _touch_agenda(meeting: Meeting) -> int:
    """The version a change belongs to: a change after dispatch starts the next, marked version."""
    last_sent = meeting.dispatches.order_by("-version").values_list("version", flat=True).first()
    if last_sent is not None and last_sent >= meeting.agenda_version:
        meeting.agenda_version = last_sent + 1
        meeting.changed_after_dispatch = True
        Meeting.objects.filter(pk=meeting.pk).update(agenda_version=meeting.agenda_version, changed_after_dispatch=True)
    return meeting.agenda_version


def _validate_links(meeting: Meeting, m2m: Mapping[str, Iterable[Any]]) -> dict[str, list[Any]]:
    cleaned = {name: list(items) for name, items in m2m.items() if name in ITEM_M2M}
    for name, items in cleaned.items():
        if any(getattr(obj, "plan_id", meeting.plan_id) != meeting.plan_id for obj in items):
            raise ValidationError({name: _("Kan kun knyttes til helhedsplanens egne.")})
    return cleaned


def _check_people(meeting: Meeting, values: Mapping[str, Any]) -> None:
    for name in ("presenter", "owner"):
        if values.get(name) is not None and not isinstance(values[name], Person):
            raise ValidationError({name: _("Ukendt person.")})


@transaction.atomic
def agenda_item_create(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.ORIENTATION,
    goals: Iterable[Any] = (),
    indicators: Iterable[Any] = (),
    activities: Iterable[Any] = (),
    suggestion_key: str = "",
    **values: Any,
) -> AgendaItem:
    links = _validate_links(meeting, {"goals": goals, "indicators": indicators, "activities": activities})
    _check_people(meeting, values)
    if "order" not in values or values["order"] is None:
        last = meeting.items.order_by("-order").values_list("order", flat=True).first()
        values["order"] = (last or 0) + 1
    version = _touch_agenda(meeting)
    item = AgendaItem(
        meeting=meeting, title=title, kind=kind, suggestion_key=suggestion_key, changed_in_version=version, **values
    )
    item.full_clean()
    item.save()
    for name, objs in links.items():
        getattr(item, name).set(objs)
    audit_record(actor=actor, action="create", obj=item, plan=meeting.plan, changes=snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: Any,
    item: AgendaItem,
    expected_version: int | None = None,
    goals: Iterable[Any] | None = None,
    indicators: Iterable[Any] | None = None,
    activities: Iterable[Any] | None = None,
    **values: Any,
) -> AgendaItem:
    meeting = item.meeting
    _check_version(item, expected_version)
    _check_people(meeting, values)
    raw = {"goals": goals, "indicators": indicators, "activities": activities}
    links = _validate_links(meeting, {k: v for k, v in raw.items() if v is not None})
    before = snapshot(item, ITEM_FIELDS)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    _bump(AgendaItem, item, expected_version)
    item.changed_in_version = _touch_agenda(meeting)
    item.save()
    for name, objs in links.items():
        getattr(item, name).set(objs)
    changes = diff(before, snapshot(item, ITEM_FIELDS))
    audit_record(actor=actor, action="update", obj=item, plan=meeting.plan, changes=changes)
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Any, item: AgendaItem) -> None:
    meeting = item.meeting
    entry = MinutesEntry.objects.select_related("minutes").filter(item=item).first()
    if entry is not None:
        _refuse_if_approved(entry.minutes)
    _touch_agenda(meeting)
    audit_record(actor=actor, action="delete", obj=item, plan=meeting.plan)
    for attachment in item.attachments.all():
        attachment.file.delete(save=False)
    item.delete()


@transaction.atomic
def attachment_add(*, actor: Any, item: AgendaItem, file: UploadedFile) -> Attachment:
    """Stores an attachment after checking its content and size; refuses with nothing stored otherwise."""
    file_type = validate_attachment(file, file.size or 0)
    name = attachment_display_name(file.name)
    attachment = Attachment(item=item, name=name, file_type=file_type, size=file.size or 0, uploaded_by=actor)
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
def attachment_delete(*, actor: Any, attachment: Attachment) -> None:
    item = attachment.item
    _touch_agenda(item.meeting)
    audit_record(actor=actor, action="delete", obj=attachment, plan=item.meeting.plan)
    attachment.file.delete(save=False)
    attachment.delete()


def _ensure_follow_up(meeting: Meeting, *, actor: Any) -> AgendaItem | None:
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


def next_meeting_of_body(body: Body, after: dt.datetime) -> Meeting | None:
    return Meeting.objects.filter(body=body, start__gt=after, status=Meeting.Status.PLANNED).order_by("start").first()


@transaction.atomic
def suggestion_add(*, actor: Any, meeting: Meeting, key: str) -> AgendaItem:
    from entydig.meetings.suggestions import suggestions_for

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
    raise ValidationError({"key": _("Forslaget findes ikke (længere).")})


def dispatch_recipients(meeting: Meeting) -> list[tuple[Person, str]]:
    """Members of the body and of invited bodies, and guests: each person once, with what they are invited as."""
    today = timezone.localdate()
    found: dict[int, tuple[Person, str]] = {}
    bodies = [meeting.body, *meeting.invited_bodies.all()]
    for body in bodies:
        for membership in body.memberships.select_related("person").order_by("person__name"):
            if (membership.end and membership.end < today) or (membership.start and membership.start > today):
                continue
            found.setdefault(membership.person_id, (membership.person, str(body)))
    for guest in meeting.guests.select_related("person"):
        found.setdefault(guest.person_id, (guest.person, _("gæst")))
    return sorted(found.values(), key=lambda pair: pair[0].name)


@transaction.atomic
def agenda_dispatch(*, actor: Any, meeting: Meeting, base_url: str, connection: Any = None) -> AgendaDispatch:
    """Freezes the current agenda version, e-mails it with the PDF to members and guests and records who got it."""
    from entydig.meetings.documents import agenda_pdf
    from entydig.meetings.selectors import agenda_document

    meeting = Meeting.objects.select_for_update().select_related("plan", "body").get(pk=meeting.pk)
    if meeting.dispatches.filter(version=meeting.agenda_version).exists():
        raise ValidationError(_("Denne version af dagsordenen er allerede udsendt."))
    if not meeting.items.exists():
        raise ValidationError(_("Dagsordenen har ingen punkter."))
    recipients = [(p, role) for p, role in dispatch_recipients(meeting) if p.email]
    if not recipients:
        raise ValidationError(_("Ingen modtagere med e-mail."))
    content = agenda_document(meeting)
    now = timezone.now()
    dispatch = AgendaDispatch.objects.create(
        meeting=meeting, version=meeting.agenda_version, content=content, sent_at=now, sent_by=actor
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


# Minutes and action items ------------------------------------------------------------------------------------


def _refuse_if_approved(minutes: Minutes) -> None:
    if minutes.is_approved:
        raise ValidationError(
            _(
                "Referatet er godkendt og kan ikke ændres. Registrér en rettelse med begrundelse i stedet. "
                "/ Approved minutes cannot be changed; record an amendment."
            ),
            code="approved",
        )


def minutes_get_or_create(*, actor: Any, meeting: Meeting) -> Minutes:
    minutes, created = Minutes.objects.get_or_create(meeting=meeting)
    if created:
        audit_record(actor=actor, action="create", obj=minutes, plan=meeting.plan)
    return minutes


@transaction.atomic
def minutes_save(
    *,
    actor: Any,
    meeting: Meeting,
    entries: Mapping[int, Mapping[str, str]],
    notes: str | None = None,
    expected_version: int | None = None,
) -> Minutes:
    """Saves the discussion and decision per item; refuses approved minutes and stale edits."""
    minutes = minutes_get_or_create(actor=actor, meeting=meeting)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _refuse_if_approved(minutes)
    _check_version(minutes, expected_version)
    items = {item.pk: item for item in meeting.items.all()}
    changes: dict[str, Any] = {}
    for item_id, values in entries.items():
        if item_id not in items:
            raise ValidationError({"entries": _("Punktet hører ikke til mødet.")})
        entry, _created = MinutesEntry.objects.get_or_create(minutes=minutes, item=items[item_id])
        before = snapshot(entry, ["discussion", "decision"])
        entry.discussion = values.get("discussion", entry.discussion)
        entry.decision = values.get("decision", entry.decision)
        entry.save()
        delta = diff(before, snapshot(entry, ["discussion", "decision"]))
        if delta:
            changes[str(items[item_id])] = delta
    if notes is not None and notes != minutes.notes:
        changes["notes"] = [minutes.notes, notes]
        minutes.notes = notes
        minutes.save(update_fields=["notes"])
    _bump(Minutes, minutes, expected_version)
    if meeting.status == Meeting.Status.PLANNED and meeting.start <= timezone.now():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        meeting.status = Meeting.Status.HELD
    audit_record(actor=actor, action="update", obj=minutes, plan=meeting.plan, changes=changes)
    return minutes


@transaction.atomic
def minutes_approve(
    *, actor: Any, minutes: Minutes, how: str = Minutes.ApprovedHow.CHAIR, approved_at: dt.datetime | None = None
) -> Minutes:
    """Approves and locks the minutes; `approved_at` records an approval given earlier (e.g. by the chair by mail)."""
    given = minutes
    minutes = Minutes.objects.select_for_update().select_related("meeting__plan").get(pk=minutes.pk)
    _refuse_if_approved(minutes)
    if how not in Minutes.ApprovedHow.values:
        raise ValidationError({"how": _("Ukendt godkendelsesform.")})
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = approved_at or timezone.now()
    minutes.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    minutes.approved_how = how
    minutes.row_version += 1
    minutes.save()
    Meeting.objects.filter(pk=minutes.meeting_id, status=Meeting.Status.PLANNED).update(status=Meeting.Status.HELD)
    audit_record(
        actor=actor, action="approve", obj=minutes, plan=minutes.meeting.plan, changes={"approved_how": [None, how]}
    )
    for name in ("status", "approved_at", "approved_by", "approved_how", "row_version"):
        setattr(given, name, getattr(minutes, name))
    return minutes


@transaction.atomic
def minutes_amend(
    *, actor: Any, minutes: Minutes, text: str, reason: str, item: AgendaItem | None = None
) -> MinutesAmendment:
    minutes = Minutes.objects.select_related("meeting__plan").get(pk=minutes.pk)
    if not minutes.is_approved:
        raise ValidationError(_("Et udkast rettes direkte; kun godkendte referater får rettelser."))
    if not text.strip() or not reason.strip():
        raise ValidationError({"reason": _("Både rettelsen og begrundelsen skal udfyldes.")})
    if item is not None and item.meeting_id != minutes.meeting_id:
        raise ValidationError({"item": _("Punktet hører ikke til mødet.")})
    amendment = MinutesAmendment.objects.create(
        minutes=minutes, item=item, text=text.strip(), reason=reason.strip(), created_by=actor
    )
    audit_record(
        actor=actor, action="amend", obj=minutes, plan=minutes.meeting.plan, changes={"text": text, "reason": reason}
    )
    return amendment


@transaction.atomic
def action_item_create(*, actor: Any, entry: MinutesEntry, title: str, responsible: Person, due: dt.date) -> ActionItem:
    minutes = Minutes.objects.select_related("meeting__plan", "meeting__body").get(pk=entry.minutes_id)
    meeting = minutes.meeting
    _refuse_if_approved(minutes)
    if not isinstance(responsible, Person):
        raise ValidationError({"responsible": _("Vælg en ansvarlig.")})
    action = ActionItem(plan=meeting.plan, meeting=meeting, entry=entry, title=title, responsible=responsible, due=due)
    action.full_clean()
    action.save()
    audit_record(
        actor=actor,
        action="create",
        obj=action,
        plan=meeting.plan,
        changes=snapshot(action, ["title", "responsible", "due", "status"]),
    )
    following = next_meeting_of_body(meeting.body, meeting.start)
    if following is not None:
        _ensure_follow_up(following, actor=actor)
    return action


@transaction.atomic
def action_item_update(
    *, actor: Any, action: ActionItem, expected_version: int | None = None, **values: Any
) -> ActionItem:
    _check_version(action, expected_version)
    fields = ["title", "responsible", "due", "status", "note"]
    before = snapshot(action, fields)
    for name, value in values.items():
        if name not in fields:
            raise ValidationError({name: _("Feltet kan ikke ændres.")})
        setattr(action, name, value)
    if action.status == ActionItem.Status.OPEN:
        action.closed_at = None
    elif before["status"] == ActionItem.Status.OPEN:
        action.closed_at = timezone.now()
    action.full_clean()
    _bump(ActionItem, action, expected_version)
    action.save()
    changes = diff(before, snapshot(action, fields))
    if changes:
        audit_record(actor=actor, action="update", obj=action, plan=action.plan, changes=changes)
    return action


# Settings and calendar feeds ---------------------------------------------------------------------------------


@transaction.atomic
def body_deadlines_update(*, actor: Any, body: Body, **values: Any) -> BodyDeadlines:
    deadlines, _created = BodyDeadlines.objects.get_or_create(body=body)
    before = snapshot(deadlines, ["dispatch_days", "warning_days", "material_days"])
    for name, value in values.items():
        setattr(deadlines, name, value)
    if deadlines.warning_days < deadlines.dispatch_days:
        raise ValidationError({"warning_days": _("Varslingen skal være mindst lige så lang som fristen.")})
    deadlines.full_clean()
    deadlines.save()
    changes = diff(before, snapshot(deadlines, ["dispatch_days", "warning_days", "material_days"]))
    if changes:
        audit_record(actor=actor, action="update", obj=deadlines, plan=body.plan, changes=changes)
    return deadlines


@transaction.atomic
def calendar_settings_update(*, actor: Any, organisation: Organisation, plan: Plan, **values: Any) -> CalendarSettings:
    settings_, _created = CalendarSettings.objects.get_or_create(organisation=organisation)
    fields = ["constitution_day_off", "christmas_eve_off", "new_years_eve_off"]
    before = snapshot(settings_, fields)
    for name, value in values.items():
        setattr(settings_, name, value)
    settings_.full_clean()
    settings_.save()
    changes = diff(before, snapshot(settings_, fields))
    if changes:
        audit_record(actor=actor, action="update", obj=settings_, plan=plan, changes=changes)
    return settings_


@transaction.atomic
def calendar_feed_get_or_create(*, user: Any, body: Body | None = None, renew: bool = False) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user, body=body).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, body=body, token=secrets.token_urlsafe(32))
    elif renew:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
    return feed
