"""Fixtures for the bench's tests: the app's own autouse fixtures, which pytest applies only below entydig/."""

from __future__ import annotations

from entydig.conftest import _empty_cache  # noqa: F401 (registered as a fixture by being imported here)
