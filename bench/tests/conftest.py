"""Fixtures for the bench's tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: rolled-back tests reuse plan ids, which cache keys contain."""
    from django.core.cache import cache

    cache.clear()
