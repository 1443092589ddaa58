"""`GET /api/v1/portfolios` and `GET /api/v1/portfolios/{id}`: the portfolio page's rows, for the plans the caller
may read (the same selector as the page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from entydig.catalogue.models import CatalogueIndicator
from entydig.core.api import READ_ERRORS, InputSchema, api_user
from entydig.portfolio.access import portfolio_for_user, portfolios_for_user
from entydig.portfolio.compare import Figure, compare_view
from entydig.portfolio.selectors import PlanRow, portfolio_view, readable_plans

router = Router(tags=["portfolio"])


class PortfolioListOut(Schema):
    id: int
    name: str


# The portfolio's rows are plain dicts built from the cached rows: plain pydantic models validate them without
# ninja's getter for model instances (a hundred plans with a thousand areas: half the endpoint's time).
class GoalStatusesOut(BaseModel):
    achieved: int
    on_track: int
    at_risk: int
    off_track: int
    other: int


class PortfolioAreaOut(BaseModel):
    id: int
    name: str
    list_status: str | None


class PlanRowOut(BaseModel):
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


class PortfolioOut(BaseModel):
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


class CompareQuery(InputSchema):
    indicator: str = Field(
        min_length=1, max_length=40, description="Katalogindikatorens kode", examples=["beskaeftigede-18-64"]
    )


class FigureOut(Schema):
    period: str = Field(description="Periodens kode, fx 2026Q3")
    value: Decimal | None = Field(description="null: diskretioneret (færre end tærsklen) eller ukendt")
    suppressed: bool


class CompareAreaOut(Schema):
    id: int
    name: str
    latest: FigureOut | None


class ComparePlanOut(Schema):
    id: int
    name: str
    indicator_id: int | None = Field(description="null: planen har ikke taget indikatoren i brug fra kataloget")
    status: str | None = Field(description="Indikatorens status i planen")
    latest: FigureOut | None = Field(description="Seneste brugbare tal for planen som helhed")
    trend: Decimal | None = Field(description="Seneste brugbare tal minus det forrige")
    target_value: Decimal | None
    target_period: str | None
    areas: list[CompareAreaOut]


class CompareIndicatorOut(Schema):
    code: str
    name: str
    unit: str


class CompareOut(Schema):
    indicator: CompareIndicatorOut
    national: FigureOut | None = Field(description="Seneste landstal")
    plans: list[ComparePlanOut]


def _figure_out(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {"period": figure.period, "value": figure.value, "suppressed": figure.suppressed}


@router.get(
    "/portfolios/{portfolio_id}/compare",
    response={200: CompareOut, **READ_ERRORS},
    summary="Én katalogindikator på tværs af porteføljens planer / One catalogue indicator across the plans",
)
def portfolio_compare(request: HttpRequest, portfolio_id: int, query: Query[CompareQuery]) -> dict[str, Any]:
    """Each plan the caller may read with the indicator's latest figure, trend and target and its areas' latest
    figures; suppressed figures are null with `suppressed` true, as everywhere else."""
    user = api_user(request)
    portfolio = portfolio_for_user(user, portfolio_id)
    entry = CatalogueIndicator.objects.filter(code=query.indicator).first()
    if entry is None:
        message = _("Kataloget har ingen indikator med koden »%(code)s«") % {"code": query.indicator}
        raise ValidationError({"indicator": message})
    view = compare_view(portfolio, readable_plans(user, portfolio), entry)
    plans = []
    for row in view.plans:
        indicator = row.indicator
        plans.append(
            {
                "id": row.plan.pk,
                "name": row.plan.name,
                "indicator_id": indicator.pk if indicator is not None else None,
                "status": row.status.status if row.status is not None else None,
                "latest": _figure_out(row.latest),
                "trend": row.trend,
                "target_value": indicator.target_value if indicator is not None else None,
                "target_period": (indicator.target_period or None) if indicator is not None else None,
                "areas": [{"id": a.area.pk, "name": a.area.name, "latest": _figure_out(a.latest)} for a in row.areas],
            }
        )
    indicator_out = {"code": entry.code, "name": entry.name, "unit": entry.unit}
    return {"indicator": indicator_out, "national": _figure_out(view.national), "plans": plans}
