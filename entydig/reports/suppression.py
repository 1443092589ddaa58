"""Small-number suppression: figures about fewer people than the threshold never leave the database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings


def threshold() -> int:
    return int(getattr(settings, "SUPPRESSION_THRESHOLD", 5))


def is_suppressed(value: Decimal | float | int | None, *, counts_people: bool = True, limit: int | None = None) -> bool:
    if value is None or not counts_people:
        return False
    limit = threshold() if limit is None else limit
    return 0 < value < limit


def shown(value: Any, *, counts_people: bool = True, limit: int | None = None) -> Any:
    """The value, or None when it must be suppressed."""
    return None if is_suppressed(value, counts_people=counts_people, limit=limit) else value
