"""Journey 8: the municipality's director finds the plan in trouble in the portfolio and opens its pixi report."""

from __future__ import annotations

import re

from e2e.helpers import DEMO_PLAN, OTHER_PLAN, Journey, click, fetch_pdf
from entydig.portfolio.demo import PORTFOLIO_NAME, third_plan_name


def test_kommune_finds_the_plan_in_trouble_and_opens_its_pixi_report(journey: Journey) -> None:
    page = journey.browse("kommune")
    journey.shot(page, "front-page")
    click(page, "link", PORTFOLIO_NAME)
    journey.shot(page, "portfolio")
    journey.check_a11y(page, "portfolio")
    rows = page.locator("table tbody tr")
    names = [rows.nth(i).locator("th").inner_text() for i in range(rows.count())]
    assert set(names) == {DEMO_PLAN, OTHER_PLAN, third_plan_name()}, names
    assert names[0] == DEMO_PLAN, names  # the plans with most that needs attention come first

    # Only the plans that need attention: the calm plan goes.
    page.get_by_label("Vis", exact=True).select_option("attention")
    click(page, "button", "Vis planerne")
    journey.shot(page, "portfolio-attention")
    shown = page.locator("table tbody th").all_inner_texts()
    assert third_plan_name() not in shown and DEMO_PLAN in shown, shown

    click(page, "link", "Porteføljens pixi-rapport")
    journey.shot(page, "portfolio-pixi")
    journey.check_a11y(page, "portfolio-pixi")
    assert "kræver opmærksomhed" in page.content()
    pdf = fetch_pdf(journey, page, page.get_by_role("link", name="Hent som PDF").get_attribute("href") or "", "pixi")
    assert PORTFOLIO_NAME in pdf.replace("\n", " ")

    click(page, "link", DEMO_PLAN)  # the plan's heading links to its own pixi report for the quarter
    journey.shot(page, "plan-pixi")
    journey.check_a11y(page, "plan-pixi")
    assert re.match(r"Pixi-rapport: \d\. kvartal \d{4}", page.locator("h1").inner_text())
    assert DEMO_PLAN in page.content()
