"""Change control for indicators: a target moved after approval is a change of the agreement that holds it.

Indicators live in monitoring, which stands below goals, so monitoring cannot call goals. It offers a typed hook
instead (`entydig.monitoring.changes`), called inside `indicator_create` / `indicator_update` / `indicator_delete`
before the change is
saved; `GoalsConfig.ready()` registers `on_indicator_change` there. This was chosen over detecting changes later
from the agreement's content snapshot because it is simpler and exact: the version is frozen while the approved
target is still in the database, by the person who changed it, on the day it happened, and the `TargetChange` row
the dashboard and the pixi report show gets that day and version without guessing.

Rules:
- An indicator belongs to the strategic agreement through the strategic goals it measures, and to a sub-agreement
  through that sub-agreement's sub-goals.
- A new indicator on a goal, a change of its name, baseline, baseline period, target, target period or goals, or its
  deletion, after an
  approval starts a new version of each agreement it belongs to (the strategic one then needs the board's and
  LBF's approval again; a sub-agreement the board's or its steering group's).
- A target or target period changed on an agreement that has ever been approved is recorded as a `TargetChange`
  with the agreement's (new) version and the day.
"""

from __future__ import annotations

from django.utils import timezone

from entydig.core.audit import actor_id
from entydig.goals.models import Goal, StrategicAgreement, SubAgreement, TargetChange
from entydig.goals.services import ever_approved, freeze_if_approved
from entydig.monitoring.changes import IndicatorChange

CONTENT_FIELDS = frozenset({"name", "baseline_value", "baseline_period", "target_value", "target_period", "goals"})
TARGET_FIELDS = frozenset({"target_value", "target_period"})


def _agreements_of(change: IndicatorChange) -> list[StrategicAgreement | SubAgreement]:
    goals = Goal.objects.filter(pk__in=change.goal_ids, plan_id=change.indicator.plan_id)
    owners: list[StrategicAgreement | SubAgreement] = []
    if goals.filter(level=Goal.Level.STRATEGIC).exists():
        owners.extend(
            StrategicAgreement.objects.select_for_update()
            .select_related("plan")
            .filter(plan_id=change.indicator.plan_id)
        )
    sub_ids = goals.filter(level=Goal.Level.SUB).values_list("sub_agreement_id", flat=True)
    owners.extend(SubAgreement.objects.select_for_update().select_related("plan").filter(pk__in=sub_ids).order_by("pk"))
    return owners


def on_indicator_change(change: IndicatorChange) -> None:
    """Monitoring's hook: new versions for the approved agreements the indicator belongs to, and target changes."""
    if not change.deleted and not (change.fields & CONTENT_FIELDS):
        return
    target_moved = not change.deleted and bool(change.fields & TARGET_FIELDS)
    indicator = change.indicator
    for owner in _agreements_of(change):
        freeze_if_approved(owner, actor=change.actor)
        if not (target_moved and ever_approved(owner)):
            continue
        TargetChange.objects.create(
            plan_id=indicator.plan_id,
            indicator=indicator,
            agreement=owner if isinstance(owner, StrategicAgreement) else None,
            sub_agreement=owner if isinstance(owner, SubAgreement) else None,
            version=owner.version,
            changed_on=timezone.localdate(),
            old_value=indicator.target_value,
            new_value=change.after.get("target_value", indicator.target_value),
            old_period=indicator.target_period,
            new_period=change.after.get("target_period", indicator.target_period),
            changed_by_id=actor_id(change.actor),
        )
