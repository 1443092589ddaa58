"""Kroner and shares as Danish readers write them: "1.234.567 kr.", "150.000,50 kr.", "27,3 %"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.translation import gettext as _

ORE = Decimal("0.01")


def to_ore(value: Decimal) -> Decimal:
    """An amount rounded to whole øre, half up (as accounts round)."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def grouped(amount: Decimal) -> str:
    """`1.234.567` or `1.234.567,50`: øre only when there are any."""
    amount = to_ore(amount)
    places = 0 if amount == amount.to_integral_value() else 2
    return numberformat.format(amount, ",", decimal_pos=places, grouping=3, thousand_sep=".", force_grouping=True)


def kroner(amount: Decimal | None) -> str:
    if amount is None:
        return "–"
    return _("%(amount)s kr.") % {"amount": grouped(amount)}


def percent(share: Decimal | None, places: int = 1) -> str:
    """A share between 0 and 1 as `27,3 %`."""
    if share is None:
        return "–"
    value = (share * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = numberformat.format(value, ",", decimal_pos=places, grouping=3, thousand_sep=".", force_grouping=True)
    return f"{text} %"


def whole_percent(share: Decimal | None) -> str:
    return percent(share, 0)
