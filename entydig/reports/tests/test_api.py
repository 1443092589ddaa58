"""The progress report API: listing, writing, who has reported, and access."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.test import Client

from entydig.conftest import Cast
from entydig.goals.models import Goal
from entydig.reports.models import OutputMeasure, ProgressReport
from entydig.reports.tests.conftest import QUARTER

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # the test client's response, stub-only


def _post(client: Client, activity_id: int, data: Mapping[str, object]) -> TestResponse:
    return client.post(
        f"/api/v1/activities/{activity_id}/progress-reports", json.dumps(data), content_type="application/json"
    )


def test_it_creates_and_submits_a_report_through_the_api(
    cast: Cast, measures: list[OutputMeasure], sub_goal: Goal
) -> None:
    data = {
        "quarter": QUARTER,
        "rag": "red",
        "rag_reason": "Skolen har trukket sig",
        "outputs": {str(measures[0].pk): 3, str(measures[1].pk): 12},
        "goals": [sub_goal.pk],
        "submit": True,
    }
    response = _post(cast.client("staff"), cast.activity.pk, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["goals"] == [sub_goal.pk]
    participants = next(o for o in body["outputs"] if o["name"] == "Deltagere")
    assert participants["value"] is None and participants["suppressed"] is True
    listed = cast.client("board").get(f"/api/v1/activities/{cast.activity.pk}/progress-reports").json()
    assert [r["rag_reason"] for r in listed] == ["Skolen har trukket sig"]


def test_it_refuses_api_writes_outside_ones_own_activities(cast: Cast) -> None:
    data = {"quarter": QUARTER, "rag": "green", "rag_reason": "x"}
    assert _post(cast.client("staff"), cast.other_activity.pk, data).status_code == 403
    assert _post(cast.client("board"), cast.activity.pk, data).status_code == 403
    assert _post(cast.client("outsider"), cast.activity.pk, data).status_code == 404
    assert _post(cast.client(None), cast.activity.pk, data).status_code == 401
    assert not ProgressReport.objects.exists()


def test_it_answers_422_in_danish_and_english_on_bad_input(cast: Cast) -> None:
    response = _post(cast.client("staff"), cast.activity.pk, {"quarter": "Q3", "rag": "green"})
    assert response.status_code == 422
    assert "2026Q3" in response.content.decode()
    response = _post(cast.client("staff"), cast.activity.pk, {"quarter": QUARTER, "submit": True})
    assert response.status_code == 422
    assert "Vælg en status" in json.dumps(response.json(), ensure_ascii=False)
    assert not ProgressReport.objects.exists()


def test_it_lists_who_has_reported_for_a_quarter(cast: Cast, submitted: ProgressReport) -> None:
    response = cast.client("viewer").get(f"/api/v1/plans/{cast.plan.pk}/progress?quarter={QUARTER}")
    body = response.json()
    assert body["summary"]["reported"] == 1 and body["summary"]["missing"] == 1
    by_name = {a["name"]: a for a in body["activities"]}
    assert by_name["Lektiecafé"]["rag"] == "yellow"
    assert by_name["Jobcafé"]["status"] == "missing"
    assert cast.client("outsider").get(f"/api/v1/plans/{cast.plan.pk}/progress").status_code == 404
    assert cast.client(None).get(f"/api/v1/plans/{cast.plan.pk}/progress").status_code == 401
