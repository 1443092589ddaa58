"""Journey 8: money. The secretariat imports a quarter's spending and sees the variance; the under-spent activity
is suggested as a prioritisation question for the next board meeting; accepted, it carries a proposed move of
money, checked against the budget before the meeting (an overdraw refused with the reason). A move the board
decided in approved minutes is a budget version linked to its decision, and the pixi report has its economy line.

Then the board decides a move at a meeting held yesterday: the move on its prioritisation item, the decision in the
minutes, the minutes approved; the move is a new budget version linked to that decision.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import FilePayload, Locator, Page

from e2e.helpers import DEMO_PLAN, Journey, click, nav, plan_path
from entydig.budget.demo import UNDER_SPENT
from entydig.core.quarters import Quarter

ACTIVITY = "Lektiecafé"
DECIDED = "Flyt midler fra lys og stier til lektiecaféen"


def _propose(page: Page, item: Locator, year: int, amount: str) -> None:
    """Fills the item's move form (from the under-spent activity to the homework café, LBF's money) and sends it."""
    form = item.locator("form.reallocation-form")
    form.get_by_label("Fra").select_option(label=UNDER_SPENT)
    form.get_by_label("Til").select_option(label=ACTIVITY)
    form.get_by_label("År").select_option(label=str(year))
    form.get_by_label("Finansieringskilde").select_option(value="lbf")
    form.get_by_label("Beløb (kr.)").fill(amount)
    with page.expect_navigation():
        form.get_by_role("button", name="Tilføj omprioritering").click()


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
    _propose(page, item, quarter.year, "999.999.999")
    journey.shot(page, "move-refused")
    journey.check_a11y(page, "move-refused")
    assert "til rådighed" in page.content()
    item = page.locator("li.agenda-item", has_text=f"mindreforbrug på {UNDER_SPENT}")
    assert "Punktet flytter ingen penge endnu." in item.inner_text()
    _propose(page, item, quarter.year, "50.000")
    journey.shot(page, "move-proposed")
    item = page.locator("li.agenda-item", has_text=f"mindreforbrug på {UNDER_SPENT}")
    assert "50.000 kr." in item.inner_text()

    # The board decides a move at a meeting held yesterday; approving its minutes makes the move.
    yesterday = timezone.localdate() - dt.timedelta(days=1)  # the server keeps Copenhagen time too
    nav(page, "Møder")
    click(page, "link", "Nyt møde")
    page.get_by_label(re.compile(r"^Organ( \(påkrævet\))?$")).select_option(label="Bestyrelsen")
    page.get_by_label(re.compile(r"^Titel")).fill("Ekstraordinært bestyrelsesmøde om økonomien")
    page.get_by_label(re.compile(r"^Tidspunkt")).fill(f"{yesterday.isoformat()}T09:00")
    click(page, "button", "Gem")
    click(page, "link", "Nyt punkt")
    page.get_by_label(re.compile(r"^Overskrift")).fill(DECIDED)
    page.get_by_label(re.compile(r"^Punkttype")).select_option(value="prioritisation")
    click(page, "button", "Gem")
    decided = page.locator("li.agenda-item", has_text=DECIDED)
    # Its number in the agenda's ordered list (after the follow-up item every agenda starts with).
    number = decided.evaluate("item => [...item.parentNode.children].indexOf(item) + 1")
    _propose(page, decided, quarter.year, "20.000")
    journey.shot(page, "decided-move-proposed")
    click(page, "link", re.compile(r"^Referat"))
    decision_text = "Bestyrelsen flytter 20.000 kr. fra Lys og stier til Lektiecafé."
    page.get_by_label(f"Beslutning, punkt {number}").fill(decision_text)
    click(page, "button", "Gem referat")
    page.get_by_label("Godkendelse").select_option(index=0)
    click(page, "button", "Fortsæt til godkendelse")
    journey.shot(page, "approval-lists-the-move")
    journey.check_a11y(page, "minutes-approval-confirmation")
    assert "20.000 kr." in page.content()
    click(page, "button", "Ja, godkend og lås referatet")
    journey.shot(page, "minutes-approved")

    # The move is the newest budget version, approved on the meeting's day and linked to the decision.
    nav(page, "Økonomi")
    click(page, "link", "Versioner")
    journey.shot(page, "budget-versions")
    journey.check_a11y(page, "budget-versions")
    newest = page.locator("tbody tr").first
    assert yesterday.strftime("%d.%m.%Y") in newest.inner_text()
    assert f"20.000 kr. fra {UNDER_SPENT} til {ACTIVITY}" in newest.inner_text()
    decision = newest.get_by_role("link", name=re.compile(rf"punkt {number}: {DECIDED}"))
    assert decision.count() == 1, "the new budget version is not linked to the board's decision"
    with page.expect_navigation():
        decision.first.click()
    journey.shot(page, "the-decision")

    # The pixi report's economy section.
    nav(page, "Fremdrift og pixi")
    click(page, "link", re.compile(r"^Pixi"))
    journey.shot(page, "pixi-economy")
    assert page.locator("#pixi-h-economy").count() == 1
    journey.assert_clean()
