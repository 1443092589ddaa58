"""The co-financing check: from a budget's amounts, the local and LBF shares over the plan period and per year,
whether they keep LBF's limits, and what is short, in plain Danish. It advises; nothing here refuses anything.

Pure arithmetic on exact decimals; the rules come from entydig.budget.rules. Shares are compared by
cross-multiplying (local × 1 ≥ minimum × total), never through a rounded quotient.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from entydig.budget.models import Funder
from entydig.budget.money import ORE, kroner, percent
from entydig.budget.rules import Rules, rules

ZERO = Decimal("0.00")
SHARE_PLACES = Decimal("0.0001")


class Amount(NamedTuple):
    """One budget amount as the check needs it."""

    year: int
    funder: str
    in_kind: bool
    amount: Decimal


def _share(part: Decimal, total: Decimal) -> Decimal | None:
    return (part / total).quantize(SHARE_PLACES) if total else None


def _up_to_ore(value: Decimal) -> Decimal:
    return max(ZERO, value.quantize(ORE, rounding=ROUND_CEILING))


@dataclass(frozen=True)
class Share:
    """The counted amounts of one year (or of the whole period, `year` None) and what they mean under the rules."""

    year: int | None
    rules: Rules
    by_funder: dict[str, Decimal]  # counted amounts (in kind left out where it does not count)
    in_kind_left_out: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum(self.by_funder.values(), ZERO)

    @property
    def local(self) -> Decimal:
        return sum((a for f, a in self.by_funder.items() if f in self.rules.local_funders), ZERO)

    @property
    def lbf(self) -> Decimal:
        return self.by_funder.get(Funder.LBF, ZERO)

    @property
    def local_share(self) -> Decimal | None:
        return _share(self.local, self.total)

    @property
    def lbf_share(self) -> Decimal | None:
        return _share(self.lbf, self.total)

    def funder_share(self, funder: str) -> Decimal | None:
        return _share(self.by_funder.get(funder, ZERO), self.total)

    @property
    def meets_local_minimum(self) -> bool:
        return self.local >= self.rules.local_minimum * self.total

    @property
    def lbf_within_maximum(self) -> bool:
        return self.lbf <= self.rules.lbf_maximum * self.total

    @property
    def ok(self) -> bool:
        return self.meets_local_minimum and self.lbf_within_maximum

    @property
    def local_shortfall(self) -> Decimal:
        """The local money missing for the minimum, with the total unchanged (moved from other funders)."""
        return _up_to_ore(self.rules.local_minimum * self.total - self.local)

    @property
    def lbf_excess(self) -> Decimal:
        """What LBF is asked for beyond its maximum."""
        return _up_to_ore(self.lbf - self.rules.lbf_maximum * self.total)


@dataclass(frozen=True)
class CoFinancing:
    period: Share
    years: list[Share] = field(default_factory=list)

    @property
    def rules(self) -> Rules:
        return self.period.rules

    @property
    def ok(self) -> bool:
        return self.period.ok and all(y.ok for y in self.years)

    @property
    def short_years(self) -> list[Share]:
        return [y for y in self.years if not y.ok]

    def local_funder_names(self, word: str = "") -> str:
        """The local funders in words: "kommunen og boligorganisationen"."""
        names = [str(Funder(f).label).lower() for f in Funder.values if f in self.rules.local_funders]
        return get_text_list(names, word or _("og"))

    def year(self, year: int) -> Share | None:
        return next((y for y in self.years if y.year == year), None)

    def messages(self) -> list[str]:
        """The check in plain Danish: the period first, then each year that breaks a limit."""
        r, period = self.rules, self.period
        if not period.total:
            return [_("Budgettet har endnu ingen beløb.")]
        local_names = self.local_funder_names(_("eller"))
        out: list[str] = []
        if period.meets_local_minimum:
            out.append(
                _("Den lokale medfinansiering er %(share)s over hele perioden (krav: mindst %(minimum)s).")
                % {"share": percent(period.local_share), "minimum": percent(r.local_minimum, 0)}
            )
        else:
            out.append(
                _(
                    "Den lokale medfinansiering er %(share)s over hele perioden – under kravet på mindst %(minimum)s. "
                    "Der mangler %(missing)s fra %(funders)s (ved uændret samlet budget)."
                )
                % {
                    "share": percent(period.local_share),
                    "minimum": percent(r.local_minimum, 0),
                    "missing": kroner(period.local_shortfall),
                    "funders": local_names,
                }
            )
        if not period.lbf_within_maximum:
            out.append(
                _("Landsbyggefondens andel er %(share)s – over de højst %(maximum)s; %(excess)s for meget.")
                % {
                    "share": percent(period.lbf_share),
                    "maximum": percent(r.lbf_maximum, 0),
                    "excess": kroner(period.lbf_excess),
                }
            )
        for year in self.short_years:
            if not year.meets_local_minimum:
                out.append(
                    _("%(year)s: den lokale andel er %(share)s; der mangler %(missing)s")
                    % {"year": year.year, "share": percent(year.local_share), "missing": kroner(year.local_shortfall)}
                )
            else:
                out.append(
                    _("%(year)s: Landsbyggefondens andel er %(share)s; %(excess)s over maksimum.")
                    % {"year": year.year, "share": percent(year.lbf_share), "excess": kroner(year.lbf_excess)}
                )
        if period.in_kind_left_out:
            out.append(
                _("Naturalier for %(amount)s tæller ikke med i beregningen (indstillingen BUDGET_IN_KIND_COUNTS).")
                % {"amount": kroner(period.in_kind_left_out)}
            )
        return out


def cofinancing(amounts: Iterable[Amount], *, years: Iterable[int] = (), the_rules: Rules | None = None) -> CoFinancing:
    """The check of a budget's amounts; `years` adds years without amounts (a plan year left empty)."""
    r = the_rules or rules()
    per_year: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    in_kind_out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for year in years:
        per_year[year]  # noqa: B018 - the year is shown even when it holds nothing
    for a in amounts:
        if a.in_kind and not r.in_kind_counts:
            in_kind_out[a.year] += a.amount
            per_year[a.year]  # noqa: B018
            continue
        per_year[a.year][a.funder] += a.amount
    total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    shares = []
    for year in sorted(per_year):
        funders = dict(per_year[year])
        for funder, amount in funders.items():
            total[funder] += amount
        shares.append(Share(year, r, funders, in_kind_out.get(year, ZERO)))
    period = Share(None, r, dict(total), sum(in_kind_out.values(), ZERO))
    return CoFinancing(period, shares)
