"""The password and session backend: Django's, with the one check of who may sign in (`may_authenticate`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from entydig.accounts.models import may_authenticate


class ModelBackend(DjangoModelBackend):
    """Checked at login (`authenticate`) and on every request of a session (`get_user`)."""

    def user_can_authenticate(self, user: Any) -> bool:
        return may_authenticate(user)
