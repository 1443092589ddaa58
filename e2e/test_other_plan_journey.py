"""Journey 6: a user of the other plan cannot reach anything of the first plan by typing its addresses."""

from __future__ import annotations

import re

from e2e.helpers import DEMO_PLAN, OTHER_PLAN, Journey, crawl, plan_path
from e2e.snapshot import database_fingerprint


def test_it_keeps_a_user_of_the_other_plan_out_of_the_first_plan(journey: Journey) -> None:
    # The secretariat, which serves both plans, shows which addresses the first plan has.
    secretariat = journey.browse("sekretariat")
    plan1 = plan_path(secretariat, DEMO_PLAN)
    pages, posts = crawl(secretariat, plan1, within=plan1)
    assert len(pages) >= 2, pages
    plan1_pk = re.search(r"\d+", plan1).group(0)  # type: ignore[union-attr]

    other = journey.browse("anden")
    journey.shot(other, "anden-front-page")
    assert DEMO_PLAN not in other.content()
    plan2 = plan_path(other, OTHER_PLAN)
    journey.visit(other, plan2, "anden-own-plan")
    assert OTHER_PLAN in other.locator("h1").inner_text()

    # Typed into the address bar: the plan's own page shows "not found", and the page is accessible.
    response = other.goto(plan1)
    assert response is not None and response.status == 404
    journey.shot(other, "anden-types-plan-1-address")
    journey.check_a11y(other, "not-found-page")
    assert DEMO_PLAN not in other.content()

    reached = []
    for path in pages:
        r = other.request.get(path, max_redirects=0)
        if r.status != 404 or DEMO_PLAN in r.text():
            reached.append(f"GET {path} -> {r.status}")

    before = database_fingerprint()
    token = next(c["value"] for c in other.context.cookies() if c["name"] == "csrftoken")
    for path in posts:
        r = other.request.post(path, headers={"X-CSRFToken": token}, form={"name": "Indtrængen"}, max_redirects=0)
        if r.status != 404:
            reached.append(f"POST {path} -> {r.status}")
    assert database_fingerprint() == before, "a refused POST changed the database"

    # The API answers the same for every plan-scoped endpoint the schema lists.
    schema = other.request.get("/api/v1/openapi.json").json()
    api_paths = [
        p for p, ops in schema["paths"].items() if "get" in ops and re.fullmatch(r"[^{}]*\{plan_(pk|id)\}[^{}]*", p)
    ]
    for p in api_paths:
        path = re.sub(r"\{plan_(pk|id)\}", plan1_pk, p)
        r = other.request.get(path)
        if r.status != 404:
            reached.append(f"API GET {path} -> {r.status}")

    assert not reached, "the other plan's user reached the first plan:\n" + "\n".join(reached)
    journey.shot(other, "anden-end")
