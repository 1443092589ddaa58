"""Helpers for API tests: JSON requests, token clients and a snapshot of what a write could change."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from entydig.accounts.models import User
from entydig.accounts.services import token_create
from entydig.core.models import AuditEvent
from entydig.organisation.models import Activity, Body, Membership


def post_json(client: Client, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, data, content_type="application/json", **extra)


def token_client(user: User) -> Client:
    """A client without a session that sends a fresh personal token of `user`."""
    _token, raw = token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def db_state() -> tuple[int, int, int, int]:
    """Counts of everything an organisation write could add."""
    return (Activity.objects.count(), Body.objects.count(), Membership.objects.count(), AuditEvent.objects.count())


@pytest.fixture
def state() -> Any:
    return db_state
