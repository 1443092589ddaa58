"""Every write to the organisation goes through these functions: transactional and audited."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from entydig.core.audit import audit_record, diff, snapshot
from entydig.organisation import selectors
from entydig.organisation.models import (
    Activity,
    Area,
    Body,
    Membership,
    Organisation,
    Person,
    Plan,
    PlanGrant,
)

M = TypeVar("M", bound=models.Model)


def _fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if f.concrete and not f.auto_created and f.name != "id"  # type: ignore[union-attr]
    ]


def _create(
    model: type[M], *, actor: Any, plan: Plan | None, m2m: Mapping[str, Iterable[Any]] | None = None, **values: Any
) -> M:
    obj = model(**values)
    obj.full_clean()
    obj.save()
    for name, items in (m2m or {}).items():
        getattr(obj, name).set(items)
    audit_plan = obj if plan is None and isinstance(obj, Plan) else plan
    audit_record(actor=actor, action="create", obj=obj, plan=audit_plan, changes=snapshot(obj, _fields(model)))
    return obj


def _update(
    obj: M,
    *,
    actor: Any,
    plan: Plan | None,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    also_log_in: Iterable[Plan] | Callable[[M], Iterable[Plan]] = (),
    **values: Any,
) -> M:
    """Changes `obj`, logged under `plan` and in `also_log_in` (a function of the changed object when the change
    itself can change where it belongs)."""
    fields = _fields(type(obj))
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    for name, items in (m2m or {}).items():
        getattr(obj, name).set(items)
    changes = diff(before, snapshot(obj, fields))
    if changes:
        audit_record(actor=actor, action="update", obj=obj, plan=plan, changes=changes)
        for other in also_log_in(obj) if callable(also_log_in) else also_log_in:
            if other != plan:
                audit_record(actor=actor, action="update", obj=obj, plan=other, changes=changes)
    return obj


def _delete(obj: models.Model, *, actor: Any, plan: Plan | None) -> None:
    audit_record(actor=actor, action="delete", obj=obj, plan=plan)
    try:
        obj.delete()
    except (models.ProtectedError, models.RestrictedError) as exc:  # e.g. a body that has held meetings
        kept = exc.protected_objects if isinstance(exc, models.ProtectedError) else exc.restricted_objects
        names = sorted({str(o._meta.verbose_name_plural) for o in kept})
        raise ValidationError(
            _("%(name)s kan ikke slettes, fordi der hører %(what)s til.") % {"name": obj, "what": ", ".join(names)},
            code="in_use",
        ) from exc


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    name: str,
    period_start: Any,
    period_end: Any,
    municipality: Organisation,
    housing_organisations: Iterable[Organisation] = (),
    status: str = Plan.Status.PREPARATION,
    description: str = "",
    secretariat: Body | None = None,
) -> Plan:
    """A new plan with its board; an existing secretariat may take it on."""
    plan = _create(
        Plan,
        actor=actor,
        plan=None,
        m2m={"housing_organisations": list(housing_organisations)},
        name=name,
        period_start=period_start,
        period_end=period_end,
        municipality=municipality,
        status=status,
        description=description,
    )
    body_create(
        actor=actor,
        plan=plan,
        kind=Body.Kind.BOARD,
        name=_("Bestyrelsen"),
        responsibility=_("Den strategiske samarbejdsaftale, målstyring og fremdrift"),
    )
    if secretariat is not None:
        secretariat.also_serves.add(plan)
        audit_record(
            actor=actor, action="update", obj=secretariat, plan=plan, changes={"also_serves": [None, plan.name]}
        )
    return plan


@transaction.atomic
def plan_update(
    *, actor: Any, plan: Plan, housing_organisations: Iterable[Organisation] | None = None, **values: Any
) -> Plan:
    m2m = {"housing_organisations": list(housing_organisations)} if housing_organisations is not None else None
    return _update(plan, actor=actor, plan=plan, m2m=m2m, **values)


@transaction.atomic
def area_create(*, actor: Any, plan: Plan, **values: Any) -> Area:
    area = _create(Area, actor=actor, plan=plan, plan_id=plan.pk, **values)
    return area


@transaction.atomic
def area_update(*, actor: Any, area: Area, **values: Any) -> Area:
    area = _update(area, actor=actor, plan=area.plan, **values)
    return area


@transaction.atomic
def area_delete(*, actor: Any, area: Area) -> None:
    _delete(area, actor=actor, plan=area.plan)


@transaction.atomic
def organisation_create(*, actor: Any, plan: Plan | None = None, **values: Any) -> Organisation:
    """A shared organisation. Created from a plan's pages (`plan`), it takes part in that plan as one of its other
    organisations (so the plan lists it) and shows in the plan's change log."""
    organisation = _create(Organisation, actor=actor, plan=plan, **values)
    if plan is not None:
        plan.other_organisations.add(organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, plan: Plan | None = None, **values: Any
) -> Organisation:
    """An organisation is shared by plans: the change shows in the change log of every plan it takes part in,
    before the change and after it (a unit moved to another parent)."""
    before = list(selectors.organisation_plans(organisation))

    def plans(changed: Organisation) -> list[Plan]:
        after = [p for p in selectors.organisation_plans(changed) if p not in before]
        return sorted(before + after, key=lambda p: p.pk)

    return _update(organisation, actor=actor, plan=plan, also_log_in=plans, **values)


@transaction.atomic
def person_create(*, actor: Any, plan: Plan | None = None, **values: Any) -> Person:
    return _create(Person, actor=actor, plan=plan, **values)


@transaction.atomic
def person_update(*, actor: Any, person: Person, plan: Plan | None = None, **values: Any) -> Person:
    """A person is shared by plans: the change shows in the change log of every plan they sit in or work for."""
    plans = Plan.objects.filter(Q(bodies__memberships__person=person) | Q(activities__responsible=person)).distinct()
    return _update(person, actor=actor, plan=plan, also_log_in=list(plans), **values)


@transaction.atomic
def body_create(*, actor: Any, plan: Plan, also_serves: Iterable[Plan] = (), **values: Any) -> Body:
    return _create(Body, actor=actor, plan=plan, m2m={"also_serves": list(also_serves)}, plan_id=plan.pk, **values)


@transaction.atomic
def body_update(
    *, actor: Any, body: Body, plan: Plan, also_serves: Iterable[Plan] | None = None, **values: Any
) -> Body:
    m2m = {"also_serves": list(also_serves)} if also_serves is not None else None
    return _update(body, actor=actor, plan=plan, m2m=m2m, **values)


@transaction.atomic
def body_delete(*, actor: Any, body: Body, plan: Plan) -> None:
    if body.kind == Body.Kind.BOARD:
        raise ValidationError(_("En helhedsplan har altid én bestyrelse; den kan ikke slettes."), code="board_required")
    _delete(body, actor=actor, plan=plan)


@transaction.atomic
def membership_create(*, actor: Any, body: Body, person: Person, plan: Plan, **values: Any) -> Membership:
    return _create(Membership, actor=actor, plan=plan, body=body, person=person, **values)


@transaction.atomic
def membership_update(*, actor: Any, membership: Membership, plan: Plan, **values: Any) -> Membership:
    return _update(membership, actor=actor, plan=plan, **values)


@transaction.atomic
def membership_delete(*, actor: Any, membership: Membership, plan: Plan) -> None:
    _delete(membership, actor=actor, plan=plan)


@transaction.atomic
def activity_create(*, actor: Any, plan: Plan, partners: Iterable[Organisation] = (), **values: Any) -> Activity:
    return _create(Activity, actor=actor, plan=plan, m2m={"partners": list(partners)}, plan_id=plan.pk, **values)


@transaction.atomic
def activity_update(
    *, actor: Any, activity: Activity, partners: Iterable[Organisation] | None = None, **values: Any
) -> Activity:
    m2m = {"partners": list(partners)} if partners is not None else None
    return _update(activity, actor=actor, plan=activity.plan, m2m=m2m, **values)


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity) -> None:
    _delete(activity, actor=actor, plan=activity.plan)


@transaction.atomic
def plan_grant_create(*, actor: Any, plan: Plan, user: Any, role: str = PlanGrant.Role.VIEWER) -> PlanGrant:
    """Access to a plan for someone outside its bodies (a reader, or a secretariat without a secretariat body)."""
    grant = PlanGrant(plan=plan, user=user, role=role)
    grant.full_clean()
    grant.save()
    audit_record(actor=actor, action="create", obj=grant, plan=plan, changes={"user": str(user), "role": role})
    return grant


@transaction.atomic
def plan_grant_delete(*, actor: Any, grant: PlanGrant) -> None:
    _delete(grant, actor=actor, plan=grant.plan)
