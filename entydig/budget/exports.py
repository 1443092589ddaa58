"""The budget and the accounts as files: XLSX laid out for reporting to LBF (a sheet per year with the posts and
cost types as rows and the funders as columns, totals and the co-financing shares), and CSV as one flat table.
Amounts are numbers (exact sums made here, not formulas), formatted as kroner."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from entydig.budget.cofinancing import ZERO, CoFinancing
from entydig.budget.models import Actual, BudgetPost, Funder
from entydig.budget.selectors import BudgetView, budget_table
from entydig.core.exports import Styled, csv_response, xlsx_workbook_response

KR = "#,##0.00"
SHARE = "0.0%"
Row = list[Any]


def _kr(value: Decimal, bold: bool = False) -> Styled:
    return Styled(value, KR, bold)


def _share(value: Decimal | None, bold: bool = False) -> Styled:
    return Styled(value, SHARE, bold)


def _bold(value: Any) -> Styled:
    return Styled(value, None, True)


def _funders() -> list[tuple[str, str]]:
    return [(str(f.value), str(f.label)) for f in Funder]


def _version_text(view: BudgetView) -> str:
    version = view.version
    if version is None:
        return _("intet budget")
    text = _("version %(number)s, %(status)s") % {"number": version.number, "status": version.get_status_display()}
    if version.approved_on:
        text += " " + _("(godkendt %(date)s)") % {"date": version.approved_on.strftime("%d.%m.%Y")}
    return text


def _check_rows(check: CoFinancing | None, year: int | None) -> list[Row]:
    if check is None:
        return []
    share = check.period if year is None else check.year(year)
    if share is None:
        return []
    rules = check.rules
    rows: list[Row] = [
        [],
        [_bold(_("Medfinansiering"))],
        [_("Lokal medfinansiering"), "", _kr(share.local), _share(share.local_share, True)],
        [_("Landsbyggefondens andel"), "", _kr(share.lbf), _share(share.lbf_share, True)],
        [_("Krav: lokal medfinansiering mindst"), "", "", _share(rules.local_minimum)],
        [_("Landsbyggefonden højst"), "", "", _share(rules.lbf_maximum)],
        [
            _("Lokale parter"),
            ", ".join(str(Funder(f).label) for f in Funder.values if f in rules.local_funders),
        ],
        [_("Naturalier tæller med"), _("ja") if rules.in_kind_counts else _("nej")],
    ]
    if not share.meets_local_minimum:
        rows.append([_("Mangler i lokal medfinansiering"), "", _kr(share.local_shortfall, True)])
    return rows


def budget_sheets(view: BudgetView, plan_name: str) -> list[tuple[str, list[Row]]]:
    """A sheet per year, and one for the whole period."""
    funders = _funders()
    header: Row = [_bold(_("Post")), _bold(_("Omkostningstype")), *(_bold(label) for _f, label in funders)]
    header += [_bold(_("I alt")), _bold(_("Heraf naturalier"))]
    tables = budget_table(view.lines)
    sheets = []
    for year in view.years:
        rows: list[Row] = [[_bold(_("Budget %(year)s – %(plan)s") % {"year": year, "plan": plan_name})]]
        rows.append([_version_text(view)])
        rows.append([])
        rows.append(header)
        year_total: dict[str, Decimal] = defaultdict(lambda: ZERO)
        year_in_kind = ZERO
        for table in tables:
            post_total: dict[str, Decimal] = defaultdict(lambda: ZERO)
            post_in_kind = ZERO
            by_cost: dict[int, tuple[str, dict[str, Decimal], list[Decimal]]] = {}
            for row in table.rows:
                amount = row.by_year.get(year)
                if amount is None:
                    continue
                entry = by_cost.setdefault(row.cost_type.pk, (row.cost_type.name, defaultdict(lambda: ZERO), [ZERO]))
                entry[1][row.funder] += amount
                if row.in_kind:
                    entry[2][0] += amount
            for name, amounts, in_kind in by_cost.values():
                total = sum(amounts.values(), ZERO)
                rows.append(
                    [
                        table.post.name,
                        name,
                        *(_kr(amounts.get(f, ZERO)) for f, _l in funders),
                        _kr(total),
                        _kr(in_kind[0]),
                    ]
                )
                for f, amount in amounts.items():
                    post_total[f] += amount
                post_in_kind += in_kind[0]
            if by_cost:
                rows.append(
                    [
                        _bold(_("I alt %(post)s") % {"post": table.post.name}),
                        "",
                        *(_kr(post_total.get(f, ZERO), True) for f, _l in funders),
                        _kr(sum(post_total.values(), ZERO), True),
                        _kr(post_in_kind, True),
                    ]
                )
                for f, amount in post_total.items():
                    year_total[f] += amount
                year_in_kind += post_in_kind
        rows.append([])
        rows.append(
            [
                _bold(_("I alt %(year)s") % {"year": year}),
                "",
                *(_kr(year_total.get(f, ZERO), True) for f, _l in funders),
                _kr(sum(year_total.values(), ZERO), True),
                _kr(year_in_kind, True),
            ]
        )
        rows += _check_rows(view.check, year)
        sheets.append((str(year), rows))
    whole: list[Row] = [[_bold(_("Budget for hele perioden – %(plan)s") % {"plan": plan_name})], [_version_text(view)]]
    whole += [[], [_bold(_("År")), "", *(_bold(label) for _f, label in funders), _bold(_("I alt"))]]
    grid: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for line in view.lines:
        grid[line.year][line.funder] += line.amount
    for year in view.years:
        values = grid[year]
        whole.append([year, "", *(_kr(values.get(f, ZERO)) for f, _l in funders), _kr(sum(values.values(), ZERO))])
    all_years = {f: sum((grid[y].get(f, ZERO) for y in view.years), ZERO) for f, _l in funders}
    whole.append(
        [
            _bold(_("I alt")),
            "",
            *(_kr(all_years[f], True) for f, _l in funders),
            _kr(sum(all_years.values(), ZERO), True),
        ]
    )
    whole += _check_rows(view.check, None)
    sheets.append((_("Hele perioden"), whole))
    return sheets


def budget_csv_rows(view: BudgetView) -> list[Row]:
    header: Row = [
        _("Version"),
        _("År"),
        _("Post"),
        _("Budgetnummer"),
        _("Omkostningstype"),
        _("Finansieringskilde"),
        _("Naturalier"),
        _("Beløb"),
    ]
    number = view.version.number if view.version else ""
    rows = [header]
    for table in budget_table(view.lines):
        for row in table.rows:
            for year in view.years:
                amount = row.by_year.get(year)
                if amount is not None:
                    rows.append(
                        [
                            number,
                            year,
                            table.post.name,
                            table.post.number,
                            row.cost_type.name,
                            row.funder_label,
                            row.in_kind,
                            amount,
                        ]
                    )
    return rows


def budget_response(view: BudgetView, plan_name: str, plan_pk: int, fmt: str) -> HttpResponse:
    number = view.version.number if view.version else 0
    name = f"budget-{plan_pk}-v{number}"
    if fmt == "xlsx":
        return xlsx_workbook_response(budget_sheets(view, plan_name), name)
    return csv_response(budget_csv_rows(view), name)


# --- the accounts -------------------------------------------------------------------------------------------------


def accounts_sheets(
    posts: Sequence[BudgetPost],
    actuals: Sequence[Actual],
    budgets: dict[tuple[int, int], Decimal],
    years: Sequence[int],
    plan_name: str,
) -> list[tuple[str, list[Row]]]:
    """A sheet per year: the posts as rows; spending per funder (named in the accounts, or not), the year's total,
    the cash budget and the difference as columns."""
    funders = [*_funders(), ("", _("Ikke oplyst"))]
    spent: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for actual in actuals:
        spent[(actual.post_id, actual.year)][actual.funder] += actual.amount
    sheets = []
    for year in years:
        rows: list[Row] = [[_bold(_("Regnskab %(year)s – %(plan)s") % {"year": year, "plan": plan_name})], []]
        rows.append(
            [
                _bold(_("Post")),
                _bold(_("Budgetnummer")),
                *(_bold(label) for _f, label in funders),
                _bold(_("Forbrug i alt")),
                _bold(_("Budget (kontant)")),
                _bold(_("Forskel")),
            ]
        )
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        budget_total = ZERO
        for post in posts:
            by_funder = spent.get((post.pk, year), {})
            budget = budgets.get((post.pk, year), ZERO)
            if not by_funder and not budget:
                continue
            total = sum(by_funder.values(), ZERO)
            rows.append(
                [
                    post.name,
                    post.number,
                    *(_kr(by_funder.get(f, ZERO)) for f, _l in funders),
                    _kr(total),
                    _kr(budget),
                    _kr(total - budget),
                ]
            )
            for f, amount in by_funder.items():
                totals[f] += amount
            budget_total += budget
        spent_total = sum(totals.values(), ZERO)
        rows.append(
            [
                _bold(_("I alt")),
                "",
                *(_kr(totals.get(f, ZERO), True) for f, _l in funders),
                _kr(spent_total, True),
                _kr(budget_total, True),
                _kr(spent_total - budget_total, True),
            ]
        )
        sheets.append((str(year), rows))
    return sheets


def accounts_csv_rows(actuals: Sequence[Actual]) -> list[Row]:
    rows: list[Row] = [
        [_("År"), _("Kvartal"), _("Post"), _("Budgetnummer"), _("Finansieringskilde"), _("Beløb"), _("Note")]
    ]
    for a in actuals:
        rows.append(
            [
                a.year,
                a.quarter,
                a.post.name,
                a.post.number,
                a.get_funder_display() if a.funder else "",
                a.amount,
                a.note,
            ]
        )
    return rows
