"""The OpenAPI schema and the interactive docs: for logged-in users and token holders, served without a CDN."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.http import HttpResponseRedirect
from django.test import Client

from entydig.accounts.services import token_create, token_revoke
from entydig.api.tests.conftest import token_client
from entydig.conftest import Cast


def test_it_sends_anonymous_visitors_of_the_docs_to_login(cast: Cast) -> None:
    response = cast.client(None).get("/api/v1/docs")
    assert response.status_code == 302
    assert isinstance(response, HttpResponseRedirect)
    assert response.url == "/accounts/login/?next=/api/v1/docs"


def test_it_answers_401_to_anonymous_requests_for_the_schema(cast: Cast) -> None:
    response = cast.client(None).get("/api/v1/openapi.json")
    assert response.status_code == 401
    assert "paths" not in response.json()


def test_it_serves_the_docs_from_bundled_static_files(cast: Cast) -> None:
    response = cast.client("viewer").get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Entydig API" in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    styles = re.findall(r'<link[^>]+href="([^"]+)"', page)
    assert "/static/ninja/swagger-ui-bundle.js" in scripts
    for url in scripts + styles:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")) is not None, url
    assert re.search(r'(?:src|href)="(?:[a-z]+:)?//', page) is None  # nothing fetched from another host
    assert re.search(r"cdn\.|jsdelivr|unpkg", page.lower()) is None
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert re.search(r"<script>(?!\s*</script>)", page) is None  # no inline script for the CSP to block


def test_it_serves_the_schema_to_a_session_and_to_a_token(cast: Cast) -> None:
    session = cast.client("board").get("/api/v1/openapi.json").json()
    token = token_client(cast.outsider).get("/api/v1/openapi.json").json()
    assert session == token
    paths = session["paths"]
    for path in [
        "/api/v1/plans",
        "/api/v1/plans/{plan_id}",
        "/api/v1/plans/{plan_id}/bodies",
        "/api/v1/bodies/{body_id}/members",
        "/api/v1/plans/{plan_id}/activities",
        "/api/v1/organisations",
        "/api/v1/persons/{person_id}",
    ]:
        assert path in paths, path
    assert set(paths["/api/v1/plans/{plan_id}/activities"]) == {"get", "post"}
    assert session["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_it_serves_the_docs_to_a_token_holder_until_the_token_is_revoked(cast: Cast) -> None:
    token, raw = token_create(user=cast.board_user, name="docs")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/docs").status_code == 200
    token_revoke(user=cast.board_user, token=token)
    assert client.get("/api/v1/openapi.json").status_code == 401
    assert client.get("/api/v1/docs").status_code == 302


def test_it_documents_the_choices_of_each_model_under_its_own_field(cast: Cast) -> None:
    schema = cast.client("board").get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    plan_status = components["PlanOut"]["properties"]["status"]
    body_kind = components["BodyOut"]["properties"]["kind"]
    organisation_kind = components["OrganisationOut"]["properties"]["kind"]
    assert plan_status["enum"] == ["preparation", "active", "ended"]
    assert body_kind["enum"] == ["board", "secretariat", "steering_group", "pre_meeting_group"]
    assert organisation_kind["enum"] == ["municipality", "housing", "partner"]
    assert "active = Aktiv" in plan_status["description"]


def test_it_documents_the_error_answers(cast: Cast) -> None:
    paths = cast.client("board").get("/api/v1/openapi.json").json()["paths"]
    post = paths["/api/v1/plans/{plan_id}/activities"]["post"]["responses"]
    assert set(post) == {"201", "401", "403", "404", "422"}
    assert set(paths["/api/v1/plans"]["get"]["responses"]) == {"200", "401", "404", "422"}
