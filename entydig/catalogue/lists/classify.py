"""The classifier: which criteria an area meets under a rule set, by how many percentage points it misses or meets
each, and the status that follows; and a forecast of the next list from the trend of each criterion.

Pure functions over Decimals. A missing value (None) makes its criterion None; the status is given only when it is
the same whatever the missing values are (every possibility is tried), otherwise it is None.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from entydig.catalogue.lists.rules import (
    CRIME,
    CRITERIA,
    EDUCATION,
    INCOME,
    LABOUR,
    NONE,
    NONWESTERN,
    ON_THE_LIST,
    RULESETS,
    RuleSet,
    Threshold,
    Tier,
)

# The classifier's inputs by criterion.
INPUT_OF = {
    NONWESTERN: "pct_nonwestern",
    LABOUR: "pct_outside_labour_edu",
    CRIME: "pct_convicted",
    EDUCATION: "pct_basic_edu",
    INCOME: "income_pct_of_region",
}


@dataclass(frozen=True)
class TierResult:
    status: str
    criteria: dict[str, bool | None]  # every criterion; None: a value is missing or the tier has no such criterion
    thresholds: dict[str, Decimal | None]
    margins: dict[str, Decimal | None]  # percentage points still to go (> 0) or beyond the threshold (<= 0)
    criteria_met: int  # of the tier's counted criteria, met for sure


@dataclass(frozen=True)
class ListResult:
    ruleset: str
    list_year: int
    status: str | None  # None: it depends on a missing value
    criteria: dict[str, bool | None]
    criteria_met: int
    margins: dict[str, Decimal | None]
    thresholds: dict[str, Decimal | None]
    years_on_list: int  # consecutive years on the ghetto/parallelsamfund list before this one, from the history
    prevention: TierResult | None  # 2021: the forebyggelsesområde criteria (§ 61 b)
    unconfirmed: list[str]


def threshold_value(threshold: Threshold, national_pct_convicted: Decimal | None) -> Decimal | None:
    """The threshold in percent: fixed, or the multiple of the national share (None when that is missing)."""
    if threshold.multiple is None:
        return threshold.value
    if national_pct_convicted is None:
        return None
    return threshold.multiple * national_pct_convicted


def met(threshold: Threshold, limit: Decimal, value: Decimal) -> bool:
    if threshold.comparison == "gt":
        return value > limit
    if threshold.comparison == "ge":
        return value >= limit
    return value < limit


def margin(threshold: Threshold, limit: Decimal, value: Decimal) -> Decimal:
    """Percentage points the value must still move to meet the criterion; 0 or less when it is met (by that much).

    A criterion of 'overstiger' is not met exactly at the threshold, with margin 0; `met` decides.
    """
    return value - limit if threshold.comparison == "lt" else limit - value


def _tier(tier: Tier, values: Mapping[str, Decimal | None], national: Decimal | None) -> TierResult:
    criteria: dict[str, bool | None] = dict.fromkeys(CRITERIA)
    thresholds: dict[str, Decimal | None] = dict.fromkeys(CRITERIA)
    margins: dict[str, Decimal | None] = dict.fromkeys(CRITERIA)
    for name, threshold in tier.thresholds.items():
        limit = threshold_value(threshold, national)
        thresholds[name] = limit
        value = values[name]
        if limit is None or value is None:
            continue
        criteria[name] = met(threshold, limit, value)
        margins[name] = margin(threshold, limit, value)
    met_count = sum(1 for name in tier.counted if criteria[name] is True)
    return TierResult(tier.status, criteria, thresholds, margins, met_count)


def _tier_holds(tier: Tier, criteria: Mapping[str, bool]) -> bool:
    if tier.gate is not None and not criteria[tier.gate]:
        return False
    return sum(1 for name in tier.counted if criteria[name]) >= tier.required


def years_on_list(history: Iterable[tuple[int, str]], list_year: int) -> int:
    """How many years in a row before `list_year` the area was on the ghetto/parallelsamfund list.

    A year missing from the history counts as a year not on the list.
    """
    by_year = dict(history)
    years = 0
    while by_year.get(list_year - years - 1) in ON_THE_LIST:
        years += 1
    return years


def _holds(tier: Tier | None, result: TierResult | None) -> set[bool]:
    """Whether the tier holds, for every way its unknown criteria could turn out."""
    if tier is None or result is None:
        return {False}
    criteria = {name: result.criteria[name] for name in tier.thresholds}
    unknown = [name for name, value in criteria.items() if value is None]
    outcomes = set()
    for combination in itertools.product((False, True), repeat=len(unknown)):
        filled = {name: bool(value) for name, value in criteria.items()}
        filled.update(zip(unknown, combination, strict=True))
        outcomes.add(_tier_holds(tier, filled))
    return outcomes


def _status(
    rules: RuleSet, list_year: int, enough: bool, higher: bool, base: bool, prevention: bool, before: int
) -> str:
    if not enough:
        return NONE
    if rules.higher is not None and higher:
        if rules.persistent_status and before + 1 >= rules.years_for_persistent(list_year):
            return rules.persistent_status
        return rules.higher.status
    if base:
        return rules.base.status
    if rules.prevention is not None and prevention:
        return rules.prevention.status
    return NONE


def classify(
    ruleset: str,
    list_year: int,
    residents: int | None,
    pct_nonwestern: Decimal | None,
    pct_outside_labour_edu: Decimal | None,
    pct_convicted: Decimal | None,
    national_pct_convicted: Decimal | None,
    pct_basic_edu: Decimal | None,
    income_pct_of_region: Decimal | None,
    history: Iterable[tuple[int, str]] = (),
) -> ListResult:
    """The criteria, margins and status of one area on the list of `list_year` under `ruleset`.

    Shares are in percent and are the figures the rule asks for (the 2-year or 4-year averages where the rule says
    so); `history` holds (list year, status) of earlier lists, for the rules on years in a row.
    """
    rules = RULESETS[ruleset]
    values: dict[str, Decimal | None] = {
        NONWESTERN: pct_nonwestern,
        LABOUR: pct_outside_labour_edu,
        CRIME: pct_convicted,
        EDUCATION: pct_basic_edu,
        INCOME: income_pct_of_region,
    }
    national = national_pct_convicted
    base = _tier(rules.base, values, national)
    higher = _tier(rules.higher, values, national) if rules.higher else None
    prevention = _tier(rules.prevention, values, national) if rules.prevention else None
    before = years_on_list(history, list_year)

    # The main criteria are the highest tier's: the base's own criteria and the gate (the non-Western share).
    main = higher or base
    # Each tier's outcome is decided by its own criteria, so trying each tier's possibilities on its own gives the
    # same single status as trying the values themselves, and a second status exactly when a value would change it.
    outcomes = {
        _status(rules, list_year, enough, h, b, p, before)
        for enough in ([True, False] if residents is None else [residents >= rules.min_residents])
        for h in _holds(rules.higher, higher)
        for b in _holds(rules.base, base)
        for p in _holds(rules.prevention, prevention)
    }
    status = outcomes.pop() if len(outcomes) == 1 else None
    return ListResult(
        ruleset=ruleset,
        list_year=list_year,
        status=status,
        criteria=main.criteria,
        criteria_met=main.criteria_met,
        margins=main.margins,
        thresholds=main.thresholds,
        years_on_list=before,
        prevention=prevention,
        unconfirmed=rules.unconfirmed(),
    )


def percentage_points(value: Decimal) -> str:
    """A number of percentage points the Danish way: '0,8', '1,25' (at most two decimals, no trailing zeros)."""
    rounded = abs(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:.2f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return text.replace(".", ",")


def margin_text(criterion_met: bool | None, margin_pp: Decimal | None) -> str:
    """'0,8 procentpoint fra grænsen' (not met), 'opfyldt med 1,2 procentpoint' (met), '' when unknown."""
    if criterion_met is None or margin_pp is None:
        return ""
    if criterion_met:
        return _("opfyldt med %(pp)s procentpoint") % {"pp": percentage_points(margin_pp)}
    return _("%(pp)s procentpoint fra grænsen") % {"pp": percentage_points(margin_pp)}


# The forecast --------------------------------------------------------------------------------------------------

SHARES = ("pct_nonwestern", "pct_outside_labour_edu", "pct_convicted", "pct_basic_edu", "national_pct_convicted")


def trend(points: Sequence[tuple[int, Decimal]], year: int, window: int = 3) -> Decimal | None:
    """The value in `year` on the least-squares line through the last `window` points (one point: that value)."""
    last = sorted(points)[-window:]
    if not last:
        return None
    if len(last) == 1:
        return Decimal(last[0][1])
    xs = [Decimal(x) for x, _y in last]
    ys = [Decimal(y) for _x, y in last]
    x_mean = sum(xs, Decimal(0)) / len(xs)
    y_mean = sum(ys, Decimal(0)) / len(ys)
    spread = sum(((x - x_mean) ** 2 for x in xs), Decimal(0))
    slope = sum(((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)), Decimal(0)) / spread
    return (y_mean + slope * (Decimal(year) - x_mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Forecast:
    values: dict[str, Decimal | int | None]  # the projected inputs of the classifier
    result: ListResult


def forecast(
    ruleset: str,
    list_year: int,
    series: Mapping[str, Sequence[tuple[int, Decimal]]],
    history: Iterable[tuple[int, str]] = (),
    window: int = 3,
) -> Forecast:
    """The list of `list_year` as the trend of each input says: `series` maps the classifier's input names
    (residents, pct_nonwestern, ..., national_pct_convicted, income_pct_of_region) to (year, value) points.

    Each input is projected on its own straight line through its last `window` points; shares stay within 0-100
    and residents and income above 0. An input without points stays missing.
    """
    shares: dict[str, Decimal | None] = {}
    for name in (*INPUT_OF.values(), "national_pct_convicted"):
        value = trend(series.get(name, ()), list_year, window)
        if value is not None:
            value = max(value, Decimal(0))
            if name in SHARES:
                value = min(value, Decimal(100))
        shares[name] = value
    people = trend(series.get("residents", ()), list_year, window)
    residents = None if people is None else max(int(people.quantize(Decimal(1), rounding=ROUND_HALF_UP)), 0)
    result = classify(
        ruleset,
        list_year,
        residents=residents,
        pct_nonwestern=shares["pct_nonwestern"],
        pct_outside_labour_edu=shares["pct_outside_labour_edu"],
        pct_convicted=shares["pct_convicted"],
        national_pct_convicted=shares["national_pct_convicted"],
        pct_basic_edu=shares["pct_basic_edu"],
        income_pct_of_region=shares["income_pct_of_region"],
        history=history,
    )
    projected: dict[str, Decimal | int | None] = {"residents": residents, **shares}
    return Forecast(projected, result)
