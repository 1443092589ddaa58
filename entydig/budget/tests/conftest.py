"""Fixtures for the money tests: the cost types, and a way to write a budget in one line per amount."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pytest

from entydig.budget import services, spending
from entydig.budget.models import BudgetVersion, CostType
from entydig.conftest import Cast


class Money:
    """Writes budgets and spending for the cast's plan (2024-2027) through the services."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.types = {c.code: c for c in CostType.objects.all()}

    def spec(
        self,
        target: services.Target,
        year: int,
        funder: str,
        amount: str,
        cost_type: str = "løn",
        in_kind: bool = False,
    ) -> services.LineSpec:
        return services.LineSpec(target, year, funder, self.types[cost_type], in_kind, Decimal(amount))

    def lines(
        self,
        specs: Iterable[services.LineSpec],
        *,
        add_only: bool = False,
        expected: tuple[int, int] | None = None,
    ) -> BudgetVersion:
        return services.budget_lines_set(
            actor=self.cast.secretariat_user,
            plan=self.cast.plan,
            lines=list(specs),
            add_only=add_only,
            expected=expected,
        )

    def approve(self, day: str = "2024-01-15") -> BudgetVersion:
        import datetime as dt

        return services.budget_approve(
            actor=self.cast.secretariat_user, plan=self.cast.plan, approved_on=dt.date.fromisoformat(day)
        )

    def spend(
        self, target: services.Target, year: int, quarter: int, amount: str, funder: str = "", note: str = ""
    ) -> None:
        spending.actual_set(
            actor=self.cast.secretariat_user,
            plan=self.cast.plan,
            target=target,
            year=year,
            quarter=quarter,
            amount=Decimal(amount),
            funder=funder,
            note=note,
        )


@pytest.fixture
def money(cast: Cast) -> Money:
    return Money(cast)
