"""Journeys 3 and 4: a board meeting from agenda to follow-up.

3. The secretariat creates a board meeting, sees its dispatch deadline, adds a suggested item (keyboard only),
   attaches a PDF and dispatches (confirming on the page that names the recipients); a board member opens the
   agenda and the board pack.
4. The secretariat writes minutes with a decision and an action item, approves them (after a confirmation), and
   sees the action on the follow-up list and on the next board agenda.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

from playwright.sync_api import FilePayload, Page
from pypdf import PdfWriter

from e2e.helpers import DEMO_PLAN, Journey, click, fetch_pdf, nav, plan_path, tab_to
from entydig.meetings.models import DEFAULT_DISPATCH_DAYS
from entydig.meetings.workdays import dispatch_deadline

TITLE = "Ekstra bestyrelsesmøde om tryghed"
MEETING_DAY = dt.date(2027, 2, 9)  # after the demo's December board meeting, so that one stays the next agenda
ACTION = "Sekretariatet skriver en plan for uddannelsesindsatsen 2027"


def _pdf_payload() -> FilePayload:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return {"name": "bilag-tryghed.pdf", "mimeType": "application/pdf", "buffer": buffer.getvalue()}


def _fact(page: Page, label: str) -> str:
    return page.locator("tr", has=page.locator("th", has_text=label)).locator("td").first.inner_text().strip()


def test_it_takes_a_board_meeting_from_creation_to_dispatch_and_the_board_reads_it(journey: Journey) -> None:
    page = journey.browse("sekretariat")
    plan = plan_path(page, DEMO_PLAN)
    page.goto(plan)
    nav(page, "Møder")
    journey.shot(page, "annual-plan")
    journey.check_a11y(page, "annual-plan")

    click(page, "link", "Nyt møde")
    journey.check_a11y(page, "meeting-form")
    page.get_by_label(re.compile(r"^Organ( \(påkrævet\))?$")).select_option(label="Bestyrelsen")
    page.get_by_label(re.compile(r"^Titel")).fill(TITLE)
    page.get_by_label(re.compile(r"^Tidspunkt")).fill(f"{MEETING_DAY.isoformat()}T13:00")
    page.get_by_label(re.compile(r"^Sted")).fill("Beboerhuset, Nordparken 12")
    journey.shot(page, "meeting-form-filled")
    click(page, "button", "Gem")
    journey.shot(page, "meeting-created")
    journey.check_a11y(page, "meeting-page")
    assert page.locator("h1").inner_text().strip() == TITLE
    expected = dispatch_deadline(MEETING_DAY, DEFAULT_DISPATCH_DAYS)
    assert _fact(page, "Udsendelsesfrist").startswith(expected.strftime("%d.%m.%Y")), _fact(page, "Udsendelsesfrist")
    meeting_path = page.url.removeprefix(journey.base)

    # The agenda page with the keyboard alone: put the first suggestion on the agenda.
    suggestion = page.locator("form[action$='/suggestions/add/']").first
    suggested = suggestion.locator("xpath=..").locator("h3").inner_text().strip()
    page.locator("body").focus()
    tab_to(page, "form[action$='/suggestions/add/'] button", limit=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.shot(page, "suggestion-added-by-keyboard")
    item = page.locator("li.agenda-item", has_text=suggested)
    assert item.count() == 1, f"{suggested!r} is not on the agenda"

    item.locator("input[type=file]").set_input_files(files=_pdf_payload())
    with page.expect_navigation():
        item.get_by_role("button", name="Upload").click()
    journey.shot(page, "pdf-attached")
    assert page.locator("li.agenda-item", has_text=suggested).get_by_role("link", name="bilag-tryghed.pdf").count() == 1

    page.locator("body").focus()
    tab_to(page, "form[action$='/dispatch/'] button", limit=300)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Sending cannot be called back: the page names the recipients and asks first, also with the keyboard alone.
    journey.shot(page, "dispatch-confirmation")
    journey.check_a11y(page, "dispatch-confirmation")
    assert page.locator("h1").inner_text().strip() == "Send dagsordenen?"
    page.locator("body").focus()
    tab_to(page, "form[action$='/dispatch/'] button[type=submit]", limit=100)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.shot(page, "dispatched")
    assert "Version 1 sendt" in page.content()

    board = journey.browse("bestyrelse")
    board.goto(plan)
    nav(board, "Møder")
    click(board, "link", "Næste år")
    click(board, "link", TITLE)
    journey.shot(board, "board-member-meeting-page")
    journey.check_a11y(board, "meeting-page-board-member")
    assert board.get_by_role("button", name="Send dagsorden til deltagerne").count() == 0
    agenda = fetch_pdf(
        journey, board, board.get_by_role("link", name="Dagsorden (PDF)").get_attribute("href") or "", "agenda"
    )
    assert TITLE in agenda and suggested[:30] in agenda.replace("\n", " ")
    pack = fetch_pdf(journey, board, meeting_path + "board-pack.pdf", "board-pack")
    assert TITLE in pack and "bilag-tryghed.pdf" in pack  # the attached PDF is in the pack


def test_it_turns_a_decision_into_an_action_that_follows_up_on_the_next_agenda(journey: Journey) -> None:
    page = journey.browse("sekretariat")
    plan = plan_path(page, DEMO_PLAN)
    page.goto(plan)
    nav(page, "Møder")
    click(page, "link", "Fællesmøde om målene")
    click(page, "link", "Referat (udkast)")
    journey.shot(page, "minutes-draft")
    journey.check_a11y(page, "minutes")

    page.get_by_label("Beslutning, punkt 3").fill("Bestyrelsen prioriterer uddannelse og job i 2027.")
    click(page, "button", "Gem referat")
    journey.shot(page, "minutes-saved")

    decision = page.get_by_label("Beslutning under punkt")
    decision.select_option(decision.locator("option", has_text="Fælles prioriteter").get_attribute("value"))
    page.get_by_label(re.compile(r"^Handlingspunkt")).fill(ACTION)
    page.get_by_label(re.compile(r"^Ansvarlig")).select_option(label="Camilla Dahl")
    page.get_by_label(re.compile(r"^Frist")).fill("2027-01-15")
    click(page, "button", "Opret handlingspunkt")
    journey.shot(page, "action-created")
    assert ACTION in page.get_by_role("table").last.inner_text()

    page.get_by_label("Godkendelse").select_option(index=0)
    click(page, "button", "Fortsæt til godkendelse")
    journey.shot(page, "minutes-approval-confirmation")
    journey.check_a11y(page, "minutes-approval-confirmation")
    click(page, "button", "Ja, godkend og lås referatet")
    journey.shot(page, "minutes-approved")
    assert page.get_by_role("button", name="Gem referat").count() == 0
    assert "Bestyrelsen prioriterer uddannelse og job i 2027." in page.content()

    nav(page, "Møder")
    click(page, "link", "Opfølgning")
    journey.shot(page, "follow-up-list")
    journey.check_a11y(page, "follow-up")
    assert ACTION in page.locator("table").first.inner_text()

    nav(page, "Møder")
    click(page, "link", "Bestyrelsesmøde 4")
    journey.shot(page, "next-agenda")
    follow_up = page.locator("li.agenda-item", has_text="Opfølgning på handlingspunkter")
    assert ACTION in follow_up.inner_text()
