"""The REST API under /api/v1/: one NinjaAPI over every app's router (the top floor: it imports them all)."""

from __future__ import annotations

from ninja import NinjaAPI

from entydig.accounts.api_auth import API_AUTH, docs_login_required
from entydig.budget.api import router as budget_router
from entydig.catalogue.api import router as catalogue_router
from entydig.catalogue.lists.api import router as lists_router
from entydig.core.api import install_error_handlers
from entydig.goals.api import router as goals_router
from entydig.meetings.api import router as meetings_router
from entydig.meetings.api_reallocations import router as reallocations_router
from entydig.monitoring.api import router as monitoring_router
from entydig.monitoring.api_lists import router as list_status_router
from entydig.organisation.api import router as organisation_router
from entydig.organisation.api_advice import router as advice_router
from entydig.portfolio.api import router as portfolio_router
from entydig.reports.api import router as reports_router

api = NinjaAPI(
    title="Entydig API",
    version="1",
    description=(
        "Entydig: organisation, mål, møder og rapporter for boligsociale helhedsplaner.\n\n"
        "Log ind i browseren, eller opret en personlig API-nøgle på din profilside (/accounts/profile/) "
        "og send den som `Authorization: Bearer <nøgle>`. Svar og fejlbeskeder er på dansk; send "
        "`Accept-Language: en` for engelsk."
    ),
    auth=API_AUTH,
    docs_decorator=docs_login_required,
    urls_namespace="api",
)
install_error_handlers(api)

for router in (
    organisation_router,
    reports_router,
    advice_router,
    goals_router,
    monitoring_router,
    list_status_router,
    meetings_router,
    reallocations_router,
    budget_router,
    catalogue_router,
    lists_router,
    portfolio_router,
):
    api.add_router("", router)
