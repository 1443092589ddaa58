"""Organisation endpoints of the REST API: the same gatekeepers and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import Case, Count, QuerySet, Value, When
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from entydig.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    InputSchema,
    IsoDate,
    all_by_id,
    api_user,
    by_id,
    choices,
    input_names,
)
from entydig.organisation import services
from entydig.organisation.access import (
    PlanAccess,
    body_for_user_any_plan,
    may_create_activity,
    person_for_user,
    plan_for_user,
    plans_for_user,
)
from entydig.organisation.afdelinger import parse_afdelinger
from entydig.organisation.models import Activity, Body, EffortArea, Membership, Organisation, Person, Plan
from entydig.organisation.selectors import bodies_serving, current_q, is_current, organisations_for_user, person_detail

router = Router(tags=["organisation"])


# --- Output schemas -------------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str = Field(description="Det fulde navn, med den organisation enheden hører under")

    @staticmethod
    def resolve_name(obj: Organisation) -> str:
        return str(obj)


class OrganisationOut(Schema):
    id: int
    name: str
    full_name: str = Field(description="Navnet med den organisation enheden hører under, fx 'Kommune: Forvaltning'")
    kind: Annotated[Organisation.Kind, choices(Organisation.Kind)]
    kind_label: str
    unit: Annotated[Organisation.Unit, choices(Organisation.Unit)]
    unit_label: str
    parent_id: int | None

    @staticmethod
    def resolve_full_name(obj: Organisation) -> str:
        return str(obj)

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_unit_label(obj: Organisation) -> str:
        return str(obj.get_unit_display())


class AreaOut(Schema):
    id: int
    name: str
    code: str
    residents: int | None
    afdelinger: list[str]

    @staticmethod
    def resolve_afdelinger(obj: Any) -> list[str]:
        return [str(afdeling) for afdeling in parse_afdelinger(obj.afdelinger)[0]]


class FundingRoundRef(Schema):
    code: str = Field(description="Puljens kode, fx 2019-26-midlerne")
    name: str
    first_year: int = Field(description="Bevillingsperiodens første år")
    last_year: int = Field(description="Bevillingsperiodens sidste år")
    terms: dict[str, str] = Field(description="Puljens egne ord, hvor de afviger fra Entydigs (begreb → ord)")
    source: str = Field(description="Hvor puljens oplysninger kommer fra")


class PlanOut(Schema):
    id: int
    name: str
    status: Annotated[Plan.Status, choices(Plan.Status)]
    status_label: str
    period_start: dt.date = Field(description="Aftaleperiodens start")
    period_end: dt.date = Field(description="Aftaleperiodens slut")
    funding_round: FundingRoundRef | None = Field(description="Den LBF-pulje planen er bevilget af")
    municipality: OrganisationRef
    housing_organisations: list[OrganisationRef]
    url: str = Field(description="Planens side i Entydig")

    @staticmethod
    def resolve_status_label(obj: Plan) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_housing_organisations(obj: Plan) -> list[Organisation]:
        return list(obj.housing_organisations.all())

    @staticmethod
    def resolve_url(obj: Plan) -> str:
        return obj.get_absolute_url()


class PlanDetailOut(PlanOut):
    description: str
    areas: list[AreaOut]
    my_roles: list[str] = Field(description="Dine roller i planen: secretariat, board, steering, staff, viewer")
    can_write: bool = Field(description="Om du må ændre alt i planen (sekretariatet)")


class EffortAreaRef(Schema):
    id: int
    name: str


class BodyOut(Schema):
    id: int
    plan_id: int = Field(description="Den plan organet hører til")
    also_serves: list[int] = Field(description="Yderligere planer et sekretariat betjener")
    kind: Annotated[Body.Kind, choices(Body.Kind)]
    kind_label: str
    name: str
    effort_area: EffortAreaRef | None
    responsibility: str
    party: OrganisationRef | None
    member_count: int = Field(description="Antal nuværende medlemmer")

    @staticmethod
    def resolve_also_serves(obj: Body) -> list[int]:
        return [p.pk for p in obj.also_serves.all()]

    @staticmethod
    def resolve_kind_label(obj: Body) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_member_count(obj: Body) -> int:
        return int(getattr(obj, "member_count", 0))


class PersonRef(Schema):
    id: int
    name: str
    title: str
    email: str
    organisation: OrganisationRef | None


class MemberOut(Schema):
    id: int = Field(description="Medlemskabets id")
    person: PersonRef
    role: Annotated[Membership.Role, choices(Membership.Role)]
    role_label: str
    representation: Annotated[Membership.Representation, choices(Membership.Representation)]
    representation_label: str
    start: dt.date | None
    end: dt.date | None
    is_current: bool

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_representation_label(obj: Membership) -> str:
        return str(obj.get_representation_display())

    @staticmethod
    def resolve_is_current(obj: Membership) -> bool:
        return is_current(obj)


class BodyRef(Schema):
    id: int
    name: str
    kind: Annotated[Body.Kind, choices(Body.Kind)]
    kind_label: str

    @staticmethod
    def resolve_kind_label(obj: Body) -> str:
        return str(obj.get_kind_display())


class ActivityOut(Schema):
    id: int
    plan_id: int
    name: str
    description: str
    steering_group: BodyRef | None
    responsible: PersonRef | None
    partners: list[OrganisationRef] = Field(description="Udførende partnere")
    start: dt.date | None
    end: dt.date | None
    can_edit: bool = Field(description="Om du må ændre indsatsen")

    @staticmethod
    def resolve_partners(obj: Activity) -> list[Organisation]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_can_edit(obj: Activity, context: dict[str, Any]) -> bool:
        access: PlanAccess = context["request"].plan_access
        return access.can_edit_activity(obj)


class SeatOut(Schema):
    """One seat of a person in a body."""

    body: BodyRef
    role: Annotated[Membership.Role, choices(Membership.Role)]
    role_label: str
    representation: Annotated[Membership.Representation, choices(Membership.Representation)]
    representation_label: str
    start: dt.date | None
    end: dt.date | None

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_representation_label(obj: Membership) -> str:
        return str(obj.get_representation_display())


class ActivityRef(Schema):
    id: int
    plan_id: int
    name: str


class PersonOut(PersonRef):
    seats: list[SeatOut] = Field(description="Personens pladser i organer i de planer, du har adgang til")
    responsible_for: list[ActivityRef] = Field(description="Indsatser personen er ansvarlig for")

    @staticmethod
    def resolve_seats(obj: Person) -> list[Membership]:
        return obj.visible_seats  # type: ignore[attr-defined,no-any-return]  # set by get_person

    @staticmethod
    def resolve_responsible_for(obj: Person) -> list[Activity]:
        return obj.visible_activities  # type: ignore[attr-defined,no-any-return]  # set by get_person


# --- Input schemas --------------------------------------------------------------------------------------------


class BodyIn(InputSchema):
    kind: Annotated[Body.Kind, choices(Body.Kind)]
    name: str = Field(min_length=1, max_length=200)
    effort_area_id: int | None = Field(None, description="Indsatsområde (for styregrupper)")
    responsibility: str = ""
    party_id: int | None = Field(None, description="Den part organet taler for (fx kommunen for en formødegruppe)")


class ActivityIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    steering_group_id: int | None = Field(None, description="Styregruppen der ejer indsatsen")
    responsible_id: int | None = Field(None, description="Den ansvarlige person")
    partner_ids: list[int] = Field(default_factory=list, description="Udførende partnere (organisationer)")
    start: IsoDate | None = None
    end: IsoDate | None = None


# --- Reads shared by the endpoints ----------------------------------------------------------------------------


def _plan_detail(access: PlanAccess) -> Plan:
    plan = (
        Plan.objects.select_related("municipality__parent", "funding_round")
        .prefetch_related("housing_organisations__parent", "areas")
        .get(pk=access.plan.pk)
    )
    plan.my_roles = sorted(access.roles)  # type: ignore[attr-defined]  # read by the schema, not a model field
    plan.can_write = access.can_write  # type: ignore[attr-defined]  # read by the schema, not a model field
    return plan


def _body_out(pk: int) -> Body:
    return (
        Body.objects.select_related("effort_area", "party__parent")
        .prefetch_related("also_serves")
        .annotate(member_count=Count("memberships", filter=current_q("memberships__")))
        .get(pk=pk)
    )


def _activities() -> QuerySet[Activity]:
    return Activity.objects.select_related("steering_group", "responsible__organisation__parent").prefetch_related(
        "partners__parent"
    )


# --- Endpoints ------------------------------------------------------------------------------------------------


@router.get("/plans", response={200: list[PlanOut], **READ_ERRORS}, summary="Dine helhedsplaner / Your plans")
def list_plans(request: HttpRequest) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(pk__in=plans_for_user(api_user(request)).values("pk"))
        .select_related("municipality__parent", "funding_round")
        .prefetch_related("housing_organisations__parent")
    )


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **READ_ERRORS}, summary="En helhedsplan / One plan")
def get_plan(request: HttpRequest, plan_id: int) -> Plan:
    return _plan_detail(plan_for_user(api_user(request), plan_id))


@router.get(
    "/plans/{plan_id}/bodies",
    response={200: list[BodyOut], **READ_ERRORS},
    summary="Planens organer / The plan's bodies",
)
def list_bodies(request: HttpRequest, plan_id: int) -> QuerySet[Body]:
    """Board, secretariat, steering groups and pre-meeting groups, in the order of the organisation chart."""
    access = plan_for_user(api_user(request), plan_id)
    return (
        bodies_serving(access.plan)
        .select_related("effort_area", "party__parent")
        .prefetch_related("also_serves")
        .annotate(
            member_count=Count("memberships", filter=current_q("memberships__")),
            level=Case(*[When(kind=kind, then=Value(i)) for i, kind in enumerate(Body.Kind.values)]),
        )
        .order_by("level", "name")
    )


@router.post(
    "/plans/{plan_id}/bodies",
    response={201: BodyOut, **WRITE_ERRORS},
    summary="Opret et organ (sekretariatet) / Create a body (secretariat)",
)
def create_body(request: HttpRequest, plan_id: int, payload: BodyIn) -> Status[Any]:
    user = api_user(request)
    access = plan_for_user(user, plan_id, write=True)
    with input_names({"effort_area": "effort_area_id", "party": "party_id"}):
        body = services.body_create(
            actor=user,
            plan=access.plan,
            kind=payload.kind,
            name=payload.name,
            effort_area=by_id(EffortArea.objects.all(), payload.effort_area_id, "effort_area_id"),
            responsibility=payload.responsibility,
            party=by_id(Organisation.objects.all(), payload.party_id, "party_id"),
        )
    return Status(201, _body_out(body.pk))


@router.get(
    "/bodies/{body_id}/members",
    response={200: list[MemberOut], **READ_ERRORS},
    summary="Et organs medlemmer / A body's members",
)
def list_members(request: HttpRequest, body_id: int, current: bool = False) -> QuerySet[Membership]:
    """All memberships, past and future included; `?current=true` gives only today's members."""
    _access, body = body_for_user_any_plan(api_user(request), body_id)
    members = body.memberships.select_related("person__organisation__parent").order_by("role", "person__name")
    if current:
        members = members.filter(current_q())
    return members


@router.get(
    "/plans/{plan_id}/activities",
    response={200: list[ActivityOut], **READ_ERRORS},
    summary="Planens indsatser / Activities",
)
def list_activities(request: HttpRequest, plan_id: int) -> QuerySet[Activity]:
    access = plan_for_user(api_user(request), plan_id)
    request.plan_access = access  # type: ignore[attr-defined]  # read by the output schema's resolvers
    return _activities().filter(plan=access.plan).order_by("name")


@router.post(
    "/plans/{plan_id}/activities",
    response={201: ActivityOut, **WRITE_ERRORS},
    summary="Opret en indsats / Create an activity",
    description="Sekretariatet kan oprette indsatser i hele planen, en styregruppes medlemmer i deres egen gruppe.",
)
def create_activity(request: HttpRequest, plan_id: int, payload: ActivityIn) -> Status[Any]:
    user = api_user(request)
    access = plan_for_user(user, plan_id)
    names = {"steering_group": "steering_group_id", "responsible": "responsible_id", "partners": "partner_ids"}
    with input_names(names):
        may_create_activity(access, payload.steering_group_id)
        activity = services.activity_create(
            actor=user,
            plan=access.plan,
            name=payload.name,
            description=payload.description,
            steering_group=by_id(Body.objects.all(), payload.steering_group_id, "steering_group_id"),
            responsible=by_id(Person.objects.all(), payload.responsible_id, "responsible_id"),
            partners=all_by_id(Organisation.objects.all(), payload.partner_ids, "partner_ids"),
            start=payload.start,
            end=payload.end,
        )
    request.plan_access = access  # type: ignore[attr-defined]  # read by the output schema's resolvers
    return Status(201, _activities().get(pk=activity.pk))


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **READ_ERRORS},
    summary="Organisationer i dine planer / Organisations in your plans",
)
def list_organisations(
    request: HttpRequest, kind: Annotated[Organisation.Kind, choices(Organisation.Kind)] | None = None
) -> QuerySet[Organisation]:
    """The organisations of the plans you have a role in, with their units; `?kind=` filters by kind."""
    organisations = organisations_for_user(api_user(request)).select_related("parent")
    if kind is not None:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("kind", "parent__name", "name")


@router.get("/persons/{person_id}", response={200: PersonOut, **READ_ERRORS}, summary="En person / A person")
def get_person(request: HttpRequest, person_id: int) -> Person:
    """The person with their seats and activities, limited to the plans you have a role in."""
    user = api_user(request)
    person = person_for_user(user, person_id)
    detail = person_detail(person, user)
    if person.organisation is not None and person.organisation.parent_id:
        person.organisation = Organisation.objects.select_related("parent").get(pk=person.organisation.pk)
    person.visible_seats = detail.memberships  # type: ignore[attr-defined]  # read by PersonOut's resolvers
    person.visible_activities = detail.activities  # type: ignore[attr-defined]  # read by PersonOut's resolvers
    return person
