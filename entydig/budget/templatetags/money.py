"""Template filters for kroner and shares: `{{ amount|kr }}` → "1.234.567 kr.", `{{ share|pct }}` → "27,3 %"."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

from entydig.budget import money

register = template.Library()


@register.filter
def kr(amount: Decimal | None) -> str:
    return money.kroner(amount)


@register.filter
def amount(value: Decimal | None) -> str:
    """The number without the unit, for table cells under a "kr." heading."""
    return "–" if value is None else money.grouped(value)


@register.filter
def whole(value: Decimal | None) -> str:
    """Whole kroner (rounded half up), for figures that are estimates, such as a forecast."""
    return "–" if value is None else money.grouped(money.to_ore(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@register.filter
def pct(share: Decimal | None) -> str:
    return money.percent(share)


@register.filter
def whole_pct(share: Decimal | None) -> str:
    return money.whole_percent(share)


@register.filter
def cells(row: Any, years: Sequence[int]) -> list[Decimal | None]:
    """A table row's amounts in the order of `years`."""
    return list(row.cells(years))


@register.filter
def year_totals(table: Any, years: Sequence[int]) -> list[Decimal]:
    return list(table.year_totals(years))


@register.filter
def year_sums(view: Any) -> list[Decimal]:
    """A budget view's total per plan year (0 for a year without lines)."""
    return [view.totals.by_year.get(y, Decimal(0)) for y in view.years]


@register.filter
def may_forecast(post: Any, access: Any) -> bool:
    return bool(access.may_forecast(post))
