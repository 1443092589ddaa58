"""Progress report and pixi endpoints of the REST API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from pydantic import AfterValidator

from entydig.core.api import READ_ERRORS, WRITE_ERRORS, InputSchema, all_by_id, api_user, field_error, fits
from entydig.core.pdf import pdf_response
from entydig.core.quarters import Quarter
from entydig.goals.models import Goal
from entydig.meetings.access import meeting_for_user_any_plan
from entydig.organisation.access import PlanAccess, activity_for_user, plan_for_user
from entydig.organisation.models import Activity
from entydig.reports import render, selectors, services
from entydig.reports.boardpack import board_pack
from entydig.reports.models import OutputValue, ProgressReport
from entydig.reports.render import pixi_for

router = Router(tags=["reports"])


class OutputOut(Schema):
    measure: int
    name: str
    unit: str
    value: Decimal | None
    suppressed: bool
    target_per_quarter: Decimal | None


class ProgressReportOut(Schema):
    id: int
    activity: int
    quarter: str
    status: str
    rag: str
    rag_reason: str
    done: str
    challenges: str
    next_steps: str
    staff_feedback: str
    review_comment: str
    goals: list[int]
    outputs: list[OutputOut]
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None


def _quarter(value: str) -> str:
    try:
        return str(Quarter.parse(value))
    except ValidationError as exc:
        raise field_error(" ".join(exc.messages)) from exc


# A quarter as the reports write it (`2026Q3`), in the years the app keeps; 422 naming the field otherwise.
QuarterText = Annotated[str, AfterValidator(_quarter)]
OutputNumber = Annotated[Decimal, fits(OutputValue._meta.get_field("value"))]


class ProgressReportIn(InputSchema):
    quarter: QuarterText
    rag: str = ""
    rag_reason: str = ""
    done: str = ""
    challenges: str = ""
    next_steps: str = ""
    staff_feedback: str = ""
    goals: list[int] = []
    outputs: dict[int, OutputNumber | None] = {}
    submit: bool = False


def _activity(request: HttpRequest, activity_id: int, *, write: bool = False) -> tuple[PlanAccess, Activity]:
    plan_id = Activity.objects.filter(pk=activity_id).values_list("plan_id", flat=True).first()
    if plan_id is None:
        raise Http404
    return activity_for_user(request.user, plan_id, activity_id, write=write)


def _report_out(report: ProgressReport, measures: list[Any]) -> dict[str, Any]:
    rows = selectors.output_rows(measures, list(report.output_values.all()))
    return {
        **{
            f: getattr(report, f)
            for f in [
                "id",
                "quarter",
                "status",
                "rag",
                "rag_reason",
                "done",
                "challenges",
                "next_steps",
                "staff_feedback",
                "review_comment",
                "submitted_at",
                "reviewed_at",
            ]
        },
        "activity": report.activity_id,
        "goals": [g.pk for g in report.goals.all()],
        "outputs": [
            {
                "measure": r.measure.pk,
                "name": r.measure.name,
                "unit": r.measure.unit,
                "value": r.value,
                "suppressed": r.suppressed,
                "target_per_quarter": r.target,
            }
            for r in rows
        ],
    }


@router.get("/activities/{activity_id}/progress-reports", response={200: list[ProgressReportOut], **READ_ERRORS})
def list_progress_reports(request: HttpRequest, activity_id: int) -> list[dict[str, Any]]:
    _access, activity = _activity(request, activity_id)
    measures = list(activity.output_measures.all())
    reports = activity.progress_reports.prefetch_related("output_values", "goals").order_by("-quarter")
    return [_report_out(r, measures) for r in reports]


@router.post(
    "/activities/{activity_id}/progress-reports",
    response={200: ProgressReportOut, 201: ProgressReportOut, **WRITE_ERRORS},
)
def save_progress_report(request: HttpRequest, activity_id: int, payload: ProgressReportIn) -> Status[Any]:
    """Creates or updates the activity's report for the quarter; `submit` sends it to the secretariat."""
    with transaction.atomic():
        return _save_progress_report(request, activity_id, payload)


def _save_progress_report(request: HttpRequest, activity_id: int, payload: ProgressReportIn) -> Status[Any]:
    _access, activity = _activity(request, activity_id, write=True)
    quarter = str(Quarter.parse(payload.quarter))
    existed = ProgressReport.objects.filter(activity=activity, quarter=quarter).exists()
    report = services.progress_report_save(
        actor=api_user(request),
        activity=activity,
        quarter=quarter,
        outputs=payload.outputs,
        goals=all_by_id(Goal.objects.all(), payload.goals, "goals"),
        submit=payload.submit,
        **payload.dict(include={"rag", "rag_reason", "done", "challenges", "next_steps", "staff_feedback"}),
    )
    report = ProgressReport.objects.prefetch_related("output_values", "goals").get(pk=report.pk)
    return Status(200 if existed else 201, _report_out(report, list(activity.output_measures.all())))


class ProgressSummaryOut(Schema):
    total: int
    reported: int
    missing: int
    accepted: int
    rag: dict[str, int]


class ProgressActivityOut(Schema):
    activity: int
    name: str
    responsible: str | None
    report: int | None
    status: str
    rag: str | None
    reported: bool
    last_reminder: dt.datetime | None


class PlanProgressOut(Schema):
    plan: int
    quarter: str
    deadline: dt.date
    summary: ProgressSummaryOut
    activities: list[ProgressActivityOut]


@router.get("/plans/{plan_id}/progress", response={200: PlanProgressOut, **READ_ERRORS})
def plan_progress(request: HttpRequest, plan_id: int, quarter: QuarterText | None = None) -> dict[str, Any]:
    """Which activities have reported for the quarter (default: the current quarter)."""
    access = plan_for_user(request.user, plan_id)
    q = Quarter.parse(quarter) if quarter else Quarter.current()
    return selectors.plan_progress(access.plan, q)


# Pixi report -------------------------------------------------------------------------------------------------------


class PixiPublishIn(InputSchema):
    quarter: QuarterText
    note: str = ""


class PixiPublicationOut(Schema):
    id: int
    quarter: str
    version: int
    note: str
    published_at: dt.datetime


class PixiOut(Schema):
    published: bool
    version: int | None
    published_at: dt.datetime | None
    content: dict[str, Any] = Field(description="Rapportens indhold / The report's content")


# The PDFs are answered as they are; their success answer is declared by hand.
PDF_ANSWER: dict[str, Any] = {
    "responses": {
        200: {"description": "PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
    }
}


def _pixi_quarter(quarter: str | None) -> Quarter:
    return Quarter.parse(quarter) if quarter else Quarter.current()


@router.get("/plans/{plan_id}/pixi", response={200: PixiOut, **READ_ERRORS})
def pixi_content(
    request: HttpRequest, plan_id: int, quarter: QuarterText | None = None, live: bool = False
) -> dict[str, Any]:
    """The quarter's pixi report as data: the latest published version, or the live build (`live=true` or none)."""

    access = plan_for_user(request.user, plan_id)
    content, _charts, publication = pixi_for(access.plan, _pixi_quarter(quarter), live=live)
    return {
        "published": publication is not None,
        "version": publication.version if publication else None,
        "published_at": publication.published_at if publication else None,
        "content": content,
    }


@router.get("/plans/{plan_id}/pixi.pdf", response=READ_ERRORS, openapi_extra=PDF_ANSWER)
def pixi_pdf(
    request: HttpRequest, plan_id: int, quarter: QuarterText | None = None, live: bool = False
) -> HttpResponse:

    access = plan_for_user(request.user, plan_id)
    q = _pixi_quarter(quarter)
    content, charts, publication = pixi_for(access.plan, q, live=live)
    return pdf_response(render.pixi_pdf(content, charts, publication), f"pixi-{q}.pdf")


@router.post("/plans/{plan_id}/pixi/publish", response={201: PixiPublicationOut, **WRITE_ERRORS})
def pixi_publish(request: HttpRequest, plan_id: int, payload: PixiPublishIn) -> Status[Any]:
    """Freezes the quarter's pixi report; publishing again makes a new version and needs a note."""
    access = plan_for_user(request.user, plan_id, write=True)
    publication = services.pixi_publish(
        actor=request.user, plan=access.plan, quarter=Quarter.parse(payload.quarter), note=payload.note
    )
    return Status(201, publication)


@router.get("/meetings/{meeting_id}/board-pack.pdf", response=READ_ERRORS, openapi_extra=PDF_ANSWER)
def board_pack_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:

    _access, meeting = meeting_for_user_any_plan(request.user, meeting_id)
    return pdf_response(
        board_pack(meeting, base_url=request.build_absolute_uri("/").rstrip("/")), "bestyrelsespakke.pdf"
    )
