"""Spending against the budget: for one year, per post (activity or plan-level) and per effort area, what was
budgeted, what is spent after the last reported quarter, the year's forecast (the owner's, or by spending pace),
the variance, and the one line that says it ("Lektiecafé har brugt 38 % af årets budget efter 3. kvartal;
prognose 61 %").

The comparison is with the cash budget: co-financing in kind (staff hours, premises) never passes through the
accounts. A fixed number of queries, whatever the number of activities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from entydig.budget.access import MoneyAccess, whole_plan
from entydig.budget.cofinancing import ZERO
from entydig.budget.models import Actual, BudgetLine, BudgetPost, BudgetVersion, Forecast
from entydig.budget.money import kroner, to_ore, whole_percent
from entydig.budget.rules import rules
from entydig.budget.selectors import plan_years, version_in_force
from entydig.core.quarters import Quarter
from entydig.organisation.models import Activity, Plan

PACE = "pace"
EXPLICIT = "explicit"
UNDER = "under"
OVER = "over"


def default_year(plan: Plan) -> int:
    """The year of the last quarter that has ended (clamped to the plan's years): the year the accounts are about."""
    year = Quarter.current().previous().year
    years = plan_years(plan)
    return min(max(year, years[0]), years[-1])


@dataclass(frozen=True)
class FinanceRow:
    """One post's year, or (post None) one effort area's or the plan's sum."""

    name: str
    post: BudgetPost | None
    activity: Activity | None
    effort_area: str
    budget: Decimal  # the year's cash budget in the version in force
    spent: Decimal  # through `quarter`
    quarter: int | None  # the last quarter of the year with spending in the plan's accounts
    forecast: Decimal | None
    forecast_source: str | None  # PACE, EXPLICIT, or None (nothing to go by)
    forecast_note: str = ""
    threshold: Decimal = Decimal("0.20")

    @property
    def budget_to_date(self) -> Decimal:
        """The budget spread evenly over the year's quarters, through the last reported one."""
        return to_ore(self.budget * (self.quarter or 0) / 4)

    @property
    def variance(self) -> Decimal | None:
        """Forecast less budget: above 0 an overspend, below 0 an underspend."""
        return None if self.forecast is None else self.forecast - self.budget

    @property
    def spent_share(self) -> Decimal | None:
        return self.spent / self.budget if self.budget else None

    @property
    def forecast_share(self) -> Decimal | None:
        return self.forecast / self.budget if self.budget and self.forecast is not None else None

    @property
    def flag(self) -> str | None:
        """UNDER or OVER when the forecast is off the budget by the threshold (a share of the budget) or more."""
        variance = self.variance
        if variance is None:
            return None
        if not self.budget:
            return OVER if variance > 0 else None
        if variance < 0 and self.post is not None and self.post.kind == BudgetPost.Kind.CONTINGENCY:
            return None  # a contingency left unspent is what it is for
        if abs(variance) >= self.threshold * self.budget:
            return OVER if variance > 0 else UNDER
        return None

    @property
    def reason(self) -> str:
        if self.quarter is None:
            if not self.budget:
                return ""
            return _("%(name)s har intet forbrug registreret endnu.") % {"name": self.name}
        if not self.budget:
            if not self.spent:
                return ""
            return _("%(name)s har brugt %(spent)s uden budget efter %(q)s. kvartal.") % {
                "name": self.name,
                "spent": kroner(self.spent),
                "q": self.quarter,
            }
        text = _("%(name)s har brugt %(spent)s af årets budget efter %(q)s. kvartal") % {
            "name": self.name,
            "spent": whole_percent(self.spent_share),
            "q": self.quarter,
        }
        if self.forecast_share is not None:
            text += _("; prognose %(forecast)s") % {"forecast": whole_percent(self.forecast_share)}
        return text + "."


@dataclass(frozen=True)
class AreaBlock:
    total: FinanceRow
    rows: list[FinanceRow]


@dataclass(frozen=True)
class FinanceReport:
    plan: Plan
    year: int
    version: BudgetVersion | None
    quarter: int | None
    rows: list[FinanceRow]
    areas: list[AreaBlock]
    total: FinanceRow | None  # the plan's sum (for whoever reads every post)
    threshold: Decimal
    by_quarter: dict[int, dict[int, Decimal]] = field(default_factory=dict)  # post id → quarter → spent

    @property
    def quarter_label(self) -> str:
        return Quarter(self.year, self.quarter).label if self.quarter else ""

    @property
    def findings(self) -> list[FinanceRow]:
        """The posts with a large under- or overspend (the threshold is Entydig's own default)."""
        return [r for r in self.rows if r.flag]


def _sum(
    rows: Iterable[FinanceRow], name: str, effort_area: str, quarter: int | None, threshold: Decimal
) -> FinanceRow:
    rows = list(rows)
    forecasts = [r.forecast for r in rows if r.forecast is not None]
    return FinanceRow(
        name=name,
        post=None,
        activity=None,
        effort_area=effort_area,
        budget=sum((r.budget for r in rows), ZERO),
        spent=sum((r.spent for r in rows), ZERO),
        quarter=quarter,
        forecast=sum(forecasts, ZERO) if forecasts else None,
        forecast_source=None,
        threshold=threshold,
    )


def finance_report(access: MoneyAccess, year: int) -> FinanceReport:
    """The year's budget, spending and forecasts of every post the user may read, grouped by effort area."""
    plan = access.plan
    threshold = rules().variance_threshold
    version = version_in_force(plan)
    activities = list(Activity.objects.filter(plan=plan).select_related("steering_group__effort_area").order_by("name"))
    posts = list(BudgetPost.objects.filter(plan=plan))
    by_activity = {p.activity_id: p for p in posts if p.activity_id is not None}
    budgets: dict[int, Decimal] = {}
    if version is not None:
        budgets = {
            line["post_id"]: line["total"]
            for line in BudgetLine.objects.filter(version=version, year=year, in_kind=False)
            .values("post_id")
            .annotate(total=Sum("amount"))
            .order_by()
        }
    by_quarter: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for spent in (
        Actual.objects.filter(plan=plan, year=year)
        .values("post_id", "quarter")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        by_quarter[spent["post_id"]][spent["quarter"]] = spent["total"]
    reported = max((q for quarters in by_quarter.values() for q in quarters), default=None)
    forecasts = {f.post_id: f for f in Forecast.objects.filter(post__plan=plan, year=year)}

    def row_for(name: str, post: BudgetPost | None, activity: Activity | None, area: str) -> FinanceRow:
        budget = budgets.get(post.pk, ZERO) if post is not None else ZERO
        spent = sum(by_quarter.get(post.pk, {}).values(), ZERO) if post is not None else ZERO
        explicit = forecasts.get(post.pk) if post is not None else None
        if explicit is not None:
            forecast, source, note = explicit.amount, EXPLICIT, explicit.note
        elif reported is not None:
            forecast, source, note = to_ore(spent * 4 / reported), PACE, ""
        else:
            forecast, source, note = None, None, ""
        return FinanceRow(name, post, activity, area, budget, spent, reported, forecast, source, note, threshold)

    no_area = _("Uden indsatsområde")
    rows: list[FinanceRow] = []
    for activity in activities:
        post = by_activity.get(activity.pk)
        if not access.reads_all and activity.pk not in access.own_activity_ids:
            continue
        group = activity.steering_group
        area = group.effort_area.name if group is not None and group.effort_area is not None else str(no_area)
        rows.append(row_for(activity.name, post, activity, area))
    common = _("Fælles poster (sekretariat, evaluering, kommunikation, uforudset)")
    if access.reads_all:
        for post in sorted(
            (p for p in posts if p.activity_id is None), key=lambda p: BudgetPost.Kind.values.index(p.kind)
        ):
            rows.append(row_for(post.name, post, None, str(common)))
    grouped: dict[str, list[FinanceRow]] = defaultdict(list)
    for row in rows:
        grouped[row.effort_area].append(row)
    last = {str(no_area): 1, str(common): 2} if access.reads_all else {str(no_area): 1}
    areas = [
        AreaBlock(_sum(grouped[name], name, name, reported, threshold), grouped[name])
        for name in sorted(grouped, key=lambda n: (last.get(n, 0), n.casefold()))
    ]
    total = _sum(rows, str(_("Hele planen")), "", reported, threshold) if access.reads_all else None
    return FinanceReport(plan, year, version, reported, rows, areas, total, threshold, dict(by_quarter))


def plan_finance(plan: Plan, year: int | None = None) -> FinanceReport:
    """The whole plan's report, for the higher floors (the pixi report's economy section, the board's suggestions):
    every post, as the board reads it."""
    return finance_report(whole_plan(plan), default_year(plan) if year is None else year)
