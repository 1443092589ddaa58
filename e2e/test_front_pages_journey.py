"""Journey 7: each demo login starts at their front page and reaches their main task by clicks only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import DEMO_PLAN, OTHER_PLAN, Journey, fetch_pdf

# (login, the link on the front page that leads to the main task, what the task's page shows)
TASKS = [
    ("medarbejder", re.compile(r"^Skriv (videre på )?rapporten"), re.compile(r"Fremdriftsrapport")),
    ("bestyrelse", re.compile(r"^Hent mødepakken \(PDF\)"), None),  # a PDF: checked by its download
    ("styregruppe", re.compile(r"^\d\. kvartal \d{4}"), re.compile(r"Fremdriftsrapport")),
    ("sekretariat", re.compile(r"^Send dagsordenen til "), re.compile(r"[Mm]øde")),
    ("laeser", re.compile(r"^Pixi-rapport for \d\. kvartal \d{4}"), re.compile(r"[Pp]ixi")),
]


@pytest.mark.parametrize(("login", "link", "heading"), TASKS, ids=[t[0] for t in TASKS])
def test_each_persona_reaches_their_main_task_from_the_front_page(
    journey: Journey, login: str, link: re.Pattern[str], heading: re.Pattern[str] | None
) -> None:
    page = journey.browse(login)  # logging in lands on the front page
    expect(page.locator("h1")).to_be_visible()
    assert DEMO_PLAN in page.content()
    journey.shot(page, f"{login}-front-page")
    journey.check_a11y(page, f"{login}-front-page")
    target = page.get_by_role("link", name=link).first
    expect(target).to_be_visible()
    if heading is None:  # the board pack: the link's PDF, rendered to a picture beside the screenshots
        text = fetch_pdf(journey, page, target.get_attribute("href") or "", f"{login}-board-pack")
        assert "Dagsorden" in text
    else:
        target.click()
        page.wait_for_load_state()
        expect(page.locator("h1")).to_contain_text(heading)
        journey.shot(page, f"{login}-main-task")
        journey.check_a11y(page, f"{login}-main-task")
    journey.assert_clean()


def test_a_user_of_the_other_plan_sees_only_that_plan_on_the_front_page(journey: Journey) -> None:
    page = journey.browse("anden")
    assert OTHER_PLAN in page.content() and DEMO_PLAN not in page.content()
    journey.shot(page, "anden-front-page")
    journey.check_a11y(page, "anden-front-page")
    journey.assert_clean()
