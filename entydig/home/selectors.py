"""What each person's front page shows: per plan they take part in, the sections of each of their roles.

Roles come from `user_plan_accesses` (organisation's gatekeeper). Every section is loaded for all plans at once, each
with the many-plan form of its app's own rule (`deadline_dashboards`, `missing_activities_of_plans`,
`advice_of_plans`, `goal_checks_of_plans`; the secretariat's section is rendered once per change of a plan's data,
`secretariat`), so the number of queries does not grow with the number of goals, meetings or plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from entydig.core.quarters import Quarter
from entydig.goals.models import Goal
from entydig.goals.selectors import GoalView, goal_views_of_plans
from entydig.home.secretariat import SecretariatSection, secretariat_sections
from entydig.meetings.deadlines import Deadline
from entydig.meetings.models import ActionItem, AgendaDispatch, AgendaItem, Meeting
from entydig.meetings.selectors import action_items, my_material
from entydig.organisation.access import BOARD, SECRETARIAT, STAFF, STEERING, VIEWER, PlanAccess, user_plan_accesses
from entydig.organisation.models import Activity, Body, Plan
from entydig.reports.models import PixiPublication, ProgressCollection, ProgressReport
from entydig.reports.selectors import DEFAULT_DEADLINE_DAYS, SENT_IN, overlaps


@dataclass
class BoardMeeting:
    meeting: Meeting
    dispatched: bool
    decisions: list[AgendaItem] = field(default_factory=list)


@dataclass
class OwedReport:
    activity: Activity
    quarter: Quarter
    deadline: dt.date
    report: ProgressReport | None

    @property
    def overdue(self) -> bool:
        return self.deadline < timezone.localdate()


@dataclass
class GroupActivity:
    activity: Activity
    latest: ProgressReport | None


@dataclass
class GroupView:
    group: Body
    activities: list[GroupActivity]
    sub_goals: list[GoalView]
    next_meeting: Meeting | None


@dataclass
class PlanFront:
    """One plan's part of a person's front page."""

    plan: Plan
    access: PlanAccess
    goals: list[GoalView] = field(default_factory=list)
    pixi: PixiPublication | None = None
    board_meeting: BoardMeeting | None = None
    actions: list[ActionItem] = field(default_factory=list)
    owed_reports: list[OwedReport] = field(default_factory=list)
    returned_reports: list[ProgressReport] = field(default_factory=list)
    material: list[tuple[AgendaItem, Deadline]] = field(default_factory=list)
    groups: list[GroupView] = field(default_factory=list)
    secretariat: SecretariatSection | None = None

    @property
    def is_board(self) -> bool:
        return BOARD in self.access.roles

    @property
    def is_staff(self) -> bool:
        return STAFF in self.access.roles

    @property
    def is_steering(self) -> bool:
        return STEERING in self.access.roles

    @property
    def is_secretariat(self) -> bool:
        return SECRETARIAT in self.access.roles

    @property
    def only_secretariat(self) -> bool:
        """The person is only the plan's secretariat and has no action items of their own there: the whole section
        is the secretariat's, rendered once per change of the plan's data."""
        return self.secretariat is not None and self.access.roles == {SECRETARIAT} and not self.actions

    @property
    def is_viewer_only(self) -> bool:
        return self.access.roles == {VIEWER}

    @property
    def overdue(self) -> int:
        """How many things in this plan are late; the plans with most come first."""
        today = timezone.localdate()
        late = sum(1 for a in self.actions if a.due < today)
        late += sum(1 for r in self.owed_reports if r.overdue) + len(self.returned_reports)
        if self.secretariat is not None:
            late += self.secretariat.late
        return late


def _with_roles(fronts: Iterable[PlanFront], *roles: str) -> list[PlanFront]:
    return [f for f in fronts if f.access.roles & set(roles)]


def front_page(user: Any) -> list[PlanFront]:
    """The front page of `user`: each plan they take part in with the sections of their roles there."""
    accesses = sorted(user_plan_accesses(user).values(), key=lambda a: (a.plan.name, a.plan.pk))
    fronts = {a.plan.pk: PlanFront(a.plan, a) for a in accesses}
    _goals_and_pixi(fronts, _with_roles(fronts.values(), BOARD, VIEWER, STEERING))
    _board_meetings(fronts, _with_roles(fronts.values(), BOARD))
    _own_actions(user, fronts)
    _reports_owed(user, fronts, _with_roles(fronts.values(), STAFF))
    _steering_groups(fronts, _with_roles(fronts.values(), STEERING))
    _secretariat(_with_roles(fronts.values(), SECRETARIAT))
    if any(f.is_staff or f.is_steering for f in fronts.values()):
        for item, deadline in my_material(user):
            if item.meeting.plan_id in fronts:
                fronts[item.meeting.plan_id].material.append((item, deadline))
    return sorted(fronts.values(), key=lambda f: (-f.overdue, f.plan.name, f.plan.pk))


def _goals_and_pixi(fronts: dict[int, PlanFront], chosen: list[PlanFront]) -> None:
    if not chosen:
        return
    views = goal_views_of_plans(f.plan for f in chosen)
    for front in chosen:
        front.goals = views[front.plan.pk]
    publications = (
        PixiPublication.objects.filter(plan_id__in=[f.plan.pk for f in chosen])
        .defer("content", "charts")
        .order_by("plan_id", "-quarter", "-version")
    )
    for publication in publications:
        if fronts[publication.plan_id].pixi is None:
            fronts[publication.plan_id].pixi = publication


def _board_meetings(fronts: dict[int, PlanFront], chosen: list[PlanFront]) -> None:
    if not chosen:
        return
    meetings = (
        Meeting.objects.filter(
            plan_id__in=[f.plan.pk for f in chosen],
            body__kind=Body.Kind.BOARD,
            status=Meeting.Status.PLANNED,
            start__gte=timezone.now(),
        )
        .select_related("body")
        .annotate(dispatched=Exists(AgendaDispatch.objects.filter(meeting=OuterRef("pk"))))
        .order_by("start", "pk")
    )
    chosen_meetings: dict[int, BoardMeeting] = {}
    for meeting in meetings:
        front = fronts[meeting.plan_id]
        if front.board_meeting is None:
            front.board_meeting = BoardMeeting(meeting, meeting.dispatched)
            chosen_meetings[meeting.pk] = front.board_meeting
    decisions = AgendaItem.objects.filter(meeting_id__in=chosen_meetings, kind__in=AgendaItem.DECISION_KINDS)
    for item in decisions.order_by("order", "pk"):
        chosen_meetings[item.meeting_id].decisions.append(item)


def _own_actions(user: Any, fronts: dict[int, PlanFront]) -> None:
    if not getattr(user, "person_id", None) or not fronts:
        return
    plan_ids = list(fronts)  # ids, not instances: a secretariat may serve a hundred plans
    for item in action_items(plan_ids, status=ActionItem.Status.OPEN, person_id=user.person_id):
        fronts[item.plan_id].actions.append(item)


def _reports_owed(user: Any, fronts: dict[int, PlanFront], chosen: list[PlanFront]) -> None:
    """The reports for last quarter and this one that the person's activities have not sent in, and the ones the
    secretariat has sent back."""
    if not chosen:
        return
    current = Quarter.current()
    quarters = [current.previous(), current]
    activity_ids = [pk for f in chosen for pk in f.access.responsible_activity_ids]
    activities = list(Activity.objects.filter(pk__in=activity_ids).order_by("name", "pk"))
    reports = ProgressReport.objects.filter(activity_id__in=activity_ids).select_related("activity")
    latest: dict[tuple[int, str], ProgressReport] = {}
    for report in reports.filter(Q(quarter__in=[str(q) for q in quarters]) | Q(status=ProgressReport.Status.RETURNED)):
        latest[(report.activity_id, report.quarter)] = report
        if report.status == ProgressReport.Status.RETURNED:
            fronts[report.activity.plan_id].returned_reports.append(report)
    deadlines = {
        (c.plan_id, c.quarter): c.deadline
        for c in ProgressCollection.objects.filter(
            plan_id__in=[f.plan.pk for f in chosen], quarter__in=[str(q) for q in quarters]
        )
    }
    for activity in activities:
        front = fronts[activity.plan_id]
        for quarter in quarters:
            found = latest.get((activity.pk, str(quarter)))
            if found is not None and found.status in (*SENT_IN, ProgressReport.Status.RETURNED):
                continue
            # The quarters `progress_report_quarter_check` accepts: inside the plan's period and the activity's.
            if not overlaps(quarter, front.plan.period_start, front.plan.period_end):
                continue
            if not overlaps(quarter, activity.start, activity.end):
                continue
            default = quarter.end + dt.timedelta(days=DEFAULT_DEADLINE_DAYS)
            deadline = deadlines.get((front.plan.pk, str(quarter)), default)
            front.owed_reports.append(OwedReport(activity, quarter, deadline, found))
    for front in chosen:
        front.owed_reports.sort(key=lambda r: (r.deadline, r.activity.name))


def _steering_groups(fronts: dict[int, PlanFront], chosen: list[PlanFront]) -> None:
    group_ids = [pk for f in chosen for pk in f.access.group_ids]
    if not group_ids:
        return
    groups = {g.pk: g for g in Body.objects.filter(pk__in=group_ids).select_related("effort_area").order_by("name")}
    activities = list(Activity.objects.filter(steering_group_id__in=group_ids).order_by("name", "pk"))
    latest: dict[int, ProgressReport] = {}
    reports = ProgressReport.objects.filter(activity__in=activities).exclude(status=ProgressReport.Status.DRAFT)
    for report in reports.order_by("activity_id", "-quarter"):
        latest.setdefault(report.activity_id, report)
    next_meetings: dict[int, Meeting] = {}
    upcoming = Meeting.objects.filter(body_id__in=group_ids, status=Meeting.Status.PLANNED, start__gte=timezone.now())
    for meeting in upcoming.order_by("start", "pk"):
        next_meetings.setdefault(meeting.body_id, meeting)
    for group in groups.values():
        front = fronts[group.plan_id]
        subs = [
            sub
            for view in front.goals
            for sub in view.sub_goals
            if _effort_area_id(sub.goal) is not None and _effort_area_id(sub.goal) == group.effort_area_id
        ]
        rows = [GroupActivity(a, latest.get(a.pk)) for a in activities if a.steering_group_id == group.pk]
        front.groups.append(GroupView(group, rows, subs, next_meetings.get(group.pk)))


def _effort_area_id(goal: Goal) -> int | None:
    return goal.sub_agreement.effort_area_id if goal.sub_agreement is not None else None


def _secretariat(chosen: list[PlanFront]) -> None:
    if not chosen:
        return
    sections = secretariat_sections([f.plan for f in chosen], timezone.localdate())
    for front in chosen:
        front.secretariat = sections[front.plan.pk]
