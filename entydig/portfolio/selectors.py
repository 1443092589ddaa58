"""The portfolio page's rows: per plan the user may read, what needs attention, in a fixed number of queries
whatever the number of plans (every figure is loaded for all plans at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from entydig.budget.cofinancing import cofinancing
from entydig.budget.models import Actual, BudgetLine, BudgetVersion
from entydig.budget.rules import rules
from entydig.budget.selectors import amounts
from entydig.catalogue.lists.classify import ListResult, margin_text
from entydig.catalogue.lists.rules import CRITERION_LABELS, STATUS_LABELS
from entydig.core.quarters import Quarter
from entydig.core.stamps import plan_cache_key, plans_cached, stamps
from entydig.goals.selectors import goal_views_of_plans
from entydig.goals.status import GoalStatus
from entydig.meetings.deadlines import deadlines_of_meetings
from entydig.meetings.models import ActionItem, AgendaDispatch, Meeting
from entydig.monitoring.list_status import area_list_statuses
from entydig.organisation.access import plan_accesses
from entydig.organisation.models import Area, Body, Plan
from entydig.portfolio.access import reads_all_plans
from entydig.portfolio.models import Portfolio
from entydig.reports.models import ProgressReport
from entydig.reports.selectors import SENT_IN, missing_activities_of_plans

# The goal statuses the page counts one by one; every other (not judged, nothing measures) is counted as "other".
COUNTED = (GoalStatus.ACHIEVED, GoalStatus.ON_TRACK, GoalStatus.AT_RISK, GoalStatus.OFF_TRACK)


# What a cached row keeps of an area and a meeting: plain values, cheap to store and to read back for a hundred plans
# (model instances are not).
@dataclass(frozen=True)
class AreaRef:
    pk: int
    name: str


@dataclass(frozen=True)
class MeetingRef:
    pk: int
    start: dt.datetime


@dataclass
class AreaRow:
    area: AreaRef
    list_status: str | None = None  # the status code of this year's list, computed from the plan's measurements
    list_label: str = ""
    nearest: str = ""  # the criterion closest to its threshold, e.g. "dømte: 0,4 procentpoint fra grænsen"


@dataclass
class PlanRow:
    """One plan's row on the portfolio page (and in its API and export)."""

    plan: Plan
    goal_statuses: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in COUNTED} | {"other": 0})
    next_board_meeting: MeetingRef | None = None
    agenda_late: bool = False
    overdue_action_items: int = 0
    red_activities: int = 0
    missing_reports: int = 0
    budget_spent_share: Decimal | None = None
    cofinancing_share: Decimal | None = None
    areas: list[AreaRow] = field(default_factory=list)
    html: str = ""  # the row of the page's table, rendered when the row is built

    @property
    def safe_html(self) -> SafeString:
        return mark_safe(self.html)  # noqa: S308 (rendered by our own template, autoescaped)

    def __getstate__(self) -> dict[str, Any]:
        """Cached without the plan, which the reader has just read and puts back (`plan_rows`)."""
        return {**self.__dict__, "plan": None}

    def expired(self, now: dt.datetime) -> bool:
        """The next board meeting has started: it is no longer the next one."""
        return self.next_board_meeting is not None and self.next_board_meeting.start <= now

    @property
    def attention(self) -> int:
        """How much is wrong in the plan: the plans in most trouble come first."""
        return (
            self.goal_statuses["off_track"]
            + self.goal_statuses["at_risk"]
            + int(self.agenda_late)
            + self.overdue_action_items
            + self.red_activities
            + self.missing_reports
        )


@dataclass
class PortfolioView:
    portfolio: Portfolio
    rows: list[PlanRow]
    quarter: Quarter  # the quarter whose progress reports are counted


def default_quarter() -> Quarter:
    """The quarter the portfolio's pages show first: the one that has just ended."""
    return Quarter.current().previous()


def readable_plans(user: Any, portfolio: Portfolio) -> list[Plan]:
    """The portfolio's plans the user may read (the one gatekeeper decides), by name."""
    plans = list(portfolio.plans.select_related("municipality").order_by("name", "pk"))
    if reads_all_plans(user, portfolio):  # the reader grant: every plan of the portfolio, without asking plan by plan
        return plans
    accesses = plan_accesses(user, plans)
    return [p for p in plans if p.pk in accesses]


def portfolio_view(user: Any, portfolio: Portfolio, *, quarter: Quarter | None = None) -> PortfolioView:
    """The rows; progress reports are counted for `quarter`, by default the one whose reports are being collected
    now: the one that has just ended (as on the front page)."""
    plans = readable_plans(user, portfolio)
    quarter = quarter or default_quarter()
    ordered = sorted(plan_rows(plans, quarter), key=lambda r: (-r.attention, r.plan.name, r.plan.pk))
    return PortfolioView(portfolio, ordered, quarter)


def plan_rows(plans: list[Plan], quarter: Quarter) -> list[PlanRow]:
    """Each plan's row, in the order of `plans`: from the cache where the plan's data has not changed today.

    A municipality's portfolio may hold a hundred plans, and recounting every plan on every visit takes far longer
    than the page may (`make bench`: the portfolio page). A row follows from the plan's own data, the day and the
    quarter, so it is built once (with its table row rendered, in the active language) and cached under the plan's
    data stamp (`entydig/core/stamps.py`), today's date and the quarter, until its next board meeting starts; the
    plans whose rows are missing are built together, in the same number of queries whatever their number.
    """
    if not plans:
        return []
    today, now = timezone.localdate(), timezone.now()
    tokens = stamps(p.pk for p in plans)
    keys = {
        p.pk: plan_cache_key(p.pk, "portfolio-row", token=tokens[p.pk], vary=[today.isoformat(), str(quarter)])
        for p in plans
    }
    by_pk = {p.pk: p for p in plans}
    found = plans_cached(
        keys, lambda stale: _build([by_pk[pk] for pk in stale], quarter), usable=lambda row: not row.expired(now)
    )
    rows = []
    for plan in plans:
        row = found[plan.pk]
        row.plan = plan  # the plan as just read (its name is part of its data, so the same but for identity)
        rows.append(row)
    return rows


def _build(plans: list[Plan], quarter: Quarter) -> dict[int, PlanRow]:
    rows = {p.pk: PlanRow(p) for p in plans}
    _goals(rows)
    _board_meetings(rows)
    _action_items(rows)
    _reports(rows, quarter)
    _budget(rows)
    _areas(rows)
    for row in rows.values():
        row.html = render_to_string("portfolio/_row.html", {"row": row, "quarter": quarter})
    return rows


# The columns the page sorts by (`?sort=`), each with the value it sorts on; a plan without a value (no meeting
# planned, no budget) comes last whichever the direction.
SORT_KEYS: dict[str, Callable[[PlanRow], Any]] = {
    "attention": lambda r: r.attention,
    "name": lambda r: r.plan.name.casefold(),
    "achieved": lambda r: r.goal_statuses["achieved"],
    "on_track": lambda r: r.goal_statuses["on_track"],
    "at_risk": lambda r: r.goal_statuses["at_risk"],
    "off_track": lambda r: r.goal_statuses["off_track"],
    "other": lambda r: r.goal_statuses["other"],
    "next_board_meeting": lambda r: r.next_board_meeting.start if r.next_board_meeting else None,
    "overdue_action_items": lambda r: r.overdue_action_items,
    "red_activities": lambda r: r.red_activities,
    "missing_reports": lambda r: r.missing_reports,
    "budget_spent_share": lambda r: r.budget_spent_share,
    "cofinancing_share": lambda r: r.cofinancing_share,
}
# The direction each column sorts in first: what needs attention first, names and dates from the earliest.
ASCENDING_FIRST = {"name", "next_board_meeting"}
# `?show=`: every plan, or only those with something that needs attention (a goal at risk or off track, a late
# agenda, overdue action items, red activities or missing reports).
SHOW_CHOICES = ["all", "attention"]


def arranged(
    view: PortfolioView, *, sort: str = "attention", descending: bool | None = None, show: str = "all", q: str = ""
) -> PortfolioView:
    """The view's rows filtered (`show`, and `q`: a part of the plan's name) and sorted by one of `SORT_KEYS`
    (`descending`: None takes the column's natural direction); ties by name."""
    rows = [r for r in view.rows if show != "attention" or r.attention > 0]
    if q:
        needle = q.casefold()
        rows = [r for r in rows if needle in r.plan.name.casefold()]
    if descending is None:
        descending = sort not in ASCENDING_FIRST
    key = SORT_KEYS[sort]
    rows.sort(key=lambda r: (r.plan.name.casefold(), r.plan.pk))
    known = [r for r in rows if key(r) is not None]
    known.sort(key=key, reverse=descending)  # stable: equal values keep the name order
    return PortfolioView(view.portfolio, known + [r for r in rows if key(r) is None], view.quarter)


def _goals(rows: dict[int, PlanRow]) -> None:
    views = goal_views_of_plans(r.plan for r in rows.values())
    for plan_id, goals in views.items():
        counts = rows[plan_id].goal_statuses
        for view in goals:
            status = view.rollup.status
            counts[status.value if status in COUNTED else "other"] += 1


def _board_meetings(rows: dict[int, PlanRow]) -> None:
    meetings = (
        Meeting.objects.filter(
            plan_id__in=rows, body__kind=Body.Kind.BOARD, status=Meeting.Status.PLANNED, start__gte=timezone.now()
        )
        .annotate(dispatched=Exists(AgendaDispatch.objects.filter(meeting=OuterRef("pk"))))
        .order_by("start", "pk")
    )
    nexts: list[tuple[Meeting, bool]] = []
    for meeting in meetings:
        row = rows[meeting.plan_id]
        if row.next_board_meeting is None:
            meeting.plan = row.plan
            row.next_board_meeting = MeetingRef(meeting.pk, meeting.start)
            nexts.append((meeting, bool(meeting.dispatched)))
    deadlines = deadlines_of_meetings(nexts)
    for row in rows.values():
        if row.next_board_meeting is not None:
            row.agenda_late = deadlines[row.next_board_meeting.pk].state == "overdue"


def _action_items(rows: dict[int, PlanRow]) -> None:
    overdue = ActionItem.objects.filter(plan_id__in=rows, status=ActionItem.Status.OPEN, due__lt=timezone.localdate())
    for plan_id, count in overdue.values_list("plan_id").annotate(n=Count("pk")).order_by():
        rows[plan_id].overdue_action_items = count


def _reports(rows: dict[int, PlanRow], quarter: Quarter) -> None:
    """Activities reported red for the quarter, and those running in it without a report sent in (reports'
    `missing_activities_of_plans`)."""
    red = ProgressReport.objects.filter(
        activity__plan_id__in=rows, quarter=str(quarter), status__in=SENT_IN, rag=ProgressReport.Rag.RED
    )
    for plan_id, count in red.values_list("activity__plan_id").annotate(n=Count("pk")).order_by():
        rows[plan_id].red_activities = count
    for plan_id, missing in missing_activities_of_plans([r.plan for r in rows.values()], quarter).items():
        rows[plan_id].missing_reports = len(missing)


def _budget(rows: dict[int, PlanRow]) -> None:
    """Spent so far against the budget in force (the newest the board approved; before any, the draft), and the
    local co-financing share of that budget over the whole period."""
    in_force: dict[int, BudgetVersion] = {}
    for version in BudgetVersion.objects.filter(plan_id__in=rows).order_by("plan_id", "-number"):
        chosen = in_force.get(version.plan_id)
        if chosen is None or (chosen.status == BudgetVersion.Status.DRAFT and version.status != chosen.status):
            in_force[version.plan_id] = version
    lines: dict[int, list[BudgetLine]] = {pk: [] for pk in in_force}
    by_version = {v.pk: v.plan_id for v in in_force.values()}
    for line in BudgetLine.objects.filter(version_id__in=by_version).only(
        "version", "year", "funder", "in_kind", "amount"
    ):
        lines[by_version[line.version_id]].append(line)
    spent = dict(Actual.objects.filter(plan_id__in=rows).values_list("plan_id").annotate(s=Sum("amount")).order_by())
    the_rules = rules()
    for plan_id, plan_lines in lines.items():
        total = sum((ln.amount for ln in plan_lines), Decimal(0))
        if total:
            rows[plan_id].budget_spent_share = (spent.get(plan_id) or Decimal(0)) / total
        rows[plan_id].cofinancing_share = cofinancing(amounts(plan_lines), the_rules=the_rules).period.local_share


def _areas(rows: dict[int, PlanRow]) -> None:
    """Each area with its status on this year's list (monitoring's `area_list_statuses`, from the plan's own
    measurements of the catalogue's list criteria) and the criterion nearest its threshold."""
    areas = list(Area.objects.filter(plan_id__in=rows).order_by("name", "pk"))
    statuses = area_list_statuses(areas, list_year=timezone.localdate().year)
    for area in areas:
        status = statuses[area.pk]
        own = (value for name, value in status.values.items() if name not in ("residents", "national_pct_convicted"))
        if all(value is None for value in own):  # none of the area's own criteria is measured
            label = _("Planen måler ikke listekriterierne")
            rows[area.plan_id].areas.append(AreaRow(AreaRef(area.pk, area.name), None, label))
            continue
        result = status.result
        rows[area.plan_id].areas.append(
            AreaRow(AreaRef(area.pk, area.name), result.status, str(STATUS_LABELS[result.status]), _nearest(result))
        )


def _nearest(result: ListResult) -> str:
    margins, criteria = result.margins, result.criteria
    known = [(abs(m), name) for name, m in margins.items() if m is not None and criteria.get(name) is not None]
    if not known:
        return ""
    _distance, name = min(known)
    text = margin_text(criteria[name], margins[name])
    return f"{CRITERION_LABELS[name]}: {text}"


def export_rows(view: PortfolioView) -> list[list[Any]]:
    """The page's table as rows for an XLSX download, header first."""
    header = [
        "Helhedsplan",
        "Mål nået",
        "Mål på vej",
        "Mål i risiko",
        "Mål ikke på vej",
        "Mål, andet",
        "Næste bestyrelsesmøde",
        "Dagsorden for sent",
        "Overskredne handlingspunkter",
        "Indsatser rapporteret røde",
        "Manglende fremdriftsrapporter",
        "Andel af budgettet brugt",
        "Lokal medfinansiering (andel)",
    ]
    body: list[list[Any]] = []
    for row in view.rows:
        meeting = row.next_board_meeting
        start: dt.date | None = timezone.localtime(meeting.start).date() if meeting is not None else None
        body.append(
            [
                row.plan.name,
                *(row.goal_statuses[key] for key in ("achieved", "on_track", "at_risk", "off_track", "other")),
                start,
                row.agenda_late,
                row.overdue_action_items,
                row.red_activities,
                row.missing_reports,
                row.budget_spent_share,
                row.cofinancing_share,
            ]
        )
    return [header, *body]
