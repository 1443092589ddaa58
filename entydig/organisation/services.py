"""Every write to the organisation goes through these functions: transactional, audited, and the one place its rules
are checked (the pages' forms and the API's schemas only parse; both edges call these).

Errors are `ValidationError`s keyed by the model field they are about, with codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypedDict, TypeVar, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from entydig.accounts.models import User
from entydig.core.audit import Actor, audit_record, diff, snapshot
from entydig.core.errors import FieldErrors
from entydig.organisation import selectors
from entydig.organisation.access import persons_for_user, plans_for_user
from entydig.organisation.afdelinger import checked_afdelinger
from entydig.organisation.models import (
    Activity,
    Area,
    Body,
    EffortArea,
    FundingRound,
    Membership,
    Organisation,
    Person,
    Plan,
    PlanGrant,
)

M = TypeVar("M", bound=models.Model)


class PlanValues(TypedDict, total=False):
    name: str
    status: str
    period_start: dt.date
    period_end: dt.date
    municipality: Organisation
    description: str
    funding_round: FundingRound | None


class AreaValues(TypedDict, total=False):
    name: str
    code: str
    residents: int | None
    afdelinger: str


class OrganisationValues(TypedDict, total=False):
    name: str
    kind: str
    unit: str
    parent: Organisation | None


class PersonValues(TypedDict, total=False):
    name: str
    email: str
    title: str
    organisation: Organisation | None


class BodyValues(TypedDict, total=False):
    kind: str
    name: str
    effort_area: EffortArea | None
    responsibility: str
    party: Organisation | None


class MembershipValues(TypedDict, total=False):
    role: str
    representation: str
    start: dt.date | None
    end: dt.date | None


class ActivityValues(TypedDict, total=False):
    name: str
    description: str
    steering_group: Body | None
    responsible: Person | None
    start: dt.date | None
    end: dt.date | None


# --- The rules ----------------------------------------------------------------------------------------------------


def _others(queryset: models.QuerySet[M], obj: M | None) -> models.QuerySet[M]:
    """The rows of `queryset` other than `obj` (all of them for a new object)."""
    return queryset.exclude(pk=obj.pk) if obj is not None else queryset


def _name_taken(queryset: models.QuerySet[M], obj: M | None, name: str) -> bool:
    """Whether another row has the name in any case. Compared in Python: SQLite folds the case of ASCII letters only
    (`Lektiecafé` and `LEKTIECAFÉ` would pass), and a plan has few bodies and activities."""
    wanted = name.casefold()
    return any(other.casefold() == wanted for other in _others(queryset, obj).values_list("name", flat=True))


def _required(name: str | None, errors: FieldErrors, field: str = "name") -> str:
    name = (name or "").strip()
    if not name:
        errors.add(field, _("Feltet skal udfyldes."), "required")
    return name


def _usable_organisations(actor: Actor) -> models.QuerySet[Organisation] | None:
    """The organisations a user may name as a party or partner: those of the plans they work in (None: the system
    may name any)."""
    if actor is None:
        return None
    return selectors.organisations_of(plans_for_user(actor))


def _check_organisations(
    actor: Actor, field: str, organisations: Iterable[Organisation | None], errors: FieldErrors
) -> None:
    usable = _usable_organisations(actor)
    wanted = {o.pk for o in organisations if o is not None}
    if usable is None or not wanted:
        return
    unknown = sorted(wanted - set(usable.filter(pk__in=wanted).values_list("pk", flat=True)))
    if unknown:
        message = _("Ukendte organisationer: %(ids)s") % {"ids": ", ".join(map(str, unknown))}
        errors.add(field, message, "unknown_organisation")


def _check_dates(
    start: dt.date | None, end: dt.date | None, errors: FieldErrors, *, end_field: str = "end", strict: bool = False
) -> None:
    if start and end and (end <= start if strict else end < start):
        errors.add(end_field, _("Slutdatoen skal ligge efter startdatoen."), "end_before_start")


def _check_body(
    plan: Plan, body: Body | None, values: BodyValues, also_serves: Iterable[Plan] | None, errors: FieldErrors
) -> None:
    kind, name = values.get("kind", body.kind if body else ""), values.get("name")
    if name and _name_taken(Body.objects.filter(plan=body.plan if body else plan), body, name):
        errors.add("name", _("Der findes allerede et organ med dette navn i planen."), "duplicate_name")
    if body is None and kind == Body.Kind.BOARD and plan.bodies.filter(kind=Body.Kind.BOARD).exists():
        errors.add("kind", _("Helhedsplanen har allerede en bestyrelse."), "board_exists")
    if body is not None and "kind" in values and (body.kind == Body.Kind.BOARD) != (kind == Body.Kind.BOARD):
        errors.add("kind", _("En bestyrelse forbliver en bestyrelse."), "board_kind")
    if also_serves and kind != Body.Kind.SECRETARIAT:
        errors.add("also_serves", _("Kun et sekretariat kan betjene flere helhedsplaner."), "only_secretariat")


def _check_activity(
    actor: Actor, plan: Plan, activity: Activity | None, values: ActivityValues, errors: FieldErrors
) -> None:
    name = values.get("name")
    if name and _name_taken(Activity.objects.filter(plan=plan), activity, name):
        errors.add("name", _("Der findes allerede en indsats med dette navn i planen."), "duplicate_name")
    group = values.get("steering_group")
    if group is not None and (group.plan_id != plan.pk or group.kind != Body.Kind.STEERING_GROUP):
        errors.add("steering_group", _("Styregruppen findes ikke i denne helhedsplan."), "unknown_steering_group")
    responsible = values.get("responsible")
    if responsible is not None and actor is not None and not persons_for_user(actor).filter(pk=responsible.pk):
        errors.add("responsible", _("Personen findes ikke."), "unknown_person")
    start = values.get("start", activity.start if activity else None)
    _check_dates(start, values.get("end", activity.end if activity else None), errors)


# --- Shared machinery ---------------------------------------------------------------------------------------------


def _fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.get_fields() if f.concrete and not f.auto_created and f.name != "id"]


def _create(
    model: type[M],
    *,
    actor: Actor,
    plan: Plan | None,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    **values: Any,  # the model's own fields, checked by the typed public function that calls this
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
    actor: Actor,
    plan: Plan | None,
    values: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    also_log_in: Iterable[Plan] | Callable[[M], Iterable[Plan]] = (),
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


def _delete(obj: models.Model, *, actor: Actor, plan: Plan | None) -> None:
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


# --- Plans and areas ----------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    municipality: Organisation,
    housing_organisations: Iterable[Organisation] = (),
    status: str = Plan.Status.PREPARATION,
    description: str = "",
    secretariat: Body | None = None,
    funding_round: FundingRound | None = None,
) -> Plan:
    """A new plan with its board; an existing secretariat may take it on."""
    errors = FieldErrors()
    name = _required(name, errors)
    _check_dates(period_start, period_end, errors, end_field="period_end", strict=True)
    errors.raise_any()
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
        funding_round=funding_round,
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
    *,
    actor: Actor,
    plan: Plan,
    housing_organisations: Iterable[Organisation] | None = None,
    **values: Unpack[PlanValues],
) -> Plan:
    start, end = values.get("period_start", plan.period_start), values.get("period_end", plan.period_end)
    errors = FieldErrors()
    _check_dates(start, end, errors, end_field="period_end", strict=True)
    errors.raise_any()
    m2m = {"housing_organisations": list(housing_organisations)} if housing_organisations is not None else None
    return _update(plan, actor=actor, plan=plan, values=values, m2m=m2m)


@transaction.atomic
def area_create(
    *, actor: Actor, plan: Plan, name: str, code: str, residents: int | None = None, afdelinger: str = ""
) -> Area:
    if plan.areas.filter(code=code).exists():
        raise ValidationError(
            {"code": _("Koden bruges allerede af et andet boligområde i planen.")}, code="duplicate_code"
        )
    afdelinger = checked_afdelinger(plan.pk, None, afdelinger)
    return _create(
        Area, actor=actor, plan=plan, plan_id=plan.pk, name=name, code=code, residents=residents, afdelinger=afdelinger
    )


@transaction.atomic
def area_update(*, actor: Actor, area: Area, **values: Unpack[AreaValues]) -> Area:
    code = values.get("code")
    if code is not None and Area.objects.filter(plan_id=area.plan_id, code=code).exclude(pk=area.pk).exists():
        raise ValidationError(
            {"code": _("Koden bruges allerede af et andet boligområde i planen.")}, code="duplicate_code"
        )
    if "afdelinger" in values:
        values["afdelinger"] = checked_afdelinger(area.plan_id, area.pk, values["afdelinger"])
    return _update(area, actor=actor, plan=area.plan, values=values)


@transaction.atomic
def area_delete(*, actor: Actor, area: Area) -> None:
    _delete(area, actor=actor, plan=area.plan)


# --- Organisations and people (shared by plans) -------------------------------------------------------------------


def _check_organisation(
    plan: Plan | None, organisation: Organisation | None, values: OrganisationValues, errors: FieldErrors
) -> None:
    parent = values.get("parent", organisation.parent if organisation else None)
    kind = values.get("kind", organisation.kind if organisation else "")
    if parent is not None and kind and parent.kind != kind:
        errors.add("parent", _("En enhed skal have samme type som den organisation, den hører under."), "parent_kind")
    name = values.get("name")
    if name is not None:
        # A unit's name is unique under its parent (a database constraint); a main organisation's within the plan,
        # since another plan's organisations are not this plan's to see.
        if parent is not None:
            same = Organisation.objects.filter(parent=parent, name=name)
        elif plan is not None:
            same = selectors.plan_organisations(plan).filter(parent=None, name=name)
        else:
            same = Organisation.objects.none()
        if _others(same, organisation).exists():
            errors.add("name", _("Der findes allerede en organisation med dette navn her."), "duplicate_name")


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    plan: Plan | None = None,
    unit: str = Organisation.Unit.MAIN,
    parent: Organisation | None = None,
) -> Organisation:
    """A shared organisation. Created from a plan's pages (`plan`), it takes part in that plan as one of its other
    organisations (so the plan lists it) and shows in the plan's change log."""
    errors = FieldErrors()
    values: OrganisationValues = {"name": _required(name, errors), "kind": kind, "unit": unit, "parent": parent}
    _check_organisation(plan, None, values, errors)
    errors.raise_any()
    organisation = _create(Organisation, actor=actor, plan=plan, **values)
    if plan is not None:
        plan.other_organisations.add(organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, plan: Plan | None = None, **values: Unpack[OrganisationValues]
) -> Organisation:
    """An organisation is shared by plans: the change shows in the change log of every plan it takes part in,
    before the change and after it (a unit moved to another parent)."""
    errors = FieldErrors()
    _check_organisation(plan, organisation, values, errors)
    errors.raise_any()
    before = list(selectors.organisation_plans(organisation))

    def plans(changed: Organisation) -> list[Plan]:
        after = [p for p in selectors.organisation_plans(changed) if p not in before]
        return sorted(before + after, key=lambda p: p.pk)

    return _update(organisation, actor=actor, plan=plan, values=values, also_log_in=plans)


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    name: str,
    plan: Plan | None = None,
    email: str = "",
    title: str = "",
    organisation: Organisation | None = None,
) -> Person:
    errors = FieldErrors()
    name = _required(name, errors)
    errors.raise_any()
    return _create(Person, actor=actor, plan=plan, name=name, email=email, title=title, organisation=organisation)


@transaction.atomic
def person_update(*, actor: Actor, person: Person, plan: Plan | None = None, **values: Unpack[PersonValues]) -> Person:
    """A person is shared by plans: the change shows in the change log of every plan they sit in or work for."""
    plans = Plan.objects.filter(Q(bodies__memberships__person=person) | Q(activities__responsible=person)).distinct()
    return _update(person, actor=actor, plan=plan, values=values, also_log_in=list(plans))


# --- Bodies and memberships ---------------------------------------------------------------------------------------


@transaction.atomic
def body_create(
    *,
    actor: Actor,
    plan: Plan,
    kind: str,
    name: str,
    effort_area: EffortArea | None = None,
    responsibility: str = "",
    party: Organisation | None = None,
    also_serves: Iterable[Plan] = (),
) -> Body:
    errors = FieldErrors()
    values: BodyValues = {
        "kind": kind,
        "name": _required(name, errors),
        "effort_area": effort_area,
        "responsibility": responsibility,
        "party": party,
    }
    also_serves = list(also_serves)
    _check_body(plan, None, values, also_serves, errors)
    _check_organisations(actor, "party", [party], errors)
    errors.raise_any()
    return _create(Body, actor=actor, plan=plan, m2m={"also_serves": also_serves}, plan_id=plan.pk, **values)


@transaction.atomic
def body_update(
    *,
    actor: Actor,
    body: Body,
    plan: Plan,
    also_serves: Iterable[Plan] | None = None,
    **values: Unpack[BodyValues],
) -> Body:
    """Changes a body; `plan` is the plan it is changed from (a secretariat may serve several)."""
    errors = FieldErrors()
    if "name" in values:
        values["name"] = _required(values["name"], errors)
    serves = list(also_serves) if also_serves is not None else None
    _check_body(plan, body, values, serves, errors)
    _check_organisations(actor, "party", [values.get("party")], errors)
    errors.raise_any()
    m2m = {"also_serves": serves} if serves is not None else None
    return _update(body, actor=actor, plan=plan, values=values, m2m=m2m)


@transaction.atomic
def body_delete(*, actor: Actor, body: Body, plan: Plan) -> None:
    if body.kind == Body.Kind.BOARD:
        raise ValidationError(_("En helhedsplan har altid én bestyrelse; den kan ikke slettes."), code="board_required")
    _delete(body, actor=actor, plan=plan)


@transaction.atomic
def membership_create(
    *,
    actor: Actor,
    body: Body,
    person: Person,
    plan: Plan,
    role: str = Membership.Role.MEMBER,
    representation: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Membership:
    errors = FieldErrors()
    _check_dates(start, end, errors)
    errors.raise_any()
    return _create(
        Membership,
        actor=actor,
        plan=plan,
        body=body,
        person=person,
        role=role,
        representation=representation,
        start=start,
        end=end,
    )


@transaction.atomic
def membership_update(
    *, actor: Actor, membership: Membership, plan: Plan, **values: Unpack[MembershipValues]
) -> Membership:
    errors = FieldErrors()
    _check_dates(values.get("start", membership.start), values.get("end", membership.end), errors)
    errors.raise_any()
    return _update(membership, actor=actor, plan=plan, values=values)


@transaction.atomic
def membership_delete(*, actor: Actor, membership: Membership, plan: Plan) -> None:
    _delete(membership, actor=actor, plan=plan)


# --- Activities ---------------------------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    plan: Plan,
    name: str,
    description: str = "",
    steering_group: Body | None = None,
    responsible: Person | None = None,
    partners: Iterable[Organisation] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Activity:
    errors = FieldErrors()
    values: ActivityValues = {
        "name": _required(name, errors),
        "description": description,
        "steering_group": steering_group,
        "responsible": responsible,
        "start": start,
        "end": end,
    }
    partners = list(partners)
    _check_activity(actor, plan, None, values, errors)
    _check_organisations(actor, "partners", partners, errors)
    errors.raise_any()
    return _create(Activity, actor=actor, plan=plan, m2m={"partners": partners}, plan_id=plan.pk, **values)


@transaction.atomic
def activity_update(
    *,
    actor: Actor,
    activity: Activity,
    partners: Iterable[Organisation] | None = None,
    **values: Unpack[ActivityValues],
) -> Activity:
    errors = FieldErrors()
    if "name" in values:
        values["name"] = _required(values["name"], errors)
    _check_activity(actor, activity.plan, activity, values, errors)
    partner_list = list(partners) if partners is not None else None
    if partner_list is not None:
        already = set(activity.partners.values_list("pk", flat=True))
        _check_organisations(actor, "partners", [p for p in partner_list if p.pk not in already], errors)
    errors.raise_any()
    m2m = {"partners": partner_list} if partner_list is not None else None
    return _update(activity, actor=actor, plan=activity.plan, values=values, m2m=m2m)


@transaction.atomic
def activity_delete(*, actor: Actor, activity: Activity) -> None:
    _delete(activity, actor=actor, plan=activity.plan)


# --- Access for people outside the plan's bodies ------------------------------------------------------------------


@transaction.atomic
def plan_grant_create(*, actor: Actor, plan: Plan, user: User, role: str = PlanGrant.Role.VIEWER) -> PlanGrant:
    """Access to a plan for someone outside its bodies (a reader, or a secretariat without a secretariat body)."""
    grant = PlanGrant(plan=plan, user=user, role=role)
    grant.full_clean()
    grant.save()
    audit_record(actor=actor, action="create", obj=grant, plan=plan, changes={"user": str(user), "role": role})
    return grant


@transaction.atomic
def plan_grant_delete(*, actor: Actor, grant: PlanGrant) -> None:
    _delete(grant, actor=actor, plan=grant.plan)
