"""`GET /api/v1/plans/{id}/advice`: the organisation advice of a plan, with the same access as the pages."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from entydig.core.api import READ_ERRORS, api_user
from entydig.organisation.access import plan_for_user
from entydig.organisation.advice import plan_advice

router = Router(tags=["organisation"])


class AdviceOut(Schema):
    code: str
    severity: str
    title: str
    reason: str
    action: str
    subject_type: str | None = None
    subject_id: int | None = None
    subject_name: str | None = None


@router.get(
    "/plans/{plan_id}/advice", response={200: list[AdviceOut], **READ_ERRORS}, summary="Råd om planens organisering"
)
def advice(request: HttpRequest, plan_id: int) -> list[AdviceOut]:
    """Advice, never a block: each item has the handbook's reason and what to do."""
    access = plan_for_user(api_user(request), plan_id)
    return [
        AdviceOut(
            code=a.code,
            severity=a.severity,
            title=a.title,
            reason=a.reason,
            action=a.action,
            subject_type=a.subject_type,
            subject_id=a.subject.pk if a.subject is not None else None,
            subject_name=a.subject.name if a.subject is not None else None,
        )
        for a in plan_advice(access.plan)
    ]
