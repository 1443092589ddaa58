"""`GET /api/v1/portfolios` and `GET /api/v1/portfolios/{id}`: the portfolio page's rows, for the plans the caller
may read (the same selector as the page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from entydig.core.api import READ_ERRORS, api_user
from entydig.portfolio.access import portfolio_for_user, portfolios_for_user
from entydig.portfolio.selectors import PlanRow, portfolio_view

router = Router(tags=["portfolio"])


class PortfolioListOut(Schema):
    id: int
    name: str


class GoalStatusesOut(Schema):
    achieved: int
    on_track: int
    at_risk: int
    off_track: int
    other: int


class PortfolioAreaOut(Schema):
    id: int
    name: str
    list_status: str | None


class PlanRowOut(Schema):
    id: int
    name: str
    goal_statuses: GoalStatusesOut
    next_board_meeting: str | None
    agenda_late: bool
    overdue_action_items: int
    red_activities: int
    missing_reports: int
    budget_spent_share: Decimal | None
    cofinancing_share: Decimal | None
    areas: list[PortfolioAreaOut]


class PortfolioOut(Schema):
    id: int
    name: str
    plans: list[PlanRowOut]


def _row(row: PlanRow) -> dict[str, Any]:
    meeting = row.next_board_meeting
    return {
        "id": row.plan.pk,
        "name": row.plan.name,
        "goal_statuses": row.goal_statuses,
        "next_board_meeting": meeting.start.isoformat() if meeting is not None else None,
        "agenda_late": row.agenda_late,
        "overdue_action_items": row.overdue_action_items,
        "red_activities": row.red_activities,
        "missing_reports": row.missing_reports,
        "budget_spent_share": row.budget_spent_share,
        "cofinancing_share": row.cofinancing_share,
        "areas": [{"id": a.area.pk, "name": a.area.name, "list_status": a.list_status} for a in row.areas],
    }


@router.get(
    "/portfolios",
    response={200: list[PortfolioListOut], **READ_ERRORS},
    summary="Dine porteføljer / Your portfolios",
)
def portfolio_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The portfolios the caller reads, or reads one of the plans of."""
    rows = portfolios_for_user(api_user(request)).order_by("name", "pk")
    return [{"id": p.pk, "name": p.name} for p in rows]


@router.get(
    "/portfolios/{portfolio_id}",
    response={200: PortfolioOut, **READ_ERRORS},
    summary="En portefølje med dens planer / A portfolio with its plans",
)
def portfolio_detail(request: HttpRequest, portfolio_id: int) -> dict[str, Any]:
    """One row per plan of the portfolio the caller may read, those needing most attention first; `list_status` of
    an area is its status on this year's list computed from the plan's measurements (null: a value is missing)."""
    user = api_user(request)
    portfolio = portfolio_for_user(user, portfolio_id)
    view = portfolio_view(user, portfolio)
    return {"id": portfolio.pk, "name": portfolio.name, "plans": [_row(r) for r in view.rows]}
