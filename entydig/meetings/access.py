"""Gatekeepers for meetings, attachments and action items; each resolves the plan through `plan_for_user`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from entydig.meetings.models import ActionItem, AgendaItem, Attachment, Meeting
from entydig.organisation.access import PlanAccess, plan_for_user


def meeting_for_user(user: Any, plan_pk: int, pk: int, *, write: bool = False) -> tuple[PlanAccess, Meeting]:
    access = plan_for_user(user, plan_pk, write=write)
    meeting = Meeting.objects.select_related("body", "plan").filter(plan=access.plan, pk=pk).first()
    if meeting is None:
        raise Http404
    return access, meeting


def meeting_for_user_any_plan(user: Any, pk: int, *, write: bool = False) -> tuple[PlanAccess, Meeting]:
    """A meeting addressed without its plan (API)."""
    plan_id = Meeting.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
    if plan_id is None:
        raise Http404
    return meeting_for_user(user, plan_id, pk, write=write)


def item_for_user(
    user: Any, plan_pk: int, meeting_pk: int, pk: int, *, write: bool = False
) -> tuple[PlanAccess, AgendaItem]:
    access, meeting = meeting_for_user(user, plan_pk, meeting_pk, write=write)
    item = AgendaItem.objects.filter(meeting=meeting, pk=pk).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return access, item


def item_for_user_any_plan(
    user: Any, meeting_pk: int, pk: int, *, write: bool = False
) -> tuple[PlanAccess, AgendaItem]:
    """An agenda item addressed by its meeting without the plan (API)."""
    access, meeting = meeting_for_user_any_plan(user, meeting_pk, write=write)
    item = AgendaItem.objects.filter(meeting=meeting, pk=pk).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return access, item


def attachment_for_user(user: Any, plan_pk: int, pk: int) -> tuple[PlanAccess, Attachment]:
    access = plan_for_user(user, plan_pk)
    attachment = (
        Attachment.objects.select_related("item__meeting").filter(item__meeting__plan=access.plan, pk=pk).first()
    )
    if attachment is None:
        raise Http404
    return access, attachment


# What the person responsible for an action item may change besides the secretariat, who may change everything.
RESPONSIBLE_MAY_CHANGE = frozenset({"status", "note"})


def can_update_action_item(access: PlanAccess, user: Any, action: ActionItem) -> bool:
    """The secretariat, or the person responsible for the action."""
    return access.can_write or (user.person_id is not None and user.person_id == action.responsible_id)


def may_change_action_item(access: PlanAccess, action: ActionItem, fields: Iterable[str]) -> None:
    """The person responsible changes only the status and the note; the secretariat anything (403 otherwise)."""
    if not access.can_write and set(fields) - RESPONSIBLE_MAY_CHANGE:
        raise PermissionDenied


def action_item_for_user(
    user: Any, pk: int, *, plan_pk: int | None = None, write: bool = False
) -> tuple[PlanAccess, ActionItem]:
    plan_id = ActionItem.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
    if plan_id is None or (plan_pk is not None and plan_id != plan_pk):
        raise Http404
    access = plan_for_user(user, plan_id)
    action = ActionItem.objects.select_related("responsible", "meeting__body").get(pk=pk)
    if write and not can_update_action_item(access, user, action):
        raise PermissionDenied
    return access, action
