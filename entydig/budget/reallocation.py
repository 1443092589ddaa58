"""The board's prioritisation decisions that move money: whether a move may be made (`reallocation_check`: the
source must have the money, co-financing must hold) and making it (`budget_reallocate`: a new version, approved on
the decision's date and linked to it). The meetings call both: when the item is proposed, and when the minutes
that decide it are approved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.budget.cofinancing import ZERO, Amount, CoFinancing, Share, cofinancing
from entydig.budget.models import Actual, BudgetLine, BudgetPost, BudgetVersion, Funder
from entydig.budget.money import kroner, percent, to_ore
from entydig.budget.selectors import LineKey, newest_version, plan_years, version_in_force
from entydig.budget.services import (
    Target,
    check_amount,
    check_funder,
    check_target,
    check_year,
    draft_for,
    find_post,
    lock_money,
    new_version,
    post_for,
    touch,
)
from entydig.core.audit import Actor, audit_record
from entydig.core.errors import FieldErrors
from entydig.organisation.models import Activity, Plan


@dataclass(frozen=True)
class DecisionRef:
    """The board decision behind a reallocation, as the meetings name it (this floor cannot import them)."""

    label: str  # e.g. "Bestyrelsesmøde 12.03.2026, punkt 4: Flere midler til forældrenetværk"
    url: str  # the decision's page
    decided_on: dt.date  # the meeting's date: the new version's approval date


@dataclass
class ReallocationCheck:
    """What a reallocation would do: the money the post has, the co-financing before and after, and the reasons it
    would be refused (`errors`, keyed by the service's parameter names)."""

    available: Decimal = ZERO
    before: CoFinancing | None = None
    after: CoFinancing | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self) -> list[str]:
        return [m for messages in self.errors.values() for m in messages]

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(
                {k: [ValidationError(m, code="reallocation") for m in v] for k, v in self.errors.items()}
            )


def _as_dict(errors: FieldErrors) -> dict[str, list[str]]:
    try:
        errors.raise_any()
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _target_name(target: Target) -> str:
    return target.name if isinstance(target, Activity) else str(BudgetPost.Kind(target).label)


def _available(post: BudgetPost | None, lines: Iterable[BudgetLine], year: int, funder: str) -> tuple[Decimal, Decimal]:
    """(the post's cash budget from `funder` in `year`, what is left of it after the spending so far).

    Spending that names its funder counts against that funder; spending without one against every funder in
    proportion to their shares of the post's cash budget for the year.
    """
    if post is None:
        return ZERO, ZERO
    cash = [line for line in lines if line.post_id == post.pk and line.year == year and not line.in_kind]
    budget = sum((line.amount for line in cash if line.funder == funder), ZERO)
    budget_all = sum((line.amount for line in cash), ZERO)
    spent = {
        row["funder"]: row["total"]
        for row in Actual.objects.filter(post=post, year=year).values("funder").annotate(total=Sum("amount")).order_by()
    }
    unnamed = spent.get("", ZERO) or ZERO
    used = (spent.get(funder) or ZERO) + (to_ore(unnamed * budget / budget_all) if budget_all else ZERO)
    return budget, budget - used


def _moved(
    lines: Sequence[BudgetLine], from_post: BudgetPost, year: int, funder: str, amount: Decimal
) -> list[tuple[int, Decimal]]:
    """(cost type id, amount) taken from the post's cash lines of the year and funder, largest line first."""
    source = sorted(
        (
            ln
            for ln in lines
            if ln.post_id == from_post.pk and ln.year == year and ln.funder == funder and not ln.in_kind
        ),
        key=lambda ln: (-ln.amount, ln.cost_type.order, ln.cost_type_id),
    )
    taken, left = [], amount
    for line in source:
        if left <= 0:
            break
        part = min(line.amount, left)
        taken.append((line.cost_type_id, part))
        left -= part
    return taken


def _after_move(
    lines: Sequence[BudgetLine], from_post: BudgetPost | None, year: int, funder: str, amount: Decimal
) -> list[Amount]:
    """The budget's amounts with the move made. A move keeps its year and funder, so the shares come out as before;
    the check is made on the moved amounts all the same, so a move of another shape could not slip past it."""
    result = [Amount(ln.year, ln.funder, ln.in_kind, ln.amount) for ln in lines]
    if from_post is not None:
        for _cost_type, part in _moved(lines, from_post, year, funder, amount):
            result += [Amount(year, funder, False, -part), Amount(year, funder, False, part)]
    return result


def reallocation_check(
    *,
    plan: Plan,
    from_activity: Target,
    to_activity: Target,
    year: int,
    funder: str,
    amount: Decimal,
) -> ReallocationCheck:
    """Whether the board may move `amount` kroner of `funder`'s money in `year` from one post to another (an
    activity, or a plan-level post such as the contingency): the source must have the money (its cash budget less
    the spending so far), and co-financing must not fall below LBF's limit. Writes nothing; the meetings call it
    when the item is proposed and again when the minutes are approved (`budget_reallocate`)."""
    errors = FieldErrors()
    check_target(plan, from_activity, errors, "from_activity")
    check_target(plan, to_activity, errors, "to_activity")
    check_year(plan, year, errors, "year")
    check_funder(funder, errors, "funder")
    check_amount(amount, errors, "amount")
    if not errors and amount <= 0:
        errors.add("amount", _("Beløbet skal være større end 0."), "zero_amount")
    same = (
        from_activity.pk == to_activity.pk
        if isinstance(from_activity, Activity) and isinstance(to_activity, Activity)
        else from_activity == to_activity
    )
    if same:
        errors.add("to_activity", _("Pengene skal flyttes til en anden post."), "same_post")
    result = ReallocationCheck()
    if errors:
        result.errors = _as_dict(errors)
        return result
    version = version_in_force(plan)
    lines = list(version.lines.select_related("cost_type")) if version is not None else []
    from_post = find_post(plan, from_activity)
    budget, available = _available(from_post, lines, year, funder)
    result.available = available
    years = plan_years(plan)
    result.before = cofinancing([Amount(ln.year, ln.funder, ln.in_kind, ln.amount) for ln in lines], years=years)
    result.after = cofinancing(_after_move(lines, from_post, year, funder, amount), years=years)
    if amount > available:
        errors.add(
            "amount",
            _(
                "%(post)s har kun %(available)s til rådighed fra %(funder)s i %(year)s "
                "(budget %(budget)s, brugt %(spent)s), så der kan ikke flyttes %(amount)s"
            )
            % {
                "post": _target_name(from_activity),
                "available": kroner(max(available, ZERO)),
                "funder": str(Funder(funder).label),
                "year": year,
                "budget": kroner(budget),
                "spent": kroner(budget - available),
                "amount": kroner(amount),
            },
            "not_enough_money",
        )
    for before, after in _worse(result.before, result.after, year):
        errors.add(
            "funder",
            _(
                "Omprioriteringen ville bringe den lokale medfinansiering ned på %(after)s (før %(before)s); "
                "kravet er mindst %(minimum)s."
            )
            % {
                "after": percent(after.local_share),
                "before": percent(before.local_share),
                "minimum": percent(after.rules.local_minimum, 0),
            },
            "cofinancing",
        )
    result.errors = _as_dict(errors)
    return result


def _worse(before: CoFinancing, after: CoFinancing, year: int) -> list[tuple[Share, Share]]:
    """The shares (period, the year) that a move takes below the local minimum, or further below it."""
    pairs = [(before.period, after.period), (before.year(year), after.year(year))]
    out = []
    for b, a in pairs:
        if b is None or a is None or a.meets_local_minimum:
            continue
        if b.meets_local_minimum or a.local * b.total < b.local * a.total:
            out.append((b, a))
    return out[:1]


@transaction.atomic
def budget_reallocate(
    *,
    actor: Actor,
    plan: Plan,
    from_activity: Target,
    to_activity: Target,
    year: int,
    funder: str,
    amount: Decimal,
    decision: DecisionRef | None = None,
) -> BudgetVersion:
    """Moves the money as the board decided: a new version, approved on the decision's date, made from the version
    in force with the move applied and linked to the decision; audited. A draft in the making follows after it,
    with the same move where its lines allow. Refused (ValidationError) where `reallocation_check` refuses.

    Before any approval the move is made in the draft itself.
    """
    lock_money(plan)
    check = reallocation_check(
        plan=plan, from_activity=from_activity, to_activity=to_activity, year=year, funder=funder, amount=amount
    )
    check.raise_any()
    in_force = version_in_force(plan)
    newest = newest_version(plan)
    reason = _("%(amount)s fra %(source)s til %(target)s i %(year)s (%(funder)s)") % {
        "amount": kroner(amount),
        "source": _target_name(from_activity),
        "target": _target_name(to_activity),
        "year": year,
        "funder": str(Funder(funder).label),
    }
    from_post = post_for(actor=actor, plan=plan, target=from_activity)
    to_post = post_for(actor=actor, plan=plan, target=to_activity)
    if in_force is None or in_force.is_draft:
        version = draft_for(actor=actor, plan=plan, newest=newest)
        _move(actor, plan, version, from_post, to_post, year, funder, amount)
        touch(version)
        return version
    draft = newest if newest is not None and newest.is_draft else None
    number = in_force.number + 1
    if draft is not None:
        BudgetVersion.objects.filter(pk=draft.pk).update(number=number + 1)
        draft.number = number + 1
    version = new_version(
        actor=actor,
        plan=plan,
        source=in_force,
        number=number,
        status=BudgetVersion.Status.APPROVED,
        approved_on=decision.decided_on if decision else timezone.localdate(),
        reason=reason,
        decision_label=decision.label if decision else "",
        decision_url=decision.url if decision else "",
    )
    _move(actor, plan, version, from_post, to_post, year, funder, amount)
    if draft is not None:
        draft_lines = list(draft.lines.select_related("cost_type"))
        _budget, available = _available(from_post, draft_lines, year, funder)
        if amount <= available:
            _move(actor, plan, draft, from_post, to_post, year, funder, amount)
        else:
            draft.reason = (_("Omprioriteringen i version %(n)s er ikke ført ind i kladden.") % {"n": number})[:300]
            draft.save(update_fields=["reason"])
        touch(draft)
    return version


def _move(
    actor: Actor,
    plan: Plan,
    version: BudgetVersion,
    from_post: BudgetPost,
    to_post: BudgetPost,
    year: int,
    funder: str,
    amount: Decimal,
) -> None:
    lines = list(version.lines.select_related("cost_type"))
    by_key: dict[LineKey, BudgetLine] = {
        (ln.post_id, ln.year, ln.funder, ln.cost_type_id, ln.in_kind): ln for ln in lines
    }
    for cost_type_id, part in _moved(lines, from_post, year, funder, amount):
        for post, change in ((from_post, -part), (to_post, part)):
            key = (post.pk, year, funder, cost_type_id, False)
            line = by_key.get(key)
            before = line.amount if line is not None else ZERO
            if line is None:
                line = BudgetLine.objects.create(
                    version=version,
                    post=post,
                    year=year,
                    funder=funder,
                    cost_type_id=cost_type_id,
                    in_kind=False,
                    amount=change,
                )
                by_key[key] = line
            else:
                line.amount = before + change
                line.save(update_fields=["amount"])
            audit_record(
                actor=actor, action="update", obj=line, plan=plan, changes={"amount": [str(before), str(line.amount)]}
            )
