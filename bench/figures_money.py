"""The money figures of `make bench`: the finance page at national scale (every plan with a budget and 20 years of
quarterly spending) against the minimal page, and its query count for 5 and for 50 activities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.test import Client

from bench import features, generator
from bench import figures as f  # the bench's own helpers (figures imports this module; used at call time)

if TYPE_CHECKING:
    from entydig.organisation.models import Plan


def finance(report: f.Report, plan: Plan, client: Client, minimal_url: str, effort_areas: dict[str, Any]) -> None:
    figure = "finance page ÷ minimal page server time (median)"
    url = features.finance_url(plan)
    if url is None:
        report.add(figure, f.MISSING, "≤ 5", False)
        report.add("SQL queries of the finance page, 5 vs 50 activities", f.MISSING, "equal", False)
        return
    finance_ms, minimal_ms = f.server_times(client, [url, minimal_url])
    report.add(
        figure,
        f"{f.fmt(f.ratio(finance_ms, minimal_ms))} ({f.fmt(finance_ms, 1)} ÷ {f.fmt(minimal_ms, 1)} ms)",
        "≤ 5",
        f.ratio(finance_ms, minimal_ms) <= 5,
    )
    counted = {}
    for index, activities in ((910, 5), (911, 50)):
        small = generator.Scale(plans=1, areas=3, years=20, seed=1, activities=activities)
        with transaction.atomic():
            data = generator.generate_plan(index, small, effort_areas, generator.Counts())
        small_url = features.finance_url(data.plan)
        assert small_url is not None
        counted[activities] = f.query_count(f.client_for(f.board_user(data.plan)), small_url)
    report.add(
        "SQL queries of the finance page, 5 vs 50 activities",
        f"{counted[5]} vs {counted[50]}",
        "equal",
        counted[5] == counted[50],
    )
