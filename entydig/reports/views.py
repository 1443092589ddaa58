"""Pages for progress reports (collection, report, review, outputs) and the pixi report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.core import params
from entydig.core.http import apply_errors
from entydig.core.pdf import pdf_response, render_pdf
from entydig.core.quarters import Quarter
from entydig.organisation.access import activity_for_user, plan_for_user
from entydig.reports import selectors, services
from entydig.reports.access import measure_for_user, report_by_pk_for_user, report_for_user
from entydig.reports.forms import CollectionForm, OutputMeasureForm, ProgressReportForm, ReviewForm


def path_quarter(text: str) -> Quarter:
    """The quarter in the address's path: a quarter that cannot be is a page that does not exist."""
    try:
        return Quarter.parse(text)
    except ValidationError as exc:
        raise Http404 from exc


def query_quarter(request: HttpRequest) -> Quarter:
    """`?quarter=2026Q3`; the current quarter when not given."""
    return params.parsed(request.GET, "quarter", Quarter.parse) or Quarter.current()


REVIEW_ACTIONS = ["accept", "return"]


def _collection_url(plan_pk: int, quarter: Quarter) -> str:
    return reverse("reports:collection", args=[plan_pk]) + f"?quarter={quarter}"


@login_required
def collection(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    quarter = query_quarter(request)
    coll, rows = selectors.collection(access.plan, quarter)
    return render(
        request,
        "reports/collection.html",
        {
            "plan": access.plan,
            "access": access,
            "section": "progress",
            "quarter": quarter,
            "quarters": Quarter.current().back(6)[::-1],
            "collection": coll,
            "rows": rows,
            "summary": selectors.collection_summary(rows),
            "form": CollectionForm(instance=coll) if access.can_write else None,
        },
    )


@login_required
@require_POST
def collection_update(request: HttpRequest, plan_pk: int, quarter: str) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    q = path_quarter(quarter)
    form = CollectionForm(request.POST, instance=selectors.collection_for(access.plan, q))
    if form.is_valid():
        services.progress_collection_update(
            actor=request.user,
            plan=access.plan,
            quarter=q,
            deadline=form.cleaned_data["deadline"],
            remind_days_before=form.cleaned_data["remind_days_before"],
        )
        messages.success(request, _("Fristen er gemt."))
        return redirect(_collection_url(plan_pk, q))
    coll, rows = selectors.collection(access.plan, q)
    return render(
        request,
        "reports/collection.html",
        {
            "plan": access.plan,
            "access": access,
            "section": "progress",
            "quarter": q,
            "quarters": Quarter.current().back(6)[::-1],
            "collection": coll,
            "rows": rows,
            "summary": selectors.collection_summary(rows),
            "form": form,
        },
        status=422,
    )


@login_required
@require_POST
def remind(request: HttpRequest, plan_pk: int, quarter: str) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    q = path_quarter(quarter)
    sent = services.progress_reminders_send(actor=request.user, plan=access.plan, quarter=q)
    messages.success(request, _("Der er sendt %(n)s påmindelser.") % {"n": len(sent)})
    return redirect(_collection_url(plan_pk, q))


@login_required
def quarter_pdf(request: HttpRequest, plan_pk: int, quarter: str) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    q = path_quarter(quarter)
    coll, rows = selectors.collection(access.plan, q)
    data = render_pdf(
        "reports/pdf/progress_quarter.html",
        {
            "plan": access.plan,
            "quarter": q,
            "collection": coll,
            "rows": rows,
            "summary": selectors.collection_summary(rows),
        },
    )
    return pdf_response(data, f"fremdriftsrapport-{q}.pdf")


@login_required
def report(request: HttpRequest, plan_pk: int, quarter: str, activity_pk: int) -> HttpResponse:
    q = path_quarter(quarter)
    access, activity, existing = report_for_user(request.user, plan_pk, str(q), activity_pk)
    if existing is None:
        try:
            services.progress_report_quarter_check(activity=activity, quarter=q)
        except ValidationError as exc:  # no report can be written for this quarter: there is no such page
            raise Http404 from exc
    can_edit = access.can_edit_activity(activity) and (existing is None or existing.editable)
    form = None
    status = 200
    if request.method == "POST":
        if not can_edit:
            # Re-ask the gatekeeper so a crafted request gets the same 403 as the API.
            report_for_user(request.user, plan_pk, str(q), activity_pk, write=True)
            messages.error(request, _("Rapporten kan ikke længere rettes."))
            return redirect(request.path)
        submit = params.choice(request.POST, "action", ["save", "submit"], default="save") == "submit"
        form = ProgressReportForm(request.POST, instance=existing, activity=activity)
        if form.is_valid():
            try:
                services.progress_report_save(
                    actor=request.user,
                    activity=activity,
                    quarter=str(q),
                    outputs=form.outputs(),
                    goals=form.cleaned_data["goals"],
                    submit=submit,
                    **form.text_values(),
                )
                if submit:
                    messages.success(request, _("Rapporten er sendt til sekretariatet."))
                else:
                    messages.success(request, _("Kladden er gemt."))
                return redirect(request.path)
            except ValidationError as exc:
                apply_errors(form, exc)
        status = 422
    elif can_edit:
        form = ProgressReportForm(instance=existing, activity=activity)
    outputs = selectors.output_rows(
        list(activity.output_measures.all()), list(existing.output_values.all()) if existing else []
    )
    return render(
        request,
        "reports/report.html",
        {
            "plan": access.plan,
            "access": access,
            "section": "progress",
            "quarter": q,
            "activity": activity,
            "report": existing,
            "outputs": outputs,
            "form": form,
            "can_manage_outputs": access.can_edit_activity(activity),
            "review_form": ReviewForm() if access.can_write and existing and existing.status == "submitted" else None,
            "history": selectors.activity_history(activity),
        },
        status=status,
    )


@login_required
@require_POST
def review(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, report_ = report_by_pk_for_user(request.user, pk, review=True)
    if report_.activity.plan_id != plan_pk:
        raise Http404
    action = params.choice(request.POST, "action", REVIEW_ACTIONS)
    if not action:
        raise params.InvalidParameter("action", _("vælg %(choices)s.") % {"choices": " eller ".join(REVIEW_ACTIONS)})
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if action == "return":
            services.progress_report_return(actor=request.user, report=report_, comment=comment)
            messages.success(request, _("Rapporten er sendt retur med din kommentar."))
        else:
            services.progress_report_accept(actor=request.user, report=report_, comment=comment)
            messages.success(request, _("Rapporten er godkendt."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(report_.get_absolute_url())


@login_required
def outputs(request: HttpRequest, plan_pk: int, activity_pk: int) -> HttpResponse:
    access, activity = activity_for_user(request.user, plan_pk, activity_pk, write=request.method == "POST")
    can_edit = access.can_edit_activity(activity)
    form = OutputMeasureForm() if can_edit else None
    status = 200
    if request.method == "POST":
        form = OutputMeasureForm(request.POST)
        if form.is_valid():
            try:
                services.output_measure_create(
                    actor=request.user,
                    activity=activity,
                    order=activity.output_measures.count() + 1,
                    **form.cleaned_data,
                )
                messages.success(request, _("Resultatmålet er tilføjet."))
                return redirect(request.path)
            except ValidationError as exc:
                apply_errors(form, exc)
        status = 422
    return render(
        request,
        "reports/outputs.html",
        {
            "plan": access.plan,
            "access": access,
            "section": "progress",
            "activity": activity,
            "measures": list(activity.output_measures.all()),
            "form": form,
            "quarter": Quarter.current(),
        },
        status=status,
    )


@login_required
@require_POST
def output_delete(request: HttpRequest, plan_pk: int, activity_pk: int, pk: int) -> HttpResponse:
    _access, measure = measure_for_user(request.user, plan_pk, activity_pk, pk)
    services.output_measure_delete(actor=request.user, measure=measure)
    messages.success(request, _("Resultatmålet er slettet."))
    return redirect("reports:outputs", plan_pk, activity_pk)
