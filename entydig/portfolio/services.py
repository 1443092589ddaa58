"""Every write to a portfolio goes through these functions: transactional and audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entydig.accounts.models import User
from entydig.core.audit import Actor, audit_record
from entydig.core.models import AuditEvent
from entydig.organisation.models import Plan
from entydig.portfolio.models import Portfolio


@transaction.atomic
def portfolio_create(
    *, actor: Actor, name: str, description: str = "", plans: Iterable[Plan] = (), readers: Iterable[User] = ()
) -> Portfolio:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Giv porteføljen et navn.")}, code="required")
    portfolio = Portfolio.objects.create(name=name, description=description)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=portfolio, changes={"name": name})
    portfolio_plans_add(actor=actor, portfolio=portfolio, plans=plans)
    portfolio_readers_add(actor=actor, portfolio=portfolio, readers=readers)
    return portfolio


@transaction.atomic
def portfolio_plans_add(*, actor: Actor, portfolio: Portfolio, plans: Iterable[Plan]) -> Portfolio:
    plans = list(plans)
    if plans:
        portfolio.plans.add(*plans)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=portfolio,
            changes={"plans": [None, [str(p) for p in plans]]},
        )
    return portfolio


@transaction.atomic
def portfolio_readers_add(*, actor: Actor, portfolio: Portfolio, readers: Iterable[User]) -> Portfolio:
    readers = list(readers)
    if readers:
        portfolio.readers.add(*readers)
        # Who may read changes: each of the portfolio's plans logs it.
        for plan in portfolio.plans.all():
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=portfolio,
                plan=plan,
                changes={"readers": [None, [u.get_username() for u in readers]]},
            )
        if not portfolio.plans.exists():
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=portfolio,
                changes={"readers": [None, [u.get_username() for u in readers]]},
            )
    return portfolio
