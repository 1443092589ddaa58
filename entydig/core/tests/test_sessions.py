"""Sessions: a new key at login with safe cookie flags, an idle timeout, and a dead cookie after logout.

Throttling and logout by POST are tested in entydig/accounts/tests/test_login.py.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpResponseRedirect
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from entydig.conftest import Cast

PROFILE = "/accounts/profile/"


def _login(client: Client, username: str) -> None:
    response = client.post("/accounts/login/", {"username": username, "password": f"pw-{username}"})
    assert response.status_code == 302, response.content.decode()[:500]


def test_it_gives_a_new_session_key_at_login_in_a_secure_httponly_samesite_cookie(
    cast: Cast, settings: Settings
) -> None:
    settings.SESSION_COOKIE_SECURE = True  # as with production settings (DEBUG off)
    client = Client()
    client.get("/accounts/login/")
    session = client.session
    session["probe"] = "before login"
    session.save()
    before = session.session_key

    _login(client, "board")

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value != before  # no session fixation
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert '<span class="weight-semibold">board</span>' in client.get(PROFILE).content.decode()


def test_it_ends_a_session_that_has_been_idle_longer_than_the_timeout(cast: Cast) -> None:
    client = Client()
    _login(client, "board")
    assert client.get(PROFILE).status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    idle = timezone.now() - dt.timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=idle)

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert isinstance(response, HttpResponseRedirect)
    assert response.url.startswith("/accounts/login/")


def test_it_renews_the_timeout_on_every_request(cast: Cast) -> None:
    client = Client()
    _login(client, "board")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    soon = timezone.now() + dt.timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    assert client.get(PROFILE).status_code == 200

    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_it_refuses_the_old_session_cookie_after_logout(cast: Cast) -> None:
    client = Client()
    _login(client, "board")
    old = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=old).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old
    response = replay.get(PROFILE)
    assert isinstance(response, HttpResponseRedirect)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert replay.get("/api/v1/plans").status_code == 401
