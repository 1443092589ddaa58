"""Gatekeepers for progress reports: the plan's gatekeepers applied to the report's activity."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from entydig.organisation.access import PlanAccess, activity_for_user, plan_for_user
from entydig.organisation.models import Activity
from entydig.reports.models import OutputMeasure, ProgressReport


def report_for_user(
    user: Any, plan_pk: int, quarter: str, activity_pk: int, *, write: bool = False
) -> tuple[PlanAccess, Activity, ProgressReport | None]:
    """The activity and its report for the quarter (None when not yet written); writers edit their own only."""
    access, activity = activity_for_user(user, plan_pk, activity_pk, write=write)
    report = ProgressReport.objects.filter(activity=activity, quarter=quarter).first()
    return access, activity, report


def report_by_pk_for_user(
    user: Any, pk: int, *, write: bool = False, review: bool = False
) -> tuple[PlanAccess, ProgressReport]:
    """A report addressed by its id (API and review): 404 unless the user sees its plan."""
    report = ProgressReport.objects.select_related("activity").filter(pk=pk).first()
    if report is None:
        raise Http404
    access = plan_for_user(user, report.activity.plan_id, write=review)
    if write and not access.can_edit_activity(report.activity):
        raise PermissionDenied
    return access, report


def measure_for_user(user: Any, plan_pk: int, activity_pk: int, pk: int) -> tuple[PlanAccess, OutputMeasure]:
    access, activity = activity_for_user(user, plan_pk, activity_pk, write=True)
    measure = OutputMeasure.objects.filter(activity=activity, pk=pk).select_related("activity__plan").first()
    if measure is None:
        raise Http404
    return access, measure
