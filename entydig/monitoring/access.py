"""Gatekeepers for indicators and measurements: each resolves the plan through `plan_for_user` first."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.access import PlanAccess, plan_for_user


def indicator_for_user(user: Any, plan_pk: int, pk: int, *, write: bool = False) -> tuple[PlanAccess, Indicator]:
    access = plan_for_user(user, plan_pk, write=write)
    indicator = Indicator.objects.select_related("plan", "catalogue").filter(plan=access.plan, pk=pk).first()
    if indicator is None:
        raise Http404
    return access, indicator


def indicator_for_user_any_plan(user: Any, pk: int, *, write: bool = False) -> tuple[PlanAccess, Indicator]:
    """An indicator addressed without its plan (API); outsiders get the same 404 as for a missing one."""
    plan_pk = Indicator.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
    if plan_pk is None:
        raise Http404
    return indicator_for_user(user, plan_pk, pk, write=write)


def measurement_for_user(
    user: Any, plan_pk: int, indicator_pk: int, pk: int, *, write: bool = False
) -> tuple[PlanAccess, Indicator, Measurement]:
    access, indicator = indicator_for_user(user, plan_pk, indicator_pk, write=write)
    measurement = Measurement.objects.select_related("area").filter(indicator=indicator, pk=pk).first()
    if measurement is None:
        raise Http404
    measurement.indicator = indicator
    return access, indicator, measurement
