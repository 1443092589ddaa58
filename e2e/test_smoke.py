"""The server starts, the checks themselves can fail, and the login works with the keyboard alone."""

from __future__ import annotations

import pytest

from e2e.helpers import DEMO_PLAN, Journey, plan_path, tab_to


def test_it_logs_in_and_shows_the_plan(journey: Journey) -> None:
    page = journey.browse()
    journey.visit(page, "/accounts/login/", "login")
    journey.login(page, "sekretariat")
    journey.shot(page, "front-page")
    journey.check_a11y(page, "front-page")
    path = plan_path(page, DEMO_PLAN)
    journey.visit(page, path, "plan")
    assert DEMO_PLAN in page.locator("h1").inner_text()


def test_it_reports_an_accessibility_problem_when_there_is_one(journey: Journey) -> None:
    page = journey.browse()
    page.goto("/accounts/login/")
    page.evaluate("document.querySelector('label[for=id_username]').remove()")
    with pytest.raises(AssertionError, match="label"):
        journey.check_a11y(page, "broken-on-purpose")


def test_it_logs_in_with_the_keyboard_alone(journey: Journey) -> None:
    page = journey.browse()
    page.goto("/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("sekretariat")
    tab_to(page, "#id_password", limit=1)
    page.keyboard.type("demo")
    journey.shot(page, "login-form-filled-by-keyboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.shot(page, "logged-in")
    assert "/accounts/login/" not in page.url
    assert "Helhedsplan" in page.content()
