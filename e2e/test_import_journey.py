"""Journey 2: the secretariat imports measurements: a bad file shows its row errors and saves nothing, a good one
changes a goal's status on the dashboard."""

from __future__ import annotations

from playwright.sync_api import FilePayload

from e2e.helpers import DEMO_PLAN, Journey, click, nav, plan_path

GOAL = "Flere unge i uddannelse og job"
HEADER = "indikator;område;periode;værdi;n\n"
# The 9th-grade average reaches its 2026 target: the goal it drives is no longer off track.
GOOD = HEADER + "karakter_9kl;plan;2026;6,7;42\n"
BAD = HEADER + "karakter_9kl;plan;2026;6,7;42\nukendt;plan;2026;1;\nkarakter_9kl;atlantis;sidste år;x;\n"


def _csv(name: str, text: str) -> FilePayload:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def _goal_status(page) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    card = page.locator("section.goals-card", has_text=GOAL)
    assert card.count() == 1
    css = card.get_attribute("class") or ""
    label = card.locator(".goals-badge").first.inner_text().replace("Status:", "").strip()
    return css, label


def test_it_imports_measurements_and_the_goal_status_follows(journey: Journey) -> None:
    page = journey.browse("sekretariat")
    page.goto(plan_path(page, DEMO_PLAN))
    nav(page, "Mål")
    journey.shot(page, "dashboard-before")
    journey.check_a11y(page, "goals-dashboard")
    css, before = _goal_status(page)
    assert "goals-card--off_track" in css and before == "Ikke på vej"

    nav(page, "Indikatorer")
    journey.check_a11y(page, "indicators")
    click(page, "link", "Importér målinger")
    journey.check_a11y(page, "import-form")

    page.get_by_label("Fil").set_input_files(files=_csv("maalinger-fejl.csv", BAD))
    click(page, "button", "Vis hvad der vil ændre sig")
    journey.shot(page, "bad-file-row-errors")
    journey.check_a11y(page, "import-errors")
    errors = page.get_by_role("alert").inner_text()
    assert "Række 3" in errors and "Række 4" in errors and "intet er gemt" in errors, errors
    assert "ukendt" in errors and "atlantis" in errors, errors
    assert page.get_by_role("button", name="Gem ændringerne").count() == 0

    page.get_by_label("Fil").set_input_files(files=_csv("maalinger.csv", GOOD))
    click(page, "button", "Vis hvad der vil ændre sig")
    journey.shot(page, "good-file-preview")
    assert "Prøvekørsel" in page.content()
    assert "karakter_9kl" in page.locator("table").first.inner_text()
    click(page, "button", "Gem ændringerne")
    journey.shot(page, "imported")
    assert "1 nye" in page.get_by_role("status").first.inner_text()

    nav(page, "Mål")
    journey.shot(page, "dashboard-after")
    css, after = _goal_status(page)
    assert "goals-card--at_risk" in css and after == "I risiko", (css, after)
