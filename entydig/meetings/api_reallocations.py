"""Reallocation endpoints of the REST API: the money a prioritisation item proposes to move, added, listed and
removed through the same gatekeepers and services as the meeting page (422 with the reason when the budget cannot
bear the move)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from entydig.budget.models import BudgetPost, Funder
from entydig.budget.services import UNKNOWN_ACTIVITY, Target
from entydig.core.api import READ_ERRORS, WRITE_ERRORS, CalendarYear, InputSchema, api_user, choices, fits, input_names
from entydig.meetings import services
from entydig.meetings.access import item_for_user_any_plan
from entydig.meetings.models import Reallocation
from entydig.organisation.models import Activity

router = Router(tags=["meetings"])

PostKind = Annotated[BudgetPost.Kind, choices(BudgetPost.Kind)]
Money = Annotated[Decimal, fits(Reallocation._meta.get_field("amount"))]


class ReallocationOut(Schema):
    id: int
    item_id: int
    from_activity_id: int | None
    from_kind: PostKind
    from_name: str
    to_activity_id: int | None
    to_kind: PostKind
    to_name: str
    year: int
    funder: Annotated[Funder, choices(Funder)]
    amount: str = Field(description='Kroner som decimaltekst, fx "150000.00"')
    applied: bool = Field(description="Gennemført i budgettet ved referatets godkendelse")
    applied_at: dt.datetime | None
    budget_version: int | None = Field(description="Nummeret på den budgetversion, flytningen blev til")


class ReallocationIn(InputSchema):
    from_activity_id: int | None = Field(description="Indsatsen, pengene flyttes fra; tom for en fælles post")
    from_kind: PostKind = Field(BudgetPost.Kind.ACTIVITY, description="activity, eller den fælles post")
    to_activity_id: int | None = Field(description="Indsatsen, pengene flyttes til; tom for en fælles post")
    to_kind: PostKind = Field(BudgetPost.Kind.ACTIVITY, description="activity, eller den fælles post")
    year: CalendarYear
    funder: Annotated[Funder, choices(Funder)]
    amount: Money = Field(description='Kroner, fx "150000.00"')


def reallocation_out(move: Reallocation) -> dict[str, Any]:
    return {
        "id": move.pk,
        "item_id": move.item_id,
        "from_activity_id": move.from_activity_id,
        "from_kind": move.from_kind,
        "from_name": move.from_name,
        "to_activity_id": move.to_activity_id,
        "to_kind": move.to_kind,
        "to_name": move.to_name,
        "year": move.year,
        "funder": move.funder,
        "amount": f"{move.amount:.2f}",
        "applied": move.is_applied,
        "applied_at": move.applied_at,
        "budget_version": move.budget_version.number if move.budget_version else None,
    }


def _target(activity_id: int | None, kind: str, field: str) -> Target:
    """The post an input names: an activity by id, or a plan-level post by its kind. Whether the activity is the
    plan's is the reallocation service's rule (budget's `check_target`), in the same words as for an unknown id."""
    if (activity_id is None) == (kind == BudgetPost.Kind.ACTIVITY):
        message = _("Angiv enten en indsats (%(field)s) eller en fælles post.") % {"field": field}
        raise ValidationError({field: message}, code="post")
    if activity_id is None:
        return kind
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        raise ValidationError({field: str(UNKNOWN_ACTIVITY)}, code="unknown_activity")
    return activity


def _moves(item_id: int) -> list[Reallocation]:
    return list(
        Reallocation.objects.filter(item_id=item_id).select_related("from_activity", "to_activity", "budget_version")
    )


@router.get(
    "/meetings/{meeting_id}/agenda-items/{item_id}/reallocations",
    response={200: list[ReallocationOut], **READ_ERRORS},
    summary="Omprioriteringer på et punkt / Reallocations of an item",
)
def list_reallocations(request: HttpRequest, meeting_id: int, item_id: int) -> list[dict[str, Any]]:
    _access, item = item_for_user_any_plan(api_user(request), meeting_id, item_id)
    return [reallocation_out(m) for m in _moves(item.pk)]


@router.post(
    "/meetings/{meeting_id}/agenda-items/{item_id}/reallocations",
    response={201: ReallocationOut, **WRITE_ERRORS},
    summary="Foreslå en omprioritering / Propose a reallocation",
)
def add_reallocation(request: HttpRequest, meeting_id: int, item_id: int, payload: ReallocationIn) -> Status[Any]:
    """Only on a prioritisation item. Refused (422, with the reason) when the source does not have the money (its
    cash budget less the spending so far and other undecided moves) or when local co-financing would fall below the
    limit. The move is made in the budget when the minutes that decide the item are approved."""
    user = api_user(request)
    _access, item = item_for_user_any_plan(user, meeting_id, item_id, write=True)
    with input_names({"from_activity": "from_activity_id", "to_activity": "to_activity_id"}):
        move = services.reallocation_add(
            actor=user,
            item=item,
            from_activity=_target(payload.from_activity_id, payload.from_kind, "from_activity_id"),
            to_activity=_target(payload.to_activity_id, payload.to_kind, "to_activity_id"),
            year=payload.year,
            funder=str(payload.funder),
            amount=payload.amount,
        )
    return Status(201, reallocation_out(move))


@router.delete(
    "/meetings/{meeting_id}/agenda-items/{item_id}/reallocations/{reallocation_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Fjern en omprioritering / Remove a reallocation",
)
def remove_reallocation(request: HttpRequest, meeting_id: int, item_id: int, reallocation_id: int) -> Status[Any]:
    user = api_user(request)
    _access, item = item_for_user_any_plan(user, meeting_id, item_id, write=True)
    move = Reallocation.objects.filter(item=item, pk=reallocation_id).first()
    if move is None:
        raise Http404
    move.item = item
    services.reallocation_remove(actor=user, reallocation=move)
    return Status(204, None)
