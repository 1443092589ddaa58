"""Pages of the pixi report: the report (published or live), editing, publishing, attaching, and the board pack."""

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
from entydig.core.pdf import pdf_response
from entydig.core.quarters import Quarter
from entydig.meetings.access import meeting_for_user
from entydig.meetings.models import Meeting
from entydig.organisation.access import plan_for_user
from entydig.organisation.models import Body, Plan
from entydig.reports import services
from entydig.reports.boardpack import board_pack
from entydig.reports.forms import PixiDraftForm, PublishForm
from entydig.reports.models import PixiDraft, PixiPublication
from entydig.reports.pixi import pixi_build
from entydig.reports.render import pixi_for, pixi_pdf, pixi_view
from entydig.reports.views import path_quarter, query_quarter


def _shown(request: HttpRequest) -> tuple[Quarter, int | None, bool]:
    """`?quarter=` (default: the current quarter), `?version=` (a published version) and `?live=1` (today's figures)."""
    quarter = query_quarter(request)
    version = params.identifier(request.GET, "version")
    return quarter, version, params.flag(request.GET, "live")


def pixi_url(plan_pk: int, quarter: Quarter) -> str:
    return reverse("reports:pixi", args=[plan_pk]) + f"?quarter={quarter}"


def _board_meetings(plan: Plan) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            plan=plan, body__kind=Body.Kind.BOARD, status=Meeting.Status.PLANNED, start__gte=timezone.now()
        )
        .select_related("body")
        .order_by("start")[:6]
    )


@login_required
def pixi(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    quarter, version, live = _shown(request)
    content, charts, publication = pixi_for(access.plan, quarter, version=version, live=live)
    if version is not None and publication is None:
        raise Http404
    context = {
        "plan": access.plan,
        "access": access,
        "section": "pixi",
        "quarter": quarter,
        "quarters": Quarter.current().back(6)[::-1],
        "pixi": pixi_view(content, charts),
        "publication": publication,
        "versions": list(
            PixiPublication.objects.filter(plan=access.plan, quarter=str(quarter))
            .select_related("published_by")
            .order_by("-version")
        ),
        "links": True,
    }
    if access.can_write:
        draft_content = content if publication is None else None
        if draft_content is None:
            draft_content = pixi_build(access.plan, quarter)
        draft = PixiDraft.objects.filter(plan=access.plan, quarter=str(quarter)).first()
        context["draft_sentences"] = draft_content["headline_draft"]
        context["edit_form"] = PixiDraftForm(
            goals=draft_content["goals"],
            initial={
                "headline": draft.headline if draft and draft.headline else " ".join(draft_content["headline_draft"]),
                **{f"reason_{k}": v for k, v in (draft.goal_reasons if draft else {}).items()},
            },
        )
        context["auto_reasons"] = {str(g["id"]): g["reason_auto"] for g in draft_content["goals"]}
        context["publish_form"] = PublishForm()
        context["meetings"] = _board_meetings(access.plan)
    return render(request, "reports/pixi.html", context)


@login_required
@require_POST
def pixi_edit(request: HttpRequest, plan_pk: int, quarter: str) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    q = path_quarter(quarter)
    content = pixi_build(access.plan, q)
    form = PixiDraftForm(request.POST, goals=content["goals"])
    if form.is_valid():
        services.pixi_draft_save(
            actor=request.user,
            plan=access.plan,
            quarter=q,
            headline=form.cleaned_data["headline"],
            goal_reasons=form.goal_reasons(),
        )
        messages.success(request, _("Pixi-rapportens tekst er gemt."))
    else:
        messages.error(
            request, _("Teksten blev ikke gemt: %(e)s") % {"e": " ".join(str(e) for e in form.errors.values())}
        )
    return redirect(pixi_url(plan_pk, q) + "&live=1")


@login_required
@require_POST
def pixi_publish(request: HttpRequest, plan_pk: int, quarter: str) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    q = path_quarter(quarter)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        publication = services.pixi_publish(
            actor=request.user, plan=access.plan, quarter=q, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(pixi_url(plan_pk, q))
    messages.success(request, _("Pixi-rapporten er offentliggjort som version %(v)s.") % {"v": publication.version})
    return redirect(pixi_url(plan_pk, q))


@login_required
def pixi_pdf_view(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    quarter, version, live = _shown(request)
    content, charts, publication = pixi_for(access.plan, quarter, version=version, live=live)
    if version is not None and publication is None:
        raise Http404
    suffix = f"-v{publication.version}" if publication else "-kladde"
    return pdf_response(pixi_pdf(content, charts, publication), f"pixi-{quarter}{suffix}.pdf")


@login_required
@require_POST
def pixi_attach(request: HttpRequest, plan_pk: int, quarter: str) -> HttpResponse:
    """One click: the latest published version goes onto a planned board meeting's agenda as an attachment."""
    access = plan_for_user(request.user, plan_pk, write=True)
    q = path_quarter(quarter)
    meeting_pk = params.identifier(request.POST, "meeting")
    if meeting_pk is None:
        raise Http404
    _access, meeting = meeting_for_user(request.user, plan_pk, meeting_pk, write=True)
    publication = PixiPublication.objects.filter(plan=access.plan, quarter=str(q)).order_by("-version").first()
    if publication is None:
        messages.error(request, _("Offentliggør pixi-rapporten, før den vedhæftes et møde."))
        return redirect(pixi_url(plan_pk, q))
    try:
        services.pixi_attach_to_meeting(
            actor=request.user,
            publication=publication,
            meeting=meeting,
            pdf=pixi_pdf(publication.content, publication.charts, publication),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(pixi_url(plan_pk, q))
    messages.success(request, _("Pixi-rapporten er vedhæftet dagsordenen til %(m)s.") % {"m": str(meeting)})
    return redirect(pixi_url(plan_pk, q))


@login_required
def board_pack_view(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    _access, meeting = meeting_for_user(request.user, plan_pk, pk)
    data = board_pack(meeting, base_url=request.build_absolute_uri("/").rstrip("/"))
    return pdf_response(data, f"bestyrelsespakke-{timezone.localtime(meeting.start).date().isoformat()}.pdf")
