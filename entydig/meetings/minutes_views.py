"""Pages of minutes and follow-up: writing and approving the minutes, amendments, action items, the follow-up list
and each person's own tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.core import params
from entydig.core.errors import ConflictError
from entydig.core.http import apply_errors, error_text
from entydig.meetings import services
from entydig.meetings.access import action_item_for_user, may_change_action_item, meeting_for_user
from entydig.meetings.documents import minutes_docx, minutes_pdf
from entydig.meetings.forms import ActionItemForm, ActionStatusForm, AmendmentForm, ApproveForm, MinutesForm
from entydig.meetings.models import ActionItem, Meeting, Minutes
from entydig.meetings.selectors import (
    action_items,
    agenda_items,
    agendas_due,
    decided_reallocations,
    minutes_awaiting,
    minutes_document,
    my_action_items,
    my_material,
    next_meeting,
)
from entydig.organisation.access import plan_for_user

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _minutes_of(meeting: Meeting) -> Minutes:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise Http404
    return minutes


@login_required
def minutes_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, meeting = meeting_for_user(request.user, plan_pk, pk, write=request.method == "POST")
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_in").prefetch_related("entries").first()
    items = agenda_items(meeting)
    form = MinutesForm(request.POST or None, items=items, minutes=minutes)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                actor=request.user,
                meeting=meeting,
                entries=form.entries(),
                notes=form.cleaned_data["notes"],
                expected_version=form.cleaned_data["row_version"],
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Referatet er gemt."))
            return redirect("meetings:minutes", access.plan.pk, meeting.pk)
    return render(
        request,
        "meetings/minutes.html",
        {
            "plan": access.plan,
            "access": access,
            "section": "meetings",
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "doc": minutes_document(meeting),
            "actions": list(
                ActionItem.objects.filter(meeting=meeting).select_related("responsible", "entry__item").order_by("due")
            ),
            "action_form": ActionItemForm(meeting=meeting) if access.can_write else None,
            "approve_form": ApproveForm(minutes=minutes) if access.can_write and minutes else None,
            "amend_form": AmendmentForm(meeting=meeting) if access.can_write else None,
        },
    )


@login_required
@require_POST
def minutes_approve(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """Approving locks the minutes for good, so the page says what will happen and asks first."""
    access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
    minutes = _minutes_of(meeting)
    form = ApproveForm(request.POST, minutes=minutes)
    if not form.is_valid():
        messages.error(request, _("Vælg, hvordan referatet godkendes."))
        return redirect("meetings:minutes", plan_pk, pk)
    if not form.cleaned_data["confirm"]:
        return render(
            request,
            "meetings/confirm_approval.html",
            {
                "plan": access.plan,
                "access": access,
                "section": "meetings",
                "meeting": meeting,
                "minutes": minutes,
                "form": form,
                "at_next_meeting": form.cleaned_data["how"] == Minutes.ApprovedHow.BOARD,
                "next_meeting": next_meeting(meeting),
                "awaiting": minutes_awaiting(meeting),
                "moves": decided_reallocations(minutes),
                "started": meeting.start <= timezone.now(),
            },
        )
    try:
        services.minutes_approve(
            actor=request.user,
            minutes=minutes,
            how=form.cleaned_data["how"],
            expected_version=form.cleaned_data["row_version"],
        )
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if minutes.is_pending:
            messages.success(request, _("Referatet afventer nu godkendelse på næste møde."))
        else:
            messages.success(request, _("Referatet er godkendt og låst."))
    return redirect("meetings:minutes", plan_pk, pk)


@login_required
@require_POST
def minutes_amend(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    _access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
    minutes = _minutes_of(meeting)
    form = AmendmentForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.minutes_amend(actor=request.user, minutes=minutes, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Rettelsen er registreret."))
    else:
        messages.error(request, _("Vælg et af mødets punkter, eller lad feltet stå tomt."))
    return redirect("meetings:minutes", plan_pk, pk)


@login_required
@require_POST
def action_new(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    _access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
    form = ActionItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.action_item_create_for_item(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Handlingspunktet er oprettet."))
    else:
        messages.error(request, _("Udfyld punkt, handlingspunkt, ansvarlig og frist."))
    return redirect("meetings:minutes", plan_pk, pk)


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def minutes_file(request: HttpRequest, plan_pk: int, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "docx"):
        raise Http404
    _access, meeting = meeting_for_user(request.user, plan_pk, pk)
    doc = minutes_document(meeting)
    if fmt == "pdf":
        return _file(minutes_pdf(doc), f"referat-{meeting.pk}.pdf", "application/pdf")
    return _file(minutes_docx(doc), f"referat-{meeting.pk}.docx", DOCX)


# Follow-up ----------------------------------------------------------------------------------------------------


@login_required
def follow_up(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    by_person = params.choice(request.GET, "by", ["person"]) == "person"
    rows = action_items([access.plan])
    if by_person:
        rows.sort(key=lambda a: (a.responsible.name, a.due))
    return render(
        request,
        "meetings/follow_up.html",
        {
            "plan": access.plan,
            "access": access,
            "section": "meetings",
            "rows": rows,
            # The status column only when the user may change a row: the secretariat, or a row's responsible.
            "edit_column": access.can_write
            or any(a.responsible_id == getattr(request.user, "person_id", None) for a in rows),
            "by_person": by_person,
            "today": timezone.localdate(),
        },
    )


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/my_tasks.html",
        {
            "rows": my_action_items(request.user),
            "material": my_material(request.user),
            "due": agendas_due(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def action_update(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, action = action_item_for_user(request.user, pk, plan_pk=plan_pk, write=True)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        values = {"status": form.cleaned_data["status"], "note": form.cleaned_data["note"] or action.note}
        may_change_action_item(access, action, values)
        try:
            services.action_item_update(
                actor=request.user,
                action=action,
                expected_version=form.cleaned_data["row_version"],
                status=values["status"],
                note=values["note"],
            )
        except ConflictError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Status er opdateret."))
    else:
        messages.error(request, _("Ukendt status."))
    return redirect(params.next_url(request, reverse("meetings:follow_up", args=[access.plan.pk])))
