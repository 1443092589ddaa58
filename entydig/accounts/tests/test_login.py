"""Login security: Argon2 hashes, throttled failures (django-axes), demo logins only in demo mode, logout."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher
from django.http import HttpResponseRedirect
from django.test import Client
from pytest_django import Settings

import config.settings as project_settings
from entydig.accounts.models import User
from entydig.conftest import Cast

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # the test client's response, stub-only

LOCKED_OUT = "For mange mislykkede login-forsøg"


def _login(client: Client, username: str, password: str) -> TestResponse:
    return client.post("/accounts/login/", {"username": username, "password": password})


def _logged_in(client: Client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


def test_it_hashes_passwords_with_argon2(db: None, settings: Settings) -> None:
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = User.objects.create_user(username="ny", password="et-godt-kodeord-2026")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$argon2id$")
    client = Client()
    response = _login(client, "ny", "et-godt-kodeord-2026")
    assert isinstance(response, HttpResponseRedirect)
    assert response.url == "/"
    assert _logged_in(client)


def test_it_logs_in_with_the_right_password_and_shows_an_error_otherwise(cast: Cast) -> None:
    client = Client()
    response = _login(client, "board", "forkert")
    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()
    assert not _logged_in(client)
    assert _login(client, "board", "pw-board").status_code == 302
    assert _logged_in(client)


def test_it_locks_out_a_user_name_after_five_failures_from_one_address(cast: Cast) -> None:
    client = Client()
    for _attempt in range(4):
        assert _login(client, "board", "forkert").status_code == 200
    response = _login(client, "board", "forkert")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_OUT in page
    assert "Too many failed login attempts" in page
    assert AccessAttempt.objects.get(username="board").failures_since_start == 5
    locked = _login(client, "board", "pw-board")
    assert locked.status_code == 429
    assert LOCKED_OUT in locked.content.decode()
    assert not _logged_in(client)


def test_it_does_not_lock_out_other_users_or_other_addresses(cast: Cast) -> None:
    client = Client()
    for _attempt in range(5):
        _login(client, "board", "forkert")
    assert _login(client, "board", "pw-board").status_code == 429
    other_user = Client()
    assert _login(other_user, "steering", "pw-steering").status_code == 302
    assert _logged_in(other_user)
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    assert _login(other_address, "board", "pw-board").status_code == 302
    assert _logged_in(other_address)


def test_it_forgets_earlier_failures_after_a_successful_login(cast: Cast) -> None:
    client = Client()
    for _attempt in range(4):
        _login(client, "board", "forkert")
    assert _login(client, "board", "pw-board").status_code == 302
    client.post("/accounts/logout/")
    for _attempt in range(4):
        assert _login(client, "board", "forkert").status_code == 200
    assert _login(client, "board", "pw-board").status_code == 302


@pytest.mark.parametrize("username", ["laeser", "sekretariat"])
def test_it_refuses_demo_logins_outside_demo_mode(db: None, settings: Settings, username: str) -> None:
    User.objects.create_user(username=username, password="demo")
    settings.DEMO_MODE = False
    client = Client()
    response = _login(client, username, "demo")
    assert response.status_code == 200
    assert "Demo-logins virker kun i demo-opsætningen." in response.content.decode()
    assert not _logged_in(client)
    settings.DEMO_MODE = True
    assert _login(client, username, "demo").status_code == 302
    assert _logged_in(client)


def test_it_lets_ordinary_users_log_in_outside_demo_mode(cast: Cast, settings: Settings) -> None:
    settings.DEMO_MODE = False
    client = Client()
    assert _login(client, "board", "pw-board").status_code == 302
    assert _logged_in(client)


def test_it_ends_the_session_on_logout_by_post_only(cast: Cast) -> None:
    client = cast.client("board")
    assert client.get("/accounts/logout/").status_code == 405
    assert _logged_in(client)
    response = client.post("/accounts/logout/")
    assert isinstance(response, HttpResponseRedirect)
    assert response.url == "/accounts/login/"
    assert not _logged_in(client)
    assert client.get("/api/v1/plans").status_code == 401


def test_it_refuses_a_login_post_without_a_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    response = _login(client, "board", "pw-board")
    assert response.status_code == 403
    assert not _logged_in(client)
