"""The secretariat's part of the front page, per plan: agendas to send, missing progress reports, overdue action
items, figures not updated for a year, organisation and goal advice.

A secretariat may serve a hundred plans, and recounting and re-rendering every plan on every visit takes far longer
than the page may (`make bench`: the secretariat's front page). Everything in the section follows from the plan's
data and the day, so each plan's section is rendered once and cached under its data stamp (`entydig/core/stamps.py`:
every audited write replaces it; the plan's name, municipality and period in its heading too), today's date, the
language and the stamps of the plans whose secretariats also
serve it (their members count in its organisation). Plans whose data changed are computed together, with the
many-plan form of each app's own rule, so the number of queries does not grow with the number of plans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from entydig.core.quarters import Quarter
from entydig.core.stamps import plan_cache_key, plans_cached, stamps
from entydig.goals.checks import goal_checks_of_plans
from entydig.meetings.models import ActionItem
from entydig.meetings.selectors import MeetingRow, deadline_dashboards
from entydig.monitoring.models import Indicator
from entydig.organisation.advice import advice_of_plans
from entydig.organisation.models import Body, Plan
from entydig.reports.selectors import missing_activities_of_plans

# Figures whose newest value was entered before this many days ago are called out to the secretariat.
STALE_AFTER = dt.timedelta(days=365)


@dataclass
class SecretariatView:
    agendas: list[MeetingRow]
    quarter: Quarter
    missing_reports: int
    overdue_actions: int
    stale_indicators: list[int]  # indicator ids, in code order
    organisation_advice: int
    goal_advice: int

    @property
    def late(self) -> int:
        """Overdue action items and agendas past their deadline: what puts the plan first on the page."""
        return self.overdue_actions + sum(1 for row in self.agendas if row.deadline.state == "overdue")


@dataclass(frozen=True)
class SecretariatSection:
    html: str  # the secretariat's table, for a plan where the person has other sections too
    section: str  # the whole plan section with its heading, for a plan where the person is only its secretariat
    late: int
    organisation_advice: int
    goal_advice: int

    @property
    def safe_html(self) -> SafeString:
        return mark_safe(self.html)  # noqa: S308 (rendered by our own template, autoescaped)

    @property
    def safe_section(self) -> SafeString:
        return mark_safe(self.section)  # noqa: S308 (rendered by our own template, autoescaped)


def secretariat_sections(plans: list[Plan], today: dt.date) -> dict[int, SecretariatSection]:
    """The section of each of `plans`, by plan id: from the cache where the plan's data has not changed today."""
    ids = [p.pk for p in plans]
    serving: dict[int, set[int]] = defaultdict(set)  # plan -> plans whose secretariats also serve it
    through = Body.also_serves.through.objects.filter(plan_id__in=ids)
    for home, served in through.values_list("body__plan_id", "plan_id"):
        serving[served].add(home)
    tokens = stamps({*ids, *(pk for homes in serving.values() for pk in homes)})
    keys = {
        pk: plan_cache_key(
            pk, "front-secretariat", token=tokens[pk], vary=[today.isoformat(), *sorted(tokens[h] for h in serving[pk])]
        )
        for pk in ids
    }
    by_pk = {p.pk: p for p in plans}
    return plans_cached(keys, lambda changed: _build([by_pk[pk] for pk in changed], today))


def _build(plans: list[Plan], today: dt.date) -> dict[int, SecretariatSection]:
    # The quarter whose reports are being collected now: the one that has just ended.
    quarter = Quarter.current().previous()
    overdue = ActionItem.objects.filter(plan__in=plans, status=ActionItem.Status.OPEN, due__lt=today)
    overdue_counts = dict(overdue.values_list("plan_id").annotate(n=Count("pk")).order_by())
    agendas = deadline_dashboards(plans, today)
    missing = missing_activities_of_plans(plans, quarter)
    advice = advice_of_plans(plans)
    checks = goal_checks_of_plans(plans)
    cutoff = timezone.make_aware(dt.datetime.combine(today - STALE_AFTER, dt.time.min))
    stale: dict[int, list[int]] = defaultdict(list)
    indicators = (
        Indicator.objects.filter(plan__in=plans)
        .annotate(last_entered=Max("measurements__updated_at"))
        .order_by("code", "pk")
        .values_list("pk", "plan_id", "last_entered")
    )
    for pk, plan_id, entered in indicators:
        if entered is None or entered < cutoff:
            stale[plan_id].append(pk)
    sections = {}
    for plan in plans:
        view = SecretariatView(
            agendas=agendas[plan.pk],
            quarter=quarter,
            missing_reports=len(missing[plan.pk]),
            overdue_actions=overdue_counts.get(plan.pk, 0),
            stale_indicators=stale[plan.pk],
            organisation_advice=len(advice[plan.pk]),
            goal_advice=sum(len(check.findings) for check in checks[plan.pk]),
        )
        html = render_to_string("home/_secretariat.html", {"plan": plan, "s": view})
        section = render_to_string("home/_secretariat_plan.html", {"plan": plan, "inner": mark_safe(html)})  # noqa: S308
        sections[plan.pk] = SecretariatSection(html, section, view.late, view.organisation_advice, view.goal_advice)
    return sections
