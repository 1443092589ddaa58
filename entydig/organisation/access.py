"""Who may see and change what in a plan: the gatekeepers every view and API endpoint calls.

Objects of plans the user has no role in answer 404 (the same as missing);
read-only roles answer 403 on writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.organisation.models import Activity, Body, Membership, Person, Plan, PlanGrant

SECRETARIAT = "secretariat"
BOARD = "board"
STEERING = "steering"
STAFF = "staff"
VIEWER = "viewer"


@dataclass(frozen=True)
class PlanAccess:
    """A user's roles in one plan, resolved once per request."""

    plan: Plan
    roles: frozenset[str]
    group_ids: frozenset[int] = field(default_factory=frozenset)
    responsible_activity_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def can_write(self) -> bool:
        """May change everything in the plan (the secretariat)."""
        return SECRETARIAT in self.roles

    def can_edit_activity(self, activity: Activity) -> bool:
        return (
            self.can_write
            or (activity.steering_group_id is not None and activity.steering_group_id in self.group_ids)
            or activity.pk in self.responsible_activity_ids
        )

    @property
    def can_create_activity(self) -> bool:
        return self.can_write or bool(self.group_ids)


def may_create_activity(access: PlanAccess, steering_group_id: int | None) -> None:
    """The secretariat creates activities anywhere in the plan; a steering group's members in their own group only,
    and must name it; anyone else is refused (403)."""
    if access.can_write:
        return
    if not access.can_create_activity or (steering_group_id is not None and steering_group_id not in access.group_ids):
        raise PermissionDenied
    if steering_group_id is None:
        raise ValidationError({"steering_group": _("Vælg din styregruppe.")}, code="own_group_required")


# A source of read access kept by a higher app (the portfolio's readers): (user, plan ids, or None for every plan)
# -> the ids of those plans the user reads. It may return a lazy query when asked for every plan.
ReaderGrants = Callable[[Any, Collection[int] | None], Iterable[int]]
_reader_grants: list[ReaderGrants] = []


def register_reader_grants(grants: ReaderGrants) -> None:
    """Lets a higher app give read access (the viewer role) to plans; registered once however often called."""
    if grants not in _reader_grants:
        _reader_grants.append(grants)


def _today() -> dt.date:
    return timezone.localdate()


def _active_memberships(person_id: int) -> QuerySet[Membership]:
    today = _today()
    return Membership.objects.filter(person_id=person_id).filter(
        Q(end__isnull=True) | Q(end__gte=today), Q(start__isnull=True) | Q(start__lte=today)
    )


def plans_for_user(user: Any) -> QuerySet[Plan]:
    """Every plan the user has a role in; nobody by default."""
    if not getattr(user, "is_authenticated", False):
        return Plan.objects.none()
    if user.is_superuser:
        return Plan.objects.all()
    # Each way in is its own subquery on its own table: joined together in one OR, PostgreSQL multiplied the rows
    # of every relation and the query grew with the number of plans a secretariat serves.
    condition = Q(pk__in=PlanGrant.objects.filter(user=user).values("plan_id"))
    if user.person_id:
        body_ids = _active_memberships(user.person_id).values("body_id")
        condition |= Q(pk__in=Body.objects.filter(pk__in=body_ids).values("plan_id"))
        served = Body.also_serves.through.objects.filter(body__in=body_ids, body__kind=Body.Kind.SECRETARIAT)
        condition |= Q(pk__in=served.values("plan_id"))
        condition |= Q(pk__in=Activity.objects.filter(responsible_id=user.person_id).values("plan_id"))
    for grants in _reader_grants:
        condition |= Q(pk__in=grants(user, None))
    return Plan.objects.filter(condition)


def plan_access(user: Any, plan: Plan) -> PlanAccess | None:
    """The user's roles in `plan`, or None when the user has none."""
    return plan_accesses(user, [plan]).get(plan.pk)


def plan_accesses(user: Any, plans: Iterable[Plan]) -> dict[int, PlanAccess]:
    """The user's roles in each of `plans` (by plan id; plans without a role are left out), in one query (and one per
    registered source of reader grants) whatever the number of plans."""
    plans = list(plans)
    if not getattr(user, "is_authenticated", False) or not plans:
        return {}
    if user.is_superuser:
        return {p.pk: PlanAccess(plan=p, roles=frozenset({SECRETARIAT})) for p in plans}
    by_pk = {p.pk: p for p in plans}
    readers = {pk for grants in _reader_grants for pk in grants(user, list(by_pk))}
    return _accesses(by_pk, _access_rows(user, list(by_pk)), readers)


def user_plan_accesses(user: Any) -> dict[int, PlanAccess]:
    """The user's roles in every plan they have one in (each plan with its municipality), in three queries (and one
    per registered source of reader grants) whatever the number of plans: the front page of a secretariat serving a
    hundred plans asks it."""
    if not getattr(user, "is_authenticated", False):
        return {}
    plans = Plan.objects.select_related("municipality")
    if user.is_superuser:
        return {p.pk: PlanAccess(plan=p, roles=frozenset({SECRETARIAT})) for p in plans}
    rows = _access_rows(user, None)
    readers = {pk for grants in _reader_grants for pk in grants(user, None)}
    reached = {row[1] for row in rows} | {row[4] for row in rows if row[4] is not None} | readers
    by_pk = {p.pk: p for p in plans.filter(pk__in=reached)}
    return _accesses(by_pk, rows, readers)


def _accesses(
    by_pk: dict[int, Plan], rows: list[tuple[str, int, str, int, int | None]], readers: set[int]
) -> dict[int, PlanAccess]:
    roles: dict[int, set[str]] = {pk: set() for pk in by_pk}
    group_ids: dict[int, set[int]] = {pk: set() for pk in by_pk}
    activity_ids: dict[int, set[int]] = {pk: set() for pk in by_pk}
    for plan_id in readers:
        if plan_id in roles:
            roles[plan_id].add(VIEWER)
    for source, plan_id, kind, object_id, served in rows:
        if source == _GRANT:
            if kind and plan_id in roles:
                roles[plan_id].add(kind)
        elif source == _RESPONSIBLE and plan_id in roles:
            activity_ids[plan_id].add(object_id)
            roles[plan_id].add(STAFF)
        else:  # a membership of a body of the plans, or of a secretariat that also serves one of them
            if kind == Body.Kind.SECRETARIAT and served in by_pk:
                roles[served].add(SECRETARIAT)
            if plan_id not in by_pk:
                continue
            if kind == Body.Kind.SECRETARIAT:
                roles[plan_id].add(SECRETARIAT)
            elif kind == Body.Kind.BOARD:
                roles[plan_id].add(BOARD)
            else:
                roles[plan_id].add(STEERING)
                # Only steering groups own activities; a pre-meeting group's members read.
                if kind == Body.Kind.STEERING_GROUP:
                    group_ids[plan_id].add(object_id)
    return {
        pk: PlanAccess(by_pk[pk], frozenset(roles[pk]), frozenset(group_ids[pk]), frozenset(activity_ids[pk]))
        for pk in by_pk
        if roles[pk]
    }


_GRANT, _MEMBER, _RESPONSIBLE = "grant", "member", "responsible"


def _access_rows(user: Any, plan_ids: list[int] | None) -> list[tuple[str, int, str, int, int | None]]:
    """(source, plan id, role or body kind, body or activity id (0 for a grant), plan a secretariat also serves) for
    every grant, membership in force today and responsibility that reaches one of `plan_ids` (None: any plan).

    Every request asks this, and the ORM spent more than the minimal page's whole server time building the three
    queries (benchmark: the dashboard's first request after an import), so it is one plain UNION ALL over the
    models' own table and column names. The ORM's meaning is kept: a membership counts from its start to its end,
    both included, either open; a secretariat's membership reaches the plans it also serves.
    """
    grant, membership, body, activity = (m._meta.db_table for m in (PlanGrant, Membership, Body, Activity))
    also_serves = Body.also_serves.through._meta.db_table
    person_id = user.person_id or 0  # no person: no membership and no responsibility match
    today = _today()
    in_grant, in_member, in_activity = "", "", ""
    ids: list[int] = []
    member_ids: list[Any] = []
    if plan_ids is not None:
        marks = ", ".join(["%s"] * len(plan_ids))
        in_grant, in_activity = f"AND g.plan_id IN ({marks})", f"AND a.plan_id IN ({marks})"
        in_member = f"AND (b.plan_id IN ({marks}) OR (b.kind = %s AND s.plan_id IN ({marks})))"
        ids, member_ids = list(plan_ids), [*plan_ids, Body.Kind.SECRETARIAT.value, *plan_ids]
    sql = f"""
        SELECT %s, g.plan_id, g.role, NULL, NULL FROM {grant} g WHERE g.user_id = %s {in_grant}
        UNION ALL
        SELECT %s, b.plan_id, b.kind, b.id, s.plan_id
          FROM {membership} m
          JOIN {body} b ON b.id = m.body_id
          LEFT JOIN {also_serves} s ON s.body_id = b.id AND b.kind = %s
         WHERE m.person_id = %s
           AND (m."end" IS NULL OR m."end" >= %s) AND (m."start" IS NULL OR m."start" <= %s) {in_member}
        UNION ALL
        SELECT %s, a.plan_id, '', a.id, NULL FROM {activity} a WHERE a.responsible_id = %s {in_activity}
    """  # noqa: S608 (only table names and placeholders are formatted in; every value is a parameter)
    params = [
        _GRANT, user.pk, *ids,
        _MEMBER, Body.Kind.SECRETARIAT.value, person_id, today, today, *member_ids,
        _RESPONSIBLE, person_id, *ids,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(str(r[0]), int(r[1]), str(r[2]), int(r[3] or 0), r[4]) for r in cursor.fetchall()]


def plan_for_user(user: Any, pk: int, *, write: bool = False) -> PlanAccess:
    """The plan with its access, 404 for outsiders, 403 for read-only roles on a write."""
    plan = Plan.objects.select_related("municipality").filter(pk=pk).first()
    if plan is None:
        raise Http404
    access = plan_access(user, plan)
    if access is None:
        raise Http404
    if write and not access.can_write:
        raise PermissionDenied
    return access


def body_for_user(user: Any, plan_pk: int, pk: int, *, write: bool = False) -> tuple[PlanAccess, Body]:
    access = plan_for_user(user, plan_pk, write=write)
    body = (
        Body.objects.select_related("effort_area", "plan")
        .filter(Q(plan=access.plan) | Q(also_serves=access.plan, kind=Body.Kind.SECRETARIAT), pk=pk)
        .first()
    )
    if body is None:
        raise Http404
    return access, body


def body_for_user_any_plan(user: Any, pk: int) -> tuple[PlanAccess, Body]:
    """A body addressed without its plan (API): visible through its own plan or, for a secretariat, any plan it also
    serves, as `body_for_user` finds it from each of them; 404 otherwise. A fixed number of queries, whatever the
    number of plans a secretariat serves."""
    body = Body.objects.select_related("effort_area", "plan__municipality").filter(pk=pk).first()
    if body is None:
        raise Http404
    plans = [body.plan]
    if body.kind == Body.Kind.SECRETARIAT:
        plans += list(body.also_serves.select_related("municipality").order_by("pk"))
    accesses = plan_accesses(user, plans)
    for plan in plans:
        if plan.pk in accesses:
            return accesses[plan.pk], body
    raise Http404


def activity_for_user(user: Any, plan_pk: int, pk: int, *, write: bool = False) -> tuple[PlanAccess, Activity]:
    access = plan_for_user(user, plan_pk)
    activity = (
        Activity.objects.select_related("steering_group", "responsible", "plan").filter(plan=access.plan, pk=pk).first()
    )
    if activity is None:
        raise Http404
    if write and not access.can_edit_activity(activity):
        raise PermissionDenied
    return access, activity


def persons_for_user(user: Any) -> QuerySet[Person]:
    """People visible to the user: those who sit in, or carry out activities of, the user's plans."""
    plans = plans_for_user(user)
    condition = Q(memberships__body__plan__in=plans) | Q(responsible_for__plan__in=plans)
    condition |= Q(memberships__body__also_serves__in=plans)
    if getattr(user, "person_id", None):
        condition |= Q(pk=user.person_id)
    return Person.objects.filter(pk__in=Person.objects.filter(condition).values("pk"))


def person_for_user(user: Any, pk: int, *, write: bool = False) -> Person:
    person = persons_for_user(user).select_related("organisation").filter(pk=pk).first()
    if person is None:
        raise Http404
    if write and not can_edit_person(user, person):
        raise PermissionDenied
    return person


def can_edit_person(user: Any, person: Person) -> bool:
    """The secretariat of any plan the person works in, or the person themself."""
    if user.is_superuser or user.person_id == person.pk:
        return True
    plans = Plan.objects.filter(Q(bodies__memberships__person=person) | Q(activities__responsible=person)).distinct()
    return any((a := plan_access(user, p)) is not None and a.can_write for p in plans)


def secretariat_plans(user: Any) -> list[Plan]:
    """Plans where the user may write everything; decides who may create new plans."""
    plans = list(plans_for_user(user))
    accesses = plan_accesses(user, plans)
    return [p for p in plans if p.pk in accesses and accesses[p.pk].can_write]


def secretariats_of(user: Any) -> list[Body]:
    """Secretariats the user currently sits in; a new plan is served by them."""
    if not getattr(user, "person_id", None):
        return []
    return list(
        Body.objects.filter(
            kind=Body.Kind.SECRETARIAT,
            memberships__in=_active_memberships(user.person_id),
        )
        .select_related("plan")
        .distinct()
    )


def can_create_plan(user: Any) -> bool:
    """Whoever is secretariat somewhere (or an administrator) may start a new plan."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or secretariats_of(user) or secretariat_plans(user))
