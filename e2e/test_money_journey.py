"""Journey 8: money. The secretariat imports a quarter's spending and sees the variance; the under-spent activity
is suggested as a prioritisation question for the next board meeting; accepted, it carries a proposed move of
money, checked against the budget before the meeting (an overdraw refused with the reason). A move the board
decided in approved minutes is a budget version linked to its decision, and the pixi report has its economy line.

Approving minutes needs the meeting to have begun, which the running server's clock cannot be moved to; applying a
decided move on approval is proved in entydig/meetings/tests/test_reallocations.py.
"""

from __future__ import annotations

import re

from playwright.sync_api import FilePayload

from e2e.helpers import DEMO_PLAN, Journey, click, nav, plan_path
from entydig.budget.demo import UNDER_SPENT
from entydig.core.quarters import Quarter

ACTIVITY = "Lektiecafé"


def _csv(text: str) -> FilePayload:
    return {"name": "regnskab.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_the_board_sees_spending_beside_the_goals_and_decides_where_money_goes(journey: Journey) -> None:
    quarter = Quarter.current().previous()  # the accounts' last ended quarter
    page = journey.browse("sekretariat")
    page.goto(plan_path(page, DEMO_PLAN))

    # Import the quarter's spending: a bad row refuses the file, a good file is previewed, then saved.
    nav(page, "Økonomi")
    journey.check_a11y(page, "budget")
    click(page, "link", "Importér forbrug")
    header = "aktivitet;periode;beløb;finansieringskilde\n"
    page.get_by_label("Fil").set_input_files(files=_csv(header + f"{ACTIVITY};{quarter};mange penge;lbf\n"))
    click(page, "button", "Vis hvad der vil ændre sig")
    journey.shot(page, "bad-spending-file")
    assert "mange penge" in page.get_by_role("alert").inner_text()
    page.get_by_label("Fil").set_input_files(files=_csv(header + f"{ACTIVITY};{quarter};123.456,78;lbf\n"))
    click(page, "button", "Vis hvad der vil ændre sig")
    journey.shot(page, "spending-preview")
    journey.check_a11y(page, "spending-preview")
    assert "123.456,78 kr." in page.locator("table").first.inner_text()
    click(page, "button", "Gem forbruget")
    journey.shot(page, "spending-imported")

    # The variance, in plain Danish.
    click(page, "link", "Forbrug og prognose")
    journey.shot(page, "finance")
    journey.check_a11y(page, "finance")
    text = page.content()
    assert f"{ACTIVITY} har brugt" in text and f"{UNDER_SPENT} har brugt" in text

    # The next board meeting (from the front page) suggests the under-spend as a prioritisation question; accept it.
    page.goto("/")
    with page.expect_navigation():
        page.locator("h3:has-text('Næste bestyrelsesmøde') + p a").first.click()
    card = page.locator("li.card", has_text=f"mindreforbrug på {UNDER_SPENT}")
    assert card.count() == 1, "the under-spend is not suggested"
    journey.shot(page, "suggested-question")
    with page.expect_navigation():
        card.get_by_role("button", name=re.compile("Sæt på dagsordenen")).click()
    item = page.locator("li.agenda-item", has_text=f"mindreforbrug på {UNDER_SPENT}")
    assert item.count() == 1

    # Propose a move: more than the post has is refused with the reason; a fitting amount is kept.
    def propose(amount: str) -> None:
        form = item.locator("form.reallocation-form")
        form.get_by_label("Fra").select_option(label=UNDER_SPENT)
        form.get_by_label("Til").select_option(label=ACTIVITY)
        form.get_by_label("År").select_option(label=str(quarter.year))
        form.get_by_label("Finansieringskilde").select_option(value="lbf")
        form.get_by_label("Beløb (kr.)").fill(amount)
        with page.expect_navigation():
            form.get_by_role("button", name="Tilføj omprioritering").click()

    propose("999.999.999")
    journey.shot(page, "move-refused")
    journey.check_a11y(page, "move-refused")
    assert "til rådighed" in page.content()
    item = page.locator("li.agenda-item", has_text=f"mindreforbrug på {UNDER_SPENT}")
    assert "Punktet flytter ingen penge endnu." in item.inner_text()
    propose("50.000")
    journey.shot(page, "move-proposed")
    item = page.locator("li.agenda-item", has_text=f"mindreforbrug på {UNDER_SPENT}")
    assert "50.000 kr." in item.inner_text()

    # A move decided in earlier, approved minutes made a budget version linked to its decision.
    nav(page, "Økonomi")
    click(page, "link", "Versioner")
    journey.shot(page, "budget-versions")
    journey.check_a11y(page, "budget-versions")
    decision = page.get_by_role("link", name=re.compile(r", punkt \d+: "))
    assert decision.count() >= 1, "no budget version is linked to a board decision"
    with page.expect_navigation():
        decision.first.click()
    journey.shot(page, "the-decision")

    # The pixi report's economy section.
    nav(page, "Fremdrift og pixi")
    click(page, "link", re.compile(r"^Pixi"))
    journey.shot(page, "pixi-economy")
    assert page.locator("#pixi-h-economy").count() == 1
    journey.assert_clean()
