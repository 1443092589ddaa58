"""Helpers for the organisation page tests."""

from __future__ import annotations

from typing import Any

from entydig.core.models import AuditEvent
from entydig.organisation import services
from entydig.organisation.models import Activity, Area, Body, Membership, Organisation, Person, Plan


def db_state() -> tuple[Any, ...]:
    """Everything an organisation write could change, to assert that a refused write changed nothing."""
    return (
        Plan.objects.count(),
        Area.objects.count(),
        Organisation.objects.count(),
        list(Person.objects.values_list("name", "email", "title").order_by("pk")),
        list(Body.objects.values_list("name", "kind", "responsibility").order_by("pk")),
        list(Membership.objects.values_list("role", "end").order_by("pk")),
        list(Activity.objects.values_list("name", "description", "steering_group_id").order_by("pk")),
        AuditEvent.objects.count(),
    )


def grow(plan: Plan, n: int) -> None:
    """Adds `n` steering groups, each with a member and two activities, to see that page queries do not grow."""
    first = plan.bodies.count()
    for i in range(first, first + n):
        group = services.body_create(actor=None, plan=plan, kind=Body.Kind.STEERING_GROUP, name=f"Vækstgruppe {i}")
        person = services.person_create(actor=None, name=f"Vækstperson {i}")
        services.membership_create(
            actor=None,
            body=group,
            person=person,
            plan=plan,
            role=Membership.Role.CHAIR,
            representation=Membership.Representation.RESIDENT,
        )
        for j in range(2):
            services.activity_create(
                actor=None, plan=plan, name=f"Vækstindsats {i}-{j}", steering_group=group, responsible=person
            )
