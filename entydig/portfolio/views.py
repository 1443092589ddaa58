"""The portfolio pages: the user's portfolios, and one portfolio's plans side by side (or as XLSX)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from entydig.core import params
from entydig.core.exports import xlsx_response
from entydig.core.pdf import pdf_response, render_pdf
from entydig.core.quarters import Quarter
from entydig.portfolio.access import portfolio_for_user, portfolios_for_user
from entydig.portfolio.compare import catalogue_choices, compare_view
from entydig.portfolio.pixi import PortfolioPixi, portfolio_pixi
from entydig.portfolio.selectors import (
    ASCENDING_FIRST,
    SHOW_CHOICES,
    SORT_KEYS,
    PortfolioView,
    arranged,
    default_quarter,
    export_rows,
    portfolio_view,
    readable_plans,
)

EXPORT_FORMATS = ["xlsx"]
DIRECTIONS = ["asc", "desc"]

# The table's sortable columns, in order (the areas' column is not sorted: it holds several values).
COLUMNS = [
    ("name", _("Helhedsplan")),
    ("achieved", _("Mål nået")),
    ("on_track", _("På vej")),
    ("at_risk", _("I risiko")),
    ("off_track", _("Ikke på vej")),
    ("other", _("Andet")),
    ("next_board_meeting", _("Næste bestyrelsesmøde")),
    ("overdue_action_items", _("Overskredne handlingspunkter")),
    ("red_activities", _("Røde indsatser")),
    ("missing_reports", _("Manglende rapporter")),
    ("budget_spent_share", _("Budget brugt")),
    ("cofinancing_share", _("Lokal medfinansiering")),
]


@dataclass
class Column:
    key: str
    label: str
    href: str  # sorts by this column (the other way round when it is the sorted column)
    aria_sort: str  # "ascending", "descending" or "none"


def _arranged(request: HttpRequest, view: PortfolioView) -> tuple[PortfolioView, list[Column], dict[str, str]]:
    """`?sort=`, `?dir=`, `?show=` and `?q=`: the rows as asked, the header links and the choices made."""
    sort = params.choice(request.GET, "sort", list(SORT_KEYS), default="attention")
    direction = params.choice(request.GET, "dir", DIRECTIONS)
    show = params.choice(request.GET, "show", SHOW_CHOICES, default="all")
    q = params.text(request.GET, "q").strip()[:200]
    descending = None if not direction else direction == "desc"
    view = arranged(view, sort=sort, descending=descending, show=show, q=q)
    current_desc = descending if descending is not None else sort not in ASCENDING_FIRST
    columns = []
    for key, label in COLUMNS:
        if key == sort:
            turn = "asc" if current_desc else "desc"
            aria = "descending" if current_desc else "ascending"
        else:
            turn, aria = ("asc" if key in ASCENDING_FIRST else "desc"), "none"
        query = urlencode({k: v for k, v in {"sort": key, "dir": turn, "show": show, "q": q}.items() if v})
        columns.append(Column(key, str(label), f"?{query}", aria))
    chosen = {"sort": sort, "dir": "desc" if current_desc else "asc", "show": show, "q": q}
    return view, columns, chosen


@login_required
def portfolio_list(request: HttpRequest) -> HttpResponse:
    portfolios = portfolios_for_user(request.user).order_by("name", "pk")
    return render(request, "portfolio/list.html", {"portfolios": portfolios})


@login_required
def portfolio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per plan the user may read, sorted and filtered as asked; `?format=xlsx` downloads the table as
    shown."""
    portfolio = portfolio_for_user(request.user, pk)
    fmt = params.choice(request.GET, "format", EXPORT_FORMATS)
    view, columns, chosen = _arranged(request, portfolio_view(request.user, portfolio))
    if fmt == "xlsx":
        return xlsx_response(export_rows(view), portfolio.name, sheet_title="Portefølje")
    export = "?" + urlencode({"format": "xlsx", **{k: v for k, v in chosen.items() if v}})
    context = {"view": view, "portfolio": portfolio, "columns": columns, "chosen": chosen, "export_url": export}
    return render(request, "portfolio/detail.html", context)


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


def _pixi(request: HttpRequest, pk: int) -> PortfolioPixi:
    portfolio = portfolio_for_user(request.user, pk)
    quarter = params.parsed(request.GET, "quarter", Quarter.parse) or default_quarter()
    return portfolio_pixi(request.user, portfolio, quarter)


@login_required
def portfolio_pixi_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The portfolio's pixi report for `?quarter=` (by default the quarter that has just ended)."""
    pixi = _pixi(request, pk)
    quarters = default_quarter().back(6)[::-1]
    return render(request, "portfolio/pixi.html", {"pixi": pixi, "portfolio": pixi.portfolio, "quarters": quarters})


@login_required
def portfolio_pixi_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    pixi = _pixi(request, pk)
    data = render_pdf("portfolio/pdf/pixi.html", {"pixi": pixi})
    return pdf_response(data, f"portefoelje-{pixi.portfolio.pk}-pixi-{pixi.quarter}.pdf")
