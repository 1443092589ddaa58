"""The demo plan's money: a budget over the plan's years (about 20 million kroner, LBF about 74 %, the municipality
and the housing organisation the rest, some of it in kind), approved by the board before the plan started and
sent to LBF, revised once last year; and the spending, imported quarter by quarter from the accounts up to the
last quarter that has ended.

"Lys og stier" is clearly under-spent in the accounts' year: the tender is delayed at the housing organisation's
operations (the progress reports say so), so its forecast by spending pace is far below its budget. The
lektiecafé's responsible (the demo login `medarbejder`) has entered her own forecast.
Puts ``ctx["budget_posts"]`` (BudgetPost by name).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from entydig.budget import services, spending
from entydig.budget.importing import import_actuals
from entydig.budget.models import BudgetPost, CostType, Funder
from entydig.core import demo_dates as when
from entydig.core.quarters import Quarter
from entydig.organisation.models import Activity

K = BudgetPost.Kind
LBF, KOMMUNE, BOLIG = Funder.LBF, Funder.MUNICIPALITY, Funder.HOUSING

# Per post (an activity's name, or a plan-level kind): its number in the accounts, and its yearly lines:
# (cost type code, funder, in kind, kroner a year).
BUDGET: dict[str, tuple[str, list[tuple[str, str, bool, int]]]] = {
    K.SECRETARIAT: (
        "1.1",
        [
            ("løn", LBF, False, 1_500_000),
            ("løn", BOLIG, False, 320_000),
            ("administration", BOLIG, True, 120_000),  # the secretariat's premises
            ("kompetenceudvikling", LBF, False, 40_000),
        ],
    ),
    K.EVALUATION: ("1.2", [("evaluering", LBF, False, 90_000), ("evaluering", KOMMUNE, False, 30_000)]),
    K.COMMUNICATION: ("1.3", [("aktiviteter", LBF, False, 45_000), ("aktiviteter", BOLIG, False, 15_000)]),
    K.CONTINGENCY: ("1.9", [("uforudset", LBF, False, 40_000)]),
    "Tryghedsvandringer": (
        "2.1",
        [
            ("aktiviteter", LBF, False, 60_000),
            ("aktiviteter", KOMMUNE, False, 20_000),
            ("aktiviteter", BOLIG, False, 20_000),
        ],
    ),
    "Lys og stier": ("2.2", [("aktiviteter", LBF, False, 120_000), ("aktiviteter", BOLIG, False, 180_000)]),
    "Lektiecafé": (
        "3.1",
        [
            ("løn", LBF, False, 300_000),
            ("aktiviteter", LBF, False, 40_000),
            ("administration", KOMMUNE, True, 80_000),  # rooms at Nordparkskolen
        ],
    ),
    "Job- og uddannelsesvejledning": (
        "3.2",
        [("løn", LBF, False, 320_000), ("løn", KOMMUNE, True, 150_000)],  # the jobcentre's counsellor's hours
    ),
    "Forældrenetværk": (
        "3.3",
        [("løn", LBF, False, 150_000), ("aktiviteter", LBF, False, 50_000), ("aktiviteter", KOMMUNE, False, 40_000)],
    ),
    "Naboskabsdage": ("4.1", [("aktiviteter", LBF, False, 110_000), ("aktiviteter", BOLIG, False, 40_000)]),
}
UNDER_SPENT = "Lys og stier"
# The spending of a quarter as a share of a quarter's budget: a small, fixed wobble per post and quarter; the
# under-spent activity spends a third of its budget in the accounts' year.
WOBBLE = [Decimal("0.94"), Decimal("1.02"), Decimal("0.97"), Decimal("1.06"), Decimal("1.00")]
UNDER_SPENT_PACE = Decimal("0.30")
# Last year's revision: evaluation gets more, the contingency less, from last year on.
REVISION = (K.CONTINGENCY, K.EVALUATION, 15_000)


def _target(name: str, activities: dict[str, Activity]) -> services.Target:
    return activities.get(name, name)


def _specs(activities: dict[str, Activity], years: list[int]) -> list[services.LineSpec]:
    cost_types = {c.code: c for c in CostType.objects.all()}
    return [
        services.LineSpec(_target(name, activities), year, funder, cost_types[code], in_kind, Decimal(amount))
        for name, (_number, lines) in BUDGET.items()
        for year in years
        for code, funder, in_kind, amount in lines
    ]


def seed(ctx: dict[str, Any]) -> None:
    plan = ctx["plan"]
    activities = {a.name: a for a in Activity.objects.filter(plan=plan)}
    years = when.years(-when.PLAN_YEARS_BACK, when.PLAN_YEARS_AHEAD)
    secretary = ctx["users"]["sekretariat"]
    start = when.plan_start()

    # The budget: drafted in the autumn before the plan, approved at the board's first meeting, sent to LBF.
    with when.happened(when.at(start - dt.timedelta(days=50))):
        services.budget_lines_set(actor=secretary, plan=plan, lines=_specs(activities, years))
        services.budget_numbers_set(
            actor=secretary,
            plan=plan,
            numbers=[(_target(name, activities), number) for name, (number, _lines) in BUDGET.items()],
        )
    with when.happened(when.at(start - dt.timedelta(days=30))):
        services.budget_approve(actor=secretary, plan=plan, approved_on=start - dt.timedelta(days=30))
    with when.happened(when.at(start - dt.timedelta(days=20))):
        services.budget_mark_sent(actor=secretary, plan=plan, sent_on=start - dt.timedelta(days=20))

    # Last year's revision: more for evaluation, less contingency, from last year on.
    revised_on = when.weekday_on_or_after(when.date(-1, 3, 12))
    source, target, amount = REVISION
    cost_types = {c.code: c for c in CostType.objects.all()}
    with when.happened(when.at(revised_on - dt.timedelta(days=14))):
        changes = []
        for year in when.years(-1, when.PLAN_YEARS_AHEAD):
            changes.append(
                services.LineSpec(source, year, LBF, cost_types["uforudset"], False, Decimal(40_000 - amount))
            )
            changes.append(
                services.LineSpec(target, year, LBF, cost_types["evaluering"], False, Decimal(90_000 + amount))
            )
        services.budget_lines_set(actor=secretary, plan=plan, lines=changes)
    with when.happened(when.at(revised_on)):
        services.budget_approve(actor=secretary, plan=plan, approved_on=revised_on)
    with when.happened(when.at(revised_on + dt.timedelta(days=6))):
        services.budget_mark_sent(actor=secretary, plan=plan, sent_on=revised_on + dt.timedelta(days=6))

    _import_spending(plan, secretary, activities)

    # The lektiecafé's responsible expects a little more than the pace says: the autumn term started busy.
    accounts_year = Quarter.parse(when.quarter(-1)).year
    lektiecafe = BudgetPost.objects.get(plan=plan, activity=activities["Lektiecafé"])
    with when.happened(when.at(Quarter.parse(when.quarter(-1)).end + dt.timedelta(days=8))):
        spending.forecast_set(
            actor=ctx["users"]["medarbejder"],
            post=lektiecafe,
            year=accounts_year,
            amount=Decimal(350_000),
            note="Efterårets hold er fuldt; vi har sat en ekstra eftermiddag på.",
        )
    ctx["budget_posts"] = {p.name: p for p in BudgetPost.objects.filter(plan=plan).select_related("activity")}


def _quarters() -> list[Quarter]:
    first, last = Quarter.of(when.plan_start()), Quarter.parse(when.quarter(-1))
    out = [first]
    while out[-1] < last:
        out.append(out[-1].next())
    return out


def _cash(name: str, year: int) -> dict[str, Decimal]:
    """The post's cash budget in `year` by funder, as the demo's budget has it (the revision included)."""
    by_funder: dict[str, Decimal] = defaultdict(Decimal)
    for _code, funder, in_kind, amount in BUDGET[name][1]:
        if not in_kind:
            by_funder[funder] += Decimal(amount)
    if year >= when.year(-1) and name in (REVISION[0], REVISION[1]):
        by_funder[LBF] += Decimal(-REVISION[2] if name == REVISION[0] else REVISION[2])
    return by_funder


def _import_spending(plan: Any, secretary: Any, activities: dict[str, Activity]) -> None:
    """A file a quarter, as the accounting system exports it, imported some weeks after the quarter."""
    accounts_year = Quarter.parse(when.quarter(-1)).year
    for index, quarter in enumerate(_quarters()):
        lines = ["aktivitet;periode;beløb;finansieringskilde;note"]
        for post_index, name in enumerate(BUDGET):
            if name == K.CONTINGENCY and quarter.q != 4:
                continue  # the contingency is drawn on at the end of the year, if at all
            pace = WOBBLE[(post_index + index) % len(WOBBLE)]
            if name == UNDER_SPENT and quarter.year == accounts_year:
                pace = UNDER_SPENT_PACE
            if name == K.CONTINGENCY:
                pace = Decimal("2.0")  # half the year's contingency, in the last quarter
            label = (
                BUDGET[name][0] if post_index % 2 else (str(BudgetPost.Kind(name).label) if name in K.values else name)
            )
            for funder, amount in _cash(name, quarter.year).items():
                spent = (amount / 4 * pace).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                lines.append(f"{label};{quarter};{_danish(spent)};{funder};")
        data = ("\n".join(lines) + "\n").encode("utf-8")
        with when.happened(when.at(quarter.end + dt.timedelta(days=20))):
            result = import_actuals(actor=secretary, plan=plan, data=data, filename=f"regnskab-{quarter}.csv")
        assert result.ok, result.errors


def _danish(amount: Decimal) -> str:
    """`123456` as the accounts write it: `123.456,00`."""
    whole = f"{int(amount):,}".replace(",", ".")
    return f"{whole},00"
