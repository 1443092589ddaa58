"""A request body the API cannot parse is invalid input like any other: 422 with a message in the request's language."""

from __future__ import annotations

import pytest
from django.test import Client

from entydig.api.tests.conftest import db_state
from entydig.conftest import Cast


@pytest.mark.parametrize("body", [b"{broken json", b"\xff\xfe not utf-8"], ids=["broken-json", "not-utf-8"])
def test_it_answers_422_to_a_body_it_cannot_parse_and_changes_nothing(cast: Cast, body: bytes) -> None:
    before = db_state()

    response = cast.client("secretariat").post(
        f"/api/v1/plans/{cast.plan.pk}/bodies", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json() == {"detail": [{"loc": ["body"], "field": "__all__", "msg": "Ugyldig JSON"}]}
    assert db_state() == before


def test_it_still_answers_401_without_a_login(client: Client) -> None:
    response = client.get("/api/v1/plans")

    assert response.status_code == 401
    assert "Log ind" in response.json()["detail"]
