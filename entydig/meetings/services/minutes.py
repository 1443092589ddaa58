"""Writes to minutes and action items: saving the minutes, approving them (now, or at the body's next meeting),
amendments after approval, and the action items decided. Each is transactional, audited, and the one place its
rules are checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypedDict, Unpack

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.core.audit import Actor, audit_record, diff, snapshot
from entydig.core.errors import ConflictError, FieldErrors
from entydig.meetings import selectors
from entydig.meetings.models import ActionItem, AgendaItem, Meeting, Minutes, MinutesAmendment, MinutesEntry
from entydig.meetings.services.agenda import ensure_follow_up, ensure_minutes_item, next_meeting_of_body
from entydig.meetings.services.checks import (
    check_people,
    check_version,
    claim_version,
    refuse_if_approved,
    required,
    user_of,
)
from entydig.meetings.services.reallocations import reallocations_apply
from entydig.organisation.models import Person

ACTION_FIELDS = ["title", "responsible", "due", "status", "note"]


class ActionItemValues(TypedDict, total=False):
    title: str
    responsible: Person
    due: dt.date
    status: str
    note: str


# --- Minutes ------------------------------------------------------------------------------------------------------


def minutes_get_or_create(*, actor: Actor, meeting: Meeting) -> Minutes:
    minutes, created = Minutes.objects.get_or_create(meeting=meeting)
    if created:
        audit_record(actor=actor, action="create", obj=minutes, plan=meeting.plan)
    return minutes


@transaction.atomic
def minutes_save(
    *,
    actor: Actor,
    meeting: Meeting,
    entries: Mapping[int, Mapping[str, str]],
    notes: str | None = None,
    expected_version: int | None = None,
) -> Minutes:
    """Saves the discussion and decision per item; refuses approved minutes and stale edits.

    `expected_version` is the version of the minutes the edit is based on; None (or 0) when the editor saw no
    minutes yet, so that an edit begun before someone else started the minutes is a conflict, not an overwrite.
    """
    minutes, created = Minutes.objects.get_or_create(meeting=meeting)
    if created:
        audit_record(actor=actor, action="create", obj=minutes, plan=meeting.plan)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    refuse_if_approved(minutes)
    if bool(expected_version) == created:  # a version of minutes that did not exist, or none of those that do
        raise ConflictError
    base = None if created else expected_version
    check_version(minutes, base)
    items = {item.pk: item for item in meeting.items.all()}
    if set(entries) - set(items):
        raise ValidationError({"entries": _("Punktet hører ikke til mødet.")}, code="unknown_item")
    changes: dict[str, Any] = {}
    for item_id, values in entries.items():
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
    claim_version(Minutes, minutes, base)
    if meeting.status == Meeting.Status.PLANNED and meeting.start <= timezone.now():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        meeting.status = Meeting.Status.HELD
    audit_record(actor=actor, action="update", obj=minutes, plan=meeting.plan, changes=changes)
    return minutes


def _check_approval(minutes: Minutes, how: str, moment: dt.datetime, now: dt.datetime) -> None:
    errors = FieldErrors()
    if how not in Minutes.ApprovedHow.values:
        errors.add("how", _("Ukendt godkendelsesform."), "unknown_how")
    elif how == Minutes.ApprovedHow.BOARD and minutes.is_pending:
        errors.add("how", _("Referatet afventer allerede godkendelse på næste møde."), "already_pending")
    start = minutes.meeting.start
    if moment > now:
        errors.add("approved_at", _("En godkendelse kan ikke dateres frem i tiden."), "in_the_future")
    elif moment < start:
        local = timezone.localtime(start)
        errors.add(
            NON_FIELD_ERRORS,
            _("Referatet kan først godkendes, når mødet er begyndt (%(date)s kl. %(time)s).")
            % {"date": local.strftime("%d.%m.%Y"), "time": local.strftime("%H.%M")},
            "meeting_not_started",
        )
    errors.raise_any()


def _approve(minutes: Minutes, *, actor: Actor, moment: dt.datetime, how: str, approved_in: Meeting | None) -> None:
    """Approves and locks the minutes; the money moves decided under its prioritisation items go into the budget
    with them (a move the budget no longer bears refuses the approval, in the caller's transaction)."""
    reallocations_apply(actor=actor, minutes=minutes)
    before = minutes.status
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = moment
    minutes.approved_by = user_of(actor)
    minutes.approved_how = how
    minutes.approved_in = approved_in
    minutes.row_version += 1
    minutes.save()
    changes: dict[str, Any] = {"status": [before, minutes.status], "approved_how": [None, how]}
    if approved_in is not None:
        changes["approved_in"] = [None, str(approved_in)]
    audit_record(actor=actor, action="approve", obj=minutes, plan=minutes.meeting.plan, changes=changes)


@transaction.atomic
def minutes_approve(
    *,
    actor: Actor,
    minutes: Minutes,
    how: str = Minutes.ApprovedHow.CHAIR,
    approved_at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Minutes:
    """Approves and locks the minutes (the chair's approval), or has them await approval at the body's next meeting
    (`how=board`), whose agenda gets an item for them.

    Minutes are approved only once their meeting has begun; `approved_at` records an approval given earlier (e.g.
    by the chair by mail), never one before the meeting or in the future. Approved minutes approve the minutes of the
    body's earlier meetings that awaited a later meeting (each audited, with the meeting that approved them).
    """
    given = minutes
    minutes = Minutes.objects.select_for_update().select_related("meeting__plan", "meeting__body").get(pk=minutes.pk)
    refuse_if_approved(minutes)
    check_version(minutes, expected_version)
    now = timezone.now()
    moment = approved_at or now
    _check_approval(minutes, how, moment, now)
    meeting = minutes.meeting
    if how == Minutes.ApprovedHow.BOARD:
        before = minutes.status
        minutes.status = Minutes.Status.PENDING
        minutes.approved_how = how
        minutes.row_version += 1
        minutes.save()
        audit_record(
            actor=actor,
            action="update",
            obj=minutes,
            plan=meeting.plan,
            changes={"status": [before, minutes.status], "approved_how": ["", how]},
        )
        following = selectors.next_meeting(meeting)
        if following is not None:
            ensure_minutes_item(following, actor=actor)
    else:
        _approve(minutes, actor=actor, moment=moment, how=how, approved_in=None)
    if minutes.is_approved:
        for earlier in selectors.minutes_awaiting(meeting):
            _approve(earlier, actor=actor, moment=moment, how=Minutes.ApprovedHow.BOARD, approved_in=meeting)
    Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PLANNED).update(status=Meeting.Status.HELD)
    for name in ("status", "approved_at", "approved_by", "approved_how", "approved_in", "row_version"):
        setattr(given, name, getattr(minutes, name))
    return minutes


@transaction.atomic
def minutes_amend(
    *, actor: Actor, minutes: Minutes, text: str, reason: str, item: AgendaItem | None = None
) -> MinutesAmendment:
    minutes = Minutes.objects.select_related("meeting__plan").get(pk=minutes.pk)
    if not minutes.is_approved:
        raise ValidationError(
            _("Et udkast rettes direkte; kun godkendte referater får rettelser."), code="not_approved"
        )
    errors = FieldErrors()
    text = required(text, "text", errors, _("Både rettelsen og begrundelsen skal udfyldes."))
    reason = required(reason, "reason", errors, _("Både rettelsen og begrundelsen skal udfyldes."))
    if item is not None and item.meeting_id != minutes.meeting_id:
        errors.add("item", _("Punktet hører ikke til mødet."), "unknown_item")
    errors.raise_any()
    amendment = MinutesAmendment.objects.create(
        minutes=minutes, item=item, text=text, reason=reason, created_by=user_of(actor)
    )
    audit_record(
        actor=actor, action="amend", obj=minutes, plan=minutes.meeting.plan, changes={"text": text, "reason": reason}
    )
    return amendment


# --- Action items -------------------------------------------------------------------------------------------------


@transaction.atomic
def action_item_create(
    *, actor: Actor, entry: MinutesEntry, title: str, responsible: Person, due: dt.date
) -> ActionItem:
    """An action item decided under one item of the minutes; the body's next agenda follows it up."""
    minutes = Minutes.objects.select_related("meeting__plan", "meeting__body").get(pk=entry.minutes_id)
    meeting = minutes.meeting
    refuse_if_approved(minutes)
    errors = FieldErrors()
    title = required(title, "title", errors)
    check_people(meeting.plan, {"responsible": responsible}, errors)
    errors.raise_any()
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
        ensure_follow_up(following, actor=actor)
    return action


@transaction.atomic
def action_item_create_for_item(
    *, actor: Actor, item: AgendaItem, title: str, responsible: Person, due: dt.date
) -> ActionItem:
    """An action item from the decision on `item`; the minutes and the item's entry are begun when missing."""
    minutes = minutes_get_or_create(actor=actor, meeting=item.meeting)
    refuse_if_approved(minutes)
    entry, _created = MinutesEntry.objects.get_or_create(minutes=minutes, item=item)
    return action_item_create(actor=actor, entry=entry, title=title, responsible=responsible, due=due)


@transaction.atomic
def action_item_update(
    *, actor: Actor, action: ActionItem, expected_version: int | None = None, **values: Unpack[ActionItemValues]
) -> ActionItem:
    check_version(action, expected_version)
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Feltet kan ikke ændres.") for name in sorted(unknown)}, code="read_only")
    errors = FieldErrors()
    if "title" in values:
        values["title"] = required(values["title"], "title", errors)
    if "responsible" in values and values["responsible"] != action.responsible:
        check_people(action.plan, {"responsible": values["responsible"]}, errors)
    errors.raise_any()
    before = snapshot(action, ACTION_FIELDS)
    for name, value in values.items():
        setattr(action, name, value)
    if action.status == ActionItem.Status.OPEN:
        action.closed_at = None
    elif before["status"] == ActionItem.Status.OPEN:
        action.closed_at = timezone.now()
    action.full_clean()
    claim_version(ActionItem, action, expected_version)
    action.save()
    changes = diff(before, snapshot(action, ACTION_FIELDS))
    if changes:
        audit_record(actor=actor, action="update", obj=action, plan=action.plan, changes=changes)
    return action
