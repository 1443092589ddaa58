"""Reading a plan's budget: its versions, the version in force, a version's lines as a table, the totals and the
co-financing check, two versions compared, and the overview other floors show (board pack, ownership checklist)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from entydig.budget.access import MoneyAccess
from entydig.budget.cofinancing import ZERO, Amount, CoFinancing, cofinancing
from entydig.budget.models import Actual, BudgetLine, BudgetPost, BudgetVersion, CostType, Funder
from entydig.organisation.models import Plan

# A line's place in a version: post, year, funder, cost type, in kind.
LineKey = tuple[int, int, str, int, bool]


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.period_start.year, plan.period_end.year + 1))


def versions(plan: Plan) -> QuerySet[BudgetVersion]:
    return BudgetVersion.objects.filter(plan=plan).order_by("-number")


def newest_version(plan: Plan) -> BudgetVersion | None:
    return versions(plan).first()


def version_in_force(plan: Plan) -> BudgetVersion | None:
    """The newest version the board has approved; before any approval, the draft."""
    approved = versions(plan).exclude(status=BudgetVersion.Status.DRAFT).first()
    return approved or newest_version(plan)


def version_by_number(plan: Plan, number: int) -> BudgetVersion | None:
    return versions(plan).filter(number=number).first()


def line_key(line: BudgetLine) -> LineKey:
    return (line.post_id, line.year, line.funder, line.cost_type_id, line.in_kind)


def version_lines(version: BudgetVersion | None, access: MoneyAccess | None = None) -> list[BudgetLine]:
    """The version's lines that `access` may read (all without one), with their posts and cost types."""
    if version is None:
        return []
    lines = BudgetLine.objects.filter(version=version).select_related("post__activity", "cost_type")
    if access is not None and not access.reads_all:
        lines = lines.filter(post__activity_id__in=access.own_activity_ids)
    return list(lines.order_by("post__kind", "post__activity__name", "cost_type__order", "funder", "in_kind", "year"))


def amounts(lines: Iterable[BudgetLine]) -> list[Amount]:
    return [Amount(line.year, line.funder, line.in_kind, line.amount) for line in lines]


@dataclass(frozen=True)
class Totals:
    total: Decimal
    by_funder: dict[str, Decimal]
    by_year: dict[int, Decimal]
    cash: Decimal
    in_kind: Decimal


def totals(lines: Iterable[BudgetLine]) -> Totals:
    by_funder: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    cash = in_kind = ZERO
    for line in lines:
        by_funder[line.funder] += line.amount
        by_year[line.year] += line.amount
        if line.in_kind:
            in_kind += line.amount
        else:
            cash += line.amount
    ordered = {f: by_funder[f] for f in Funder.values if f in by_funder}
    return Totals(cash + in_kind, ordered, dict(sorted(by_year.items())), cash, in_kind)


@dataclass(frozen=True)
class TableRow:
    """One row of the budget table: a post's amounts of one cost type and funder, cash or in kind, per year."""

    cost_type: CostType
    funder: str
    in_kind: bool
    by_year: dict[int, Decimal]

    @property
    def funder_label(self) -> str:
        return str(Funder(self.funder).label)

    @property
    def total(self) -> Decimal:
        return sum(self.by_year.values(), ZERO)

    def cells(self, years: Sequence[int]) -> list[Decimal | None]:
        return [self.by_year.get(y) for y in years]


@dataclass(frozen=True)
class PostTable:
    post: BudgetPost
    rows: list[TableRow]

    def year_totals(self, years: Sequence[int]) -> list[Decimal]:
        return [sum((r.by_year.get(y, ZERO) for r in self.rows), ZERO) for y in years]

    @property
    def total(self) -> Decimal:
        return sum((r.total for r in self.rows), ZERO)


def budget_table(lines: Iterable[BudgetLine]) -> list[PostTable]:
    """The lines pivoted: a block per post (activities by name, then the plan-level posts), a row per cost type,
    funder and cash/in kind, a column per year."""
    posts: dict[int, BudgetPost] = {}
    rows: dict[int, dict[tuple[int, str, bool], TableRow]] = defaultdict(dict)
    for line in lines:
        posts[line.post_id] = line.post
        key = (line.cost_type_id, line.funder, line.in_kind)
        row = rows[line.post_id].get(key)
        if row is None:
            row = rows[line.post_id][key] = TableRow(line.cost_type, line.funder, line.in_kind, {})
        row.by_year[line.year] = line.amount
    funder_order = {f: i for i, f in enumerate(Funder.values)}
    kind_order = {k: i for i, k in enumerate(BudgetPost.Kind.values)}

    def post_order(post: BudgetPost) -> tuple[int, str]:
        return (kind_order[post.kind], post.name.casefold())

    return [
        PostTable(
            post,
            sorted(
                rows[post.pk].values(),
                key=lambda r: (r.cost_type.order, r.cost_type.name, funder_order[r.funder], r.in_kind),
            ),
        )
        for post in sorted(posts.values(), key=post_order)
    ]


@dataclass(frozen=True)
class BudgetView:
    """A version as one user may read it: their lines, the totals of those, and the co-financing check for whoever
    reads the whole budget."""

    version: BudgetVersion | None
    lines: list[BudgetLine]
    years: list[int]
    totals: Totals
    check: CoFinancing | None
    complete: bool  # the user reads every line

    @property
    def table(self) -> list[PostTable]:
        return budget_table(self.lines)

    def funder_years(self) -> list[tuple[str, str, list[Decimal], Decimal]]:
        """(funder, label, amount per year, total) for each funder with money in the version."""
        grid: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        for line in self.lines:
            grid[line.funder][line.year] += line.amount
        return [
            (f, str(Funder(f).label), [grid[f][y] for y in self.years], sum(grid[f].values(), ZERO))
            for f in Funder.values
            if f in grid
        ]


def budget_view(access: MoneyAccess, version: BudgetVersion | None) -> BudgetView:
    lines = version_lines(version, access)
    years = plan_years(access.plan)
    check = cofinancing(amounts(lines), years=years) if access.reads_all else None
    return BudgetView(version, lines, years, totals(lines), check, access.reads_all)


# --- comparing two versions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    post: BudgetPost
    year: int
    funder: str
    cost_type: CostType
    in_kind: bool
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before

    @property
    def funder_label(self) -> str:
        return str(Funder(self.funder).label)


@dataclass(frozen=True)
class Comparison:
    a: BudgetVersion
    b: BudgetVersion
    differences: list[Difference]
    totals_a: Totals
    totals_b: Totals
    check_a: CoFinancing | None
    check_b: CoFinancing | None


def compare(access: MoneyAccess, a: BudgetVersion, b: BudgetVersion) -> Comparison:
    """Every line whose amount differs between the versions (a line only in one counts as 0 in the other)."""
    lines_a, lines_b = version_lines(a, access), version_lines(b, access)
    by_key_a = {line_key(line): line for line in lines_a}
    by_key_b = {line_key(line): line for line in lines_b}
    differences = []
    for key in by_key_a.keys() | by_key_b.keys():
        line_a, line_b = by_key_a.get(key), by_key_b.get(key)
        before = line_a.amount if line_a else ZERO
        after = line_b.amount if line_b else ZERO
        if before == after:
            continue
        some = line_b or line_a
        assert some is not None
        differences.append(Difference(some.post, some.year, some.funder, some.cost_type, some.in_kind, before, after))
    differences.sort(key=lambda d: (d.post.kind, d.post.name.casefold(), d.year, d.cost_type.order, d.funder))
    years = plan_years(access.plan)
    checks = (
        (cofinancing(amounts(lines_a), years=years), cofinancing(amounts(lines_b), years=years))
        if access.reads_all
        else (None, None)
    )
    return Comparison(a, b, differences, totals(lines_a), totals(lines_b), *checks)


# --- for the higher floors: the board pack, the ownership checklist ----------------------------------------------


@dataclass(frozen=True)
class BudgetOverview:
    """The budget in force in a few numbers: for the board pack's budget overview."""

    version: BudgetVersion | None
    years: list[int]
    totals: Totals
    check: CoFinancing
    by_post: list[tuple[BudgetPost, Decimal]] = field(default_factory=list)  # each post's total over the period


def budget_overview(plan: Plan) -> BudgetOverview:
    version = version_in_force(plan)
    lines = version_lines(version)
    by_post: dict[int, Decimal] = defaultdict(lambda: ZERO)
    posts: dict[int, BudgetPost] = {}
    for line in lines:
        by_post[line.post_id] += line.amount
        posts[line.post_id] = line.post
    years = plan_years(plan)
    return BudgetOverview(
        version,
        years,
        totals(lines),
        cofinancing(amounts(lines), years=years),
        [(p, by_post[p.pk]) for p in sorted(posts.values(), key=lambda p: (p.kind != "activity", p.name.casefold()))],
    )


@dataclass(frozen=True)
class FunderShare:
    funder: str
    budget: Decimal  # in the version in force, the whole period, cash and in kind
    budget_share: Decimal | None
    spent: Decimal  # spending the accounts attribute to the funder
    spent_share: Decimal | None  # of the spending that names its funder

    @property
    def label(self) -> str:
        return str(Funder(self.funder).label)


def funder_shares(plan: Plan) -> list[FunderShare]:
    """Each funder's share of the budget in force and of the spending so far: the ownership checklist's "invested
    money". Spending without a named funder is left out of the spending shares."""
    budget = totals(version_lines(version_in_force(plan))).by_funder
    spent_rows = (
        Actual.objects.filter(plan=plan).exclude(funder="").values("funder").annotate(total=Sum("amount")).order_by()
    )
    spent = {row["funder"]: row["total"] or ZERO for row in spent_rows}
    budget_total, spent_total = sum(budget.values(), ZERO), sum(spent.values(), ZERO)

    def share(part: Decimal, whole: Decimal) -> Decimal | None:
        return (part / whole).quantize(Decimal("0.0001")) if whole else None

    return [
        FunderShare(
            f,
            budget.get(f, ZERO),
            share(budget.get(f, ZERO), budget_total),
            spent.get(f, ZERO),
            share(spent.get(f, ZERO), spent_total),
        )
        for f in Funder.values
        if f in budget or f in spent
    ]
