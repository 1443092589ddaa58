"""A fingerprint of every row of every model, to prove that something changed nothing."""

from __future__ import annotations

import hashlib

from django.apps import apps

# Rows that change on every login or request without being data anyone edits.
VOLATILE = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
VOLATILE_FIELDS = {"accounts.apitoken": {"last_used_at"}, "accounts.user": {"last_login"}}


def database_fingerprint() -> dict[str, str]:
    """model label → hash of all its rows in primary-key order."""
    digest: dict[str, str] = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or not model._meta.managed:
            continue
        skip = VOLATILE_FIELDS.get(label, set())
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        h = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list(*fields):
            h.update(repr(row).encode())
        digest[label] = h.hexdigest()
    return digest


def changed_models(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))
