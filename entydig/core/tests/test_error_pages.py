"""The product's own Danish error pages, also in the demo (DEBUG on), where Django would show its technical pages."""

from __future__ import annotations

import pytest
from pytest_django import Settings

from entydig.conftest import Cast


@pytest.mark.parametrize("debug", [True, False], ids=["demo", "production"])
def test_a_missing_address_gets_the_products_danish_404(cast: Cast, settings: Settings, debug: bool) -> None:
    settings.DEBUG = debug
    response = cast.client("secretariat").get("/findes/ikke/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "<h1>Siden findes ikke</h1>" in text
    assert "URLconf" not in text  # not Django's technical page


@pytest.mark.parametrize("debug", [True, False], ids=["demo", "production"])
def test_another_plans_page_gets_the_same_404(cast: Cast, settings: Settings, debug: bool) -> None:
    settings.DEBUG = debug
    response = cast.client("outsider").get(f"/plans/{cast.plan.pk}/")
    assert response.status_code == 404
    assert "<h1>Siden findes ikke</h1>" in response.content.decode()


def test_a_missing_slash_is_still_added_in_the_demo(cast: Cast, settings: Settings) -> None:
    settings.DEBUG = True
    response = cast.client("secretariat").get("/om")
    assert response.status_code in (200, 301)  # the about page answers with or without its slash


def test_the_api_keeps_answering_its_404s_as_json_in_the_demo(cast: Cast, settings: Settings) -> None:
    settings.DEBUG = True
    response = cast.client("outsider").get(f"/api/v1/plans/{cast.plan.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_read_only_write_gets_the_products_danish_403_in_the_demo(cast: Cast, settings: Settings) -> None:
    settings.DEBUG = True
    response = cast.client("board").post(f"/plans/{cast.plan.pk}/bodies/new/", {"name": "X"})
    assert response.status_code == 403
    assert "<h1>Du har ikke adgang til at gøre dette</h1>" in response.content.decode()


def test_every_page_names_the_favicon_and_favicon_ico_leads_to_it(cast: Cast) -> None:
    page = cast.client("secretariat").get("/om").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    response = cast.client(None).get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
