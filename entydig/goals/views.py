"""Pages for the strategic agreement, sub-agreements, goals, goal checks, ownership and the goals dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entydig.core import params
from entydig.core.http import apply_errors, done, is_htmx
from entydig.core.stamps import plan_cached, stamp
from entydig.goals import services
from entydig.goals.access import goal_for_user, sub_agreement_for_user
from entydig.goals.checks import goal_checks, ownership_checklist
from entydig.goals.forms import (
    AgreementForm,
    ApprovalForm,
    GoalForm,
    OwnershipForm,
    SubAgreementApprovalForm,
    SubAgreementForm,
)
from entydig.goals.models import Goal, StrategicAgreement, SubAgreement
from entydig.goals.selectors import agreement_of, goal_views, sub_agreements_of, target_changes
from entydig.goals.status import GoalStatus
from entydig.goals.versions import compare, sections_of, versions_of
from entydig.monitoring.cache import cached_plan_statuses
from entydig.organisation.access import BOARD, SECRETARIAT, PlanAccess, plan_for_user
from entydig.organisation.models import Plan

GOALS_CHANGED = "goals-changed"


def _ctx(access: PlanAccess, **extra: Any) -> dict[str, Any]:
    return {"plan": access.plan, "access": access, "section": "goals", **extra}


def _approval_form(obj: StrategicAgreement | None) -> ApprovalForm:
    """The approval form, offering the next approval (LBF once the board has approved)."""
    board_done = obj is not None and obj.status == "board_approved"
    return ApprovalForm(initial={"by": "lbf" if board_done else "board"})


# --- dashboard ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The board's view: each strategic goal with its status, reason, indicators and sub-goals."""
    access = plan_for_user(request.user, plan_pk)
    return render(
        request,
        "goals/dashboard.html",
        _ctx(access, goal_section=_goal_section(access)),
    )


def _goal_section(access: PlanAccess) -> str:
    """The dashboard below its heading, rendered once per data stamp, language and role.

    Everything it shows comes from the agreement, goals, indicators, measurements and areas, whose every write
    bumps the plan's data stamp (entydig/monitoring/cache.py).
    """
    plan = access.plan
    token = stamp(plan.pk)

    def build() -> str:
        views = goal_views(plan, statuses=cached_plan_statuses(plan, token=token), with_sparklines=True)
        counts: dict[str, int] = {}
        for view in views:
            counts[view.rollup.status.value] = counts.get(view.rollup.status.value, 0) + 1
        summary = [(s, counts[s.value]) for s in GoalStatus if counts.get(s.value)]
        context = {
            "plan": plan,
            "access": access,
            "goals": views,
            "summary": summary,
            "agreement": agreement_of(plan),
            "target_changes": target_changes(plan),
        }
        return render_to_string("goals/partials/_dashboard_goals.html", context)

    html = plan_cached(plan.pk, "goals-dashboard", build, token=token, vary=[f"write={int(access.can_write)}"])
    return mark_safe(html)  # noqa: S308 (rendered by our own template, autoescaped)


def warm_dashboard(plan: Plan) -> None:
    """Builds the dashboard's section for readers and for the secretariat (the two ways it is cached), so that the
    first request after an import is served from the cache (monitoring calls it after an import, per language)."""
    for roles in (frozenset({BOARD}), frozenset({SECRETARIAT})):
        _goal_section(PlanAccess(plan=plan, roles=roles))


# --- strategic agreement -----------------------------------------------------------------------------------------


def _goal_editor_ctx(access: PlanAccess) -> dict[str, Any]:
    goals = list(
        Goal.objects.filter(plan=access.plan, level=Goal.Level.STRATEGIC)
        .prefetch_related("activities", "indicators")
        .order_by("order", "pk")
    )
    return {"strategic_goals": goals}


@login_required
@require_GET
def agreement(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    current = agreement_of(access.plan)
    return render(
        request,
        "goals/agreement.html",
        _ctx(
            access,
            agreement=current,
            sub_agreements=sub_agreements_of(access.plan),
            checks=goal_checks(access.plan) if access.can_write else None,
            approval_form=_approval_form(current),
            **_goal_editor_ctx(access),
        ),
    )


@login_required
@require_GET
def goal_editor_partial(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    return render(request, "goals/partials/_goal_editor.html", _ctx(access, **_goal_editor_ctx(access)))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    current = agreement_of(access.plan)
    form = AgreementForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in AgreementForm.Meta.fields}
        try:
            if current is None:
                services.agreement_create(actor=request.user, plan=access.plan, **values)
                messages.success(request, _("Den strategiske samarbejdsaftale er oprettet."))
            else:
                was_approved = current.status != "draft"
                updated = services.agreement_update(actor=request.user, agreement=current, **values)
                if was_approved and updated.version != current.version:
                    messages.success(
                        request,
                        _(
                            "Aftalen var godkendt; ændringerne er gemt som version %(n)d (kladde), og den godkendte "
                            "version er bevaret."
                        )
                        % {"n": updated.version},
                    )
                else:
                    messages.success(request, _("Aftalen er gemt."))
            return redirect("goals:agreement", plan_pk=access.plan.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(
        request,
        "goals/agreement_form.html",
        _ctx(access, form=form, agreement=current, checks=goal_checks(access.plan), **_goal_editor_ctx(access)),
    )


@login_required
@require_POST
def agreement_approve(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    current = agreement_of(access.plan)
    if current is None:
        raise Http404
    form = ApprovalForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_approve(
                actor=request.user, agreement=current, by=form.cleaned_data["by"], on=form.cleaned_data["on"]
            )
            messages.success(request, _("Godkendelsen er registreret."))
            return redirect("goals:agreement", plan_pk=access.plan.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(
        request,
        "goals/agreement.html",
        _ctx(
            access,
            agreement=current,
            sub_agreements=sub_agreements_of(access.plan),
            checks=goal_checks(access.plan),
            approval_form=form,
            **_goal_editor_ctx(access),
        ),
        status=422,
    )


# --- versions (shared by the agreement and sub-agreements) -----------------------------------------------------


def _versions_page(
    request: HttpRequest, access: PlanAccess, owner: StrategicAgreement | SubAgreement, base: str, args: list[Any]
) -> HttpResponse:
    versions = versions_of(owner)
    return render(
        request,
        "goals/versions.html",
        _ctx(access, owner=owner, versions=versions, base=base, args=args, is_sub=isinstance(owner, SubAgreement)),
    )


def _version_page(
    request: HttpRequest,
    access: PlanAccess,
    owner: StrategicAgreement | SubAgreement,
    number: int,
    base: str,
    args: list[Any],
) -> HttpResponse:
    version = next((v for v in versions_of(owner) if v.number == number), None)
    if version is None:
        raise Http404
    is_sub = isinstance(owner, SubAgreement)
    return render(
        request,
        "goals/version.html",
        _ctx(
            access,
            owner=owner,
            version=version,
            sections=sections_of(version, sub=is_sub),
            base=base,
            args=args,
            is_sub=is_sub,
        ),
    )


def _diff_page(
    request: HttpRequest, access: PlanAccess, owner: StrategicAgreement | SubAgreement, base: str, args: list[Any]
) -> HttpResponse:
    versions = {v.number: v for v in versions_of(owner)}
    numbers = sorted(versions)
    # Without ?a= and ?b=, the latest version against the one before it; a version that does not exist is a 404.
    a = params.integer(request.GET, "a", low=1, high=params.MAX_ID) or numbers[max(len(numbers) - 2, 0)]
    b = params.integer(request.GET, "b", low=1, high=params.MAX_ID) or numbers[-1]
    if a not in versions or b not in versions:
        raise Http404
    old, new = (versions[a], versions[b]) if a <= b else (versions[b], versions[a])
    is_sub = isinstance(owner, SubAgreement)
    return render(
        request,
        "goals/diff.html",
        _ctx(
            access,
            owner=owner,
            old=old,
            new=new,
            sections=compare(old, new, sub=is_sub),
            numbers=sorted(versions),
            base=base,
            args=args,
            is_sub=is_sub,
        ),
    )


def _agreement_or_404(access: PlanAccess) -> StrategicAgreement:
    current = agreement_of(access.plan)
    if current is None:
        raise Http404
    return current


@login_required
@require_GET
def agreement_versions(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    return _versions_page(request, access, _agreement_or_404(access), "goals:agreement", [plan_pk])


@login_required
@require_GET
def agreement_version(request: HttpRequest, plan_pk: int, number: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    return _version_page(request, access, _agreement_or_404(access), number, "goals:agreement", [plan_pk])


@login_required
@require_GET
def agreement_diff(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    return _diff_page(request, access, _agreement_or_404(access), "goals:agreement", [plan_pk])


# --- sub-agreements ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sub_agreement_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    form = SubAgreementForm(request.POST or None, plan=access.plan)
    if request.method == "POST" and form.is_valid():
        try:
            sub = services.sub_agreement_create(actor=request.user, plan=access.plan, **form.cleaned_data)
            messages.success(request, _("Delaftalen er oprettet."))
            return redirect("goals:sub_agreement", plan_pk=access.plan.pk, pk=sub.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "goals/sub_agreement_form.html", _ctx(access, form=form, sub=None))


def _sub_goals_ctx(sub: SubAgreement) -> dict[str, Any]:
    goals = list(
        Goal.objects.filter(sub_agreement=sub)
        .select_related("parent")
        .prefetch_related("activities", "indicators")
        .order_by("order", "pk")
    )
    return {"sub_goals": goals}


@login_required
@require_GET
def sub_agreement(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, sub = sub_agreement_for_user(request.user, plan_pk, pk)
    return render(
        request,
        "goals/sub_agreement.html",
        _ctx(
            access,
            sub=sub,
            approval_form=SubAgreementApprovalForm(),
            approver=services.sub_agreement_approver(sub),
            checks=goal_checks(access.plan) if access.can_write else None,
            **_sub_goals_ctx(sub),
        ),
    )


@login_required
@require_GET
def sub_goal_editor_partial(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, sub = sub_agreement_for_user(request.user, plan_pk, pk, write=True)
    return render(request, "goals/partials/_sub_goal_editor.html", _ctx(access, sub=sub, **_sub_goals_ctx(sub)))


@login_required
@require_http_methods(["GET", "POST"])
def sub_agreement_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, sub = sub_agreement_for_user(request.user, plan_pk, pk, write=True)
    form = SubAgreementForm(request.POST or None, instance=sub, plan=access.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.sub_agreement_update(
                actor=request.user,
                sub_agreement=SubAgreement.objects.get(pk=sub.pk),
                text=form.cleaned_data["text"],
                steering_group=form.cleaned_data["steering_group"],
            )
            messages.success(request, _("Delaftalen er gemt."))
            return redirect("goals:sub_agreement", plan_pk=access.plan.pk, pk=sub.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "goals/sub_agreement_form.html", _ctx(access, form=form, sub=sub))


@login_required
@require_POST
def sub_agreement_approve(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, sub = sub_agreement_for_user(request.user, plan_pk, pk, write=True)
    form = SubAgreementApprovalForm(request.POST)
    if form.is_valid():
        try:
            services.sub_agreement_approve(actor=request.user, sub_agreement=sub, on=form.cleaned_data["on"])
            messages.success(request, _("Godkendelsen er registreret."))
            return redirect("goals:sub_agreement", plan_pk=access.plan.pk, pk=sub.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(
        request,
        "goals/sub_agreement.html",
        _ctx(
            access,
            sub=sub,
            approval_form=form,
            approver=services.sub_agreement_approver(sub),
            checks=goal_checks(access.plan),
            **_sub_goals_ctx(sub),
        ),
        status=422,
    )


@login_required
@require_GET
def sub_agreement_versions(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, sub = sub_agreement_for_user(request.user, plan_pk, pk)
    return _versions_page(request, access, sub, "goals:sub_agreement", [plan_pk, pk])


@login_required
@require_GET
def sub_agreement_version(request: HttpRequest, plan_pk: int, pk: int, number: int) -> HttpResponse:
    access, sub = sub_agreement_for_user(request.user, plan_pk, pk)
    return _version_page(request, access, sub, number, "goals:sub_agreement", [plan_pk, pk])


@login_required
@require_GET
def sub_agreement_diff(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, sub = sub_agreement_for_user(request.user, plan_pk, pk)
    return _diff_page(request, access, sub, "goals:sub_agreement", [plan_pk, pk])


# --- goals ---------------------------------------------------------------------------------------------------------


def _goal_home(goal: Goal) -> str:
    if goal.level == Goal.Level.SUB and goal.sub_agreement_id:
        return reverse("goals:sub_agreement", args=[goal.plan_id, goal.sub_agreement_id])
    return reverse("goals:agreement", args=[goal.plan_id])


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    # The address says which sub-agreement the new sub-goal goes in; a posted form says it in its own field.
    sub_pk = params.identifier(request.GET, "sub_agreement")
    if sub_pk is not None and not SubAgreement.objects.filter(plan=access.plan, pk=sub_pk).exists():
        raise Http404
    asked_sub = params.choice(request.GET, "level", Goal.Level.values) == Goal.Level.SUB
    posted_sub = bool(params.text(request.POST, "sub_agreement"))
    level = Goal.Level.SUB if sub_pk is not None or asked_sub or posted_sub else Goal.Level.STRATEGIC
    initial: dict[str, Any] = {} if sub_pk is None else {"sub_agreement": sub_pk}
    form = GoalForm(request.POST or None, plan=access.plan, level=level, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(
                actor=request.user,
                plan=access.plan,
                level=level,
                title=form.cleaned_data["title"],
                description=form.cleaned_data.get("description", ""),
                parent=form.cleaned_data.get("parent"),
                sub_agreement=form.cleaned_data.get("sub_agreement"),
                activities=form.cleaned_data.get("activities") or [],
            )
            if not is_htmx(request):
                messages.success(request, _("Målet »%(title)s« er oprettet.") % {"title": goal.title})
            return done(request, _goal_home(goal), trigger=GOALS_CHANGED)
        except ValidationError as error:
            apply_errors(form, error)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "goals/goal_form.html",
        _ctx(access, form=form, goal=None, level=level, checks=goal_checks(access.plan)),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, goal = goal_for_user(request.user, plan_pk, pk, write=True)
    form = GoalForm(request.POST or None, instance=goal, plan=access.plan, level=goal.level)
    if request.method == "POST" and form.is_valid():
        values: dict[str, Any] = {"title": form.cleaned_data["title"], "description": form.cleaned_data["description"]}
        if goal.level == Goal.Level.SUB:
            values.update(parent=form.cleaned_data["parent"], sub_agreement=form.cleaned_data["sub_agreement"])
        try:
            fresh = Goal.objects.select_related("parent", "sub_agreement", "plan").get(pk=goal.pk)
            services.goal_update(actor=request.user, goal=fresh, activities=form.cleaned_data["activities"], **values)
            messages.success(request, _("Målet er gemt."))
            return done(request, _goal_home(fresh), trigger=GOALS_CHANGED)
        except ValidationError as error:
            apply_errors(form, error)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "goals/goal_form.html",
        _ctx(access, form=form, goal=goal, level=goal.level, checks=goal_checks(access.plan)),
        status=status,
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, goal = goal_for_user(request.user, plan_pk, pk, write=True)
    home = _goal_home(goal)
    try:
        services.goal_delete(actor=request.user, goal=goal)
        if not is_htmx(request):
            messages.success(request, _("Målet er slettet."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if is_htmx(request):
            return HttpResponse(" ".join(error.messages), status=422)
    return done(request, home, trigger=GOALS_CHANGED)


@login_required
@require_POST
def goal_move(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, goal = goal_for_user(request.user, plan_pk, pk, write=True)
    try:
        services.goal_move(actor=request.user, goal=goal, direction=params.text(request.POST, "direction"))
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=422)
    return done(request, _goal_home(goal), trigger=GOALS_CHANGED)


# --- checks and ownership ------------------------------------------------------------------------------------------


@login_required
@require_GET
def checks_page(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    return render(
        request,
        "goals/checks.html",
        _ctx(access, checks=goal_checks(access.plan), ownership=ownership_checklist(access.plan)),
    )


@login_required
@require_GET
def checks_partial(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    return render(request, "goals/partials/_checks.html", _ctx(access, checks=goal_checks(access.plan)))


@login_required
@require_http_methods(["GET", "POST"])
def ownership(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=request.method == "POST")
    rows = ownership_checklist(access.plan)
    form = OwnershipForm(request.POST or None, rows=rows) if access.can_write else None
    if request.method == "POST" and form is not None and form.is_valid():
        for row in rows:
            for code, _label, fulfilled, note in row.conditions:
                new_fulfilled = form.cleaned_data[f"{row.party.pk}__{code}"]
                new_note = form.cleaned_data[f"{row.party.pk}__{code}__note"]
                if new_fulfilled != fulfilled or new_note != note:
                    services.ownership_set(
                        actor=request.user,
                        plan=access.plan,
                        party=row.party,
                        condition=code,
                        fulfilled=new_fulfilled,
                        note=new_note,
                    )
        messages.success(request, _("Ejerskabsbetingelserne er gemt."))
        return redirect("goals:ownership", plan_pk=access.plan.pk)
    return render(request, "goals/ownership.html", _ctx(access, rows=rows, form=form))
