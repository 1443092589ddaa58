"""Meetings, agendas and action items for a generated plan, once the meetings app has its models."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from bench.generator import Counts, PlanData


def available() -> bool:
    try:
        apps.get_model("meetings", "Meeting")
    except LookupError:
        return False
    return True


def extend(data: PlanData, rng: random.Random, counts: Counts) -> None:
    """Adds the plan's meetings; written when the meetings models land."""
