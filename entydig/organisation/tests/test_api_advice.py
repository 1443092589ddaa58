"""GET /api/v1/plans/{id}/advice: the organisation advice as JSON, with the pages' access rules."""

from __future__ import annotations

from django.test import Client

from entydig.accounts.services import token_create
from entydig.conftest import Cast


def _url(plan_pk: int) -> str:
    return f"/api/v1/plans/{plan_pk}/advice"


def test_it_answers_401_to_anonymous_callers(cast: Cast) -> None:
    response = cast.client(None).get(_url(cast.plan.pk))
    assert response.status_code == 401


def test_it_answers_404_to_outsiders_and_for_missing_plans(cast: Cast) -> None:
    client = cast.client("outsider")
    assert client.get(_url(cast.plan.pk)).status_code == 404
    assert cast.client("board").get(_url(999_999)).status_code == 404


def test_it_lists_the_advice_with_reason_action_and_subject(cast: Cast) -> None:
    response = cast.client("viewer").get(_url(cast.plan.pk))
    assert response.status_code == 200
    advice = {a["code"]: a for a in response.json()}
    assert {"activity_without_responsible", "secretariat_leader_not_in_meetings"} <= set(advice)
    missing = advice["activity_without_responsible"]
    assert missing["title"] == "Indsatsen Jobcafé har ingen ansvarlig"
    assert missing["severity"] == "warning"
    assert missing["reason"] and missing["action"]
    assert (missing["subject_type"], missing["subject_id"], missing["subject_name"]) == (
        "activity",
        cast.other_activity.pk,
        "Jobcafé",
    )


def test_it_accepts_a_personal_token(cast: Cast) -> None:
    _token, raw = token_create(user=cast.board_user, name="test")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(_url(cast.plan.pk))
    assert response.status_code == 200
    assert any(a["code"] == "board_without_leadership" for a in response.json())
