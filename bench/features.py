"""Where the measured pages and renderers live; each answers None while its feature has not landed."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from entydig.organisation.models import Plan


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def minimal_url() -> str:
    """The smallest logged-in page on the base layout."""
    return reverse("about")


def dashboard_url(plan: Plan) -> str | None:
    return _url("goals:dashboard", plan.pk)


def _meeting_model() -> Any | None:
    try:
        return apps.get_model("meetings", "Meeting")
    except LookupError:
        return None


def meeting_url(plan: Plan) -> str | None:
    """The page of the plan's board meeting with the most agenda items."""
    meeting_model = _meeting_model()
    if meeting_model is None:
        return None
    from django.db.models import Count

    meeting = (
        meeting_model.objects.filter(plan=plan, body__kind="board")
        .annotate(n=Count("items"))
        .order_by("-n", "pk")
        .first()
    )
    if meeting is None:
        return None
    return _url("meetings:meeting", plan.pk, meeting.pk)


def followup_url(plan: Plan) -> str | None:
    if _meeting_model() is None:
        return None
    return _url("meetings:follow_up", plan.pk)


def finance_url(plan: Plan) -> str | None:
    """The plan's finance page (budget, spending, forecast and variance per activity) for its last year of spending."""
    url = _url("budget:finance", plan.pk)
    return f"{url}?year={min(plan.period_end.year, 2025)}" if url else None


def pixi_pdf_url(plan: Plan) -> str | None:
    """The live pixi report of the current quarter as PDF (built, charted and rendered on request)."""
    url = _url("reports:pixi_pdf", plan.pk)
    return f"{url}?live=1" if url else None


def pixi_html(plan: Plan) -> str:
    """The HTML the pixi PDF is rendered from, frozen: WeasyPrint's floor for a document of its size."""
    from django.template.loader import render_to_string

    from entydig.core.quarters import Quarter
    from entydig.reports.render import pixi_for, pixi_view

    content, charts, publication = pixi_for(plan, Quarter.current(), live=True)
    context = {"pixi": pixi_view(content, charts), "publication": publication, "links": False}
    return render_to_string("reports/pdf/pixi.html", context)
