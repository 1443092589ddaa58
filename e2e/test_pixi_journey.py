"""Journey 5: the secretariat publishes the quarter's pixi report and opens its PDF."""

from __future__ import annotations

import re

from e2e.helpers import DEMO_PLAN, DEMO_PLAN_STEM, Journey, click, fetch_pdf, nav, plan_path


def test_it_publishes_the_quarters_pixi_report_and_opens_its_pdf(journey: Journey) -> None:
    page = journey.browse("sekretariat")
    page.goto(plan_path(page, DEMO_PLAN))
    nav(page, "Fremdrift og pixi")
    journey.shot(page, "progress")
    journey.check_a11y(page, "progress-collection")
    click(page, "link", "Pixi-rapport for kvartalet")
    journey.shot(page, "pixi-before")
    journey.check_a11y(page, "pixi")
    heading = page.locator("h1").inner_text()
    versions_before = page.locator("table", has_text="Offentliggjorte versioner").locator("tbody tr").count()

    page.get_by_label(re.compile(r"^Note")).fill("Til bestyrelsesmødet i december")
    click(page, "button", re.compile(r"^Offentliggør"))
    journey.shot(page, "pixi-published")
    badge = page.locator(".pixi-published").inner_text()
    assert badge == f"Offentliggjort, version {versions_before + 1}", badge
    assert "Til bestyrelsesmødet i december" in page.content()

    text = fetch_pdf(journey, page, page.get_by_role("link", name="Hent som PDF").get_attribute("href") or "", "pixi")
    assert heading.split(":", 1)[1].strip() in text, heading
    assert DEMO_PLAN_STEM in text.replace("\n", " ")


def test_a_board_member_reads_the_pixi_report_on_a_phone_without_scrolling_sideways(journey: Journey) -> None:
    page = journey.browse("bestyrelse")
    plan = plan_path(page, DEMO_PLAN)
    page.set_viewport_size({"width": 400, "height": 900})
    page.goto(plan + "pixi/")
    journey.shot(page, "pixi-400px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    journey.check_a11y(page, "pixi-400px")
