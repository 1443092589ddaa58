"""The rules the meeting services share: row versions, who belongs to the plan, and locked minutes.

Errors are `ValidationError`s keyed by the model field they are about, with codes; a stale edit is a
`ConflictError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from entydig.accounts.models import User
from entydig.core.audit import Actor
from entydig.core.errors import ConflictError, FieldErrors
from entydig.meetings.models import Minutes
from entydig.meetings.selectors import plan_people
from entydig.organisation.models import Person, Plan


def user_of(actor: Actor) -> User | None:
    """The user a record names as its author (sent by, approved by, uploaded by); the system is none."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def check_version(obj: Any, expected: int | None) -> None:
    """An edit based on another version than the stored one is refused (None: the system's edit, unchecked)."""
    if expected is not None and obj.row_version != expected:
        raise ConflictError


def claim_version(model: type[models.Model], obj: Any, expected: int | None) -> None:
    """Increments the row version only if it is still the expected one (a compare-and-set in the database)."""
    current = obj.row_version if expected is None else expected
    updated = model._default_manager.filter(pk=obj.pk, row_version=current).update(row_version=current + 1)
    if not updated:
        raise ConflictError
    obj.row_version = current + 1


def required(text: str | None, field: str, errors: FieldErrors, message: str | None = None) -> str:
    """The text without surrounding spaces; an empty one is an error on `field`."""
    text = (text or "").strip()
    if not text:
        errors.add(field, message or _("Feltet skal udfyldes."), "required")
    return text


def check_people(plan: Plan, people: dict[str, Person | None], errors: FieldErrors) -> None:
    """Each person named (presenter, owner, guest, responsible) must be one of the plan's people."""
    named = {field: person for field, person in people.items() if person is not None}
    if not named:
        return
    known = set(plan_people(plan).filter(pk__in=[p.pk for p in named.values()]).values_list("pk", flat=True))
    for field, person in named.items():
        if person.pk not in known:
            errors.add(field, _("%(name)s hører ikke til helhedsplanen.") % {"name": person}, "unknown_person")


def check_own(plan: Plan, field: str, objects: Iterable[Any], errors: FieldErrors) -> None:
    """Goals, indicators and activities linked to an item must be the plan's own."""
    foreign = sorted(str(o.pk) for o in objects if o.plan_id != plan.pk)
    if foreign:
        errors.add(field, _("Hører ikke til helhedsplanen: %(ids)s") % {"ids": ", ".join(foreign)}, "unknown_link")


def refuse_if_approved(minutes: Minutes) -> None:
    if minutes.is_approved:
        raise ValidationError(
            _("Referatet er godkendt og kan ikke ændres. Registrér en rettelse med begrundelse i stedet."),
            code="approved",
        )
