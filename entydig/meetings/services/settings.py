"""Writes to the settings meetings run by: each body's deadlines, the municipality's days off, calendar feeds."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entydig.accounts.models import User
from entydig.core.audit import Actor, audit_record, diff, snapshot
from entydig.core.errors import FieldErrors
from entydig.meetings.models import BodyDeadlines, CalendarFeed, CalendarSettings
from entydig.organisation.models import Body, Organisation, Plan

DEADLINE_FIELDS = ["dispatch_days", "warning_days", "material_days"]
CALENDAR_FIELDS = ["constitution_day_off", "christmas_eve_off", "new_years_eve_off"]


class DeadlineValues(TypedDict, total=False):
    dispatch_days: int
    warning_days: int
    material_days: int


class CalendarValues(TypedDict, total=False):
    constitution_day_off: bool
    christmas_eve_off: bool
    new_years_eve_off: bool


class DeadlinesInvalid(ValidationError):
    """The deadlines of one or more bodies break a rule; `by_body` holds each body's errors by field (the errors
    themselves are keyed `<body id>.<field>`)."""

    def __init__(self, by_body: dict[int, ValidationError]) -> None:
        super().__init__(
            {f"{pk}.{field}": errors for pk, exc in by_body.items() for field, errors in exc.error_dict.items()}
        )
        self.by_body = by_body


@transaction.atomic
def body_deadlines_update(*, actor: Actor, body: Body, **values: Unpack[DeadlineValues]) -> BodyDeadlines:
    deadlines, _created = BodyDeadlines.objects.get_or_create(body=body)
    before = snapshot(deadlines, DEADLINE_FIELDS)
    for name, value in values.items():
        setattr(deadlines, name, value)
    errors = FieldErrors()
    if deadlines.warning_days < deadlines.dispatch_days:
        errors.add(
            "warning_days", _("Varslingen skal være mindst lige så lang som fristen."), "warning_before_deadline"
        )
    errors.raise_any()
    deadlines.full_clean()
    deadlines.save()
    changes = diff(before, snapshot(deadlines, DEADLINE_FIELDS))
    if changes:
        audit_record(actor=actor, action="update", obj=deadlines, plan=body.plan, changes=changes)
    return deadlines


@transaction.atomic
def calendar_settings_update(
    *, actor: Actor, organisation: Organisation, plan: Plan, **values: Unpack[CalendarValues]
) -> CalendarSettings:
    settings_, _created = CalendarSettings.objects.get_or_create(organisation=organisation)
    before = snapshot(settings_, CALENDAR_FIELDS)
    for name, value in values.items():
        setattr(settings_, name, value)
    settings_.full_clean()
    settings_.save()
    changes = diff(before, snapshot(settings_, CALENDAR_FIELDS))
    if changes:
        audit_record(actor=actor, action="update", obj=settings_, plan=plan, changes=changes)
    return settings_


@transaction.atomic
def plan_deadlines_update(
    *, actor: Actor, plan: Plan, deadlines: Mapping[Body, DeadlineValues], calendar: CalendarValues
) -> None:
    """The plan's settings page in one go: every body's deadlines and the municipality's days off. Nothing is saved
    when one body's deadlines break a rule; the error names every body that does."""
    by_body: dict[int, ValidationError] = {}
    for body, values in deadlines.items():
        try:
            body_deadlines_update(actor=actor, body=body, **values)
        except ValidationError as exc:
            by_body[body.pk] = exc
    if by_body:
        raise DeadlinesInvalid(by_body)
    calendar_settings_update(actor=actor, organisation=plan.municipality, plan=plan, **calendar)


@transaction.atomic
def calendar_feed_get_or_create(*, user: Actor, body: Body | None = None, renew: bool = False) -> CalendarFeed:
    """The user's secret address of a calendar feed: their own meetings, or one body's; `renew` changes it."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    feed = CalendarFeed.objects.filter(user=user, body=body).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, body=body, token=secrets.token_urlsafe(32))
    elif renew:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
    return feed
