"""Helpers for the tests that send one write through both edges, the page's form and the API, and read each edge's
answer the same way: errors by field, and the messages shown on the page."""

from __future__ import annotations

import html
import json
from typing import Any

from django.test import Client

from entydig.accounts.models import User
from entydig.accounts.services import token_create


def api_client(user: User) -> Client:
    """A client of the API without a session, sending a personal token of `user` as an integration does."""
    _token, raw = token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def api_call(client: Client, method: str, path: str, data: dict[str, Any] | None = None) -> Any:
    """`method` on /api/v1`path`, with `data` as JSON (a GET sends none)."""
    if method == "get":
        return client.get(f"/api/v1{path}")
    send = getattr(client, method)
    return send(f"/api/v1{path}", json.dumps(data or {}), content_type="application/json")


def api_errors(response: Any) -> dict[str, str]:
    """An API refusal as {field: message}; the answer must be a 422."""
    assert response.status_code == 422, (response.status_code, response.content)
    return {e["field"]: e["msg"] for e in response.json()["detail"]}


def page_errors(response: Any, form: str = "form") -> dict[str, str]:
    """A form page's refusal as {field: message} (`__all__` for the form's own), each message shown on the page."""
    assert response.status_code in (200, 422), (response.status_code, response.content)
    bound = response.context[form]
    content = response.content.decode()
    errors = {}
    for field, messages in bound.errors.items():
        for message in messages:
            assert html.escape(message) in content, message
        errors[field] = " ".join(str(m) for m in messages)
    return errors


def shown(response: Any, message: str) -> bool:
    """Whether the page shows `message` (a form error or a message above the page)."""
    return html.escape(message) in response.content.decode()
