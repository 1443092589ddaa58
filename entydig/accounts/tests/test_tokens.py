"""Personal API tokens: created and revoked on the profile page, stored hashed, shown once."""

from __future__ import annotations

import re

from django.http import HttpResponseRedirect
from django.test import Client

from entydig.accounts.models import ApiToken
from entydig.accounts.services import token_authenticate, token_create
from entydig.conftest import Cast
from entydig.core.models import AuditEvent


def _create_on_page(client: Client, name: str) -> str:
    response = client.post("/accounts/profile/", {"name": name}, follow=True)
    assert response.redirect_chain == [("/accounts/profile/", 302)]
    assert response["Cache-Control"] == "no-store"
    match = re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode())
    assert match is not None
    return match.group(1)


def test_it_runs_the_token_lifecycle_from_the_profile_page_to_the_api(cast: Cast) -> None:
    page = cast.client("board")
    raw = _create_on_page(page, "Excel-udtræk")
    token = ApiToken.objects.get(user=cast.board_user)
    assert token.name == "Excel-udtræk"
    assert token.token_hash == ApiToken.hash(raw) != raw
    assert raw.startswith(token.prefix)
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    assert AuditEvent.objects.filter(object_type="accounts.apitoken", action="create", actor=cast.board_user).exists()

    again = page.get("/accounts/profile/").content.decode()
    assert raw not in again
    assert "Excel-udtræk" in again
    assert token.prefix in again

    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert [p["name"] for p in api.get("/api/v1/plans").json()] == ["Plan A"]
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = page.post(f"/accounts/profile/tokens/{token.pk}/revoke/", follow=True)
    assert "Nøglen er tilbagekaldt og virker ikke længere." in response.content.decode()
    assert "Tilbagekaldt" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = api.get("/api/v1/plans")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Log ind eller send en API-nøgle")


def test_it_does_not_let_a_user_revoke_another_users_token(cast: Cast) -> None:
    token, raw = token_create(user=cast.secretariat_user, name="Sekretariatets")
    response = cast.client("board").post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert token_authenticate(raw) == cast.secretariat_user


def test_it_revokes_only_with_post(cast: Cast) -> None:
    token, _raw = token_create(user=cast.board_user, name="x")
    assert cast.client("board").get(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_sends_anonymous_visitors_of_the_profile_to_login(cast: Cast) -> None:
    client = cast.client(None)
    page = client.get("/accounts/profile/")
    assert isinstance(page, HttpResponseRedirect)
    assert page.url == "/accounts/login/?next=/accounts/profile/"
    response = client.post("/accounts/profile/", {"name": "x"})
    assert isinstance(response, HttpResponseRedirect)
    assert response.url.startswith("/accounts/login/")
    assert not ApiToken.objects.exists()


def test_it_re_renders_the_form_when_the_name_is_missing(cast: Cast) -> None:
    response = cast.client("board").post("/accounts/profile/", {"name": ""})
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_ignores_tokens_of_an_inactive_user(cast: Cast) -> None:
    _token, raw = token_create(user=cast.board_user, name="x")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/plans").status_code == 200
    cast.board_user.is_active = False
    cast.board_user.save()
    assert api.get("/api/v1/plans").status_code == 401
    assert api.get("/api/v1/openapi.json").status_code == 401


def test_it_lists_only_the_users_own_tokens(cast: Cast) -> None:
    token_create(user=cast.secretariat_user, name="Sekretariatets nøgle")
    token_create(user=cast.board_user, name="Min nøgle")
    page = cast.client("board").get("/accounts/profile/").content.decode()
    assert "Min nøgle" in page
    assert "Sekretariatets nøgle" not in page


def test_it_shows_a_breadcrumb_back_to_the_front_page_on_the_profile(cast: Cast) -> None:
    page = cast.client("board").get("/accounts/profile/").content.decode()
    crumbs = page.split('class="breadcrumbs__list"', 1)[1].split("</ol>", 1)[0]
    assert 'href="/"' in crumbs
    assert 'aria-current="page">Min profil<' in crumbs
