"""Query-count guards: the board's pages run the same number of queries at 5 and at 50 goals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import features, figures, generator
from entydig.organisation.models import Plan


def _plan(index: int, goals: int) -> Plan:
    scale = generator.Scale(plans=1, areas=2, years=3, seed=3, goals=goals, indicators=2 * goals)
    return generator.generate_plan(index, scale, generator.load_effort_areas(), generator.Counts()).plan


def _count(plan: Plan, url_of: Callable[[Plan], str | None]) -> tuple[int, str]:
    url = url_of(plan)
    assert url is not None, "the page is missing"
    client = figures.client_for(figures.board_user(plan))
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_of", "expected_text"),
    [
        (features.dashboard_url, "Overordnet mål 25 for"),
        (features.meeting_url, "Punkt 28"),
        (features.followup_url, "Følg op på punkt"),
    ],
    ids=["dashboard", "meeting page", "follow-up list"],
)
def test_it_runs_as_many_queries_at_50_goals_as_at_5(url_of: Callable[[Plan], str | None], expected_text: str) -> None:
    few, _text = _count(_plan(900, 5), url_of)
    many, text = _count(_plan(901, 50), url_of)
    assert expected_text in text  # the rows of the big plan are really on the page
    assert few == many


@pytest.mark.django_db
def test_the_finance_page_runs_as_many_queries_at_50_activities_as_at_5() -> None:
    effort_areas = generator.load_effort_areas()

    def plan(index: int, activities: int) -> Plan:
        scale = generator.Scale(plans=1, areas=2, years=3, seed=3, activities=activities)
        return generator.generate_plan(index, scale, effort_areas, generator.Counts()).plan

    few, _text = _count(plan(910, 5), features.finance_url)
    many, text = _count(plan(911, 50), features.finance_url)
    assert "Lektiecafé 6" in text  # the 50th activity's row is really on the page
    assert few == many
