"""The bench's list rows: classifying every area on every list year, as a fact beside the minimal page, and the same
query count for a few areas as for all of them."""

from __future__ import annotations

import pytest

from bench import features, figures, figures_lists, figures_portfolio, generator
from entydig.accounts.models import User
from entydig.organisation.models import Area


@pytest.mark.django_db
def test_it_classifies_every_area_on_every_list_year_in_as_many_queries_as_a_few(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scale = generator.Scale(plans=3, areas=8, years=4, seed=5)
    effort_areas = generator.load_effort_areas()
    for index in range(scale.plans):
        generator.generate_plan(index, scale, effort_areas, generator.Counts())
    monkeypatch.setattr(figures, "SERVER_SAMPLES", 2)
    monkeypatch.setattr(figures_lists, "FEW", 3)
    monkeypatch.setattr(figures_lists, "SAMPLES", 1)
    report = figures.Report()

    plans = figures_portfolio.national_plans(scale.plans)
    client = figures.client_for(User.objects.create_user(username="bench-reader"))
    figures_lists.classify_areas(report, plans, client, features.minimal_url(), scale.years)

    areas = Area.objects.filter(plan__in=plans).count()
    assert areas > 3
    timing, queries = report.rows
    assert timing.figure == f"classifying all {areas} areas on 4 list years ÷ minimal page server time (median)"
    assert (timing.goal, timing.holds) == ("–", None)
    assert queries.figure == f"SQL queries classifying 3 areas vs {areas} areas on 4 list years"
    assert queries.holds, queries.value
    assert queries.value == "4 vs 4"  # one query per list year, whatever the number of areas
    assert any(fact.startswith(f"Lists: each of the {areas} areas") for fact in report.facts)
