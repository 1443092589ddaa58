"""Pages of a plan's organisation: overview, chart with advice, areas, organisations, activities, change log."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.core import params
from entydig.core.changelog import describe
from entydig.core.http import done
from entydig.organisation import selectors, services
from entydig.organisation.access import (
    PlanAccess,
    activity_for_user,
    can_create_plan,
    may_create_activity,
    persons_for_user,
    plan_for_user,
    secretariats_of,
)
from entydig.organisation.advice import plan_advice
from entydig.organisation.forms import (
    ActivityForm,
    AreaForm,
    OrganisationForm,
    PlanCreateForm,
    PlanForm,
    groups_for,
)
from entydig.organisation.models import Activity, Area, Organisation, Person, Plan, PlanGrant
from entydig.organisation.pages import form_page, plan_context, submit
from entydig.organisation.sections import shown_sections

LOG_PAGE_SIZE = 50


# --- Plan -------------------------------------------------------------------------------------------------


@login_required
def plan_overview(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    org = selectors.organogram(access.plan)
    ctx = plan_context(
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
    own_secretariats = secretariats_of(user)
    if not can_create_plan(user):
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
            funding_round=d["funding_round"],
            description=d["description"],
            municipality=municipality,
            housing_organisations=housing,
            secretariat=d.get("secretariat"),
        )
        if d.get("secretariat") is None and not user.is_superuser:
            # No secretariat body serves the new plan yet: its creator keeps the secretariat's access to it.
            services.plan_grant_create(actor=user, plan=plan, user=user, role=PlanGrant.Role.SECRETARIAT)
        return plan

    plan = submit(request, form, save)
    if plan is not None:
        messages.success(request, _("Helhedsplanen er oprettet med sin bestyrelse."))
        return done(request, plan)
    return form_page(request, None, form, title=_("Ny helhedsplan"), back=reverse("home"))


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

    if submit(request, form, save) is not None:
        messages.success(request, _("Helhedsplanen er gemt."))
        return done(request, plan)
    return form_page(
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
        body.advice_count = flagged.get(("body", body.pk), 0)  # type: ignore[attr-defined]  # set for the template
    for activity in org.activities:
        count = flagged.get(("activity", activity.pk), 0)
        activity.advice_count = count  # type: ignore[attr-defined]  # set for the template
    ctx = plan_context(access, "organisation", org=org, advice=advice, can_create_activity=access.can_create_activity)
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
    if submit(request, form, lambda d: services.area_create(actor=request.user, plan=access.plan, **d)):
        messages.success(request, _("Boligområdet er tilføjet."))
        return done(request, access.plan)
    return form_page(request, access, form, title=_("Nyt boligområde"), back=access.plan.get_absolute_url())


@login_required
def area_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    area = _area(access, pk)
    form = AreaForm(request.POST or None, instance=copy.copy(area), plan=access.plan)
    if submit(request, form, lambda d: services.area_update(actor=request.user, area=area, **d)):
        messages.success(request, _("Boligområdet er gemt."))
        return done(request, access.plan)
    return form_page(
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
    return done(request, access.plan)


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
    return render(
        request, "organisation/organisations.html", plan_context(access, "organisation", organisations=organisations)
    )


@login_required
def organisation_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    form = OrganisationForm(request.POST or None, plan=access.plan)
    back = reverse("organisation:organisations", args=[plan_pk])
    if submit(request, form, lambda d: services.organisation_create(actor=request.user, plan=access.plan, **d)):
        messages.success(request, _("Organisationen er oprettet."))
        return done(request, back)
    return form_page(request, access, form, title=_("Ny organisation"), back=back)


@login_required
def organisation_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    # Organisations are shared by plans; the secretariat of any plan one takes part in keeps it up to date.
    access = plan_for_user(request.user, plan_pk, write=True)
    organisation = _organisation(access, pk)
    form = OrganisationForm(request.POST or None, instance=copy.copy(organisation), plan=access.plan)
    back = reverse("organisation:organisations", args=[plan_pk])
    if submit(
        request,
        form,
        lambda d: services.organisation_update(actor=request.user, organisation=organisation, plan=access.plan, **d),
    ):
        messages.success(request, _("Organisationen er gemt."))
        return done(request, back)
    return form_page(request, access, form, title=_("Ret organisation"), back=back)


# --- Activities -------------------------------------------------------------------------------------------


@login_required
def activity_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, activity = activity_for_user(request.user, plan_pk, pk)
    partners = list(activity.partners.select_related("parent"))
    ctx = plan_context(
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
        may_create_activity(access, d["steering_group"].pk if d["steering_group"] else None)
        return services.activity_create(actor=request.user, plan=access.plan, **d)

    activity = submit(request, form, save)
    if activity is not None:
        messages.success(request, _("Indsatsen er oprettet."))
        return done(request, activity)
    return form_page(request, access, form, title=_("Ny indsats"), back=reverse("organisation:chart", args=[plan_pk]))


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
        return services.activity_update(actor=request.user, activity=activity, **d)

    if submit(request, form, save):
        messages.success(request, _("Indsatsen er gemt."))
        return done(request, activity)
    return form_page(
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
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except ValidationError as exc:  # e.g. an activity with money on it (its budget and spending are kept)
        messages.error(request, " ".join(exc.messages))
        return done(request, reverse("organisation:activity", args=[plan_pk, pk]))
    messages.success(request, _("Indsatsen %(name)s er slettet.") % {"name": activity.name})
    return done(request, reverse("organisation:chart", args=[plan_pk]))


# --- Change log -------------------------------------------------------------------------------------------


@login_required
def change_log(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    page = Paginator(selectors.audit_events(access.plan), LOG_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request, "organisation/log.html", plan_context(access, "log", page=page, entries=describe(page.object_list))
    )
