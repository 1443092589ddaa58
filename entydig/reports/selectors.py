"""Reads for progress reports that cross relations: the collection page, the full quarter, the trend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from entydig.core.quarters import Quarter
from entydig.core.suppression import shown_count
from entydig.organisation.models import Activity, Plan
from entydig.reports.models import OutputMeasure, OutputValue, ProgressCollection, ProgressReminder, ProgressReport

# A new quarter's reports are due this many days after the quarter ends, until the secretariat says otherwise.
DEFAULT_DEADLINE_DAYS = 14


@dataclass
class OutputRow:
    measure: OutputMeasure
    value: Decimal | None
    suppressed: bool
    target: Decimal | None
    threshold: int  # shown as `< 5` when suppressed

    @property
    def share_of_target(self) -> int | None:
        if self.value is None or not self.target:
            return None
        return round(100 * self.value / self.target)


@dataclass
class CollectionRow:
    activity: Activity
    report: ProgressReport | None
    last_reminder: ProgressReminder | None
    outputs: list[OutputRow] = field(default_factory=list)

    @property
    def has_reported(self) -> bool:
        return self.report is not None and self.report.status in {
            ProgressReport.Status.SUBMITTED,
            ProgressReport.Status.ACCEPTED,
        }


def output_rows(measures: list[OutputMeasure], values: list[OutputValue]) -> list[OutputRow]:
    by_measure = {v.measure_id: v.value for v in values}
    rows = []
    for m in measures:
        shown = shown_count(by_measure.get(m.pk), counts_people=m.counts_people)
        rows.append(OutputRow(m, shown.value, shown.suppressed, m.target_per_quarter, shown.threshold))
    return rows


def overlaps(quarter: Quarter, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether a period from `start` to `end` (either may be open) has a day in the quarter."""
    return (start is None or start <= quarter.end) and (end is None or end >= quarter.start)


# A report counts as sent in once submitted, and stays so when accepted (a returned one is owed again).
SENT_IN = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)


def _running_q(quarter: Quarter) -> Q:
    """An activity with a day in the quarter (either end may be open)."""
    return (Q(start__isnull=True) | Q(start__lte=quarter.end)) & (Q(end__isnull=True) | Q(end__gte=quarter.start))


def running_activities(plan: Plan, quarter: Quarter) -> QuerySet[Activity]:
    """The activities that report for the quarter (see `services.progress_report_quarter_check`)."""
    if not overlaps(quarter, plan.period_start, plan.period_end):
        return plan.activities.none()
    return plan.activities.filter(_running_q(quarter))


def missing_activities(plan: Plan, quarter: Quarter) -> list[Activity]:
    """Activities running in the quarter that have not sent in a report for it."""
    return missing_activities_of_plans([plan], quarter)[plan.pk]


def missing_activities_of_plans(plans: Iterable[Plan], quarter: Quarter) -> dict[int, list[Activity]]:
    """`missing_activities` of each of `plans`, by plan id, in one query whatever the number of plans."""
    plans = list(plans)
    found: dict[int, list[Activity]] = {p.pk: [] for p in plans}
    running_plans = [p.pk for p in plans if overlaps(quarter, p.period_start, p.period_end)]
    sent_in = ProgressReport.objects.filter(
        quarter=str(quarter), activity__plan_id__in=running_plans, status__in=SENT_IN
    ).values("activity_id")
    activities = (
        Activity.objects.filter(plan_id__in=running_plans)
        .filter(_running_q(quarter))
        .exclude(pk__in=sent_in)
        .select_related("responsible", "steering_group")
        .order_by("name", "pk")
    )
    for activity in activities:
        found[activity.plan_id].append(activity)
    return found


def collection_for(plan: Plan, quarter: Quarter) -> ProgressCollection:
    """The quarter's collection; unsaved with the default deadline when the secretariat has not set one."""
    found = ProgressCollection.objects.filter(plan=plan, quarter=str(quarter)).first()
    return found or ProgressCollection(
        plan=plan, quarter=str(quarter), deadline=quarter.end + dt.timedelta(days=DEFAULT_DEADLINE_DAYS)
    )


def collection(plan: Plan, quarter: Quarter) -> tuple[ProgressCollection, list[CollectionRow]]:
    """Every activity running in the quarter with its report and last reminder, in a fixed number of queries."""
    activities = list(
        running_activities(plan, quarter)
        .select_related("responsible", "steering_group")
        .prefetch_related("output_measures")
        .order_by("name")
    )
    reports = {
        r.activity_id: r
        for r in ProgressReport.objects.filter(activity__plan=plan, quarter=str(quarter))
        .select_related("activity__plan")
        .prefetch_related("output_values", "goals")
    }
    reminders: dict[int, ProgressReminder] = {}
    for reminder in ProgressReminder.objects.filter(activity__plan=plan, quarter=str(quarter)).order_by("sent_at"):
        reminders[reminder.activity_id] = reminder
    rows = []
    for a in activities:
        report = reports.get(a.pk)
        values = list(report.output_values.all()) if report else []
        rows.append(CollectionRow(a, report, reminders.get(a.pk), output_rows(list(a.output_measures.all()), values)))
    return collection_for(plan, quarter), rows


def collection_summary(rows: list[CollectionRow]) -> dict[str, Any]:
    reported = [r for r in rows if r.has_reported]
    rag = {k: sum(1 for r in reported if r.report and r.report.rag == k) for k in ProgressReport.Rag.values}
    return {
        "total": len(rows),
        "reported": len(reported),
        "missing": len(rows) - len(reported),
        "accepted": sum(1 for r in reported if r.report and r.report.status == ProgressReport.Status.ACCEPTED),
        "rag": rag,
    }


def activity_history(activity: Activity, quarters: int = 4) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(activity=activity)
        .order_by("-quarter")
        .prefetch_related(Prefetch("output_values", queryset=OutputValue.objects.select_related("measure")))[:quarters]
    )


def plan_progress(plan: Plan, quarter: Quarter) -> dict[str, Any]:
    """Who has reported for the quarter, as plain data (API)."""
    coll, rows = collection(plan, quarter)
    return {
        "plan": plan.pk,
        "quarter": str(quarter),
        "deadline": coll.deadline,
        "summary": collection_summary(rows),
        "activities": [
            {
                "activity": r.activity.pk,
                "name": r.activity.name,
                "responsible": r.activity.responsible.name if r.activity.responsible else None,
                "report": r.report.pk if r.report else None,
                "status": r.report.status if r.report else "missing",
                "rag": r.report.rag if r.report and r.has_reported else None,
                "reported": r.has_reported,
                "last_reminder": r.last_reminder.sent_at if r.last_reminder else None,
            }
            for r in rows
        ],
    }
