"""Who may see a portfolio, and the plans a portfolio reader reads (registered with organisation's gatekeeper).

A portfolio is seen by its readers and by everyone who reads one of its plans; its page shows only the plans its
user may read, as the one gatekeeper (`plan_accesses`) decides: a reader reads them all, the secretariat of one plan
sees that plan.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from entydig.organisation.access import plans_for_user
from entydig.portfolio.models import Portfolio


def portfolio_reader_plans(user: Any, plan_ids: Collection[int] | None) -> Iterable[int]:
    """The plans (among `plan_ids`; every plan when None, as a lazy query) that `user` reads as a reader of a
    portfolio holding them."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = Portfolio.plans.through.objects.filter(portfolio__readers=user)
    if plan_ids is None:
        return rows.values_list("plan_id", flat=True)
    return set(rows.filter(plan_id__in=plan_ids).values_list("plan_id", flat=True))


def portfolios_for_user(user: Any, plan_ids: Collection[int] | None = None) -> QuerySet[Portfolio]:
    """The portfolios the user reads or reads a plan of (administrators: all); nobody by default. `plan_ids`: the
    user's plans when the caller has them already (the front page)."""
    if not getattr(user, "is_authenticated", False):
        return Portfolio.objects.none()
    if user.is_superuser:
        return Portfolio.objects.all()
    plans = plans_for_user(user).values("pk") if plan_ids is None else list(plan_ids)
    condition = Q(readers=user) | Q(plans__in=plans)
    return Portfolio.objects.filter(pk__in=Portfolio.objects.filter(condition).values("pk"))


def portfolio_for_user(user: Any, pk: int) -> Portfolio:
    """The portfolio, or 404 for anyone who neither reads it nor any of its plans (the same as missing)."""
    # A reader of the portfolio is the common case and the cheap question; the plans decide for everyone else.
    portfolio = Portfolio.objects.filter(pk=pk, readers=user).first() if _authenticated(user) else None
    if portfolio is None:
        portfolio = portfolios_for_user(user).filter(pk=pk).first()
    if portfolio is None:
        raise Http404
    return portfolio


def reads_all_plans(user: Any, portfolio: Portfolio) -> bool:
    """Whether `user` is a reader of the portfolio, and so reads every plan in it (the reader grant above)."""
    return _authenticated(user) and portfolio.readers.filter(pk=user.pk).exists()


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))
