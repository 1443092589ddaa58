"""Turning pixi content (plain data) into what the templates show: charts as data URIs, dates as dates."""

from __future__ import annotations

import base64
import copy
import datetime as dt
from typing import Any

from entydig.core.pdf import render_pdf
from entydig.core.quarters import Quarter
from entydig.organisation.models import Plan
from entydig.reports.models import PixiPublication
from entydig.reports.pixi import pixi_build, render_charts


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def pixi_view(content: dict[str, Any], charts: dict[str, str]) -> dict[str, Any]:
    view = copy.deepcopy(content)
    for goal in view["goals"]:
        svg = charts.get(str(goal["id"]))
        goal["chart_uri"] = _data_uri(svg) if svg else None
    board = view["board"]
    if board.get("meeting"):
        board["meeting"]["start"] = dt.date.fromisoformat(board["meeting"]["start"])
    for action in board["overdue"]:
        action["due"] = dt.date.fromisoformat(action["due"])
    previous = view["changes"].get("previous")
    if previous:
        previous["published_at"] = dt.date.fromisoformat(previous["published_at"])
    view["built_on"] = dt.date.fromisoformat(view["built_on"])
    acts = view["activities"]
    for rag in ("red", "yellow", "green", "missing"):
        acts[rag] = [a for a in acts["items"] if a["rag"] == rag]
    return view


def pixi_for(
    plan: Plan, quarter: Quarter, *, version: int | None = None, live: bool = False
) -> tuple[dict[str, Any], dict[str, str], PixiPublication | None]:
    """The published version (the latest, or `version`), or the live build when none is published or `live`."""
    publication = None
    if not live:
        found = PixiPublication.objects.filter(plan=plan, quarter=str(quarter))
        if version is not None:
            found = found.filter(version=version)
        publication = found.order_by("-version").first()
    if publication is not None:
        return publication.content, publication.charts, publication
    content = pixi_build(plan, quarter)
    return content, render_charts(content), None


def pixi_pdf(content: dict[str, Any], charts: dict[str, str], publication: PixiPublication | None) -> bytes:
    return render_pdf(
        "reports/pdf/pixi.html", {"pixi": pixi_view(content, charts), "publication": publication, "links": False}
    )
