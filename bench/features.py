"""Where the measured pages and renderers live; each answers None while its feature has not landed."""

from __future__ import annotations

import importlib
from collections.abc import Callable
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
    return _url("meetings:followup", plan.pk)


def pixi_renderer(plan: Plan) -> Callable[[], tuple[str, bytes]] | None:
    """A function rendering the plan's pixi report to (HTML, PDF bytes), or None."""
    try:
        importlib.import_module("entydig.reports.pdf")
    except ImportError:
        return None
    return None
