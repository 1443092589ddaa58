"""Reads that cross relations: the organisation of a plan, a body, a person across plans, the change log.

Every function loads with a fixed number of queries, whatever the size of the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from entydig.core.models import AuditEvent
from entydig.organisation.access import plans_for_user
from entydig.organisation.models import Activity, Area, Body, Membership, Organisation, Person, Plan

# The order people are listed in within a body: who leads first, who serves last.
ROLE_RANK: dict[str, int] = {
    Membership.Role.CHAIR: 0,
    Membership.Role.VICE_CHAIR: 1,
    Membership.Role.SECRETARIAT_LEADER: 2,
    Membership.Role.MEMBER: 3,
    Membership.Role.OBSERVER: 4,
    Membership.Role.SECRETARY: 5,
}


def today() -> dt.date:
    return timezone.localdate()


def current_q(prefix: str = "", on: dt.date | None = None) -> Q:
    """Memberships in force on `on` (today by default): started (or no start) and not ended."""
    day = on or today()
    return (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})) & (
        Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": day})
    )


def is_current(membership: Membership, on: dt.date | None = None) -> bool:
    day = on or today()
    return (membership.start is None or membership.start <= day) and (membership.end is None or membership.end >= day)


def sort_members(memberships: list[Membership]) -> list[Membership]:
    return sorted(memberships, key=lambda m: (ROLE_RANK.get(m.role, 9), m.person.name))


def bodies_serving(plan: Plan) -> QuerySet[Body]:
    """The plan's own bodies and the secretariats of other plans that also serve it."""
    return Body.objects.filter(
        pk__in=Body.objects.filter(Q(plan=plan) | Q(also_serves=plan, kind=Body.Kind.SECRETARIAT)).values("pk")
    )


@dataclass
class Organogram:
    """A plan's organisation as handbook figure 1 draws it, loaded in a fixed number of queries."""

    plan: Plan
    board: Body | None
    secretariats: list[Body]
    steering_groups: list[Body]
    pre_meeting_groups: list[Body]
    activities: list[Activity]
    members: dict[int, list[Membership]] = field(default_factory=dict)
    activities_by_group: dict[int | None, list[Activity]] = field(default_factory=dict)

    @property
    def bodies(self) -> list[Body]:
        head = [self.board] if self.board else []
        return head + self.secretariats + self.steering_groups + self.pre_meeting_groups

    def members_of(self, body: Body | None) -> list[Membership]:
        return self.members.get(body.pk, []) if body is not None else []

    @property
    def person_count(self) -> int:
        return len({m.person_id for ms in self.members.values() for m in ms})


def organogram(plan: Plan) -> Organogram:
    """Bodies, current members and activities of `plan` (5 queries)."""
    return organograms([plan])[plan.pk]


def organograms(plans: Iterable[Plan]) -> dict[int, Organogram]:
    """`organogram` of each of `plans`, by plan id, in 5 queries whatever the number of plans: a secretariat's
    front page counts the organisation advice of every plan it serves."""
    by_pk = {p.pk: p for p in plans}
    served: dict[int, set[int]] = defaultdict(set)  # body -> the other plans a secretariat also serves
    for body_id, plan_id in Body.also_serves.through.objects.filter(plan_id__in=by_pk).values_list("body", "plan"):
        served[body_id].add(plan_id)
    bodies = list(
        Body.objects.filter(Q(plan_id__in=by_pk) | Q(pk__in=list(served), kind=Body.Kind.SECRETARIAT))
        .select_related("effort_area", "party", "plan")
        .order_by("pk")
    )
    members: dict[int, list[Membership]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(body__in=[b.pk for b in bodies])
        .filter(current_q())
        .select_related("person", "person__organisation")
    )
    for m in memberships:
        members[m.body_id].append(m)
    activities = list(
        Activity.objects.filter(plan_id__in=by_pk)
        .select_related("responsible", "steering_group")
        .prefetch_related(Prefetch("partners", queryset=Organisation.objects.select_related("parent")))
        .order_by("name")
    )
    by_group: dict[int | None, list[Activity]] = defaultdict(list)
    of_plan: dict[int, dict[int | None, list[Activity]]] = defaultdict(lambda: defaultdict(list))
    plan_activities: dict[int, list[Activity]] = defaultdict(list)  # in name order
    for a in activities:
        by_group[a.steering_group_id].append(a)
        of_plan[a.plan_id][a.steering_group_id].append(a)
        plan_activities[a.plan_id].append(a)
    bodies_of: dict[int, list[Body]] = defaultdict(list)
    for b in bodies:
        b.current_members = sort_members(members.get(b.pk, []))  # type: ignore[attr-defined]  # set for the template
        b.group_activities = by_group.get(b.pk, [])  # type: ignore[attr-defined]  # set for the template
        for plan_id in {b.plan_id} | (served[b.pk] if b.kind == Body.Kind.SECRETARIAT else set()):
            if plan_id in by_pk:
                bodies_of[plan_id].append(b)
    found = {}
    for pk, plan in by_pk.items():
        kinds: dict[str, list[Body]] = defaultdict(list)
        for b in bodies_of[pk]:
            kinds[b.kind].append(b)
        body_ids = {b.pk for b in bodies_of[pk]}
        found[pk] = Organogram(
            plan=plan,
            board=next(iter(kinds[Body.Kind.BOARD]), None),
            secretariats=kinds[Body.Kind.SECRETARIAT],
            steering_groups=kinds[Body.Kind.STEERING_GROUP],
            pre_meeting_groups=kinds[Body.Kind.PRE_MEETING_GROUP],
            activities=plan_activities[pk],
            members={body_id: members[body_id] for body_id in body_ids if body_id in members},
            activities_by_group=dict(of_plan[pk]),
        )
    return found


def plan_areas(plan: Plan) -> list[Area]:
    return list(plan.areas.all())


def plan_housing_organisations(plan: Plan) -> list[Organisation]:
    return list(plan.housing_organisations.all())


@dataclass
class BodyDetail:
    body: Body
    current: list[Membership]
    past: list[Membership]
    activities: list[Activity]
    served_plans: list[Plan]


def body_detail(body: Body, viewer: Any) -> BodyDetail:
    """A body's members (current and ended), its activities and, for a secretariat, the plans it serves."""
    memberships = list(body.memberships.select_related("person", "person__organisation"))
    day = today()
    current = sort_members([m for m in memberships if is_current(m, day)])
    past = sorted([m for m in memberships if not is_current(m, day)], key=lambda m: (m.end or dt.date.max, m.pk))
    activities: list[Activity] = []
    if body.kind == Body.Kind.STEERING_GROUP:
        activities = list(body.activities.select_related("responsible").order_by("name"))
    served: list[Plan] = []
    if body.kind == Body.Kind.SECRETARIAT:
        # Only plans the viewer may see: another plan's name is not the viewer's to know.
        visible = plans_for_user(viewer)
        served = list(visible.filter(Q(pk=body.plan_id) | Q(pk__in=body.also_serves.values("pk"))).order_by("name"))
    return BodyDetail(body=body, current=current, past=past, activities=activities, served_plans=served)


@dataclass
class PersonDetail:
    person: Person
    memberships: list[Membership]
    activities: list[Activity]


def person_detail(person: Person, viewer: Any) -> PersonDetail:
    """Every seat the person has in the plans the viewer can see, and the activities they carry."""
    visible = plans_for_user(viewer)
    memberships = list(
        person.memberships.filter(
            Q(body__plan__in=visible) | Q(body__also_serves__in=visible, body__kind=Body.Kind.SECRETARIAT)
        )
        .distinct()
        .select_related("body", "body__plan")
        .prefetch_related("body__also_serves")
        .order_by("body__plan__name", "body__kind", "body__name", "-start")
    )
    visible_ids = set(visible.values_list("pk", flat=True))
    for m in memberships:
        m.is_current = is_current(m)  # type: ignore[attr-defined]  # set for the template
        # A seat in a shared secretariat is shown under a plan the viewer can open.
        served = [p for p in m.body.also_serves.all() if p.pk in visible_ids]
        shown = m.body.plan if m.body.plan_id in visible_ids or not served else served[0]
        m.shown_plan = shown  # type: ignore[attr-defined]  # set for the template
    activities = list(
        person.responsible_for.filter(plan__in=visible).select_related("plan", "steering_group").order_by("name")
    )
    return PersonDetail(person=person, memberships=memberships, activities=activities)


def audit_events(plan: Plan) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(plan=plan).select_related("actor").order_by("-created_at", "-id")


# The ways an organisation takes part in a plan, as lookups from the plan: its parties, the organisations it
# works with, its activities' partners, its bodies' parties, and the employers of the people who sit in its
# bodies (a serving secretariat's too) or carry out its activities.
TAKES_PART = (
    "municipality",
    "housing_organisations",
    "other_organisations",
    "activities__partners",
    "bodies__party",
    "bodies__memberships__person__organisation",
    "served_by__memberships__person__organisation",
    "activities__responsible__organisation",
)


def organisations_of(plans: QuerySet[Plan]) -> QuerySet[Organisation]:
    """The organisations that take part in `plans`, with the units below them (two levels) and the organisations
    above them: the only organisations a plan's pages and the API list, offer or change. Nobody by default."""
    plan_ids = plans.values("pk")
    direct = Q()
    for path in TAKES_PART:
        direct |= Q(pk__in=Plan.objects.filter(pk__in=plan_ids).values(path))
    ids = Organisation.objects.filter(direct).values("pk")
    related = (
        Q(pk__in=ids)
        | Q(parent__in=ids)
        | Q(parent__parent__in=ids)
        | Q(pk__in=Organisation.objects.filter(pk__in=ids).values("parent_id"))
        | Q(pk__in=Organisation.objects.filter(pk__in=ids).values("parent__parent_id"))
    )
    return Organisation.objects.filter(related)


def plan_organisations(plan: Plan) -> QuerySet[Organisation]:
    return organisations_of(Plan.objects.filter(pk=plan.pk))


def organisations_for_user(user: Any) -> QuerySet[Organisation]:
    """The organisations of every plan the user has a role in (what the API lists, and forms offer)."""
    return organisations_of(plans_for_user(user))


def organisation_plans(organisation: Organisation) -> QuerySet[Plan]:
    """Every plan `organisation` takes part in, the reverse of `organisations_of`: the plans whose change log
    shows a change to it."""
    near = Organisation.objects.filter(
        Q(pk=organisation.pk)
        | Q(parent=organisation)
        | Q(parent__parent=organisation)
        | Q(units=organisation)
        | Q(units__units=organisation)
    ).values("pk")
    condition = Q()
    for path in TAKES_PART:
        condition |= Q(**{f"{path}__in": near})
    return Plan.objects.filter(pk__in=Plan.objects.filter(condition).values("pk"))


def organisations_tree(organisations: QuerySet[Organisation]) -> list[Organisation]:
    """`organisations`, main organisations followed by their units."""
    orgs = list(organisations.select_related("parent").order_by("kind", "name"))
    children: dict[int, list[Organisation]] = defaultdict(list)
    for o in orgs:
        if o.parent_id:
            children[o.parent_id].append(o)
    ordered: list[Organisation] = []
    for o in orgs:
        if o.parent_id is None:
            ordered.append(o)
            ordered.extend(children.get(o.pk, []))
    seen = {o.pk for o in ordered}
    ordered.extend(o for o in orgs if o.pk not in seen)
    return ordered
