"""Journey 1: the secretariat leader adds a steering group and an activity and sees them in the organisation chart."""

from __future__ import annotations

import re

from e2e.helpers import DEMO_PLAN, Journey, plan_path, tab_to

GROUP = "Styregruppen for sundhed og trivsel"
ACTIVITY = "Motion i gården"


def test_it_lets_the_secretariat_add_a_steering_group_and_an_activity_to_the_chart(journey: Journey) -> None:
    page = journey.browse("sekretariat")
    plan = plan_path(page, DEMO_PLAN)
    page.goto(plan)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Helhedsplanens menu").get_by_role("link", name="Organisation").click()
    journey.shot(page, "chart-before")
    journey.check_a11y(page, "chart")
    assert GROUP not in page.content()

    # The new steering group is entered with the keyboard alone.
    with page.expect_navigation():
        page.get_by_role("link", name="Nyt organ").click()
    journey.check_a11y(page, "body-form")
    tab_to(page, "#id_name")
    page.keyboard.type(GROUP)
    tab_to(page, "#id_kind", limit=3)
    page.keyboard.type("Styregruppe")
    assert page.locator("#id_kind").input_value() == "steering_group"
    tab_to(page, "#id_responsibility", limit=6)
    page.keyboard.type("Sundhed, bevægelse og trivsel for beboerne")
    journey.shot(page, "body-form-filled-by-keyboard")
    tab_to(page, "button[type=submit]:has-text('Gem')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.shot(page, "steering-group-saved")
    assert page.locator("h1").inner_text().strip().startswith(GROUP)
    journey.check_a11y(page, "body-page")

    page.goto(f"{plan}organisation/")
    with page.expect_navigation():
        page.get_by_role("link", name="Ny indsats").click()
    journey.check_a11y(page, "activity-form")
    page.get_by_label(re.compile(r"^Navn")).fill(ACTIVITY)
    page.get_by_label(re.compile(r"^Beskrivelse")).fill("Udendørs træning for alle aldre to gange om ugen.")
    page.get_by_label(re.compile(r"^Styregruppe")).select_option(label=GROUP)
    journey.shot(page, "activity-form-filled")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem").click()
    journey.shot(page, "activity-saved")
    assert ACTIVITY in page.locator("h1").inner_text()

    page.goto(f"{plan}organisation/")
    journey.shot(page, "chart-after")
    group = page.locator(".orgchart-branch", has_text=GROUP)
    assert group.count() == 1, "the new steering group is not in the chart"
    assert ACTIVITY in group.inner_text(), "the activity is not under its steering group in the chart"
