"""The portfolio's pixi report: one page per quarter for the portfolio's readers, each plan's headline (from the
pixi report its secretariat published to the board) and what needs their attention, as HTML and PDF.

It only assembles: the rows are the portfolio page's (`portfolio_view`), the headlines the plans' published pixi
reports; nothing is computed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entydig.core.quarters import Quarter
from entydig.portfolio.models import Portfolio
from entydig.portfolio.selectors import PlanRow, portfolio_view
from entydig.reports.models import PixiPublication


@dataclass
class Headline:
    text: str
    published_at: dt.datetime
    version: int


@dataclass
class PlanPage:
    row: PlanRow
    headline: Headline | None  # None: the plan's pixi report for the quarter is not published
    attention: list[str]  # what needs the readers' attention, one sentence each
    pixi_url: str


@dataclass
class PortfolioPixi:
    portfolio: Portfolio
    quarter: Quarter
    plans: list[PlanPage]
    built_on: dt.date

    @property
    def in_trouble(self) -> int:
        return sum(1 for p in self.plans if p.attention)


def _headlines(plan_ids: list[int], quarter: Quarter) -> dict[int, Headline]:
    """The headline of each plan's newest published pixi report for the quarter (one query)."""
    newest = PixiPublication.objects.filter(plan=OuterRef("plan"), quarter=str(quarter)).order_by("-version")
    rows = PixiPublication.objects.filter(
        plan_id__in=plan_ids, quarter=str(quarter), pk=Subquery(newest.values("pk")[:1])
    ).values_list("plan_id", "content__headline", "published_at", "version")
    return {plan_id: Headline(str(text or ""), at, version) for plan_id, text, at, version in rows}


def attention(row: PlanRow) -> list[str]:
    """The row's figures that need attention, as sentences (empty: nothing does)."""
    goals = row.goal_statuses
    counted = [
        (goals["off_track"], ngettext("%(n)s mål er ikke på vej.", "%(n)s mål er ikke på vej.", goals["off_track"])),
        (goals["at_risk"], ngettext("%(n)s mål er i risiko.", "%(n)s mål er i risiko.", goals["at_risk"])),
    ]
    out = [text % {"n": n} for n, text in counted if n]
    meeting = row.next_board_meeting
    if meeting is not None and row.agenda_late:
        day = date_format(timezone.localtime(meeting.start).date(), "d.m.Y")
        out.append(_("Dagsordenen til bestyrelsesmødet %(day)s er ikke sendt ud til tiden.") % {"day": day})
    counted = [
        (
            row.overdue_action_items,
            ngettext(
                "%(n)s handlingspunkt har overskredet fristen.",
                "%(n)s handlingspunkter har overskredet fristen.",
                row.overdue_action_items,
            ),
        ),
        (
            row.red_activities,
            ngettext("%(n)s indsats er rapporteret rød.", "%(n)s indsatser er rapporteret røde.", row.red_activities),
        ),
        (
            row.missing_reports,
            ngettext("%(n)s fremdriftsrapport mangler.", "%(n)s fremdriftsrapporter mangler.", row.missing_reports),
        ),
    ]
    out += [text % {"n": n} for n, text in counted if n]
    return out


def portfolio_pixi(user: Any, portfolio: Portfolio, quarter: Quarter) -> PortfolioPixi:
    """The portfolio's pixi report for `quarter`, over the plans `user` may read; the plans in most trouble first."""
    view = portfolio_view(user, portfolio, quarter=quarter)
    headlines = _headlines([r.plan.pk for r in view.rows], quarter)
    pages = [
        PlanPage(
            row,
            headlines.get(row.plan.pk),
            attention(row),
            reverse("reports:pixi", args=[row.plan.pk]) + f"?quarter={quarter}",
        )
        for row in view.rows
    ]
    return PortfolioPixi(portfolio, quarter, pages, timezone.localdate())
