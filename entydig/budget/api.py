"""Money endpoints of the REST API: the budget and its lines, approval, spending against the budget, the spending
import. The same gatekeepers and services as the pages. Amounts are decimal strings ("150000.00"), shares numbers
between 0 and 1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from entydig.budget import selectors, services
from entydig.budget.access import MoneyAccess, money_for_user
from entydig.budget.cofinancing import CoFinancing, Share
from entydig.budget.finance import FinanceRow, default_year, finance_report
from entydig.budget.importing import ImportRejected, import_actuals
from entydig.budget.models import BudgetLine, BudgetPost, BudgetVersion, CostType, Funder
from entydig.core.api import (
    CONFLICT_ERRORS,
    READ_ERRORS,
    CalendarDate,
    CalendarYear,
    InputSchema,
    ValidationErrorOut,
    api_user,
    choices,
    fits,
)
from entydig.organisation.models import Activity

router = Router(tags=["økonomi"])

AMOUNT_FIELD = BudgetLine._meta.get_field("amount")
# A decimal string in the answers; the inputs take a string or a number.
Money = Annotated[Decimal, fits(AMOUNT_FIELD)]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _share(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- Output schemas -------------------------------------------------------------------------------------------


class LineOut(Schema):
    id: int
    post_id: int
    kind: Annotated[BudgetPost.Kind, choices(BudgetPost.Kind)]
    activity_id: int | None = Field(description="Indsatsen; tom for en fælles post (sekretariat, evaluering, ...)")
    name: str = Field(description="Postens navn")
    year: int
    funder: Annotated[Funder, choices(Funder)]
    cost_type: str = Field(description="Omkostningstypens kode, fx løn")
    in_kind: bool = Field(description="Naturalier (timer, lokaler) i stedet for penge")
    amount: str = Field(description='Kroner som decimaltal i tekst, fx "150000.00"')


class TotalsOut(Schema):
    total: str
    by_funder: dict[str, str]
    by_year: dict[str, str]


class YearShareOut(Schema):
    year: int
    total: str
    local: str
    lbf: str
    cofinancing_share: float | None
    lbf_share: float | None
    meets_minimum: bool
    shortfall: str = Field(description="Lokal medfinansiering der mangler til minimum (ved uændret samlet budget)")


class CofinancingOut(Schema):
    minimum: float = Field(description="Mindste lokale andel (indstilling; LBF's regel)")
    lbf_maximum: float
    local_funders: list[str]
    in_kind_counts: bool
    meets_minimum: bool
    shortfall: str
    messages: list[str] = Field(description="Tjekket i klart sprog")
    years: list[YearShareOut]


class BudgetOut(Schema):
    version: int | None = Field(description="Versionsnummeret; tom før det første budget")
    status: str | None = Field(description="draft, approved eller sent")
    status_label: str | None
    approved_on: dt.date | None
    sent_on: dt.date | None
    row_version: int | None = Field(description="Send med som `row_version` for at opdage andres ændringer (409)")
    reason: str
    lines: list[LineOut]
    totals: TotalsOut
    cofinancing_share: float | None = Field(description="Den lokale andel over hele perioden, 0-1")
    lbf_share: float | None = Field(description="Landsbyggefondens andel over hele perioden, 0-1")
    cofinancing: CofinancingOut | None = Field(description="Medfinansieringstjekket (for dem der læser hele budgettet)")
    complete: bool = Field(description="Om svaret rummer hele budgettet (ellers kun dine egne indsatsers linjer)")


class FinanceRowOut(Schema):
    post_id: int | None
    activity_id: int | None
    kind: str | None
    name: str
    effort_area: str
    budget: str = Field(description="Årets kontante budget")
    budget_to_date: str
    spent: str
    forecast: str | None
    forecast_source: str | None = Field(description="explicit (den ansvarliges egen) eller pace (forbrugstakten)")
    variance: str | None = Field(description="Prognose minus budget: positiv er merforbrug")
    flag: str | None = Field(description="under eller over ved en stor afvigelse (grænse: Entydigs eget valg)")
    reason: str


class FinanceOut(Schema):
    year: int
    quarter: str | None = Field(description="Sidste kvartal med forbrug, fx 2026Q3")
    quarter_label: str
    version: int | None
    threshold: float = Field(description="Grænsen for en stor afvigelse som andel af budgettet (Entydigs eget valg)")
    activities: list[FinanceRowOut]
    effort_areas: list[FinanceRowOut]
    total: FinanceRowOut | None


class ActualsImportErrorOut(Schema):
    row: int
    column: str
    message: str


class ActualsImportOut(Schema):
    dry_run: bool
    ok: bool
    rows: int
    new: int
    changed: int
    unchanged: int
    summary: str
    errors: list[ActualsImportErrorOut]
    error_count: int


class ActualsImportRejectedOut(ActualsImportOut):
    detail: list[dict[str, Any]]


# --- Input schemas --------------------------------------------------------------------------------------------


class LineIn(InputSchema):
    activity_id: int | None = Field(None, description="Indsatsen; tom for en fælles post (angiv så `kind`)")
    kind: Annotated[BudgetPost.Kind, choices(BudgetPost.Kind)] = Field(
        BudgetPost.Kind.ACTIVITY, description="activity, eller en fælles post"
    )
    year: CalendarYear
    funder: Annotated[Funder, choices(Funder)]
    cost_type: str = Field(min_length=1, max_length=40, description="Omkostningstypens kode, fx løn")
    in_kind: bool = False
    amount: Money = Field(description='Kroner, fx "150000.00"; 0 fjerner linjen (PATCH)')


class LinesIn(InputSchema):
    lines: list[LineIn] = Field(min_length=1, max_length=2000)
    row_version: int | None = Field(None, description="Budgettets `row_version`, som du læste det")


class LineChangeIn(InputSchema):
    id: int = Field(description="Linjens id i budgettets nyeste version")
    amount: Money


class LineChangesIn(InputSchema):
    lines: list[LineChangeIn] = Field(min_length=1, max_length=2000)
    row_version: int | None = None


class ApproveIn(InputSchema):
    approved_on: CalendarDate | None = Field(None, description="Bestyrelsens godkendelsesdato; i dag hvis tom")


class SentIn(InputSchema):
    sent_on: CalendarDate | None = Field(None, description="Dagen budgettet blev sendt til LBF; i dag hvis tom")


class VersionQuery(InputSchema):
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="Et versionsnummer; gældende version hvis tom")


class YearQuery(InputSchema):
    year: CalendarYear | None = Field(None, description="Året; som standard året for sidste afsluttede kvartal")


# --- Building the answers ---------------------------------------------------------------------------------------


def _year_out(share: Share) -> dict[str, Any]:
    return {
        "year": share.year,
        "total": _money(share.total),
        "local": _money(share.local),
        "lbf": _money(share.lbf),
        "cofinancing_share": _share(share.local_share),
        "lbf_share": _share(share.lbf_share),
        "meets_minimum": share.meets_local_minimum,
        "shortfall": _money(share.local_shortfall),
    }


def _check_out(check: CoFinancing) -> dict[str, Any]:
    r = check.rules
    return {
        "minimum": float(r.local_minimum),
        "lbf_maximum": float(r.lbf_maximum),
        "local_funders": [f for f in Funder.values if f in r.local_funders],
        "in_kind_counts": r.in_kind_counts,
        "meets_minimum": check.period.meets_local_minimum,
        "shortfall": _money(check.period.local_shortfall),
        "messages": check.messages(),
        "years": [_year_out(y) for y in check.years],
    }


def _budget_out(access: MoneyAccess, version: BudgetVersion | None) -> dict[str, Any]:
    view = selectors.budget_view(access, version)
    check = view.check
    return {
        "version": version.number if version else None,
        "status": version.status if version else None,
        "status_label": str(version.get_status_display()) if version else None,
        "approved_on": version.approved_on if version else None,
        "sent_on": version.sent_on if version else None,
        "row_version": version.row_version if version else None,
        "reason": version.reason if version else "",
        "lines": [
            {
                "id": line.pk,
                "post_id": line.post_id,
                "kind": line.post.kind,
                "activity_id": line.post.activity_id,
                "name": line.post.name,
                "year": line.year,
                "funder": line.funder,
                "cost_type": line.cost_type.code,
                "in_kind": line.in_kind,
                "amount": _money(line.amount),
            }
            for line in view.lines
        ],
        "totals": {
            "total": _money(view.totals.total),
            "by_funder": {f: _money(a) for f, a in view.totals.by_funder.items()},
            "by_year": {str(y): _money(a) for y, a in view.totals.by_year.items()},
        },
        "cofinancing_share": _share(check.period.local_share) if check else None,
        "lbf_share": _share(check.period.lbf_share) if check else None,
        "cofinancing": _check_out(check) if check else None,
        "complete": view.complete,
    }


def _row_out(row: FinanceRow) -> dict[str, Any]:
    return {
        "post_id": row.post.pk if row.post else None,
        "activity_id": row.activity.pk if row.activity else None,
        "kind": row.post.kind if row.post else (BudgetPost.Kind.ACTIVITY if row.activity else None),
        "name": row.name,
        "effort_area": row.effort_area,
        "budget": _money(row.budget),
        "budget_to_date": _money(row.budget_to_date),
        "spent": _money(row.spent),
        "forecast": _money(row.forecast),
        "forecast_source": row.forecast_source,
        "variance": _money(row.variance),
        "flag": row.flag,
        "reason": row.reason,
    }


@contextmanager
def _line_names() -> Iterator[None]:
    """The service's `lines.0.activity` as the input's `lines.0.activity_id`."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        renamed = {}
        for key, errors in exc.error_dict.items():
            head, _sep, last = key.rpartition(".")
            name = {"activity": "activity_id"}.get(last, last)
            renamed[f"{head}.{name}" if head else name] = errors
        raise ValidationError(renamed) from exc


def _specs(lines: list[LineIn]) -> list[services.LineSpec]:
    """The input's lines as the service's, with a 422 naming each unknown activity or cost type. Whether an activity
    belongs to the plan is the service's rule: an activity of another plan is passed on for it to refuse."""
    wanted = [ln.activity_id for ln in lines if ln.activity_id is not None]
    activities = {a.pk: a for a in Activity.objects.filter(pk__in=wanted)}
    cost_types = {c.code: c for c in CostType.objects.filter(code__in=[ln.cost_type for ln in lines])}
    errors: dict[str, list[str]] = {}
    specs = []
    for index, line in enumerate(lines):
        target: services.Target
        if line.activity_id is not None and line.kind == BudgetPost.Kind.ACTIVITY:
            activity = activities.get(line.activity_id)
            if activity is None:
                errors.setdefault(f"lines.{index}.activity_id", []).append(str(services.UNKNOWN_ACTIVITY))
                continue
            target = activity
        elif (line.activity_id is None) == (line.kind == BudgetPost.Kind.ACTIVITY):
            message = _("Angiv enten en indsats (activity_id) eller en fælles post (kind).")
            errors.setdefault(f"lines.{index}.activity_id", []).append(message)
            continue
        else:
            target = str(line.kind)
        cost_type = cost_types.get(line.cost_type)
        if cost_type is None:
            message = _("Ukendt omkostningstype: %(code)s") % {"code": line.cost_type[:40]}
            errors.setdefault(f"lines.{index}.cost_type", []).append(message)
            continue
        specs.append(services.LineSpec(target, line.year, str(line.funder), cost_type, line.in_kind, line.amount))
    if errors:
        raise ValidationError(errors)
    return specs


def _expected(access: MoneyAccess, row_version: int | None) -> tuple[int, int] | None:
    if row_version is None:
        return None
    newest = selectors.newest_version(access.plan)
    return (newest.number if newest else 0, row_version)


# --- Endpoints ------------------------------------------------------------------------------------------------


@router.get(
    "/plans/{plan_id}/budget",
    response={200: BudgetOut, **READ_ERRORS},
    summary="Planens budget / The plan's budget",
    description="Den gældende version (den nyeste godkendte; før første godkendelse kladden), eller `?version=`.",
)
def get_budget(request: HttpRequest, plan_id: int, query: Query[VersionQuery]) -> dict[str, Any]:
    access = money_for_user(api_user(request), plan_id)
    if query.version is not None:
        version = selectors.version_by_number(access.plan, query.version)
        if version is None:
            raise ValidationError({"version": _("Budgettet har ingen version %(n)s.") % {"n": query.version}})
    else:
        version = selectors.version_in_force(access.plan)
    return _budget_out(access, version)


@router.post(
    "/plans/{plan_id}/budget/lines",
    response={201: BudgetOut, **CONFLICT_ERRORS},
    summary="Tilføj budgetlinjer (sekretariatet) / Add budget lines",
    description="Linjerne lægges i kladden; efter en godkendelse starter en ny version. En linje, budgettet har, "
    "afvises (ret den med PATCH). Svaret er kladden.",
)
def add_lines(request: HttpRequest, plan_id: int, payload: LinesIn) -> Status[Any]:
    user = api_user(request)
    access = money_for_user(user, plan_id, write=True)
    specs = _specs(payload.lines)
    with _line_names():
        draft = services.budget_lines_set(
            actor=user, plan=access.plan, lines=specs, add_only=True, expected=_expected(access, payload.row_version)
        )
    return Status(201, _budget_out(access, draft))


@router.patch(
    "/plans/{plan_id}/budget/lines",
    response={200: BudgetOut, **CONFLICT_ERRORS},
    summary="Ret budgetlinjers beløb (sekretariatet) / Change budget lines",
    description="Linjerne nævnes ved deres id i den nyeste version; beløb 0 fjerner en linje. Ændringen lægges i "
    "kladden (efter en godkendelse i en ny version). Svaret er kladden.",
)
def change_lines(request: HttpRequest, plan_id: int, payload: LineChangesIn) -> dict[str, Any]:
    user = api_user(request)
    access = money_for_user(user, plan_id, write=True)
    specs = services.lines_by_id(access.plan, [(line.id, line.amount) for line in payload.lines])
    with _line_names():
        draft = services.budget_lines_set(
            actor=user, plan=access.plan, lines=specs, expected=_expected(access, payload.row_version)
        )
    return _budget_out(access, draft)


@router.post(
    "/plans/{plan_id}/budget/approve",
    response={200: BudgetOut, **CONFLICT_ERRORS},
    summary="Registrér bestyrelsens godkendelse af kladden (sekretariatet) / Record the board's approval",
)
def approve(request: HttpRequest, plan_id: int, payload: ApproveIn) -> dict[str, Any]:
    user = api_user(request)
    access = money_for_user(user, plan_id, write=True)
    version = services.budget_approve(
        actor=user, plan=access.plan, approved_on=payload.approved_on or timezone.localdate()
    )
    return _budget_out(access, version)


@router.post(
    "/plans/{plan_id}/budget/sent",
    response={200: BudgetOut, **CONFLICT_ERRORS},
    summary="Registrér at budgettet er sendt til LBF (sekretariatet) / Record sending to LBF",
)
def mark_sent(request: HttpRequest, plan_id: int, payload: SentIn) -> dict[str, Any]:
    user = api_user(request)
    access = money_for_user(user, plan_id, write=True)
    version = services.budget_mark_sent(actor=user, plan=access.plan, sent_on=payload.sent_on or timezone.localdate())
    return _budget_out(access, version)


@router.get(
    "/plans/{plan_id}/finance",
    response={200: FinanceOut, **READ_ERRORS},
    summary="Forbrug mod budget og prognose pr. indsats / Spending against the budget",
)
def get_finance(request: HttpRequest, plan_id: int, query: Query[YearQuery]) -> dict[str, Any]:
    access = money_for_user(api_user(request), plan_id)
    years = selectors.plan_years(access.plan)
    year = query.year if query.year is not None else default_year(access.plan)
    if year not in years:
        message = _("Året skal ligge i aftaleperioden (%(first)s-%(last)s).") % {
            "first": years[0],
            "last": years[-1],
        }
        raise ValidationError({"year": message}, code="year_outside_plan")
    report = finance_report(access, year)
    return {
        "year": year,
        "quarter": f"{year}Q{report.quarter}" if report.quarter else None,
        "quarter_label": report.quarter_label,
        "version": report.version.number if report.version else None,
        "threshold": float(report.threshold),
        "activities": [_row_out(r) for r in report.rows],
        "effort_areas": [_row_out(b.total) for b in report.areas],
        "total": _row_out(report.total) if report.total else None,
    }


@router.post(
    "/plans/{plan_id}/actuals/import",
    # 422: the file's rows were refused (ActualsImportRejectedOut), or the form itself is invalid, e.g. no file.
    response={200: ActualsImportOut, **CONFLICT_ERRORS, 422: ActualsImportRejectedOut | ValidationErrorOut},
    summary="Importér forbrug fra CSV/XLSX, alt eller intet (sekretariatet) / Import spending, all or nothing",
)
def import_file(
    request: HttpRequest, plan_id: int, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Status[Any]:
    user = api_user(request)
    access = money_for_user(user, plan_id, write=True)
    try:
        result = import_actuals(actor=user, plan=access.plan, data=file, filename=file.name or "", dry_run=dry_run)
    except ImportRejected as error:
        body = {
            "dry_run": dry_run,
            "ok": False,
            "rows": 0,
            "new": 0,
            "changed": 0,
            "unchanged": 0,
            "summary": str(error),
            "errors": [{"row": 0, "column": "", "message": str(error)}],
            "error_count": 1,
            "detail": [{"loc": ["file"], "field": "file", "msg": str(error)}],
        }
        return Status(422, body)
    out = result.as_dict()
    if not result.ok:
        out["detail"] = [{"loc": ["file", e.row, e.column], "field": "file", "msg": str(e)} for e in result.errors]
        return Status(422, out)
    return Status(200, out)
