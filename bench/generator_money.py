"""The money of a generated plan: a budget post per activity and the plan-level posts, one budget approved by the
board (each post × plan year × LBF, the municipality and the housing organisation, part of the housing
organisation's share in kind), and spending per post and quarter for the bench's 20 years.

A plan of Entydig's demo size costs about 20 million kroner over four years; the generated amounts are of that
order, in whole kroner and øre, LBF paying 74 %.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from bench.generator import Counts, PlanData

PLAN_LEVEL = ["secretariat", "evaluation", "communication", "contingency"]
SHARES = [
    ("lbf", Decimal("0.74"), False),
    ("kommune", Decimal("0.14"), False),
    ("boligorganisation", Decimal("0.12"), True),  # staff hours and premises
]


def available() -> bool:
    try:
        for name in ("BudgetPost", "BudgetVersion", "BudgetLine", "Actual", "CostType"):
            apps.get_model("budget", name)
    except LookupError:
        return False
    return True


def extend(data: PlanData, rng: random.Random, counts: Counts) -> None:
    add_money(data.plan, data.activities, data.scale.years, rng, counts)


def add_money(plan: Any, activities: list[Any], years: int, rng: random.Random, counts: Counts) -> None:
    """Posts, an approved budget and `years` of quarterly spending up to the bench's last year for `activities`."""
    from bench.generator import LAST_YEAR, _bulk

    post_model = apps.get_model("budget", "BudgetPost")
    version_model = apps.get_model("budget", "BudgetVersion")
    line_model = apps.get_model("budget", "BudgetLine")
    actual_model = apps.get_model("budget", "Actual")
    cost_types = list(apps.get_model("budget", "CostType").objects.order_by("order")[:3])

    start = post_model.objects.filter(plan=plan).count()
    posts = _bulk(
        post_model,
        [
            post_model(plan=plan, kind="activity", activity=a, number=f"{start + k + 1}.1")
            for k, a in enumerate(activities)
        ]
        + ([post_model(plan=plan, kind=kind) for kind in PLAN_LEVEL] if start == 0 else []),
        counts,
    )
    version = version_model.objects.filter(plan=plan, status="approved").first()
    if version is None:
        approved = dt.date(plan.period_start.year - 1, 12, 10)
        version = _bulk(
            version_model,
            [version_model(plan=plan, number=1, status="approved", approved_on=approved, reason="Bench")],
            counts,
        )[0]
    plan_years = range(plan.period_start.year, plan.period_end.year + 1)
    lines = []
    yearly: dict[int, Decimal] = {}
    for k, post in enumerate(posts):
        per_year = Decimal(rng.randrange(400_000, 1_200_000)) + Decimal(rng.randrange(100)) / 100
        yearly[post.pk] = per_year
        cost_type = cost_types[k % len(cost_types)]
        for year in plan_years:
            for funder, share, in_kind in SHARES:
                amount = (per_year * share).quantize(Decimal("0.01"))
                lines.append(
                    line_model(
                        version=version, post=post, year=year, funder=funder, cost_type=cost_type, in_kind=in_kind,
                        amount=amount,
                    )
                )  # fmt: skip
    _bulk(line_model, lines, counts)
    actuals = [
        actual_model(
            plan=plan,
            post=post,
            year=year,
            quarter=quarter,
            funder="lbf",
            amount=(yearly[post.pk] / 4 * Decimal(rng.randrange(60, 130)) / 100).quantize(Decimal("0.01")),
        )
        for post in posts
        for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1)
        for quarter in range(1, 5)
    ]
    _bulk(actual_model, actuals, counts)
