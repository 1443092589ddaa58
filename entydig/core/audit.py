"""Writing audit records; every service calls `audit_record` inside its transaction.

A record names its object by the model's label (`monitoring.measurement`), never by a translated name, so the log
is read in the reader's language (entydig/core/changelog.py). Writing a record also replaces the data stamp of its
plan (entydig/core/stamps.py), so caches of the plan's data cannot outlive a write.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from entydig.core.models import AuditEvent
from entydig.core.stamps import bump

# Who a write is done for: a logged-in user, an anonymous one (refused before any write), or the system (None:
# the demo, commands, migrations).
Actor = AbstractBaseUser | AnonymousUser | None


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return [str(v) for v in items]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of `fields` on `obj`, as JSON-friendly values for a diff."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def actor_id(actor: Actor) -> int | None:
    """The user a record is attributed to; the system and anonymous users are none."""
    return actor.pk if isinstance(actor, AbstractBaseUser) and actor.is_authenticated else None


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    plan: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    changes_data: bool = True,
) -> AuditEvent:
    """Logs a write under its plan (None: data shared by plans) and marks the plan's cached data out of date.

    `changes_data=False` is for a record of a write that changed nothing (an import of values already stored).
    """
    event = AuditEvent.objects.create(
        actor_id=actor_id(actor),
        plan_id=plan.pk if plan is not None else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:200],
        changes=changes or {},
    )
    if changes_data:
        bump(event.plan_id)
    return event
