"""Spending (actuals) per post and quarter, and the forecasts the posts' owners enter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from entydig.budget.models import Actual, BudgetPost, Forecast
from entydig.budget.services import Target, check_amount, check_funder, check_target, check_year, lock_money, post_for
from entydig.core.audit import Actor, actor_id, audit_record, snapshot
from entydig.core.errors import FieldErrors
from entydig.core.models import AuditEvent
from entydig.organisation.models import Activity, Plan


@transaction.atomic
def forecast_set(
    *, actor: Actor, post: BudgetPost, year: int, amount: Decimal | None, note: str = ""
) -> Forecast | None:
    """The owner's forecast for the post's year (replacing the forecast by spending pace); None takes it back."""
    plan = post.plan
    errors = FieldErrors()
    check_year(plan, year, errors, "year")
    if amount is not None:
        check_amount(amount, errors, "amount")
    errors.raise_any()
    current = Forecast.objects.filter(post=post, year=year).first()
    if amount is None:
        if current is not None:
            audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=current, plan=plan)
            current.delete()
        return None
    before = snapshot(current, ["amount", "note"]) if current is not None else {}
    forecast, _created = Forecast.objects.update_or_create(
        post=post, year=year, defaults={"amount": amount, "note": note.strip()[:300], "updated_by_id": actor_id(actor)}
    )
    after = snapshot(forecast, ["amount", "note"])
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        action = AuditEvent.Action.UPDATE if current is not None else AuditEvent.Action.CREATE
        audit_record(actor=actor, action=action, obj=forecast, plan=plan, changes={**changes, "year": year})
    return forecast


def check_quarter(plan: Plan, year: int, quarter: int, errors: FieldErrors, name: str) -> None:
    if not 1 <= quarter <= 4:
        errors.add(name, _("Kvartalet skal være 1-4."), "bad_quarter")
        return
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    if end < plan.period_start or start > plan.period_end:
        errors.add(
            name,
            _("Kvartalet ligger uden for aftaleperioden (%(start)s-%(end)s).")
            % {"start": plan.period_start.strftime("%d.%m.%Y"), "end": plan.period_end.strftime("%d.%m.%Y")},
            "quarter_outside_plan",
        )


@transaction.atomic
def actual_set(
    *,
    actor: Actor,
    plan: Plan,
    target: Target,
    year: int,
    quarter: int,
    amount: Decimal | None,
    funder: str = "",
    note: str = "",
) -> Actual | None:
    """The spending on a post in a quarter (from one funder, or "" when the accounts do not say); None removes it."""
    errors = FieldErrors()
    check_target(plan, target, errors, "activity" if isinstance(target, Activity) else "kind")
    check_quarter(plan, year, quarter, errors, "quarter")
    check_funder(funder, errors, "funder", blank=True)
    if amount is not None:
        check_amount(amount, errors, "amount", negative=True)
    errors.raise_any()
    lock_money(plan)
    post = post_for(actor=actor, plan=plan, target=target)
    current = Actual.objects.filter(post=post, year=year, quarter=quarter, funder=funder).first()
    if amount is None:
        if current is not None:
            audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=current, plan=plan)
            current.delete()
        return None
    before = snapshot(current, ["amount", "note"]) if current is not None else {}
    actual, _created = Actual.objects.update_or_create(
        post=post,
        year=year,
        quarter=quarter,
        funder=funder,
        defaults={"plan": plan, "amount": amount, "note": note[:300]},
    )
    after = snapshot(actual, ["amount", "note"])
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        action = AuditEvent.Action.UPDATE if current is not None else AuditEvent.Action.CREATE
        audit_record(actor=actor, action=action, obj=actual, plan=plan, changes=changes)
    return actual
