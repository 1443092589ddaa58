"""Suggested items for a board meeting, each with its reason; one function per source of suggestions.

A source is a function `(meeting, today) -> list[Suggestion]`. Meetings' own sources (goals off track, overdue
action items, spending far off the budget, areas near a list) come first; a higher app adds its own with
`register_source` (reports: an activity reported red is a cooperation question), in the order the apps are loaded.

A suggestion says what it is about (a `Topic` and the id of its subject) and what kind of item it would be; topic
and id together are the key stored on the agenda item it becomes (`goal:12`), so it is suggested only once.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entydig.budget.finance import OVER, plan_finance
from entydig.budget.money import kroner, whole_percent
from entydig.catalogue.lists.classify import margin_text, percentage_points
from entydig.catalogue.lists.rules import CRITERION_LABELS, NONE, STATUS_LABELS
from entydig.goals import selectors as goal_selectors
from entydig.meetings.models import ActionItem, AgendaItem, Meeting
from entydig.monitoring.list_status import area_list_statuses
from entydig.organisation.models import Body


class Topic(enum.StrEnum):
    """What a suggestion is about; the subject is a goal, a person or an activity."""

    GOAL = "goal"  # a goal off track or at risk
    OVERDUE = "overdue"  # a person's action items past their due date
    RED_ACTIVITY = "progress-red"  # an activity whose progress report says red
    SPENDING = "spending"  # a budget post whose forecast is far off its budget (the subject is the post)
    LIST = "list"  # an area whose trend or a criterion near its threshold points to a new list status


@dataclass
class Suggestion:
    topic: Topic
    subject_id: int
    kind: AgendaItem.Kind
    title: str
    reason: str
    proposal: str = ""
    goals: list[Any] = field(default_factory=list)
    indicators: list[Any] = field(default_factory=list)
    activities: list[Any] = field(default_factory=list)

    @property
    def key(self) -> str:
        """`topic:id` (`goal:12`), as stored on the agenda item it becomes and posted by the meeting page."""
        return f"{self.topic.value}:{self.subject_id}"

    @property
    def kind_label(self) -> str:
        return str(AgendaItem.Kind(self.kind).label)


SuggestionSource = Callable[[Meeting, dt.date], list[Suggestion]]


def goals_off_track(meeting: Meeting, today: dt.date) -> list[Suggestion]:
    """A goal off track or at risk: a strategic question (are the activities moving us towards the goal?)."""
    found: list[Suggestion] = []
    for view in goal_selectors.goal_views(meeting.plan):
        for candidate in [view, *view.sub_goals]:
            status = candidate.rollup.status.value
            if status not in ("off_track", "at_risk"):
                continue
            goal = candidate.goal
            found.append(
                Suggestion(
                    topic=Topic.GOAL,
                    subject_id=goal.pk,
                    kind=AgendaItem.Kind.STRATEGIC,
                    title=_("Strategisk spørgsmål: %(goal)s") % {"goal": goal.title},
                    reason=_(
                        "Målet er %(status)s. %(reason)s Håndbogen: når indsatserne ikke har bragt os tættere på "
                        "målet, skal bestyrelsen tage stilling til, om de skal ændres."
                    )
                    % {"status": str(candidate.rollup.status.label).lower(), "reason": candidate.rollup.reason},
                    proposal=_(
                        "Sekretariatet indstiller, at bestyrelsen drøfter, om indsatserne bag målet skal justeres."
                    ),
                    goals=[goal],
                    indicators=[
                        r.indicator for r in candidate.indicators if r.indicator.pk in candidate.rollup.driving
                    ],
                    activities=list(goal.activities.all()),
                )
            )
    return found


def overdue_action_items(meeting: Meeting, today: dt.date) -> list[Suggestion]:
    """Action items past their due date: a cooperation question (a partner does not deliver what was agreed)."""
    rows = (
        ActionItem.objects.filter(plan=meeting.plan, status=ActionItem.Status.OPEN, due__lt=today)
        .values("responsible_id", "responsible__name", "responsible__organisation__name")
        .annotate(n=Count("pk"), oldest=Min("due"))
        .order_by("oldest")
    )
    found = []
    for row in rows:
        who = row["responsible__name"]
        if row["responsible__organisation__name"]:
            who = f"{who} ({row['responsible__organisation__name']})"
        found.append(
            Suggestion(
                topic=Topic.OVERDUE,
                subject_id=row["responsible_id"],
                kind=AgendaItem.Kind.COOPERATION,
                title=_("Samarbejdsspørgsmål: forsinkede handlingspunkter hos %(who)s") % {"who": who},
                reason=ngettext(
                    "%(n)d handlingspunkt er over fristen, siden %(date)s. Håndbogen: når en part ikke holder det "
                    "aftalte, er det et samarbejdsspørgsmål for bestyrelsen.",
                    "%(n)d handlingspunkter er over fristen; det ældste siden %(date)s. Håndbogen: når en part ikke "
                    "holder det aftalte, er det et samarbejdsspørgsmål for bestyrelsen.",
                    row["n"],
                )
                % {"n": row["n"], "date": row["oldest"].strftime("%d.%m.%Y")},
                proposal=_(
                    "Sekretariatet indstiller, at bestyrelsen drøfter, hvad parterne kan gøre for at løse opgaverne."
                ),
            )
        )
    return found


def spending_off_budget(meeting: Meeting, today: dt.date) -> list[Suggestion]:
    """A post whose forecast for the year is off its budget by the threshold (`BUDGET_VARIANCE_THRESHOLD`) or more:
    a prioritisation question (should money move to where it is used, or how is the overspend covered?)."""
    report = plan_finance(meeting.plan)
    found = []
    for row in report.findings:
        if row.post is None or row.variance is None:
            continue
        values = {
            "name": row.name,
            "reason": row.reason,
            "variance": kroner(abs(row.variance)),
            "share": whole_percent(abs(row.variance) / row.budget) if row.budget else "–",
            "budget": kroner(row.budget),
            "year": report.year,
            "threshold": whole_percent(row.threshold),
        }
        if row.flag == OVER:
            title = _("Prioriteringsspørgsmål: merforbrug på %(name)s") % values
            reason = _(
                "%(reason)s Prognosen ligger %(variance)s (%(share)s) over budgettet for %(year)s på %(budget)s; "
                "grænsen er %(threshold)s. Håndbogen: at flytte ressourcer mellem indsatser er et "
                "prioriteringsspørgsmål for bestyrelsen."
            )
            proposal = _("Sekretariatet indstiller, at bestyrelsen beslutter, hvordan merforbruget dækkes.")
        else:
            title = _("Prioriteringsspørgsmål: mindreforbrug på %(name)s") % values
            reason = _(
                "%(reason)s Prognosen ligger %(variance)s (%(share)s) under budgettet for %(year)s på %(budget)s; "
                "grænsen er %(threshold)s. Håndbogen: at flytte ressourcer mellem indsatser er et "
                "prioriteringsspørgsmål for bestyrelsen."
            )
            proposal = _(
                "Sekretariatet indstiller, at bestyrelsen tager stilling til, om en del af midlerne skal flyttes "
                "til andre indsatser."
            )
        found.append(
            Suggestion(
                topic=Topic.SPENDING,
                subject_id=row.post.pk,
                kind=AgendaItem.Kind.PRIORITISATION,
                title=title,
                reason=reason % values,
                proposal=proposal,
                activities=[row.activity] if row.activity is not None else [],
            )
        )
    return found


def areas_near_a_list(meeting: Meeting, today: dt.date) -> list[Suggestion]:
    """An area that the trend puts on a new list next December, or that has a list criterion it does not meet
    within `LIST_NEAR_MARGIN_PP` percentage points of its threshold (Entydig's default): a strategic question
    (what can the plan do before the list is drawn up?). The list of this year is computed from the plan's own
    measurements (monitoring.list_status), as on the portfolio page."""
    limit = Decimal(settings.LIST_NEAR_MARGIN_PP)
    areas = list(meeting.plan.areas.order_by("name"))
    statuses = area_list_statuses(areas, list_year=today.year)
    found = []
    for area in areas:
        status = statuses[area.pk]
        now, ahead = status.result.status, status.forecast.result.status
        near = [
            (criterion, margin)
            for criterion, margin in status.result.margins.items()
            if status.result.criteria.get(criterion) is False and margin is not None and 0 < margin <= limit
        ]
        new_status = ahead not in (None, NONE) and ahead != now
        if not new_status and not near:
            continue
        parts = [
            _("%(area)s, listen 1. december %(year)s: %(status)s.")
            % {"area": area.name, "year": today.year, "status": STATUS_LABELS[now]}
        ]
        if new_status:
            parts.append(
                _("Tendensen i kriterierne peger på %(status)s på listen 1. december %(year)s.")
                % {"status": str(STATUS_LABELS[ahead]).lower(), "year": today.year + 1}
            )
        for criterion, margin in near:
            parts.append(
                _("%(criterion)s: %(margin)s.")
                % {"criterion": capfirst(str(CRITERION_LABELS[criterion])), "margin": margin_text(False, margin)}
            )
        if near:
            parts.append(
                _("Tæt på betyder her højst %(limit)s procentpoint fra grænsen: Entydigs egen standard, ikke en regel.")
                % {"limit": percentage_points(limit)}
            )
        found.append(
            Suggestion(
                topic=Topic.LIST,
                subject_id=area.pk,
                kind=AgendaItem.Kind.STRATEGIC,
                title=_("Strategisk spørgsmål: %(area)s og listerne 1. december") % {"area": area.name},
                reason=" ".join(str(part) for part in parts),
                proposal=_(
                    "Sekretariatet indstiller, at bestyrelsen drøfter, hvad planens indsatser kan gøre ved de "
                    "kriterier, der er tæt på grænsen."
                ),
            )
        )
    return found


_sources: list[SuggestionSource] = [goals_off_track, overdue_action_items, spending_off_budget, areas_near_a_list]


def register_source(source: SuggestionSource) -> None:
    """Adds a source of suggestions after those already there; a source registered twice is listed once."""
    if source not in _sources:
        _sources.append(source)


def sources() -> tuple[SuggestionSource, ...]:
    """Every source of suggestions, in order: meetings' own, then those registered by other apps."""
    return tuple(_sources)


def next_board_meeting(plan: Any) -> Meeting | None:
    return (
        Meeting.objects.filter(
            plan=plan, body__kind=Body.Kind.BOARD, status=Meeting.Status.PLANNED, start__gte=timezone.now()
        )
        .select_related("body", "plan")
        .order_by("start")
        .first()
    )


def suggestions_for(meeting: Meeting, today: dt.date | None = None) -> list[Suggestion]:
    """Suggestions for a board meeting not yet on its agenda; other bodies' meetings get none."""
    if meeting.body.kind != Body.Kind.BOARD or meeting.status != Meeting.Status.PLANNED:
        return []
    today = today or timezone.localdate()
    taken = set(meeting.items.exclude(suggestion_key="").values_list("suggestion_key", flat=True))
    found: list[Suggestion] = []
    for source in sources():
        found.extend(s for s in source(meeting, today) if s.key not in taken)
    return found


def balance_advice(items: list[AgendaItem]) -> str | None:
    """The handbook's advice when fewer than half of the items ask the board to act (decide or discuss)."""
    countable = [i for i in items if i.kind != AgendaItem.Kind.FOLLOW_UP]
    if not countable:
        return None
    acting = sum(1 for i in countable if i.asks_to_act)
    if acting * 2 >= len(countable):
        return None
    return _(
        "Kun %(acting)d af %(total)d punkter beder bestyrelsen handle (beslutte eller drøfte). Håndbogen anbefaler at "
        "bruge bestyrelsen til sager, der kræver dens handling – strategiske spørgsmål, samarbejdsspørgsmål og "
        "prioriteringsspørgsmål – og ikke til status, som kan klares skriftligt, fx i en kort pixi-rapport."
    ) % {"acting": acting, "total": len(countable)}


__all__ = [
    "Suggestion",
    "SuggestionSource",
    "Topic",
    "balance_advice",
    "next_board_meeting",
    "register_source",
    "sources",
    "suggestions_for",
]
