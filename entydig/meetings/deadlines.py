"""The dispatch deadline of a meeting under its body's and its municipality's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from entydig.meetings.models import BodyDeadlines, CalendarSettings, Meeting
from entydig.meetings.workdays import (
    DEFAULT_DISPATCH_DAYS,
    DEFAULT_MATERIAL_DAYS,
    DEFAULT_RULES,
    WARNING_WINDOW_DAYS,
    WorkdayRules,
    add_working_days,
    dispatch_deadline,
    working_days_left,
)
from entydig.organisation.models import Plan


@dataclass(frozen=True)
class Deadline:
    deadline: dt.date
    material_deadline: dt.date
    warning_from: dt.date
    working_days_left: int
    dispatched: bool
    held: bool = False  # the meeting lies in the past

    @property
    def days_overdue(self) -> int:
        return max(0, -self.working_days_left)

    @property
    def state(self) -> str:
        """'sent', 'past' (held without a dispatch), 'overdue', 'soon' (inside the warning window) or 'ok'."""
        if self.dispatched:
            return "sent"
        if self.held:
            return "past"
        if self.working_days_left < 0:
            return "overdue"
        today = timezone.localdate()
        return "soon" if today >= self.warning_from else "ok"


def _rules(settings: CalendarSettings | None) -> WorkdayRules:
    if settings is None:
        return DEFAULT_RULES
    return WorkdayRules(settings.constitution_day_off, settings.christmas_eve_off, settings.new_years_eve_off)


def rules_for_plan(plan: Plan) -> WorkdayRules:
    """The extra days off of the plan's municipality (the defaults when it has not set any)."""
    return _rules(CalendarSettings.objects.filter(organisation_id=plan.municipality_id).first())


class DeadlineCalculator:
    """Computes deadlines for many meetings of one plan with two queries in all."""

    def __init__(self, plan: Plan, body_ids: Iterable[int] | None = None, *, rules: WorkdayRules | None = None) -> None:
        self.rules = rules_for_plan(plan) if rules is None else rules
        query = BodyDeadlines.objects.all()
        query = query.filter(body_id__in=list(body_ids)) if body_ids is not None else query.filter(body__plan=plan)
        self.by_body = {d.body_id: (d.dispatch_days, d.warning_days, d.material_days) for d in query}

    def days(self, body_id: int) -> tuple[int, int, int]:
        return self.by_body.get(body_id, (DEFAULT_DISPATCH_DAYS, WARNING_WINDOW_DAYS, DEFAULT_MATERIAL_DAYS))

    def for_meeting(self, meeting: Meeting, *, dispatched: bool, today: dt.date | None = None) -> Deadline:
        today = today or timezone.localdate()
        dispatch_days, warning_days, material_days = self.days(meeting.body_id)
        meeting_date = timezone.localtime(meeting.start).date()
        deadline = dispatch_deadline(meeting_date, dispatch_days, self.rules)
        return Deadline(
            deadline=deadline,
            material_deadline=add_working_days(deadline, -material_days, self.rules) if material_days else deadline,
            warning_from=dispatch_deadline(meeting_date, max(warning_days, dispatch_days), self.rules),
            working_days_left=working_days_left(today, deadline, self.rules),
            dispatched=dispatched,
            held=meeting_date < today,
        )


def meeting_deadline(meeting: Meeting, *, dispatched: bool | None = None) -> Deadline:
    if dispatched is None:
        dispatched = meeting.dispatches.exists()
    return DeadlineCalculator(meeting.plan, [meeting.body_id]).for_meeting(meeting, dispatched=dispatched)


def deadlines_of_meetings(
    meetings: Iterable[tuple[Meeting, bool]], *, today: dt.date | None = None
) -> dict[int, Deadline]:
    """`meeting_deadline` of meetings of many plans (each with whether its agenda was sent; `meeting.plan` loaded),
    by meeting id, in two queries in all whatever the number of plans."""
    meetings = list(meetings)
    if not meetings:
        return {}
    municipalities = {m.plan.municipality_id for m, _sent in meetings}
    settings = {s.organisation_id: s for s in CalendarSettings.objects.filter(organisation_id__in=municipalities)}
    calculator = DeadlineCalculator(meetings[0][0].plan, {m.body_id for m, _sent in meetings}, rules=DEFAULT_RULES)
    found = {}
    for meeting, sent in meetings:
        calculator.rules = _rules(settings.get(meeting.plan.municipality_id))
        found[meeting.pk] = calculator.for_meeting(meeting, dispatched=sent, today=today)
    return found
