"""Writes for users and API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from entydig.accounts.models import ApiToken, User, may_authenticate
from entydig.core.audit import audit_record

TOKEN_PREFIX = "ent_"  # noqa: S105 (a public marker, not a secret)


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw value, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], token_hash=ApiToken.hash(raw))
    audit_record(actor=user, action="create", obj=token)
    return token, raw


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action="update", obj=token, changes={"revoked_at": [None, str(token.revoked_at)]})
    return token


def token_authenticate(raw: str) -> User | None:
    """The user owning the raw token, or None when the token is unknown or revoked or the user may not sign in."""
    token = (
        ApiToken.objects.select_related("user").filter(token_hash=ApiToken.hash(raw), revoked_at__isnull=True).first()
    )
    if token is None or not may_authenticate(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
