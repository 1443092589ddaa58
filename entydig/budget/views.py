"""Pages for a plan's money: the budget and its versions, the editor with the live co-financing check, spending
against the budget with forecasts, spending entered by hand or imported, and the posts' budget numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.budget import selectors, services, spending
from entydig.budget.access import MoneyAccess, money_for_user, post_for_user
from entydig.budget.cofinancing import Amount, cofinancing
from entydig.budget.exports import accounts_csv_rows, accounts_sheets, budget_response
from entydig.budget.finance import default_year, finance_report
from entydig.budget.forms import (
    ActualForm,
    ApproveForm,
    ForecastForm,
    GridForm,
    ImportForm,
    LineForm,
    NumbersForm,
    SentForm,
    target_of,
)
from entydig.budget.importing import import_actuals, web_max_bytes
from entydig.budget.models import Actual, BudgetLine, BudgetPost, Forecast
from entydig.budget.rules import rules
from entydig.core import params
from entydig.core.errors import ConflictError
from entydig.core.exports import csv_response, xlsx_workbook_response
from entydig.core.http import apply_errors, error_text
from entydig.core.importing.pages import import_step

SECTION = "money"
EXPORT_FORMATS = ["csv", "xlsx"]
# A previewed file waits for its confirmation in the default storage, as the measurement import's does.


def _context(access: MoneyAccess, **values: Any) -> dict[str, Any]:
    return {
        "plan": access.plan,
        "access": access.plan_access,
        "money": access,
        "section": SECTION,
        "rules": rules(),
        **values,
    }


def _year(request: HttpRequest, access: MoneyAccess) -> int:
    years = selectors.plan_years(access.plan)
    year = params.integer(request.GET, "year", low=years[0], high=years[-1])
    return year if year is not None else default_year(access.plan)


# --- The budget ---------------------------------------------------------------------------------------------------


@login_required
def budget(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The version in force (or `?version=`), with the co-financing check; `?format=xlsx|csv` downloads it."""
    access = money_for_user(request.user, plan_pk)
    plan = access.plan
    number = params.integer(request.GET, "version", low=1, high=params.MAX_ID)
    fmt = params.choice(request.GET, "format", EXPORT_FORMATS)
    version = selectors.version_by_number(plan, number) if number else selectors.version_in_force(plan)
    if number and version is None:
        raise Http404
    view = selectors.budget_view(access, version)
    if fmt:
        return budget_response(view, plan.name, plan.pk, fmt)
    newest = selectors.newest_version(plan)
    return render(
        request,
        "budget/budget.html",
        _context(
            access,
            view=view,
            version=version,
            newest=newest,
            draft=newest if newest is not None and newest.is_draft else None,
            approve_form=ApproveForm(),
            sent_form=SentForm(),
        ),
    )


def _editor(access: MoneyAccess, grid: GridForm | None = None, line: LineForm | None = None) -> dict[str, Any]:
    plan = access.plan
    newest = selectors.newest_version(plan)
    view = selectors.budget_view(access, newest)
    tables = view.table
    base = f"{newest.number}:{newest.row_version}" if newest is not None else "0:0"
    return _context(
        access,
        view=view,
        version=newest,
        tables=tables,
        grid=grid or GridForm(tables=tables, years=view.years, initial={"base": base}),
        line_form=line or LineForm(plan=plan, years=view.years),
    )


def _cell_errors(form: GridForm, changes: list[tuple[str, services.LineSpec]], exc: ValidationError) -> None:
    """A service's errors on `lines.<index>.<field>` shown on the cell of that line."""
    for key, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
        parts = (key or "").split(".")
        if len(parts) >= 2 and parts[0] == "lines" and parts[1].isdigit() and int(parts[1]) < len(changes):
            form.add_error(changes[int(parts[1])][0], errors)
        else:
            form.add_error(None, errors)


@login_required
def budget_edit(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The budget as a grid of amounts; saving changes the draft (a change after approval starts one)."""
    access = money_for_user(request.user, plan_pk, write=True)
    if request.method == "POST":
        context = _editor(access)
        grid = GridForm(request.POST, tables=context["tables"], years=context["view"].years)
        if grid.is_valid():
            changes = grid.changes()
            try:
                draft = services.budget_lines_set(
                    actor=request.user,
                    plan=access.plan,
                    lines=[spec for _name, spec in changes],
                    expected=grid.expected(),
                )
            except ConflictError as error:
                messages.error(request, str(error))
                return redirect("budget:edit", access.plan.pk)
            except ValidationError as error:
                _cell_errors(grid, changes, error)
            else:
                if changes:
                    messages.success(
                        request, _("Budgettet er gemt i version %(number)s (kladde).") % {"number": draft.number}
                    )
                return redirect("budget:edit", access.plan.pk)
        return render(request, "budget/edit.html", _editor(access, grid=grid), status=200)
    return render(request, "budget/edit.html", _editor(access))


@login_required
@require_POST
def line_add(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = money_for_user(request.user, plan_pk, write=True)
    years = selectors.plan_years(access.plan)
    form = LineForm(request.POST, plan=access.plan, years=years)
    if form.is_valid():
        try:
            draft = services.budget_lines_set(actor=request.user, plan=access.plan, lines=[form.spec()], add_only=True)
        except ValidationError as error:
            apply_errors(form, _unprefixed(error, "lines.0."))
        else:
            messages.success(request, _("Linjen er tilføjet version %(number)s (kladde).") % {"number": draft.number})
            return redirect("budget:edit", access.plan.pk)
    return render(request, "budget/edit.html", _editor(access, line=form))


def _unprefixed(error: ValidationError, prefix: str) -> ValidationError:
    """A service's errors keyed `lines.0.year` as the single form's `year` (`lines.0` as the form's own)."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, Any] = {}
    for key, errors in error.error_dict.items():
        name = key.removeprefix(prefix) if key.startswith(prefix) else "__all__"
        if key == prefix.rstrip("."):
            name = "__all__"
        name = {"activity": "target", "kind": "target"}.get(name, name)
        renamed.setdefault(name, []).extend(errors)
    return ValidationError(renamed)


@login_required
def budget_check(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The co-financing check of the budget as it would be with the editor's amounts (htmx, while typing)."""
    access = money_for_user(request.user, plan_pk, write=True)
    context = _editor(access)
    view = context["view"]
    amounts = {
        selectors.line_key(line): Amount(line.year, line.funder, line.in_kind, line.amount) for line in view.lines
    }
    added: list[Amount] = []
    unreadable = False
    if request.method == "POST":
        grid = GridForm(request.POST, tables=context["tables"], years=view.years)
        grid.is_valid()
        unreadable = any(name in grid.errors for name in grid.cells)
        for name, (post, cost_type, funder, in_kind, year, _current) in grid.cells.items():
            if name in grid.cleaned_data:
                value = grid.cleaned_data[name] or Decimal(0)
                amounts[(post.pk, year, funder, cost_type.pk, in_kind)] = Amount(year, funder, in_kind, value)
        line = LineForm(request.POST, plan=access.plan, years=view.years)
        if line.is_valid():
            spec = line.spec()
            added.append(Amount(spec.year, spec.funder, spec.in_kind, spec.amount))
    check = cofinancing([*amounts.values(), *added], years=view.years)
    return render(
        request,
        "budget/partials/_check.html",
        _context(access, check=check, live=True, unreadable=unreadable),
    )


def _date_action(
    request: HttpRequest, plan_pk: int, form_class: type, action: Any, field: str, done: str
) -> HttpResponse:
    access = money_for_user(request.user, plan_pk, write=True)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("budget:budget", access.plan.pk)
    try:
        version = action(actor=request.user, plan=access.plan, **{field: form.cleaned_data[field]})
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done % {"number": version.number})
    return redirect("budget:budget", access.plan.pk)


@login_required
@require_POST
def budget_approve(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _date_action(
        request,
        plan_pk,
        ApproveForm,
        services.budget_approve,
        "approved_on",
        _("Version %(number)s er godkendt af bestyrelsen."),
    )


@login_required
@require_POST
def budget_sent(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _date_action(
        request,
        plan_pk,
        SentForm,
        services.budget_mark_sent,
        "sent_on",
        _("Version %(number)s er registreret som sendt til Landsbyggefonden."),
    )


@login_required
@require_POST
def budget_discard(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = money_for_user(request.user, plan_pk, write=True)
    try:
        services.budget_draft_discard(actor=request.user, plan=access.plan)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Kladden er kasseret."))
    return redirect("budget:budget", access.plan.pk)


@login_required
def versions(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Every version with its status, dates, reason and totals; any two can be compared."""
    access = money_for_user(request.user, plan_pk)
    all_versions = list(selectors.versions(access.plan).select_related("created_by"))
    lines = BudgetLine.objects.filter(version__plan=access.plan)
    if not access.reads_all:
        lines = lines.filter(post__activity_id__in=access.own_activity_ids)
    per_version: dict[int, list[Amount]] = {}
    for row in lines.values("version_id", "funder", "year", "in_kind").annotate(total=Sum("amount")).order_by():
        per_version.setdefault(row["version_id"], []).append(
            Amount(row["year"], row["funder"], row["in_kind"], row["total"])
        )
    rows = [
        (
            v,
            sum((a.amount for a in per_version.get(v.pk, [])), Decimal(0)),
            cofinancing(per_version.get(v.pk, [])) if access.reads_all else None,
        )
        for v in all_versions
    ]
    return render(request, "budget/versions.html", _context(access, rows=rows))


@login_required
def compare(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Two versions side by side: every line that differs, the totals and the co-financing of each."""
    access = money_for_user(request.user, plan_pk)
    a = params.integer(request.GET, "a", low=1, high=params.MAX_ID)
    b = params.integer(request.GET, "b", low=1, high=params.MAX_ID)
    numbers = list(selectors.versions(access.plan).values_list("number", flat=True))
    if len(numbers) < 2 and (a is None or b is None):
        messages.info(request, _("Budgettet har kun én version; der er intet at sammenligne."))
        return redirect("budget:versions", access.plan.pk)
    # Without a choice: the newest version against the one before it.
    b = numbers[0] if b is None else b
    a = next((n for n in numbers if n < b), numbers[-1]) if a is None else a
    version_a = selectors.version_by_number(access.plan, a)
    version_b = selectors.version_by_number(access.plan, b)
    if version_a is None or version_b is None:
        raise Http404
    comparison = selectors.compare(access, version_a, version_b)
    return render(request, "budget/compare.html", _context(access, comparison=comparison))


@login_required
def numbers(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Each post's number in the accounting system, by which the spending import may name it."""
    access = money_for_user(request.user, plan_pk, write=True)
    posts = list(BudgetPost.objects.filter(plan=access.plan))
    form = NumbersForm(request.POST or None, plan=access.plan, posts=posts)
    if request.method == "POST" and form.is_valid():
        entries = form.numbers()
        try:
            services.budget_numbers_set(
                actor=request.user,
                plan=access.plan,
                numbers=[(target_of(access.plan, value), number) for _name, value, number in entries],
            )
        except ValidationError as error:
            for key, errors in getattr(error, "error_dict", {}).items():
                index = key.removeprefix("numbers.")
                name = entries[int(index)][0] if index.isdigit() and int(index) < len(entries) else None
                form.add_error(name, errors)
            if not hasattr(error, "error_dict"):
                form.add_error(None, error)
        else:
            messages.success(request, _("Budgetnumrene er gemt."))
            return redirect("budget:numbers", access.plan.pk)
    return render(request, "budget/numbers.html", _context(access, form=form))


# --- Spending against the budget ---------------------------------------------------------------------------------


@login_required
def finance(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The year's budget, spending, forecast and variance per activity and effort area; `?format=` downloads the
    accounts (a sheet per year)."""
    access = money_for_user(request.user, plan_pk)
    year = _year(request, access)
    fmt = params.choice(request.GET, "format", EXPORT_FORMATS)
    if fmt:
        return _accounts_download(access, fmt)
    report = finance_report(access, year)
    return render(
        request,
        "budget/finance.html",
        _context(access, report=report, year=year, years=selectors.plan_years(access.plan)),
    )


def _accounts_download(access: MoneyAccess, fmt: str) -> HttpResponse:
    plan = access.plan
    posts = [p for p in BudgetPost.objects.filter(plan=plan).select_related("activity") if access.reads_post(p)]
    readable = {p.pk for p in posts}
    actuals = [
        a
        for a in Actual.objects.filter(plan=plan).select_related("post__activity").order_by("year", "quarter", "post")
        if a.post_id in readable
    ]
    name = f"regnskab-{plan.pk}"
    if fmt == "csv":
        return csv_response(accounts_csv_rows(actuals), name)
    version = selectors.version_in_force(plan)
    budgets = {
        (row["post_id"], row["year"]): row["total"]
        for row in BudgetLine.objects.filter(version=version, in_kind=False)
        .values("post_id", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    posts.sort(key=lambda p: (p.activity_id is None, p.name.casefold()))
    return xlsx_workbook_response(accounts_sheets(posts, actuals, budgets, selectors.plan_years(plan), plan.name), name)


@login_required
def forecast(request: HttpRequest, plan_pk: int, year: int, post_pk: int) -> HttpResponse:
    """The owner's forecast for a post's year (the secretariat, the activity's steering group or responsible)."""
    access, post = post_for_user(request.user, plan_pk, post_pk, forecast=True)
    if year not in selectors.plan_years(access.plan):
        raise Http404
    current = Forecast.objects.filter(post=post, year=year).first()
    initial = {"amount": current.amount, "note": current.note} if current else {}
    form = ForecastForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            spending.forecast_set(
                actor=request.user,
                post=post,
                year=year,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Prognosen for %(post)s er gemt.") % {"post": post.name})
            return redirect(reverse("budget:finance", args=[access.plan.pk]) + f"?year={year}")
    report = finance_report(access, year)
    row = next((r for r in report.rows if r.post is not None and r.post.pk == post.pk), None)
    return render(
        request, "budget/forecast.html", _context(access, form=form, post=post, year=year, row=row, current=current)
    )


@login_required
def actuals(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The year's spending per post and quarter; the secretariat enters a quarter's spending here."""
    access = money_for_user(request.user, plan_pk, write=request.method == "POST")
    year = _year(request, access)
    form = ActualForm(request.POST or None, plan=access.plan, initial={"quarter": f"{year}Q1"})
    if request.method == "POST" and form.is_valid():
        quarter = form.cleaned_data["quarter"]
        try:
            spending.actual_set(
                actor=request.user,
                plan=access.plan,
                target=target_of(access.plan, form.cleaned_data["target"]),
                year=quarter.year,
                quarter=quarter.q,
                funder=form.cleaned_data["funder"],
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, _renamed(error))
        else:
            messages.success(request, _("Forbruget er gemt."))
            return redirect(reverse("budget:actuals", args=[access.plan.pk]) + f"?year={quarter.year}")
    rows = [
        a
        for a in Actual.objects.filter(plan=access.plan, year=year)
        .select_related("post__activity")
        .order_by("post__kind", "post__activity__name", "quarter", "funder")
        if access.reads_post(a.post)
    ]
    return render(
        request,
        "budget/actuals.html",
        _context(access, form=form, rows=rows, year=year, years=selectors.plan_years(access.plan)),
    )


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    names = {"activity": "target", "kind": "target", "year": "quarter"}
    renamed: dict[str, Any] = {}
    for key, errors in error.error_dict.items():
        renamed.setdefault(names.get(key, key), []).extend(errors)
    return ValidationError(renamed)


@login_required
def actuals_import(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Upload → dry run with what would change → confirm (or start over)."""
    access = money_for_user(request.user, plan_pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = access.plan
    step = import_step(
        request,
        form=form,
        key=f"budget-import-{plan.pk}",
        run=lambda data, name, dry_run: import_actuals(
            actor=request.user, plan=plan, data=data, filename=name, dry_run=dry_run
        ),
        max_bytes=web_max_bytes(),
        again_url=reverse("budget:import", args=[plan.pk]),
        done_url=reverse("budget:finance", args=[plan.pk]),
    )
    if step.redirect is not None:
        return step.redirect
    return render(request, "budget/import.html", _context(access, form=form, result=step.result, token=step.token))
