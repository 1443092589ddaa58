"""The money rules as Entydig applies them, read from the settings each time (their sources are in
config/settings.py and the README's "Money" section), so a test or an installation can change them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from entydig.budget.models import Funder


@dataclass(frozen=True)
class Rules:
    local_minimum: Decimal  # the least share of the budget that local funders must pay
    lbf_maximum: Decimal  # the most LBF pays
    local_funders: frozenset[str]  # Funder values that count as local co-financing
    in_kind_counts: bool  # whether co-financing in kind counts (otherwise in-kind lines are left out of the check)
    variance_threshold: Decimal  # Entydig's own: a forecast this far from the year's budget is a large variance


def rules() -> Rules:
    return Rules(
        local_minimum=Decimal(settings.BUDGET_LOCAL_MINIMUM),
        lbf_maximum=Decimal(settings.BUDGET_LBF_MAXIMUM),
        local_funders=frozenset(f for f in settings.BUDGET_LOCAL_FUNDERS if f in Funder.values and f != Funder.LBF),
        in_kind_counts=bool(settings.BUDGET_IN_KIND_COUNTS),
        variance_threshold=Decimal(settings.BUDGET_VARIANCE_THRESHOLD),
    )
