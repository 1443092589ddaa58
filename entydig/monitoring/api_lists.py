"""`GET /api/v1/areas/{id}/list-status`: an area's status on the 1 December lists from the plan's measurements."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from entydig.catalogue.lists.api import ClassifyOut, Status, result_out
from entydig.core.api import READ_ERRORS, CalendarYear, InputSchema, api_user
from entydig.monitoring.list_status import area_list_status
from entydig.organisation.access import plan_for_user
from entydig.organisation.models import Area

router = Router(tags=["monitoring"])


class ListStatusQuery(InputSchema):
    list_year: CalendarYear | None = Field(None, description="Listens år (1. december); som standard i år")
    ruleset: Literal["2010", "2013", "2018", "2021"] = Field("2021", description="Reglerne; de gældende som standard")


class ValuesOut(Schema):
    residents: int | None
    pct_nonwestern: Decimal | None
    pct_outside_labour_edu: Decimal | None
    pct_convicted: Decimal | None
    national_pct_convicted: Decimal | None
    pct_basic_edu: Decimal | None
    income_pct_of_region: Decimal | None


class HistoryOut(Schema):
    list_year: int
    status: Status | None


class ForecastOut(Schema):
    list_year: int
    values: ValuesOut
    result: ClassifyOut


class AreaListStatusOut(Schema):
    area_id: int
    area_name: str
    values: ValuesOut = Field(description="Kriterieværdierne for listens år fra planens målinger")
    result: ClassifyOut
    history: list[HistoryOut] = Field(description="Tidligere år beregnet af planens målinger (ikke de udgivne lister)")
    forecast: ForecastOut = Field(description="Næste liste efter hvert kriteriums lineære tendens")


@router.get(
    "/areas/{area_id}/list-status",
    response={200: AreaListStatusOut, **READ_ERRORS},
    summary="Boligområdets status på listerne 1. december (almenboligloven § 61 a og § 61 b)",
)
def list_status(request: HttpRequest, area_id: int, query: Query[ListStatusQuery]) -> AreaListStatusOut:
    area = Area.objects.filter(pk=area_id).first()
    if area is None:
        raise Http404
    plan_for_user(api_user(request), area.plan_id)
    list_year = query.list_year or timezone.localdate().year
    status = area_list_status(area=area, list_year=list_year, ruleset=query.ruleset)
    return AreaListStatusOut(
        area_id=area.pk,
        area_name=area.name,
        values=ValuesOut.model_validate(status.values),
        result=result_out(status.result),
        history=[
            HistoryOut(list_year=year, status=s)  # type: ignore[arg-type]  # a str; pydantic checks it against Status
            for year, s in status.history
        ],
        forecast=ForecastOut(
            list_year=status.list_year + 1,
            values=ValuesOut.model_validate(status.forecast.values),
            result=result_out(status.forecast.result),
        ),
    )
