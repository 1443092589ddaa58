"""Money moved by the board's prioritisation decisions: a move proposed on a prioritisation item is checked against
the budget there and then (`reallocation_check`: the source must have the money, co-financing must hold), so that a
move the budget cannot bear is refused before the meeting, not after it; the minutes' approval applies each decided
move as a new budget version linked to the decision (`budget_reallocate`), all or nothing."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.budget.models import Funder
from entydig.budget.money import kroner
from entydig.budget.reallocation import DecisionRef, budget_reallocate, reallocation_check
from entydig.budget.services import Target, lock_money
from entydig.core.audit import Actor, audit_record
from entydig.core.errors import FieldErrors
from entydig.meetings import selectors
from entydig.meetings.models import AgendaItem, Minutes, Reallocation
from entydig.meetings.services.agenda import _touch_agenda
from entydig.meetings.services.checks import refuse_if_approved, user_of
from entydig.organisation.models import Activity

ZERO = Decimal("0.00")


def _ends(target: Target) -> tuple[Activity | None, str]:
    return (target, "activity") if isinstance(target, Activity) else (None, str(target))


def _refuse_if_locked(item: AgendaItem) -> None:
    if item.kind != AgendaItem.Kind.PRIORITISATION:
        raise ValidationError(
            {"item": _("Kun et prioriteringsspørgsmål kan flytte penge i budgettet.")}, code="not_prioritisation"
        )
    minutes = Minutes.objects.filter(meeting_id=item.meeting_id).first()
    if minutes is not None:
        refuse_if_approved(minutes)


def _proposed(item: AgendaItem, source: Target, year: int, funder: str) -> Decimal:
    """What the plan's other undecided moves already take from the same post, year and funder."""
    activity, kind = _ends(source)
    total = (
        Reallocation.objects.filter(
            item__meeting__plan_id=item.meeting.plan_id,
            applied_at__isnull=True,
            from_activity=activity,
            from_kind=kind,
            year=year,
            funder=funder,
        )
        .exclude(item__meeting__minutes__status=Minutes.Status.APPROVED)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or ZERO


@transaction.atomic
def reallocation_add(
    *,
    actor: Actor,
    item: AgendaItem,
    from_activity: Target,
    to_activity: Target,
    year: int,
    funder: str,
    amount: Decimal,
) -> Reallocation:
    """Proposes moving `amount` kroner on a prioritisation item. Refused (ValidationError, keyed by the parameter
    names) when the source does not have the money, less what other undecided moves already take from it, or when
    local co-financing would fall below LBF's limit; and once the meeting's minutes are approved."""
    plan = item.meeting.plan
    lock_money(plan)
    _refuse_if_locked(item)
    check = reallocation_check(
        plan=plan, from_activity=from_activity, to_activity=to_activity, year=year, funder=funder, amount=amount
    )
    check.raise_any()
    proposed = _proposed(item, from_activity, year, funder)
    if proposed and amount > check.available - proposed:
        errors = FieldErrors()
        errors.add(
            "amount",
            _(
                "Der er %(available)s til rådighed fra %(funder)s i %(year)s, men andre forslag flytter allerede "
                "%(proposed)s, så der kan højst flyttes %(left)s."
            )
            % {
                "available": kroner(check.available),
                "funder": str(Funder(funder).label),
                "year": year,
                "proposed": kroner(proposed),
                "left": kroner(max(check.available - proposed, ZERO)),
            },
            "already_proposed",
        )
        errors.raise_any()
    from_act, from_kind = _ends(from_activity)
    to_act, to_kind = _ends(to_activity)
    reallocation = Reallocation.objects.create(
        item=item,
        from_activity=from_act,
        from_kind=from_kind,
        to_activity=to_act,
        to_kind=to_kind,
        year=year,
        funder=funder,
        amount=amount,
        created_by=user_of(actor),
    )
    _touch(item)
    audit_record(
        actor=actor,
        action="create",
        obj=reallocation,
        plan=plan,
        changes={
            "from": reallocation.from_name,
            "to": reallocation.to_name,
            "year": year,
            "funder": funder,
            "amount": str(amount),
        },
    )
    return reallocation


@transaction.atomic
def reallocation_remove(*, actor: Actor, reallocation: Reallocation) -> None:
    item = reallocation.item
    _refuse_if_locked(item)
    if reallocation.is_applied:
        raise ValidationError(_("Omprioriteringen er gennemført i budgettet og kan ikke fjernes."), code="applied")
    _touch(item)
    audit_record(actor=actor, action="delete", obj=reallocation, plan=item.meeting.plan)
    reallocation.delete()


def _touch(item: AgendaItem) -> None:
    item.changed_in_version = _touch_agenda(item.meeting)
    AgendaItem.objects.filter(pk=item.pk).update(changed_in_version=item.changed_in_version)


def _decision(minutes: Minutes, item: AgendaItem, number: int) -> DecisionRef:
    meeting = minutes.meeting
    day = timezone.localtime(meeting.start).date()
    label = _("%(meeting)s %(date)s, punkt %(number)s: %(title)s") % {
        "meeting": meeting.body.name,
        "date": day.strftime("%d.%m.%Y"),
        "number": number,
        "title": item.title,
    }
    url = reverse("meetings:minutes", args=[meeting.plan_id, meeting.pk]) + f"#item-{item.pk}"
    return DecisionRef(label=label[:300], url=url[:300], decided_on=day)


def reallocations_apply(*, actor: Actor, minutes: Minutes) -> list[Reallocation]:
    """Applies the moves of the meeting's prioritisation items whose decision is recorded in the minutes, each as a
    new budget version linked to the decision; called by the minutes' approval, in its transaction, so a move the
    budget no longer bears refuses the approval (with the reason) and nothing is applied."""
    meeting = minutes.meeting
    order = meeting.items.order_by("order", "pk").values_list("pk", flat=True)
    numbers = {pk: n for n, pk in enumerate(order, start=1)}
    moves = selectors.decided_reallocations(minutes)
    for move in moves:
        number = numbers[move.item_id]
        try:
            version = budget_reallocate(
                actor=actor,
                plan=meeting.plan,
                from_activity=move.from_target,
                to_activity=move.to_target,
                year=move.year,
                funder=move.funder,
                amount=move.amount,
                decision=_decision(minutes, move.item, number),
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Omprioriteringen under punkt %(number)s (%(move)s) kan ikke gennemføres: %(reason)s")
                % {"number": number, "move": move.summary, "reason": " ".join(exc.messages)},
                code="reallocation",
            ) from exc
        move.budget_version = version
        move.applied_at = timezone.now()
        move.save(update_fields=["budget_version", "applied_at"])
        audit_record(
            actor=actor,
            action="apply",
            obj=move,
            plan=meeting.plan,
            changes={"budget_version": version.number, "decision": version.decision_label},
        )
    return moves
