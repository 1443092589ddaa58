"""Helpers for API tests: JSON requests, token clients and a snapshot of what a write could change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from entydig.accounts.models import User
from entydig.accounts.services import token_create
from entydig.core.models import AuditEvent
from entydig.organisation.models import Activity, Body, Membership

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # the test client's response, stub-only


def post_json(client: Client, url: str, data: dict[str, Any], **extra: Any) -> TestResponse:
    return client.post(url, data, content_type="application/json", **extra)


def token_client(user: User) -> Client:
    """A client without a session that sends a fresh personal token of `user`."""
    _token, raw = token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def db_state() -> tuple[int, int, int, int]:
    """Counts of everything an organisation write could add."""
    return (Activity.objects.count(), Body.objects.count(), Membership.objects.count(), AuditEvent.objects.count())


@pytest.fixture
def state() -> Callable[[], tuple[int, int, int, int]]:
    return db_state
