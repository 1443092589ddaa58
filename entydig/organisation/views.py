"""Pages of a plan's organisation: overview, chart with advice, bodies, activities, people, change log."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.core import params
from entydig.organisation import selectors, services
from entydig.organisation.access import (
    PlanAccess,
    activity_for_user,
    body_for_user,
    can_edit_person,
    persons_for_user,
    plan_access,
    plan_for_user,
    secretariat_plans,
)
from entydig.organisation.access import person_for_user as _person_for_user
from entydig.organisation.advice import plan_advice
from entydig.organisation.forms import (
    ActivityForm,
    AreaForm,
    BodyForm,
    EndMembershipForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
    PlanCreateForm,
    PlanForm,
    add_service_errors,
    groups_for,
)
from entydig.organisation.models import Activity, Area, Body, Membership, Organisation, Person, Plan, PlanGrant
from entydig.organisation.sections import shown_sections

LOG_PAGE_SIZE = 50


def _ctx(access: PlanAccess, section: str, **extra: Any) -> dict[str, Any]:
    return {"plan": access.plan, "access": access, "section": section, **extra}


def _submit(request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], Any]) -> Any:
    """Saves a valid POSTed form through `save` (a service call); on bad input the form carries the errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _form_page(
    request: HttpRequest,
    access: PlanAccess | None,
    form: BaseForm,
    *,
    title: str,
    back: str,
    section: str = "organisation",
    **extra: Any,
) -> HttpResponse:
    """The one form page: a heading, the fields, save and cancel, and a delete button where one applies."""
    ctx: dict[str, Any] = {"form": form, "title": title, "back": back, **extra}
    if access is not None:
        ctx.update(_ctx(access, section))
    if _is_htmx(request):
        return render(request, "organisation/partials/_form.html", {**ctx, "inline": True})
    return render(request, "organisation/form.html", ctx)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _done(request: HttpRequest, to: Any) -> HttpResponse:
    """After a save: a redirect, or for an inline (htmx) form an instruction to load the page afresh."""
    url = resolve_url(to)
    if _is_htmx(request):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


# --- Plan -------------------------------------------------------------------------------------------------


@login_required
def plan_overview(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    org = selectors.organogram(access.plan)
    ctx = _ctx(
        access,
        "overview",
        org=org,
        areas=selectors.plan_areas(access.plan),
        housing=selectors.plan_housing_organisations(access.plan),
        advice=plan_advice(access.plan, org),
    )
    return render(request, "organisation/plan.html", ctx)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own_secretariats = selectors.secretariats_of(user)
    if not selectors.can_create_plan(user):
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, secretariats=own_secretariats)

    def save(d: dict[str, Any]) -> Plan:
        municipality = d["municipality"] or services.organisation_create(
            actor=user, name=d["new_municipality"], kind=Organisation.Kind.MUNICIPALITY
        )
        housing = list(d["housing_organisations"])
        if d["new_housing"]:
            housing.append(
                services.organisation_create(actor=user, name=d["new_housing"], kind=Organisation.Kind.HOUSING)
            )
        plan = services.plan_create(
            actor=user,
            name=d["name"],
            status=d["status"],
            period_start=d["period_start"],
            period_end=d["period_end"],
            description=d["description"],
            municipality=municipality,
            housing_organisations=housing,
            secretariat=d.get("secretariat"),
        )
        if d.get("secretariat") is None and not user.is_superuser:
            # No secretariat body serves the new plan yet: its creator keeps the secretariat's access to it.
            services.plan_grant_create(actor=user, plan=plan, user=user, role=PlanGrant.Role.SECRETARIAT)
        return plan

    plan = _submit(request, form, save)
    if plan is not None:
        messages.success(request, _("Helhedsplanen er oprettet med sin bestyrelse."))
        return _done(request, plan)
    return _form_page(request, None, form, title=_("Ny helhedsplan"), back=reverse("home"))


@login_required
def plan_edit(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    plan = access.plan
    form = PlanForm(request.POST or None, instance=copy.copy(plan))

    def save(d: dict[str, Any]) -> Plan:
        values = {k: v for k, v in d.items() if k != "housing_organisations"}
        return services.plan_update(
            actor=request.user, plan=plan, housing_organisations=d["housing_organisations"], **values
        )

    if _submit(request, form, save) is not None:
        messages.success(request, _("Helhedsplanen er gemt."))
        return _done(request, plan)
    return _form_page(
        request, access, form, title=_("Ret helhedsplan"), back=plan.get_absolute_url(), section="overview"
    )


# --- Organisation chart -----------------------------------------------------------------------------------


@login_required
def chart(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    org = selectors.organogram(access.plan)
    advice = plan_advice(access.plan, org)
    flagged: dict[tuple[str, int], int] = {}
    for a in advice:
        if a.subject is not None and a.subject_type:
            key = (a.subject_type, a.subject.pk)
            flagged[key] = flagged.get(key, 0) + 1
    for body in org.bodies:
        body.advice_count = flagged.get(("body", body.pk), 0)  # type: ignore[attr-defined]
    for activity in org.activities:
        activity.advice_count = flagged.get(("activity", activity.pk), 0)  # type: ignore[attr-defined]
    ctx = _ctx(access, "organisation", org=org, advice=advice, can_create_activity=access.can_create_activity)
    return render(request, "organisation/chart.html", ctx)


# --- Areas ------------------------------------------------------------------------------------------------


def _area(access: PlanAccess, pk: int) -> Area:
    area = access.plan.areas.filter(pk=pk).first()
    if area is None:
        raise Http404
    return area


@login_required
def area_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    form = AreaForm(request.POST or None, plan=access.plan)
    if _submit(request, form, lambda d: services.area_create(actor=request.user, plan=access.plan, **d)):
        messages.success(request, _("Boligområdet er tilføjet."))
        return _done(request, access.plan)
    return _form_page(request, access, form, title=_("Nyt boligområde"), back=access.plan.get_absolute_url())


@login_required
def area_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    area = _area(access, pk)
    form = AreaForm(request.POST or None, instance=copy.copy(area), plan=access.plan)
    if _submit(request, form, lambda d: services.area_update(actor=request.user, area=area, **d)):
        messages.success(request, _("Boligområdet er gemt."))
        return _done(request, access.plan)
    return _form_page(
        request,
        access,
        form,
        title=_("Ret boligområde"),
        back=access.plan.get_absolute_url(),
        delete_url=reverse("organisation:area_delete", args=[plan_pk, pk]),
    )


@login_required
@require_POST
def area_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    area = _area(access, pk)
    services.area_delete(actor=request.user, area=area)
    messages.success(request, _("Boligområdet %(name)s er slettet.") % {"name": area.name})
    return _done(request, access.plan)


# --- Organisations ----------------------------------------------------------------------------------------


def _organisation(access: PlanAccess, pk: int) -> Organisation:
    """An organisation that takes part in the plan; others answer 404, also when another plan shares them."""
    organisation = selectors.plan_organisations(access.plan).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


@login_required
def organisation_list(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    organisations = selectors.organisations_tree(selectors.plan_organisations(access.plan))
    return render(request, "organisation/organisations.html", _ctx(access, "organisation", organisations=organisations))


@login_required
def organisation_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    form = OrganisationForm(request.POST or None, plan=access.plan)
    back = reverse("organisation:organisations", args=[plan_pk])
    if _submit(request, form, lambda d: services.organisation_create(actor=request.user, plan=access.plan, **d)):
        messages.success(request, _("Organisationen er oprettet."))
        return _done(request, back)
    return _form_page(request, access, form, title=_("Ny organisation"), back=back)


@login_required
def organisation_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    # Organisations are shared by plans; the secretariat of any plan one takes part in keeps it up to date.
    access = plan_for_user(request.user, plan_pk, write=True)
    organisation = _organisation(access, pk)
    form = OrganisationForm(request.POST or None, instance=copy.copy(organisation), plan=access.plan)
    back = reverse("organisation:organisations", args=[plan_pk])
    if _submit(
        request,
        form,
        lambda d: services.organisation_update(actor=request.user, organisation=organisation, plan=access.plan, **d),
    ):
        messages.success(request, _("Organisationen er gemt."))
        return _done(request, back)
    return _form_page(request, access, form, title=_("Ret organisation"), back=back)


# --- Bodies -----------------------------------------------------------------------------------------------


def _body_for_write(request: HttpRequest, plan_pk: int, pk: int) -> tuple[PlanAccess, Body]:
    """A body to change: the secretariat of the plan it belongs to decides, also when it serves further plans."""
    access, body = body_for_user(request.user, plan_pk, pk, write=True)
    if body.plan_id != access.plan.pk:
        home = plan_access(request.user, body.plan)
        if home is None or not home.can_write:
            raise PermissionDenied
    return access, body


@login_required
def body_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, body = body_for_user(request.user, plan_pk, pk)
    detail = selectors.body_detail(body, request.user)
    # A shared secretariat is changed by the secretariat of the plan it belongs to, as in _body_for_write.
    home = access if body.plan_id == access.plan.pk else plan_access(request.user, body.plan)
    can_change = access.can_write and home is not None and home.can_write
    ctx = _ctx(access, "organisation", body=body, detail=detail, can_change=can_change)
    return render(request, "organisation/body.html", ctx)


@login_required
def body_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    form = BodyForm(
        request.POST or None,
        plan=access.plan,
        writable_plans=secretariat_plans(request.user),
        organisations=selectors.organisations_for_user(request.user),
    )

    def save(d: dict[str, Any]) -> Body:
        values = {k: v for k, v in d.items() if k != "also_serves"}
        return services.body_create(actor=request.user, plan=access.plan, also_serves=d["also_serves"], **values)

    body = _submit(request, form, save)
    if body is not None:
        messages.success(request, _("%(name)s er oprettet. Tilføj nu medlemmerne.") % {"name": body.name})
        return _done(request, body)
    return _form_page(request, access, form, title=_("Nyt organ"), back=reverse("organisation:chart", args=[plan_pk]))


@login_required
def body_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, body = _body_for_write(request, plan_pk, pk)
    form = BodyForm(
        request.POST or None,
        instance=copy.copy(body),
        plan=access.plan,
        writable_plans=secretariat_plans(request.user),
        organisations=selectors.organisations_for_user(request.user),
    )

    def save(d: dict[str, Any]) -> Body:
        values = {k: v for k, v in d.items() if k != "also_serves"}
        return services.body_update(
            actor=request.user, body=body, plan=body.plan, also_serves=d["also_serves"], **values
        )

    if _submit(request, form, save):
        messages.success(request, _("%(name)s er gemt.") % {"name": body.name})
        return _done(request, reverse("organisation:body", args=[plan_pk, pk]))
    return _form_page(
        request,
        access,
        form,
        title=_("Ret %(name)s") % {"name": body.name},
        back=reverse("organisation:body", args=[plan_pk, pk]),
        delete_url=reverse("organisation:body_delete", args=[plan_pk, pk]),
    )


@login_required
@require_POST
def body_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, body = _body_for_write(request, plan_pk, pk)
    try:
        services.body_delete(actor=request.user, body=body, plan=body.plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _done(request, reverse("organisation:body", args=[plan_pk, pk]))
    messages.success(request, _("%(name)s er slettet.") % {"name": body.name})
    return _done(request, reverse("organisation:chart", args=[plan_pk]))


# --- Memberships ------------------------------------------------------------------------------------------


def _membership(body: Body, pk: int) -> Membership:
    membership = body.memberships.select_related("person").filter(pk=pk).first()
    if membership is None:
        raise Http404
    return membership


@login_required
def membership_create(request: HttpRequest, plan_pk: int, body_pk: int) -> HttpResponse:
    access, body = _body_for_write(request, plan_pk, body_pk)
    form = MembershipForm(
        request.POST or None,
        people=persons_for_user(request.user),
        organisations=selectors.organisations_for_user(request.user),
    )
    back = reverse("organisation:body", args=[plan_pk, body_pk])

    def save(d: dict[str, Any]) -> Membership:
        person = d["person"] or services.person_create(actor=request.user, plan=body.plan, **form.person_values())
        return services.membership_create(
            actor=request.user,
            body=body,
            person=person,
            plan=body.plan,
            role=d["role"],
            representation=d["representation"],
            start=d["start"],
            end=d["end"],
        )

    if _submit(request, form, save):
        messages.success(request, _("Medlemmet er tilføjet."))
        return _done(request, back)
    return _form_page(
        request, access, form, title=_("Nyt medlem af %(name)s") % {"name": body.name}, back=back, body=body
    )


@login_required
def membership_edit(request: HttpRequest, plan_pk: int, body_pk: int, pk: int) -> HttpResponse:
    access, body = _body_for_write(request, plan_pk, body_pk)
    membership = _membership(body, pk)
    form = MembershipForm(request.POST or None, instance=copy.copy(membership), people=Person.objects.all())
    back = reverse("organisation:body", args=[plan_pk, body_pk])

    def save(d: dict[str, Any]) -> Membership:
        values = {k: v for k, v in d.items() if k != "person"}
        return services.membership_update(actor=request.user, membership=membership, plan=body.plan, **values)

    if _submit(request, form, save):
        messages.success(request, _("Medlemskabet er gemt."))
        return _done(request, back)
    return _form_page(
        request,
        access,
        form,
        title=_("Ret %(person)s i %(body)s") % {"person": membership.person.name, "body": body.name},
        back=back,
        delete_url=reverse("organisation:membership_delete", args=[plan_pk, body_pk, pk]),
    )


@login_required
def membership_end(request: HttpRequest, plan_pk: int, body_pk: int, pk: int) -> HttpResponse:
    access, body = _body_for_write(request, plan_pk, body_pk)
    membership = _membership(body, pk)
    form = EndMembershipForm(request.POST or None, initial={"end": selectors.today()})
    back = reverse("organisation:body", args=[plan_pk, body_pk])

    def save(d: dict[str, Any]) -> Membership:
        end: dt.date = d["end"]
        if membership.start and end < membership.start:
            raise ValidationError({"end": _("Sidste dag kan ikke ligge før medlemskabets start.")})
        return services.membership_update(actor=request.user, membership=membership, plan=body.plan, end=end)

    if _submit(request, form, save):
        messages.success(
            request, _("%(person)s er udtrådt af %(body)s.") % {"person": membership.person.name, "body": body.name}
        )
        return _done(request, back)
    return _form_page(
        request,
        access,
        form,
        title=_("Afslut %(person)s i %(body)s") % {"person": membership.person.name, "body": body.name},
        back=back,
    )


@login_required
@require_POST
def membership_delete(request: HttpRequest, plan_pk: int, body_pk: int, pk: int) -> HttpResponse:
    access, body = _body_for_write(request, plan_pk, body_pk)
    membership = _membership(body, pk)
    services.membership_delete(actor=request.user, membership=membership, plan=body.plan)
    messages.success(
        request, _("%(person)s er fjernet fra %(body)s.") % {"person": membership.person.name, "body": body.name}
    )
    return _done(request, reverse("organisation:body", args=[plan_pk, body_pk]))


# --- Activities -------------------------------------------------------------------------------------------


@login_required
def activity_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, activity = activity_for_user(request.user, plan_pk, pk)
    partners = list(activity.partners.select_related("parent"))
    ctx = _ctx(
        access,
        "organisation",
        activity=activity,
        partners=partners,
        can_edit=access.can_edit_activity(activity),
        extra_sections=shown_sections(activity, access),
    )
    return render(request, "organisation/activity.html", ctx)


@login_required
def activity_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    if not access.can_create_activity:
        raise PermissionDenied
    groups = groups_for(access.plan, None if access.can_write else access.group_ids)
    group_pk = params.identifier(request.GET, "group")  # "Ny indsats" on a steering group's page
    if group_pk is not None and not groups.filter(pk=group_pk).exists():
        raise Http404
    initial = {"steering_group": group_pk}
    form = ActivityForm(
        request.POST or None,
        initial=initial,
        plan=access.plan,
        groups=groups,
        people=persons_for_user(request.user),
        organisations=selectors.organisations_for_user(request.user),
    )
    form.fields["steering_group"].required = not access.can_write

    def save(d: dict[str, Any]) -> Activity:
        values = {k: v for k, v in d.items() if k != "partners"}
        return services.activity_create(actor=request.user, plan=access.plan, partners=d["partners"], **values)

    activity = _submit(request, form, save)
    if activity is not None:
        messages.success(request, _("Indsatsen er oprettet."))
        return _done(request, activity)
    return _form_page(request, access, form, title=_("Ny indsats"), back=reverse("organisation:chart", args=[plan_pk]))


@login_required
def activity_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, activity = activity_for_user(request.user, plan_pk, pk, write=True)
    groups = groups_for(access.plan, None if access.can_write else access.group_ids, activity.steering_group)
    people = persons_for_user(request.user)
    if activity.responsible_id:
        people = Person.objects.filter(Q(pk__in=people.values("pk")) | Q(pk=activity.responsible_id))
    form = ActivityForm(
        request.POST or None,
        instance=copy.copy(activity),
        plan=access.plan,
        groups=groups,
        people=people,
        organisations=selectors.organisations_for_user(request.user),
    )
    # Only the secretariat may take an activity out of every steering group (and out of the editor's reach).
    form.fields["steering_group"].required = not access.can_write

    def save(d: dict[str, Any]) -> Activity:
        values = {k: v for k, v in d.items() if k != "partners"}
        return services.activity_update(actor=request.user, activity=activity, partners=d["partners"], **values)

    if _submit(request, form, save):
        messages.success(request, _("Indsatsen er gemt."))
        return _done(request, activity)
    return _form_page(
        request,
        access,
        form,
        title=_("Ret %(name)s") % {"name": activity.name},
        back=activity.get_absolute_url(),
        delete_url=reverse("organisation:activity_delete", args=[plan_pk, pk]) if access.can_write else None,
    )


@login_required
@require_POST
def activity_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    activity = access.plan.activities.filter(pk=pk).first()
    if activity is None:
        raise Http404
    services.activity_delete(actor=request.user, activity=activity)
    messages.success(request, _("Indsatsen %(name)s er slettet.") % {"name": activity.name})
    return _done(request, reverse("organisation:chart", args=[plan_pk]))


# --- People -----------------------------------------------------------------------------------------------


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_user(request.user, pk)
    detail = selectors.person_detail(person, request.user)
    ctx = {"person": person, "detail": detail, "can_edit": can_edit_person(request.user, person)}
    return render(request, "organisation/person.html", ctx)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_user(request.user, pk, write=True)
    form = PersonForm(
        request.POST or None, instance=copy.copy(person), organisations=selectors.organisations_for_user(request.user)
    )
    if _submit(request, form, lambda d: services.person_update(actor=request.user, person=person, **d)):
        messages.success(request, _("Personen er gemt."))
        return _done(request, person)
    return _form_page(
        request, None, form, title=_("Ret %(name)s") % {"name": person.name}, back=person.get_absolute_url()
    )


# --- Change log -------------------------------------------------------------------------------------------


@login_required
def change_log(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    page = Paginator(selectors.audit_events(access.plan), LOG_PAGE_SIZE).get_page(request.GET.get("side"))
    selectors.describe_changes(page.object_list)
    return render(request, "organisation/log.html", _ctx(access, "log", page=page))
