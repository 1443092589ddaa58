"""Demo users work only in the demo settings: not through a login, a session, an API token or a calendar feed."""

from __future__ import annotations

import pytest
from django.http import HttpResponseRedirect
from django.test import Client
from pytest_django import Settings

from entydig.accounts.models import DEMO_USERNAMES, User
from entydig.accounts.services import token_create
from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.meetings.services import calendar_feed_get_or_create
from entydig.organisation.models import Activity


def _as_demo_user(cast: Cast) -> User:
    """The cast's secretariat user under the demo seeder's name for it."""
    user: User = cast.secretariat_user
    user.username = "sekretariat"
    user.set_password("demo")
    user.save()
    assert user.username in DEMO_USERNAMES
    return user


def _api_activity(client: Client, cast: Cast, name: str) -> int:
    url = f"/api/v1/plans/{cast.plan.pk}/activities"
    return client.post(url, {"name": name}, content_type="application/json").status_code


def test_it_refuses_a_demo_users_api_token_outside_the_demo_settings(cast: Cast, settings: Settings) -> None:
    user = _as_demo_user(cast)
    _token, raw = token_create(user=user, name="demo-nøgle")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    settings.DEMO_MODE = True
    assert [p["name"] for p in api.get("/api/v1/plans").json()] == ["Plan A"]

    settings.DEMO_MODE = False
    events = AuditEvent.objects.count()
    assert api.get("/api/v1/plans").status_code == 401
    assert api.get(f"/api/v1/plans/{cast.plan.pk}").status_code == 401
    assert _api_activity(api, cast, "Via demo-nøgle") == 401
    assert not Activity.objects.filter(name="Via demo-nøgle").exists()
    assert AuditEvent.objects.count() == events
    assert api.get("/api/v1/openapi.json").status_code == 401  # the docs accept a token too


def test_it_ends_an_existing_demo_session_outside_the_demo_settings(cast: Cast, settings: Settings) -> None:
    user = _as_demo_user(cast)
    settings.DEMO_MODE = True
    client = Client()
    client.force_login(user)
    plan_page = f"/plans/{cast.plan.pk}/"
    assert client.get(plan_page).status_code == 200

    settings.DEMO_MODE = False
    response = client.get(plan_page)
    assert isinstance(response, HttpResponseRedirect)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get("/api/v1/plans").status_code == 401
    assert _api_activity(client, cast, "Via demo-session") == 401
    assert not Activity.objects.filter(name="Via demo-session").exists()
    assert client.get("/accounts/profile/").status_code == 302


def test_it_refuses_a_demo_users_calendar_feed_outside_the_demo_settings(cast: Cast, settings: Settings) -> None:
    feed = calendar_feed_get_or_create(user=_as_demo_user(cast))
    settings.DEMO_MODE = True
    assert Client().get(f"/calendar/{feed.token}.ics").status_code == 200
    settings.DEMO_MODE = False
    assert Client().get(f"/calendar/{feed.token}.ics").status_code == 404


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_it_refuses_a_demo_login_with_its_password_outside_the_demo_settings(
    cast: Cast, settings: Settings, path: str
) -> None:
    user = _as_demo_user(cast)
    user.is_staff = True  # the admin's login form, too
    user.save()
    settings.DEMO_MODE = False
    client = Client()
    response = client.post(path, {"username": "sekretariat", "password": "demo"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(f"/plans/{cast.plan.pk}/").status_code == 302


def test_it_lets_ordinary_users_in_every_way_outside_the_demo_settings(cast: Cast, settings: Settings) -> None:
    settings.DEMO_MODE = False
    _token, raw = token_create(user=cast.board_user, name="nøgle")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/plans").status_code == 200
    session = cast.client("board")
    assert session.get(f"/plans/{cast.plan.pk}/").status_code == 200
    feed = calendar_feed_get_or_create(user=cast.board_user)
    assert Client().get(f"/calendar/{feed.token}.ics").status_code == 200
