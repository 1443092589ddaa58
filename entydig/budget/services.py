"""Every write to a plan's budget goes through these functions (posts, lines, versions, approval); spending and
forecasts are in `spending`, the board's reallocations in `reallocation`. All are transactional, audited, and the one
place their rules are checked (the pages' forms and the API's schemas only parse; both edges call them).

Budget lines are changed in the plan's draft version; a change after approval starts a new draft from the newest
version. The co-financing check advises and never refuses an edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entydig.budget.models import (
    DECIMAL_PLACES,
    MAX_DIGITS,
    BudgetLine,
    BudgetPost,
    BudgetVersion,
    CostType,
    Funder,
)
from entydig.budget.selectors import LineKey, newest_version, plan_years
from entydig.core.audit import Actor, actor_id, audit_record, snapshot
from entydig.core.errors import ConflictError, FieldErrors
from entydig.core.models import AuditEvent
from entydig.organisation.models import Activity, Plan

# What a budget line or a spending is for: an activity of the plan, or the kind of a plan-level post.
Target = Activity | str
PLAN_LEVEL_KINDS = tuple(k for k in BudgetPost.Kind.values if k != BudgetPost.Kind.ACTIVITY)
MAX_AMOUNT = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)


@dataclass(frozen=True)
class LineSpec:
    """A budget line as an edit names it; `amount` 0 takes the line out of the version."""

    target: Target
    year: int
    funder: str
    cost_type: CostType
    in_kind: bool
    amount: Decimal


# --- Checks shared by the writes -------------------------------------------------------------------------------


def amount_problem(amount: Decimal, *, negative: bool = False) -> tuple[str, str] | None:
    """(message, code) when `amount` is no amount of kroner: at most two decimals (øre), within the columns,
    negative only where `negative`."""
    if not amount.is_finite():
        return _("Beløbet skal være et tal."), "invalid_amount"
    if abs(amount) >= MAX_AMOUNT:
        return _("Beløbet er for stort."), "amount_too_large"
    if amount != amount.quantize(Decimal("0.01")):
        return _("Beløbet kan højst have to decimaler (øre)."), "too_many_decimals"
    if amount < 0 and not negative:
        return _("Beløbet kan ikke være negativt."), "negative_amount"
    return None


def check_amount(amount: Decimal, errors: FieldErrors, name: str, *, negative: bool = False) -> None:
    problem = amount_problem(amount, negative=negative)
    if problem is not None:
        errors.add(name, *problem)


# An activity id that is not one of the plan's: the same words whether it is another plan's or none at all, so an
# id of another plan cannot be told from one that does not exist (the API's edge uses it for unknown ids).
UNKNOWN_ACTIVITY = gettext_lazy("Indsatsen findes ikke i denne helhedsplan.")


def check_target(plan: Plan, target: Target, errors: FieldErrors, name: str) -> None:
    if isinstance(target, Activity):
        if target.plan_id != plan.pk:
            errors.add(name, str(UNKNOWN_ACTIVITY), "unknown_activity")
    elif target not in PLAN_LEVEL_KINDS:
        errors.add(name, _("Ukendt budgetpost."), "unknown_kind")


def check_year(plan: Plan, year: int, errors: FieldErrors, name: str) -> None:
    years = plan_years(plan)
    if year not in years:
        errors.add(
            name,
            _("Året skal ligge i aftaleperioden (%(first)s-%(last)s).") % {"first": years[0], "last": years[-1]},
            "year_outside_plan",
        )


def check_funder(funder: str, errors: FieldErrors, name: str, *, blank: bool = False) -> None:
    if funder not in Funder.values and not (blank and funder == ""):
        errors.add(name, _("Ukendt finansieringskilde."), "unknown_funder")


def lock_money(plan: Plan) -> None:
    """One writer of a plan's money at a time (PostgreSQL; SQLite serialises every write transaction anyway)."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()


# --- Posts ------------------------------------------------------------------------------------------------------


def find_post(plan: Plan, target: Target) -> BudgetPost | None:
    if isinstance(target, Activity):
        return BudgetPost.objects.filter(plan=plan, activity=target).select_related("activity").first()
    return BudgetPost.objects.filter(plan=plan, kind=target, activity=None).first()


def post_for(*, actor: Actor, plan: Plan, target: Target) -> BudgetPost:
    """The plan's post for an activity or a plan-level kind, created (and audited) the first time money needs it."""
    post = find_post(plan, target)
    if post is not None:
        return post
    if isinstance(target, Activity):
        post = BudgetPost.objects.create(plan=plan, kind=BudgetPost.Kind.ACTIVITY, activity=target)
    else:
        post = BudgetPost.objects.create(plan=plan, kind=target)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=post, plan=plan, changes={"kind": post.kind})
    return post


@transaction.atomic
def budget_numbers_set(*, actor: Actor, plan: Plan, numbers: Sequence[tuple[Target, str]]) -> None:
    """Each post's number in the accounting system (unique in the plan, any case); a post without money gets one
    when it is given a number. Errors are keyed `numbers.<index>`."""
    lock_money(plan)
    errors = FieldErrors()
    limit = BudgetPost._meta.get_field("number").max_length or 0
    wanted = [(target, number.strip()) for target, number in numbers]
    posts: dict[int, BudgetPost | None] = {}
    for index, (target, number) in enumerate(wanted):
        check_target(plan, target, errors, f"numbers.{index}")
        if len(number) > limit:
            errors.add(f"numbers.{index}", _("Budgetnummeret er for langt."), "too_long")
        posts[index] = find_post(plan, target)
    given = [n.casefold() for _t, n in wanted if n]
    being_set = {post.pk for post in posts.values() if post is not None}
    kept = {
        folded
        for pk, folded in ((p.pk, p.number.casefold()) for p in BudgetPost.objects.filter(plan=plan).exclude(number=""))
        if pk not in being_set
    }
    for index, (_target, number) in enumerate(wanted):
        folded = number.casefold()
        if number and (given.count(folded) > 1 or folded in kept):
            errors.add(f"numbers.{index}", _("Budgetnummeret bruges af en anden post i planen."), "duplicate_number")
    errors.raise_any()
    # Numbers are cleared first, so that two posts may swap theirs.
    changed = [
        (index, target, number)
        for index, (target, number) in enumerate(wanted)
        if number != getattr(posts[index], "number", "")
    ]
    for index, _target, _number in changed:
        existing = posts[index]
        if existing is not None:
            BudgetPost.objects.filter(pk=existing.pk).update(number="")
    for index, target, number in changed:
        existing = posts[index]
        before = existing.number if existing is not None else ""
        post = existing or (post_for(actor=actor, plan=plan, target=target) if number else None)
        if post is None:
            continue
        post.number = number
        post.save(update_fields=["number"])
        audit_record(actor=actor, action="update", obj=post, plan=plan, changes={"number": [before, number]})


# --- Versions ---------------------------------------------------------------------------------------------------


def _check_expected(newest: BudgetVersion | None, expected: tuple[int, int] | None) -> None:
    """An edit begun on (version number, row version) is refused when the newest version is no longer that."""
    if expected is None:
        return
    current = (newest.number, newest.row_version) if newest is not None else (0, 0)
    if current != expected:
        raise ConflictError()


def new_version(
    *,
    actor: Actor,
    plan: Plan,
    source: BudgetVersion | None,
    number: int,
    status: str = BudgetVersion.Status.DRAFT,
    approved_on: dt.date | None = None,
    reason: str = "",
    decision_label: str = "",
    decision_url: str = "",
) -> BudgetVersion:
    """A version with a copy of `source`'s lines (none for a plan's first budget)."""
    version = BudgetVersion.objects.create(
        plan=plan,
        number=number,
        row_version=_next_row_version(plan),
        status=status,
        approved_on=approved_on,
        reason=reason[:300],
        decision_label=decision_label[:300],
        decision_url=decision_url[:300],
        created_by_id=actor_id(actor),
    )
    if source is not None:
        BudgetLine.objects.bulk_create(
            BudgetLine(
                version=version,
                post_id=line.post_id,
                year=line.year,
                funder=line.funder,
                cost_type_id=line.cost_type_id,
                in_kind=line.in_kind,
                amount=line.amount,
            )
            for line in source.lines.all()
        )
    changes = snapshot(version, ["number", "status", "approved_on", "reason", "decision_label"])
    if source is not None:
        changes["version"] = source.number
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=version, plan=plan, changes=changes)
    return version


def draft_for(*, actor: Actor, plan: Plan, newest: BudgetVersion | None) -> BudgetVersion:
    """The plan's draft; a change after approval starts one from the newest version."""
    if newest is not None and newest.is_draft:
        return newest
    return new_version(actor=actor, plan=plan, source=newest, number=(newest.number + 1) if newest is not None else 1)


def _next_row_version(plan: Plan) -> int:
    """Row versions count up across the plan's versions, so one number names one state of the whole budget."""
    return (BudgetVersion.objects.filter(plan=plan).aggregate(top=Max("row_version"))["top"] or 0) + 1


def touch(version: BudgetVersion) -> None:
    BudgetVersion.objects.filter(pk=version.pk).update(row_version=_next_row_version(version.plan))
    version.refresh_from_db(fields=["row_version"])


def _key(post: BudgetPost, spec: LineSpec) -> LineKey:
    return (post.pk, spec.year, spec.funder, spec.cost_type.pk, spec.in_kind)


def _check_spec(plan: Plan, spec: LineSpec, errors: FieldErrors, at: str) -> None:
    check_target(plan, spec.target, errors, f"{at}activity" if isinstance(spec.target, Activity) else f"{at}kind")
    check_year(plan, spec.year, errors, f"{at}year")
    check_funder(spec.funder, errors, f"{at}funder")
    check_amount(spec.amount, errors, f"{at}amount")


@transaction.atomic
def budget_lines_set(
    *,
    actor: Actor,
    plan: Plan,
    lines: Sequence[LineSpec],
    add_only: bool = False,
    expected: tuple[int, int] | None = None,
) -> BudgetVersion:
    """Sets the amounts of lines in the plan's draft (started from the newest version after an approval): a line
    not there yet is added, amount 0 takes one out. `add_only` refuses lines the budget has already (the API's
    POST, the page's form for a new line). `expected` is the (version number, row version) the edit began on: a
    change by someone else since answers ConflictError.

    Errors are keyed `lines.<index>.<field>`. Returns the draft.
    """
    lock_money(plan)
    newest = newest_version(plan)
    _check_expected(newest, expected)
    errors = FieldErrors()
    for index, spec in enumerate(lines):
        _check_spec(plan, spec, errors, f"lines.{index}.")
    errors.raise_any()
    current = {
        (line.post_id, line.year, line.funder, line.cost_type_id, line.in_kind): line
        for line in (newest.lines.all() if newest is not None else [])
    }
    posts = {
        (spec.target.pk if isinstance(spec.target, Activity) else spec.target): find_post(plan, spec.target)
        for spec in lines
    }
    seen: set[tuple[object, ...]] = set()
    for index, spec in enumerate(lines):
        target_id = ("activity", spec.target.pk) if isinstance(spec.target, Activity) else ("kind", spec.target)
        post = posts[target_id[1]]
        exists = post is not None and _key(post, spec) in current
        wanted = (target_id, spec.year, spec.funder, spec.cost_type.pk, spec.in_kind)
        if wanted in seen:
            errors.add(f"lines.{index}", _("Samme linje står to gange."), "duplicate_line")
        seen.add(wanted)
        if add_only and exists:
            errors.add(f"lines.{index}", _("Budgettet har allerede denne linje; ret beløbet i stedet."), "line_exists")
        if not exists and not spec.cost_type.active:
            errors.add(f"lines.{index}.cost_type", _("Omkostningstypen er ikke længere i brug."), "inactive_cost_type")
        if add_only and not exists and not spec.amount:
            errors.add(f"lines.{index}.amount", _("Angiv et beløb."), "zero_amount")
    errors.raise_any()
    draft = draft_for(actor=actor, plan=plan, newest=newest)
    in_draft = {
        (line.post_id, line.year, line.funder, line.cost_type_id, line.in_kind): line for line in draft.lines.all()
    }
    changed = False
    for spec in lines:
        post = post_for(actor=actor, plan=plan, target=spec.target)
        line = in_draft.get(_key(post, spec))
        if line is None and spec.amount:
            line = BudgetLine.objects.create(
                version=draft,
                post=post,
                year=spec.year,
                funder=spec.funder,
                cost_type=spec.cost_type,
                in_kind=spec.in_kind,
                amount=spec.amount,
            )
            in_draft[_key(post, spec)] = line
            audit_record(
                actor=actor, action=AuditEvent.Action.CREATE, obj=line, plan=plan, changes={"amount": str(line.amount)}
            )
            changed = True
        elif line is not None and not spec.amount:
            audit_record(
                actor=actor,
                action=AuditEvent.Action.DELETE,
                obj=line,
                plan=plan,
                changes={"amount": [str(line.amount), "0.00"]},
            )
            line.delete()
            del in_draft[_key(post, spec)]
            changed = True
        elif line is not None and line.amount != spec.amount:
            before = line.amount
            line.amount = spec.amount
            line.save(update_fields=["amount"])
            audit_record(
                actor=actor, action="update", obj=line, plan=plan, changes={"amount": [str(before), str(spec.amount)]}
            )
            changed = True
    if changed:
        touch(draft)
    return draft


def lines_by_id(plan: Plan, amounts: Sequence[tuple[int, Decimal]]) -> list[LineSpec]:
    """Changes named by the ids of the newest version's lines (as the API's GET shows them), as LineSpecs; errors
    are keyed `lines.<index>.id`."""
    newest = newest_version(plan)
    found = {
        line.pk: line
        for line in BudgetLine.objects.filter(version=newest, pk__in=[pk for pk, _a in amounts]).select_related(
            "post__activity", "cost_type"
        )
    }
    errors = FieldErrors()
    specs = []
    for index, (pk, amount) in enumerate(amounts):
        line = found.get(pk)
        if line is None:
            errors.add(
                f"lines.{index}.id",
                _("%(id)s er ikke en linje i budgettets nyeste version.") % {"id": pk},
                "unknown_line",
            )
            continue
        target: Target = line.post.activity if line.post.activity is not None else line.post.kind
        specs.append(LineSpec(target, line.year, line.funder, line.cost_type, line.in_kind, amount))
    errors.raise_any()
    return specs


def _check_date(day: dt.date, errors: FieldErrors, name: str) -> None:
    if day > timezone.localdate():
        errors.add(name, _("Datoen ligger i fremtiden."), "future_date")


@transaction.atomic
def budget_approve(*, actor: Actor, plan: Plan, approved_on: dt.date) -> BudgetVersion:
    """The board approves the draft (on the date of its meeting)."""
    lock_money(plan)
    draft = BudgetVersion.objects.filter(plan=plan, status=BudgetVersion.Status.DRAFT).first()
    errors = FieldErrors()
    if draft is None:
        errors.add("approved_on", _("Der er ingen kladde at godkende."), "no_draft")
    _check_date(approved_on, errors, "approved_on")
    errors.raise_any()
    assert draft is not None
    draft.status = BudgetVersion.Status.APPROVED
    draft.approved_on = approved_on
    draft.save(update_fields=["status", "approved_on"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.APPROVE,
        obj=draft,
        plan=plan,
        changes={"status": [BudgetVersion.Status.DRAFT, draft.status], "approved_on": str(approved_on)},
    )
    return draft


@transaction.atomic
def budget_mark_sent(*, actor: Actor, plan: Plan, sent_on: dt.date) -> BudgetVersion:
    """The version in force (approved by the board) was sent to LBF on `sent_on`."""
    lock_money(plan)
    version = BudgetVersion.objects.filter(plan=plan).exclude(status=BudgetVersion.Status.DRAFT).order_by("-number")
    approved = version.first()
    errors = FieldErrors()
    if approved is None or approved.status != BudgetVersion.Status.APPROVED:
        errors.add("sent_on", _("Der er ingen godkendt version, der ikke er sendt."), "nothing_to_send")
    else:
        _check_date(sent_on, errors, "sent_on")
        if approved.approved_on and sent_on < approved.approved_on:
            errors.add("sent_on", _("Budgettet kan ikke sendes, før bestyrelsen har godkendt det."), "sent_before")
    errors.raise_any()
    assert approved is not None
    approved.status = BudgetVersion.Status.SENT
    approved.sent_on = sent_on
    approved.save(update_fields=["status", "sent_on"])
    audit_record(
        actor=actor,
        action="update",
        obj=approved,
        plan=plan,
        changes={"status": [BudgetVersion.Status.APPROVED, approved.status], "sent_on": str(sent_on)},
    )
    return approved


@transaction.atomic
def budget_draft_discard(*, actor: Actor, plan: Plan) -> None:
    """Throws the draft away; the versions before it stay as they were."""
    lock_money(plan)
    draft = BudgetVersion.objects.filter(plan=plan, status=BudgetVersion.Status.DRAFT).first()
    if draft is None:
        raise ValidationError(_("Der er ingen kladde at kassere."), code="no_draft")
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=draft, plan=plan, changes={"number": draft.number})
    draft.delete()
