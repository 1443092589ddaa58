"""Progress report and pixi endpoints of the REST API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from entydig.goals.models import Goal
from entydig.organisation.access import PlanAccess, activity_for_user, plan_for_user
from entydig.organisation.models import Activity
from entydig.reports import selectors, services
from entydig.reports.models import ProgressReport
from entydig.reports.quarters import Quarter

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


class ProgressReportIn(Schema):
    quarter: str
    rag: str = ""
    rag_reason: str = ""
    done: str = ""
    challenges: str = ""
    next_steps: str = ""
    staff_feedback: str = ""
    goals: list[int] = []
    outputs: dict[int, Decimal | None] = {}
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


@router.get("/activities/{activity_id}/progress-reports", response=list[ProgressReportOut])
def list_progress_reports(request: HttpRequest, activity_id: int) -> list[dict[str, Any]]:
    _access, activity = _activity(request, activity_id)
    measures = list(activity.output_measures.all())
    reports = activity.progress_reports.prefetch_related("output_values", "goals").order_by("-quarter")
    return [_report_out(r, measures) for r in reports]


@router.post("/activities/{activity_id}/progress-reports", response={200: ProgressReportOut, 201: ProgressReportOut})
def save_progress_report(request: HttpRequest, activity_id: int, payload: ProgressReportIn) -> Status[Any]:
    """Creates or updates the activity's report for the quarter; `submit` sends it to the secretariat."""
    with transaction.atomic():
        return _save_progress_report(request, activity_id, payload)


def _save_progress_report(request: HttpRequest, activity_id: int, payload: ProgressReportIn) -> Status[Any]:
    _access, activity = _activity(request, activity_id, write=True)
    quarter = str(Quarter.parse(payload.quarter))
    existed = ProgressReport.objects.filter(activity=activity, quarter=quarter).exists()
    goals = list(Goal.objects.filter(pk__in=payload.goals, plan_id=activity.plan_id, level=Goal.Level.SUB))
    if len(goals) != len(set(payload.goals)):
        raise ValidationError({"goals": ["Ukendt delmål / Unknown sub-goal"]})
    report = services.progress_report_save(
        actor=request.user,
        activity=activity,
        quarter=quarter,
        outputs=payload.outputs,
        goals=goals,
        **payload.dict(include={"rag", "rag_reason", "done", "challenges", "next_steps", "staff_feedback"}),
    )
    if payload.submit:
        report = services.progress_report_submit(actor=request.user, report=report)
    report = ProgressReport.objects.prefetch_related("output_values", "goals").get(pk=report.pk)
    return Status(200 if existed else 201, _report_out(report, list(activity.output_measures.all())))


@router.get("/plans/{plan_id}/progress")
def plan_progress(request: HttpRequest, plan_id: int, quarter: str | None = None) -> dict[str, Any]:
    """Which activities have reported for the quarter (default: the current quarter)."""
    access = plan_for_user(request.user, plan_id)
    q = Quarter.parse(quarter) if quarter else Quarter.current()
    return selectors.plan_progress(access.plan, q)
