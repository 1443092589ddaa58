"""The bench's portfolio rows: a portfolio reader's page and API over every plan, and the same query count for a
portfolio of a few plans as for one of them all."""

from __future__ import annotations

import pytest

from bench import features, figures, figures_portfolio, generator


@pytest.mark.django_db
def test_it_measures_the_portfolio_of_every_plan_and_counts_as_many_queries_as_for_a_few(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scale = generator.Scale(plans=5, areas=10, years=2, seed=3)
    effort_areas = generator.load_effort_areas()
    for index in range(scale.plans):
        generator.generate_plan(index, scale, effort_areas, generator.Counts())
    generator.generate_plan(900, scale, effort_areas, generator.Counts())  # an extra plan another figure adds
    monkeypatch.setattr(figures, "SERVER_SAMPLES", 2)
    monkeypatch.setattr(figures_portfolio, "FEW", 2)
    report = figures.Report()

    plans = figures_portfolio.national_plans(scale.plans)
    figures_portfolio.portfolio_page(report, plans, features.minimal_url())

    assert [p.name for p in plans] == [generator.plan_name(i) for i in range(5)]
    page, api, page_queries, api_queries = report.rows
    assert page.figure == "portfolio page, all 5 plans ÷ minimal page server time (median)" and page.goal == "≤ 5"
    assert api.figure.startswith("portfolio API (GET /api/v1/portfolios/{id}), all 5 plans") and api.goal == "≤ 5"
    assert page_queries.figure == "SQL queries of the portfolio page, 2 plans vs 5 plans"
    assert api_queries.figure == "SQL queries of the portfolio API, 2 plans vs 5 plans"
    assert (page_queries.goal, api_queries.goal) == ("equal", "equal")
    assert page_queries.holds, page_queries.value
    assert api_queries.holds, api_queries.value
    assert any(fact.startswith("Portfolio: ") and "first 2 plans" in fact for fact in report.facts)
