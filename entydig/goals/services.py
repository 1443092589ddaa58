"""Every write to agreements, goals and ownership conditions: transactional, audited, versioned.

Change control follows LBF's rule (a plan's own agreement, bispehaven.dk "Den strategiske aftale"): changes to the
strategic agreement must be approved by Landsbyggefonden; the sub-agreements are the board's to keep up to date.

- The strategic agreement's content is its sections and its strategic goals with their indicators, baselines and
  targets (`agreement_content`). Changing any of that after an approval first freezes the approved agreement into
  an `AgreementVersion`, then continues as a new draft version that needs the board's and then LBF's approval.
- A sub-agreement's content is its text, steering group, sub-goals (with their indicators) and activities
  (`sub_agreement_content`). It is versioned the same way but approved once, by the board or, when the board has
  delegated it (`StrategicAgreement.steering_groups_approve_sub_agreements`), by its steering group; LBF does not
  approve it.
- Reordering goals changes no content: it never starts a version. Neither do a strategic goal's activities (they
  are the sub-agreements' business).
- Indicators live in monitoring, below goals; `entydig.goals.indicator_changes` hears of their changes through
  monitoring's hook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from entydig.core.audit import Actor, actor_id, audit_record, diff, snapshot
from entydig.goals.models import (
    AgreementStatus,
    AgreementVersion,
    Approver,
    Goal,
    OwnershipCondition,
    StrategicAgreement,
    SubAgreement,
    SubAgreementStatus,
)
from entydig.monitoring.models import Indicator
from entydig.organisation.models import Activity, Body, EffortArea, Organisation, Plan

AGREEMENT_SECTIONS = ["title", "problem_understanding", "organisation_text", "strategic_goals_text"]
AGREEMENT_SETTINGS = ["steering_groups_approve_sub_agreements"]
SUB_AGREEMENT_FIELDS = ["text", "steering_group"]
GOAL_FIELDS = ["title", "description", "parent", "sub_agreement", "order", "activities"]
# The fields of a goal that are content of its agreement (its order and a strategic goal's activities are not).
GOAL_CONTENT_FIELDS = {
    Goal.Level.STRATEGIC: ["title", "description"],
    Goal.Level.SUB: ["title", "description", "parent"],
}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: Any) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _indicators(goal: Goal) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "name": i.name,
            "baseline_value": _number(i.baseline_value),
            "baseline_period": i.baseline_period,
            "target_value": _number(i.target_value),
            "target_period": i.target_period,
        }
        for i in goal.indicators.all()
    ]


def _with_indicators(goals: Any) -> Any:
    return goals.prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("code")))


def agreement_content(agreement: StrategicAgreement) -> dict[str, Any]:
    """The agreement as it stands: its sections, approvals, strategic goals and their indicators and targets."""
    goals = _with_indicators(
        Goal.objects.filter(plan_id=agreement.plan_id, level=Goal.Level.STRATEGIC).order_by("order", "pk")
    )
    return {
        "title": agreement.title,
        "problem_understanding": agreement.problem_understanding,
        "organisation_text": agreement.organisation_text,
        "strategic_goals_text": agreement.strategic_goals_text,
        "status": agreement.status,
        "board_approved_on": _date(agreement.board_approved_on),
        "lbf_approved_on": _date(agreement.lbf_approved_on),
        "goals": [
            {"id": g.pk, "title": g.title, "description": g.description, "indicators": _indicators(g)} for g in goals
        ],
    }


def sub_agreement_content(sub: SubAgreement) -> dict[str, Any]:
    """The sub-agreement as it stands, with its sub-goals, the strategic goal each serves, indicators, activities."""
    goals = _with_indicators(
        Goal.objects.filter(sub_agreement=sub)
        .select_related("parent")
        .prefetch_related("activities")
        .order_by("order", "pk")
    )
    return {
        "effort_area": str(sub.effort_area),
        "steering_group": str(sub.steering_group) if sub.steering_group_id else "",
        "text": sub.text,
        "status": sub.status,
        "approved_on": _date(sub.approved_on),
        "approved_by": sub.approved_by,
        "goals": [
            {
                "id": g.pk,
                "title": g.title,
                "description": g.description,
                "parent": g.parent.title if g.parent else "",
                "activities": sorted(a.name for a in g.activities.all()),
                "indicators": _indicators(g),
            }
            for g in goals
        ],
    }


def freeze_if_approved(obj: StrategicAgreement | SubAgreement, *, actor: Actor) -> bool:
    """Freezes an approved agreement as a version and reopens it as the next draft; True when it did.

    Call it before the change is saved: the frozen version is the content as it was approved.
    """
    if obj.status == AgreementStatus.DRAFT:
        return False
    parents: dict[str, Any]
    if isinstance(obj, StrategicAgreement):
        content, parents = agreement_content(obj), {"agreement": obj}
        obj.board_approved_on = obj.lbf_approved_on = None
        cleared = ["board_approved_on", "lbf_approved_on"]
    else:
        content, parents = sub_agreement_content(obj), {"sub_agreement": obj}
        obj.approved_on, obj.approved_by = None, ""
        cleared = ["approved_on", "approved_by"]
    AgreementVersion.objects.create(
        **parents,
        number=obj.version,
        status=obj.status,
        content=content,
        created_by_id=actor_id(actor),
    )
    obj.version += 1
    obj.status = AgreementStatus.DRAFT
    obj.save(update_fields=["version", "status", *cleared])
    audit_record(
        actor=actor,
        action="update",
        obj=obj,
        plan=obj.plan,
        changes={"version": [obj.version - 1, obj.version], "status": [content["status"], obj.status]},
    )
    return True


def ever_approved(obj: StrategicAgreement | SubAgreement) -> bool:
    """True when the agreement is approved now or an earlier version was (a version is frozen only when approved)."""
    return obj.status != AgreementStatus.DRAFT or obj.versions.exists()


_Agreement = TypeVar("_Agreement", StrategicAgreement, SubAgreement)


def _lock(model: type[_Agreement], pk: int) -> _Agreement:
    return model.objects.select_for_update().select_related("plan").get(pk=pk)


# --- the strategic agreement ---------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, actor: Actor, plan: Plan, title: str, **sections: str) -> StrategicAgreement:
    if StrategicAgreement.objects.filter(plan=plan).exists():
        raise ValidationError(_("Helhedsplanen har allerede en strategisk samarbejdsaftale."), code="exists")
    agreement = StrategicAgreement(plan=plan, title=title, **sections)
    agreement.full_clean()
    agreement.save()
    audit_record(
        actor=actor, action="create", obj=agreement, plan=plan, changes=snapshot(agreement, AGREEMENT_SECTIONS)
    )
    return agreement


@transaction.atomic
def agreement_update(*, actor: Actor, agreement: StrategicAgreement, **values: Any) -> StrategicAgreement:
    """Changes the sections (an approved agreement becomes a new draft version, the approved one is kept) and the
    board's delegation of sub-agreement approval (a setting, not content: it starts no version)."""
    unknown = set(values) - set(AGREEMENT_SECTIONS) - set(AGREEMENT_SETTINGS)
    if unknown:
        raise ValueError(f"Unknown sections: {sorted(unknown)}")
    agreement = _lock(StrategicAgreement, agreement.pk)
    fields = AGREEMENT_SECTIONS + AGREEMENT_SETTINGS
    before = snapshot(agreement, fields)
    changed = {k: v for k, v in values.items() if before.get(k) != v}
    if not changed:
        return agreement
    if set(changed) & set(AGREEMENT_SECTIONS):
        freeze_if_approved(agreement, actor=actor)
    for name, value in changed.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    audit_record(
        actor=actor,
        action="update",
        obj=agreement,
        plan=agreement.plan,
        changes=diff(before, snapshot(agreement, fields)),
    )
    return agreement


def _approve(obj: StrategicAgreement, *, actor: Actor, by: str, on: dt.date) -> None:
    if by == "board":
        if obj.status != AgreementStatus.DRAFT:
            raise ValidationError({"on": _("Kun en kladde kan godkendes af bestyrelsen.")}, code="not_draft")
        obj.status = AgreementStatus.BOARD_APPROVED
        obj.board_approved_on = on
    elif by == "lbf":
        if obj.status != AgreementStatus.BOARD_APPROVED:
            raise ValidationError(
                {"on": _("Bestyrelsen skal godkende aftalen, før Landsbyggefonden kan godkende den.")},
                code="not_board_approved",
            )
        if obj.board_approved_on and on < obj.board_approved_on:
            raise ValidationError(
                {"on": _("Landsbyggefondens godkendelse kan ikke ligge før bestyrelsens.")}, code="before_board"
            )
        obj.status = AgreementStatus.LBF_APPROVED
        obj.lbf_approved_on = on
    else:
        raise ValueError(f"Unknown approver: {by}")
    obj.save(update_fields=["status", "board_approved_on", "lbf_approved_on"])
    audit_record(
        actor=actor,
        action="update",
        obj=obj,
        plan=obj.plan,
        changes={"status": [None, obj.status], "approved_on": [None, str(on)]},
    )


@transaction.atomic
def agreement_approve(*, actor: Actor, agreement: StrategicAgreement, by: str, on: dt.date) -> StrategicAgreement:
    """Records the board's (`by="board"`) or Landsbyggefonden's (`by="lbf"`) approval on a date."""
    agreement = _lock(StrategicAgreement, agreement.pk)
    _approve(agreement, actor=actor, by=by, on=on)
    return agreement


# --- sub-agreements ---------------------------------------------------------------------------------------------


def _check_steering_group(plan: Plan, steering_group: Body | None) -> None:
    if steering_group is not None and (
        steering_group.plan_id != plan.pk or steering_group.kind != Body.Kind.STEERING_GROUP
    ):
        raise ValidationError(
            {"steering_group": _("Vælg en styregruppe i denne helhedsplan.")}, code="foreign_steering_group"
        )


@transaction.atomic
def sub_agreement_create(
    *, actor: Actor, plan: Plan, effort_area: EffortArea, steering_group: Body | None = None, text: str = ""
) -> SubAgreement:
    _check_steering_group(plan, steering_group)
    if SubAgreement.objects.filter(plan=plan, effort_area=effort_area).exists():
        raise ValidationError(
            {"effort_area": _("Der er allerede en delaftale for dette indsatsområde.")}, code="duplicate_effort_area"
        )
    sub = SubAgreement(plan=plan, effort_area=effort_area, steering_group=steering_group, text=text)
    sub.full_clean()
    sub.save()
    audit_record(
        actor=actor, action="create", obj=sub, plan=plan, changes=snapshot(sub, ["effort_area", *SUB_AGREEMENT_FIELDS])
    )
    return sub


@transaction.atomic
def sub_agreement_update(*, actor: Actor, sub_agreement: SubAgreement, **values: Any) -> SubAgreement:
    unknown = set(values) - set(SUB_AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    sub = _lock(SubAgreement, sub_agreement.pk)
    if "steering_group" in values:
        _check_steering_group(sub.plan, values["steering_group"])
    before = snapshot(sub, SUB_AGREEMENT_FIELDS)
    changed = {k: v for k, v in values.items() if getattr(sub, k) != v}
    if not changed:
        return sub
    freeze_if_approved(sub, actor=actor)
    for name, value in changed.items():
        setattr(sub, name, value)
    sub.full_clean()
    sub.save()
    audit_record(
        actor=actor, action="update", obj=sub, plan=sub.plan, changes=diff(before, snapshot(sub, SUB_AGREEMENT_FIELDS))
    )
    return sub


def sub_agreement_approver(sub: SubAgreement) -> str:
    """Who approves the sub-agreement: the board, or its steering group when the board has delegated it.

    A sub-agreement without a steering group stays with the board.
    """
    agreement = StrategicAgreement.objects.filter(plan_id=sub.plan_id).only("steering_groups_approve_sub_agreements")
    delegated = any(a.steering_groups_approve_sub_agreements for a in agreement)
    return Approver.STEERING_GROUP if delegated and sub.steering_group_id else Approver.BOARD


@transaction.atomic
def sub_agreement_approve(*, actor: Actor, sub_agreement: SubAgreement, on: dt.date) -> SubAgreement:
    """Records the approval of the current draft by the board or, delegated, the steering group; no LBF step."""
    sub = _lock(SubAgreement, sub_agreement.pk)
    if sub.status != SubAgreementStatus.DRAFT:
        raise ValidationError({"on": _("Delaftalen er allerede godkendt.")}, code="not_draft")
    sub.status = SubAgreementStatus.APPROVED
    sub.approved_on = on
    sub.approved_by = sub_agreement_approver(sub)
    sub.save(update_fields=["status", "approved_on", "approved_by"])
    audit_record(
        actor=actor,
        action="update",
        obj=sub,
        plan=sub.plan,
        changes={
            "status": [SubAgreementStatus.DRAFT.value, sub.status],
            "approved_on": [None, str(on)],
            "approved_by": [None, sub.approved_by],
        },
    )
    return sub


# --- goals -----------------------------------------------------------------------------------------------------


def _reopen_owner(goal: Goal, *, actor: Actor) -> None:
    """A change to a goal's content is a change to the agreement that holds it."""
    if goal.level == Goal.Level.STRATEGIC:
        agreement = (
            StrategicAgreement.objects.select_for_update().select_related("plan").filter(plan_id=goal.plan_id).first()
        )
        if agreement is not None:
            freeze_if_approved(agreement, actor=actor)
    elif goal.sub_agreement_id:
        freeze_if_approved(_lock(SubAgreement, goal.sub_agreement_id), actor=actor)


def _validate_goal(goal: Goal, activities: Iterable[Activity]) -> None:
    errors: dict[str, str] = {}
    if goal.level == Goal.Level.SUB:
        if goal.parent is None or goal.parent.plan_id != goal.plan_id or goal.parent.level != Goal.Level.STRATEGIC:
            errors["parent"] = _("Vælg det overordnede mål i denne helhedsplan, som delmålet hører under.")
        if goal.sub_agreement is None or goal.sub_agreement.plan_id != goal.plan_id:
            errors["sub_agreement"] = _("Vælg en delaftale i denne helhedsplan.")
    else:
        goal.parent = None
        goal.sub_agreement = None
    if any(a.plan_id != goal.plan_id for a in activities):
        errors["activities"] = _("Vælg kun indsatser i denne helhedsplan.")
    if errors:
        raise ValidationError(errors)


def _goal_snapshot(goal: Goal) -> dict[str, Any]:
    return snapshot(goal, GOAL_FIELDS)


@transaction.atomic
def goal_create(
    *,
    actor: Actor,
    plan: Plan,
    level: str,
    title: str,
    description: str = "",
    parent: Goal | None = None,
    sub_agreement: SubAgreement | None = None,
    activities: Iterable[Activity] = (),
) -> Goal:
    """A strategic goal on the agreement, or a sub-goal in a sub-agreement under one strategic goal."""
    activities = list(activities)
    goal = Goal(
        plan=plan, level=level, title=title, description=description, parent=parent, sub_agreement=sub_agreement
    )
    _validate_goal(goal, activities)
    siblings = Goal.objects.filter(plan=plan, level=level)
    if level == Goal.Level.SUB:
        siblings = siblings.filter(sub_agreement=sub_agreement)
    goal.order = (siblings.aggregate(m=Max("order"))["m"] or 0) + 1
    goal.full_clean()
    _reopen_owner(goal, actor=actor)
    goal.save()
    goal.activities.set(activities)
    audit_record(actor=actor, action="create", obj=goal, plan=plan, changes=_goal_snapshot(goal))
    return goal


@transaction.atomic
def goal_update(*, actor: Actor, goal: Goal, activities: Iterable[Activity] | None = None, **values: Any) -> Goal:
    """Changes a goal; its agreement gets a new version only when its content changes (see the module's rules)."""
    unknown = set(values) - {"title", "description", "parent", "sub_agreement"}
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    before = _goal_snapshot(goal)
    old_sub_agreement_id = goal.sub_agreement_id
    content_fields = GOAL_CONTENT_FIELDS[Goal.Level(goal.level)]
    old_content = snapshot(goal, content_fields)
    for name, value in values.items():
        setattr(goal, name, value)
    new_activities = list(activities) if activities is not None else list(goal.activities.all())
    _validate_goal(goal, new_activities)
    goal.full_clean()
    after_fields = snapshot(goal, ["title", "description", "parent", "sub_agreement"])
    activities_changed = activities is not None and sorted(a.pk for a in new_activities) != sorted(
        goal.activities.values_list("pk", flat=True)
    )
    if not activities_changed and all(before[k] == v for k, v in after_fields.items()):
        return goal
    moved = bool(old_sub_agreement_id) and old_sub_agreement_id != goal.sub_agreement_id
    content_changed = old_content != snapshot(goal, content_fields) or moved
    if goal.level == Goal.Level.SUB and activities_changed:
        content_changed = True
    if content_changed:
        _reopen_owner(goal, actor=actor)
    if moved and old_sub_agreement_id:
        freeze_if_approved(_lock(SubAgreement, old_sub_agreement_id), actor=actor)
    goal.save()
    if activities is not None:
        goal.activities.set(new_activities)
    changes = diff(before, _goal_snapshot(goal))
    audit_record(actor=actor, action="update", obj=goal, plan=goal.plan, changes=changes)
    return goal


@transaction.atomic
def goal_delete(*, actor: Actor, goal: Goal) -> None:
    if goal.level == Goal.Level.STRATEGIC and goal.sub_goals.exists():
        raise ValidationError(_("Målet har delmål. Flyt eller slet delmålene først."), code="has_sub_goals")
    _reopen_owner(goal, actor=actor)
    audit_record(actor=actor, action="delete", obj=goal, plan=goal.plan, changes=_goal_snapshot(goal))
    goal.delete()


@transaction.atomic
def goal_move(*, actor: Actor, goal: Goal, direction: str) -> Goal:
    """Moves a goal one place up or down among its siblings (same level, same sub-agreement); starts no version."""
    if direction not in {"up", "down"}:
        raise ValidationError(_("Ukendt retning."), code="direction")
    siblings = list(
        Goal.objects.select_for_update()
        .filter(plan_id=goal.plan_id, level=goal.level, sub_agreement_id=goal.sub_agreement_id)
        .order_by("order", "pk")
    )
    index = next(i for i, g in enumerate(siblings) if g.pk == goal.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return goal
    # Reordering is not a change of content: the agreement keeps its version and approval.
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            Goal.objects.filter(pk=sibling.pk).update(order=position)
    audit_record(actor=actor, action="update", obj=goal, plan=goal.plan, changes={"order": [index + 1, other + 1]})
    goal.order = other + 1
    return goal


# --- ownership -------------------------------------------------------------------------------------------------


def ownership_parties(plan: Plan) -> list[Organisation]:
    """The parties whose ownership counts: the plan's municipality and its housing organisations."""
    return [plan.municipality, *plan.housing_organisations.all()]


@transaction.atomic
def ownership_set(
    *, actor: Actor, plan: Plan, party: Organisation, condition: str, fulfilled: bool, note: str = ""
) -> OwnershipCondition:
    """Records whether one party meets one of the five ownership conditions."""
    if party.pk not in {p.pk for p in ownership_parties(plan)}:
        raise ValidationError(
            {"party": _("Parten skal være helhedsplanens kommune eller en af dens boligorganisationer.")}
        )
    if condition not in OwnershipCondition.Condition.values:
        raise ValidationError({"condition": _("Ukendt ejerskabsbetingelse.")})
    row, created = OwnershipCondition.objects.select_for_update().get_or_create(
        plan=plan, party=party, condition=condition, defaults={"fulfilled": fulfilled, "note": note}
    )
    if created:
        audit_record(
            actor=actor,
            action="create",
            obj=row,
            plan=plan,
            changes={"fulfilled": [None, fulfilled], "note": [None, note]},
        )
        return row
    before = snapshot(row, ["fulfilled", "note"])
    row.fulfilled, row.note = fulfilled, note
    row.full_clean()
    row.save()
    changes = diff(before, snapshot(row, ["fulfilled", "note"]))
    if changes:
        audit_record(actor=actor, action="update", obj=row, plan=plan, changes=changes)
    return row
