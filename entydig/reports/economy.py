"""The money in the board's reports: the pixi report's short economy section (spent against the budget per effort
area, and the one line that matters) and the board pack's budget overview, both from the budget app's reads.

These are kroner, not people: the suppression of small counts does not apply to them.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from entydig.budget.finance import FinanceRow, plan_finance
from entydig.budget.models import Funder
from entydig.budget.money import kroner, percent, whole_percent
from entydig.budget.selectors import budget_overview
from entydig.core.pdf import render_pdf
from entydig.core.quarters import Quarter
from entydig.meetings.models import AgendaItem
from entydig.organisation.models import Plan


def _row(row: FinanceRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "budget": kroner(row.budget),
        "spent": kroner(row.spent),
        "spent_share": whole_percent(row.spent_share) if row.spent_share is not None else "–",
        "forecast_share": whole_percent(row.forecast_share) if row.forecast_share is not None else "–",
        "flag": row.flag or "",
    }


def _line(rows: list[FinanceRow], total: FinanceRow | None) -> str:
    """The one line that matters: the post furthest off its budget, if any is off by the threshold; else the
    plan's own line."""
    findings = [(abs(r.variance), r) for r in rows if r.flag and r.variance is not None]
    if findings:
        return max(findings, key=lambda pair: pair[0])[1].reason
    return total.reason if total is not None else ""


def economy_section(plan: Plan, quarter: Quarter) -> dict[str, Any]:
    """The pixi report's economy in the quarter's year, as plain data (a published report keeps it); empty when
    the plan has no budget."""
    report = plan_finance(plan, quarter.year)
    if report.version is None or report.total is None:
        return {}
    return {
        "year": report.year,
        "quarter_label": report.quarter_label,
        "areas": [_row(block.total) for block in report.areas],
        "total": _row(report.total),
        "line": _line(report.rows, report.total),
        "url": reverse("budget:finance", args=[plan.pk]) + f"?year={report.year}",
    }


def has_budget_item(items: list[AgendaItem]) -> bool:
    """An agenda with a budget item: the approval of accounts or budget, or a prioritisation item that moves money."""
    return any(
        item.kind == AgendaItem.Kind.APPROVAL
        or (item.kind == AgendaItem.Kind.PRIORITISATION and bool(item.reallocations.all()))
        for item in items
    )


def budget_overview_pdf(plan: Plan) -> bytes:
    """The budget in force on one page: totals per year and funder, each post over the period, co-financing."""
    overview = budget_overview(plan)
    period = overview.check.period
    return render_pdf(
        "reports/pdf/budget_overview.html",
        {
            "plan": plan,
            "overview": overview,
            "years": [(year, kroner(overview.totals.by_year.get(year))) for year in overview.years],
            "funders": [(label, kroner(amount)) for label, amount in _funders(overview.totals.by_funder)],
            "posts": [(post.name, kroner(amount)) for post, amount in overview.by_post],
            "total": kroner(overview.totals.total),
            "in_kind": kroner(overview.totals.in_kind),
            "local_share": percent(period.local_share),
            "lbf_share": percent(period.lbf_share),
            "minimum": percent(period.rules.local_minimum, 0),
            "ok": overview.check.ok,
            "short_years": [str(s.year) for s in overview.check.short_years],
        },
    )


def _funders(by_funder: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(str(Funder(f).label), by_funder[f]) for f in Funder.values if f in by_funder]


__all__ = ["budget_overview_pdf", "economy_section", "has_budget_item"]
