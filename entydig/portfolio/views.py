"""The portfolio pages: the user's portfolios, and one portfolio's plans side by side (or as XLSX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entydig.core import params
from entydig.core.exports import xlsx_response
from entydig.portfolio.access import portfolio_for_user, portfolios_for_user
from entydig.portfolio.compare import catalogue_choices, compare_view
from entydig.portfolio.selectors import export_rows, portfolio_view, readable_plans

EXPORT_FORMATS = ["xlsx"]


@login_required
def portfolio_list(request: HttpRequest) -> HttpResponse:
    portfolios = portfolios_for_user(request.user).order_by("name", "pk")
    return render(request, "portfolio/list.html", {"portfolios": portfolios})


@login_required
def portfolio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per plan the user may read; `?format=xlsx` downloads the table."""
    portfolio = portfolio_for_user(request.user, pk)
    fmt = params.choice(request.GET, "format", EXPORT_FORMATS)
    view = portfolio_view(request.user, portfolio)
    if fmt == "xlsx":
        return xlsx_response(export_rows(view), portfolio.name, sheet_title="Portefølje")
    return render(request, "portfolio/detail.html", {"view": view, "portfolio": portfolio})


@login_required
def portfolio_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """One catalogue indicator (`?indicator=CODE`) across the plans the user may read, as small multiples and a
    table; without a code, the choice of the catalogue indicators the plans have taken."""
    portfolio = portfolio_for_user(request.user, pk)
    plans = readable_plans(request.user, portfolio)
    choices = catalogue_choices(plans)
    code = params.choice(request.GET, "indicator", [c.code for c in choices])
    entry = next((c for c in choices if c.code == code), None) if code else None
    view = compare_view(portfolio, plans, entry) if entry is not None else None
    return render(
        request, "portfolio/compare.html", {"portfolio": portfolio, "choices": choices, "entry": entry, "view": view}
    )
