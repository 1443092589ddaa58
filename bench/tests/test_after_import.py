"""The bench's 'first request after an import' row: every sample imports new figures, then asks the dashboard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import features, figures, generator
from entydig.monitoring.models import Measurement


@pytest.mark.django_db
def test_it_times_a_dashboard_that_no_cache_can_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    scale = generator.Scale(plans=1, areas=2, years=2, seed=3)
    plan = generator.generate_plan(0, scale, generator.load_effort_areas(), generator.Counts()).plan
    last = f"{generator.LAST_YEAR}Q4"
    imported = Measurement.objects.filter(
        indicator__plan=plan, period=last, series__in=["area", "plan"], value__isnull=False
    )
    before = dict(imported.values_list("pk", "value"))
    client = figures.client_for(figures.board_user(plan))
    monkeypatch.setattr(figures, "SERVER_SAMPLES", 3)
    report = figures.Report()

    with CaptureQueriesContext(connection) as ctx:
        figures.dashboard_after_import(report, plan, client, features.dashboard_url(plan), features.minimal_url())

    [row] = report.rows
    assert row.figure.startswith("dashboard's first request after an import") and row.goal == "≤ 3"
    after = dict(imported.values_list("pk", "value"))
    assert before and before.keys() == after.keys()
    assert all(after[pk] == before[pk] + Decimal("0.1") for pk in before)  # type: ignore[operator]  # up, down, up
    statuses = [q["sql"] for q in ctx.captured_queries if "DENSE_RANK" in q["sql"]]
    assert len(statuses) == 1 + 3  # the warm-up's first request, then each sample's: computed afresh every time
