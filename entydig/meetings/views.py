"""Pages of meetings: the annual plan and its settings, calendar feeds, a meeting with its agenda, attachments and
dispatch. The minutes, action items and own tasks are in `minutes_views`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.accounts.models import may_authenticate
from entydig.budget.forms import target_choices, target_of
from entydig.core import params
from entydig.core.dates import FIRST_YEAR, LAST_YEAR
from entydig.core.errors import ConflictError
from entydig.core.http import apply_errors, error_text
from entydig.meetings import services
from entydig.meetings.access import attachment_for_user, item_for_user, meeting_for_user
from entydig.meetings.documents import agenda_docx, agenda_pdf
from entydig.meetings.forms import (
    AgendaItemForm,
    AttachmentForm,
    BodyDeadlinesForm,
    CalendarSettingsForm,
    ConfirmForm,
    GuestForm,
    MeetingForm,
    ReallocationForm,
)
from entydig.meetings.ical import meetings_ics
from entydig.meetings.models import AgendaItem, Attendance, BodyDeadlines, CalendarFeed, CalendarSettings, Reallocation
from entydig.meetings.selectors import (
    agenda_document,
    deadline_dashboard,
    dispatch_recipients,
    feed_meetings,
    meeting_context,
    plan_advice,
)
from entydig.meetings.selectors import (
    annual_plan as annual_plan_rows,
)
from entydig.meetings.suggestions import balance_advice, suggestions_for
from entydig.organisation.access import plan_access, plan_for_user
from entydig.organisation.models import Body


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# The year's plan and settings ---------------------------------------------------------------------------------


@login_required
def annual_plan(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    year = params.integer(request.GET, "year", low=FIRST_YEAR, high=LAST_YEAR) or timezone.localdate().year
    rows = annual_plan_rows(access.plan, year)
    feeds = {f.body_id: f for f in CalendarFeed.objects.filter(user_id=request.user.pk or 0)}
    bodies = list(access.plan.bodies.exclude(kind=Body.Kind.SECRETARIAT).order_by("kind", "name"))
    return render(
        request,
        "meetings/annual_plan.html",
        {
            "plan": access.plan,
            "access": access,
            "section": "meetings",
            "year": year,
            "rows": rows,
            "advice": plan_advice(access.plan, year, rows),
            "own_feed": feeds.get(None),
            "body_feeds": [(b, feeds.get(b.pk)) for b in bodies],
            "due": deadline_dashboard(access.plan),
        },
    )


@login_required
def deadlines(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    return render(
        request,
        "meetings/deadlines.html",
        {"plan": access.plan, "access": access, "section": "meetings", "rows": deadline_dashboard(access.plan)},
    )


@login_required
def meeting_settings(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=request.method == "POST")
    plan = access.plan
    bodies = list(plan.bodies.exclude(kind=Body.Kind.SECRETARIAT).order_by("kind", "name"))
    existing = {d.body_id: d for d in BodyDeadlines.objects.filter(body__in=bodies)}
    cal = CalendarSettings.objects.filter(organisation=plan.municipality).first() or CalendarSettings(
        organisation=plan.municipality
    )
    data = request.POST if request.method == "POST" else None
    forms_ = [
        (b, BodyDeadlinesForm(data, instance=existing.get(b.pk) or BodyDeadlines(body=b), prefix=f"b{b.pk}"))
        for b in bodies
    ]
    cal_form = CalendarSettingsForm(data, instance=cal, prefix="cal")
    if request.method == "POST" and cal_form.is_valid() and all(f.is_valid() for _b, f in forms_):
        try:
            services.plan_deadlines_update(
                actor=request.user,
                plan=plan,
                deadlines={body: form.values() for body, form in forms_},
                calendar=cal_form.values(),
            )
        except services.DeadlinesInvalid as exc:
            for body, form in forms_:
                if body.pk in exc.by_body:
                    apply_errors(form, exc.by_body[body.pk])
        else:
            messages.success(request, _("Frister og fridage er gemt."))
            return redirect("meetings:settings", plan.pk)
    return render(
        request,
        "meetings/settings.html",
        {"plan": plan, "access": access, "section": "meetings", "forms": forms_, "cal_form": cal_form},
    )


@login_required
@require_POST
def feed_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    body_pk = params.identifier(request.POST, "body")
    body = None if body_pk is None else get_object_or_404(Body, plan=access.plan, pk=body_pk)
    renew = params.flag(request.POST, "renew")
    services.calendar_feed_get_or_create(user=request.user, body=body, renew=renew)
    messages.success(request, _("Kalenderadressen er klar. Kopiér den ind i din kalender som abonnement."))
    return redirect("meetings:annual_plan", access.plan.pk)


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret address is the key; the feed still shows only what its owner may see now."""
    feed_ = CalendarFeed.objects.select_related("user", "body__plan").filter(token=token).first()
    if feed_ is None or not may_authenticate(feed_.user):
        raise Http404
    if feed_.body is not None and plan_access(feed_.user, feed_.body.plan) is None:
        raise Http404
    name = str(feed_.body) if feed_.body else _("Mine møder")
    content = meetings_ics(
        feed_meetings(feed_.user, feed_.body), name=name, base_url=_base(request), host=request.get_host().split(":")[0]
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="entydig.ics"'
    return response


# A meeting ----------------------------------------------------------------------------------------------------


@login_required
def meeting_form(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    """Creates a meeting (no `pk`) or edits one; an edit made on a stale copy is refused with a conflict message."""
    if pk is None:
        access = plan_for_user(request.user, plan_pk, write=True)
        meeting = None
    else:
        access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, plan=access.plan)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("row_version", None)
        try:
            if meeting is None:
                saved = services.meeting_create(actor=request.user, plan=access.plan, **data)
            else:
                saved = services.meeting_update(actor=request.user, meeting=meeting, expected_version=version, **data)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Mødet er oprettet.") if meeting is None else _("Mødet er gemt."))
            return redirect(saved)
    return render(
        request,
        "meetings/meeting_form.html",
        {"plan": access.plan, "access": access, "section": "meetings", "form": form, "meeting": meeting},
    )


@login_required
def meeting_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, meeting = meeting_for_user(request.user, plan_pk, pk)
    ctx = meeting_context(meeting)
    ctx.update(
        {
            "plan": access.plan,
            "access": access,
            "section": "meetings",
            "meeting": meeting,
            "balance": balance_advice(ctx["items"]),
            "suggestions": suggestions_for(meeting) if access.can_write else [],
            "guest_form": GuestForm(plan=access.plan) if access.can_write else None,
            "attachment_form": AttachmentForm(),
            "attendance_choices": Attendance.Status.choices,
            "now": timezone.now(),
        }
    )
    minutes = ctx["minutes"]
    if access.can_write and not (minutes is not None and minutes.is_approved):
        posts = None
        for item in ctx["items"]:
            if item.kind == AgendaItem.Kind.PRIORITISATION:
                posts = posts if posts is not None else target_choices(access.plan)
                auto_id = f"id_move{item.pk}_%s"
                item.reallocation_form = ReallocationForm(plan=access.plan, posts=posts, auto_id=auto_id)
    return render(request, "meetings/meeting.html", ctx)


@login_required
@require_POST
def guest_add(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
    form = GuestForm(request.POST, plan=access.plan)
    if form.is_valid():
        services.meeting_guest_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Gæsten er inviteret."))
    else:
        messages.error(request, _("Vælg en person."))
    return redirect(meeting)


@login_required
@require_POST
def attendance(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
    ctx = meeting_context(meeting)
    people = [m.person_id for m in ctx["members"]] + [g.person_id for g in ctx["guests"]]
    statuses = {pid: params.text(request.POST, f"attendance_{pid}") for pid in people}
    try:
        services.attendance_record(actor=request.user, meeting=meeting, statuses=statuses)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Fremmødet er gemt."))
    return redirect(meeting)


@login_required
def item_form(request: HttpRequest, plan_pk: int, pk: int, item_pk: int | None = None) -> HttpResponse:
    if item_pk is None:
        access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
        item = None
    else:
        access, item = item_for_user(request.user, plan_pk, pk, item_pk, write=True)
        meeting = item.meeting
    form = AgendaItemForm(request.POST or None, instance=item, plan=access.plan)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("row_version", None)
        try:
            if item is None:
                services.agenda_item_create(actor=request.user, meeting=meeting, **data)
            else:
                services.agenda_item_update(actor=request.user, item=item, expected_version=version, **data)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Punktet er gemt."))
            return redirect(meeting)
    return render(
        request,
        "meetings/item_form.html",
        {"plan": access.plan, "access": access, "section": "meetings", "form": form, "meeting": meeting, "item": item},
    )


@login_required
@require_POST
def item_delete(request: HttpRequest, plan_pk: int, pk: int, item_pk: int) -> HttpResponse:
    _access, item = item_for_user(request.user, plan_pk, pk, item_pk, write=True)
    meeting = item.meeting
    try:
        services.agenda_item_delete(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Punktet er slettet."))
    return redirect(meeting)


@login_required
@require_POST
def reallocation_add(request: HttpRequest, plan_pk: int, pk: int, item_pk: int) -> HttpResponse:
    """Proposes moving money on a prioritisation item; a move the budget cannot bear is refused with the reason."""
    access, item = item_for_user(request.user, plan_pk, pk, item_pk, write=True)
    form = ReallocationForm(request.POST, plan=access.plan)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        try:
            services.reallocation_add(
                actor=request.user,
                item=item,
                from_activity=target_of(access.plan, data["source"]),
                to_activity=target_of(access.plan, data["target"]),
                year=data["year"],
                funder=data["funder"],
                amount=data["amount"],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Omprioriteringen er foreslået på punktet."))
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def reallocation_delete(request: HttpRequest, plan_pk: int, pk: int, item_pk: int, move_pk: int) -> HttpResponse:
    _access, item = item_for_user(request.user, plan_pk, pk, item_pk, write=True)
    move = get_object_or_404(Reallocation, item=item, pk=move_pk)
    move.item = item
    try:
        services.reallocation_remove(actor=request.user, reallocation=move)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Omprioriteringen er fjernet."))
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def attachment_upload(request: HttpRequest, plan_pk: int, pk: int, item_pk: int) -> HttpResponse:
    _access, item = item_for_user(request.user, plan_pk, pk, item_pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Vælg en fil."))
    else:
        try:
            services.attachment_add(actor=request.user, item=item, file=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Bilaget er gemt."))
    return redirect(item.meeting)


@login_required
def attachment(request: HttpRequest, plan_pk: int, pk: int) -> FileResponse:
    _access, att = attachment_for_user(request.user, plan_pk, pk)
    content_types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "png": "image/png",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
    }
    response = FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)
    response["Content-Type"] = content_types[att.file_type]
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, att = attachment_for_user(request.user, plan_pk, pk)
    if not access.can_write:
        raise PermissionDenied
    meeting = att.item.meeting
    services.attachment_delete(actor=request.user, attachment=att)
    messages.success(request, _("Bilaget er slettet."))
    return redirect(meeting)


@login_required
@require_POST
def suggestion_add(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    _access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
    key = params.text(request.POST, "key")
    try:
        services.suggestion_add(actor=request.user, meeting=meeting, key=key)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Forslaget er sat på dagsordenen."))
    return redirect(meeting)


@login_required
@require_POST
def dispatch(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """Sends the agenda to everyone invited; it cannot be called back, so the page asks first (who gets it)."""
    access, meeting = meeting_for_user(request.user, plan_pk, pk, write=True)
    confirmation = ConfirmForm(request.POST)
    if not (confirmation.is_valid() and confirmation.cleaned_data["confirm"]):
        recipients = dispatch_recipients(meeting)
        return render(
            request,
            "meetings/confirm_dispatch.html",
            {
                "plan": access.plan,
                "access": access,
                "section": "meetings",
                "meeting": meeting,
                "recipients": recipients,
                "without_email": [p for p, _role in recipients if not p.email],
                "dispatched": meeting.dispatches.exists(),
            },
        )
    try:
        sent = services.agenda_dispatch(actor=request.user, meeting=meeting, base_url=_base(request))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Dagsordenen (version %(v)d) er sendt til %(n)d modtagere.")
            % {"v": sent.version, "n": sent.recipients.count()},
        )
    return redirect(meeting)


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def agenda_file(request: HttpRequest, plan_pk: int, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "docx"):
        raise Http404
    _access, meeting = meeting_for_user(request.user, plan_pk, pk)
    version = params.identifier(request.GET, "version")
    doc = agenda_document(meeting)
    if version is not None:
        sent = meeting.dispatches.filter(version=version).first()
        if sent is None:
            raise Http404
        doc = sent.content
    name = f"dagsorden-{meeting.pk}-v{doc['version']}"
    if fmt == "pdf":
        return _file(agenda_pdf(doc), f"{name}.pdf", "application/pdf")
    return _file(agenda_docx(doc), f"{name}.docx", DOCX)
