"""Users, linked to a person of the organisation, and their personal API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

# The logins the demo seeder creates (password "demo"); they work only in the demo settings (DEMO_MODE).
DEMO_USERNAMES = frozenset({"sekretariat", "bestyrelse", "styregruppe", "medarbejder", "laeser", "anden"})


def demo_login_disabled(username: str) -> bool:
    """True for a demo login outside the demo settings."""
    return username in DEMO_USERNAMES and not settings.DEMO_MODE


def may_authenticate(user: Any) -> bool:
    """The one check every way in passes: password (pages and admin), session, API token and calendar feed.

    An active user, and a demo user only in the demo settings; a session that no longer passes is logged out.
    """
    return bool(getattr(user, "is_active", False)) and not demo_login_disabled(user.username)


class User(AbstractUser):
    person = models.OneToOneField(
        "organisation.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A personal token; only its SHA-256 hash is stored, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("navn"), max_length=100)
    prefix = models.CharField(_("begyndelse"), max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
