"""The portfolio figures of `make bench`: the portfolio page (and its API) over every national-scale plan against the
minimal page, and its query count for a portfolio of a few plans and one of them all, read by a portfolio reader."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from bench import figures as f  # the bench's own helpers (figures imports this module; used at call time)
from bench import generator
from entydig.accounts.models import User
from entydig.organisation.models import Area, Plan
from entydig.portfolio.models import Portfolio
from entydig.portfolio.services import portfolio_create

FEW = 10  # the plans of the small portfolio whose query count the big one's must equal


def national_plans(count: int) -> list[Plan]:
    """The generated plans 0 to count - 1, without the extra plans other figures add (900, 910, ...)."""
    return list(Plan.objects.filter(name__in=[generator.plan_name(i) for i in range(count)]).order_by("pk"))


def _portfolio(name: str, plans: list[Plan], reader: User) -> Portfolio:
    return portfolio_create(actor=None, name=name, plans=plans, readers=[reader])


def _check_rows(client: Client, url: str, plans: list[Plan]) -> None:
    """The page really lists every plan: a page that shows fewer would be fast for the wrong reason."""
    text = f.get_ok(client, url).content.decode()
    missing = [p.name for p in plans if escape(p.name) not in text]
    if missing:
        raise RuntimeError(f"GET {url} leaves out {len(missing)} of {len(plans)} plans, e.g. {missing[0]}")


def portfolio_page(report: f.Report, plans: list[Plan], minimal_url: str) -> None:
    # A reader of the portfolios only: no membership, no grant; the portfolios alone let them read the plans.
    reader, _created = User.objects.get_or_create(username="bench-portfolio-reader")
    every = _portfolio(f"Alle {len(plans)} helhedsplaner", plans, reader)
    few = _portfolio(f"{FEW} helhedsplaner", plans[:FEW], reader)
    client = f.client_for(reader)
    pages = {p: reverse("portfolio:detail", args=[p.pk]) for p in (every, few)}
    apis = {p: f"/api/v1/portfolios/{p.pk}" for p in (every, few)}
    _check_rows(client, pages[every], plans)
    if len(f.get_ok(client, apis[every]).json()["plans"]) != len(plans):
        raise RuntimeError(f"GET {apis[every]} leaves out plans")
    page_ms, few_ms, api_ms, minimal_ms = f.server_times(client, [pages[every], pages[few], apis[every], minimal_url])
    for name, ms in (("portfolio page", page_ms), ("portfolio API (GET /api/v1/portfolios/{id})", api_ms)):
        report.add(
            f"{name}, all {len(plans)} plans ÷ minimal page server time (median)",
            f"{f.fmt(f.ratio(ms, minimal_ms))} ({f.fmt(ms, 1)} ÷ {f.fmt(minimal_ms, 1)} ms)",
            "≤ 5",
            f.ratio(ms, minimal_ms) <= 5,
        )
    for name, urls in (("portfolio page", pages), ("portfolio API", apis)):
        small, big = f.query_count(client, urls[few]), f.query_count(client, urls[every])
        report.add(
            f"SQL queries of the {name}, {len(plans[:FEW])} plans vs {len(plans)} plans",
            f"{small} vs {big}",
            "equal",
            small == big,
        )
    areas = Area.objects.filter(plan__in=plans).count()
    report.facts.append(
        f"Portfolio: read by a user whose only access is being a reader of the portfolios; the page of all "
        f"{len(plans)} plans lists their {areas} areas with this year's list status. The page of the first "
        f"{len(plans[:FEW])} plans takes {f.fmt(few_ms, 1)} ms (median), all {len(plans)} take {f.fmt(page_ms, 1)} ms."
    )
