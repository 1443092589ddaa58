"""Pages of a plan's bodies, their members and the people who sit in them."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.core.http import done
from entydig.organisation import selectors, services
from entydig.organisation.access import (
    PlanAccess,
    body_for_user,
    can_edit_person,
    persons_for_user,
    plan_access,
    plan_for_user,
    secretariat_plans,
)
from entydig.organisation.access import person_for_user as _person_for_user
from entydig.organisation.forms import (
    BodyForm,
    EndMembershipForm,
    MembershipForm,
    PersonForm,
)
from entydig.organisation.models import Body, Membership, Person
from entydig.organisation.pages import form_page, plan_context, submit

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
    ctx = plan_context(access, "organisation", body=body, detail=detail, can_change=can_change)
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

    body = submit(request, form, save)
    if body is not None:
        messages.success(request, _("%(name)s er oprettet. Tilføj nu medlemmerne.") % {"name": body.name})
        return done(request, body)
    return form_page(request, access, form, title=_("Nyt organ"), back=reverse("organisation:chart", args=[plan_pk]))


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

    if submit(request, form, save):
        messages.success(request, _("%(name)s er gemt.") % {"name": body.name})
        return done(request, reverse("organisation:body", args=[plan_pk, pk]))
    return form_page(
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
        return done(request, reverse("organisation:body", args=[plan_pk, pk]))
    messages.success(request, _("%(name)s er slettet.") % {"name": body.name})
    return done(request, reverse("organisation:chart", args=[plan_pk]))


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

    if submit(request, form, save):
        messages.success(request, _("Medlemmet er tilføjet."))
        return done(request, back)
    return form_page(
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

    if submit(request, form, save):
        messages.success(request, _("Medlemskabet er gemt."))
        return done(request, back)
    return form_page(
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

    if submit(request, form, save):
        messages.success(
            request, _("%(person)s er udtrådt af %(body)s.") % {"person": membership.person.name, "body": body.name}
        )
        return done(request, back)
    return form_page(
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
    return done(request, reverse("organisation:body", args=[plan_pk, body_pk]))


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
    if submit(request, form, lambda d: services.person_update(actor=request.user, person=person, **d)):
        messages.success(request, _("Personen er gemt."))
        return done(request, person)
    return form_page(
        request, None, form, title=_("Ret %(name)s") % {"name": person.name}, back=person.get_absolute_url()
    )
