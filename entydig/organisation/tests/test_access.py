"""The gatekeepers: roles per plan, outsiders see nothing, read-only roles cannot write."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from entydig.conftest import Cast
from entydig.organisation import access, services
from entydig.organisation.models import Body, Membership


def test_it_gives_each_user_the_roles_of_their_seats(cast: Cast) -> None:
    roles = {
        name: access.plan_access(getattr(cast, f"{name}_user"), cast.plan)
        for name in ["secretariat", "board", "steering", "staff", "viewer"]
    }
    assert roles["secretariat"] is not None and roles["board"] is not None and roles["steering"] is not None
    assert roles["staff"] is not None and roles["viewer"] is not None
    assert roles["secretariat"].roles == {access.SECRETARIAT}
    assert roles["board"].roles == {access.BOARD}
    assert roles["steering"].roles == {access.STEERING}
    assert roles["steering"].group_ids == {cast.group.pk}
    assert roles["staff"].roles == {access.STAFF}
    assert roles["viewer"].roles == {access.VIEWER}
    assert access.plan_access(cast.outsider, cast.plan) is None


def test_it_lists_only_the_plans_a_user_has_a_role_in(cast: Cast) -> None:
    assert list(access.plans_for_user(cast.board_user)) == [cast.plan]
    assert list(access.plans_for_user(cast.outsider)) == [cast.other_plan]


def test_it_lets_a_secretariat_serving_several_plans_see_them_all(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)
    assert set(access.plans_for_user(cast.secretariat_user)) == {cast.plan, cast.other_plan}
    assert access.plan_for_user(cast.secretariat_user, cast.other_plan.pk, write=True).can_write


def test_it_answers_404_to_outsiders_and_403_to_read_only_writes(cast: Cast) -> None:
    with pytest.raises(Http404):
        access.plan_for_user(cast.outsider, cast.plan.pk)
    with pytest.raises(Http404):
        access.plan_for_user(cast.board_user, 999_999)
    for user in (cast.board_user, cast.steering_user, cast.staff_user, cast.viewer_user):
        with pytest.raises(PermissionDenied):
            access.plan_for_user(user, cast.plan.pk, write=True)


def test_it_lets_steering_members_and_the_responsible_edit_only_their_activities(cast: Cast) -> None:
    other_group = services.body_create(actor=None, plan=cast.plan, kind=Body.Kind.STEERING_GROUP, name="SG 2")
    foreign = services.activity_create(actor=None, plan=cast.plan, name="Andet", steering_group=other_group)
    access.activity_for_user(cast.steering_user, cast.plan.pk, cast.activity.pk, write=True)
    access.activity_for_user(cast.staff_user, cast.plan.pk, cast.activity.pk, write=True)
    with pytest.raises(PermissionDenied):
        access.activity_for_user(cast.staff_user, cast.plan.pk, cast.other_activity.pk, write=True)
    with pytest.raises(PermissionDenied):
        access.activity_for_user(cast.steering_user, cast.plan.pk, foreign.pk, write=True)
    with pytest.raises(Http404):
        access.activity_for_user(cast.outsider, cast.plan.pk, cast.activity.pk)


def test_it_ends_access_when_a_membership_has_ended(cast: Cast) -> None:
    Membership.objects.filter(person=cast.board_user.person).update(end=dt.date(2020, 1, 1), start=dt.date(2019, 1, 1))
    assert access.plan_access(cast.board_user, cast.plan) is None


def test_it_hides_people_outside_the_users_plans(cast: Cast) -> None:
    outsider_person = cast.outsider.person
    assert outsider_person is not None and cast.staff_user.person is not None
    with pytest.raises(Http404):
        access.person_for_user(cast.board_user, outsider_person.pk)
    assert access.person_for_user(cast.board_user, cast.staff_user.person.pk) == cast.staff_user.person


def test_it_finds_a_body_without_its_plan_through_any_plan_a_shared_secretariat_serves(cast: Cast) -> None:
    shared = services.body_create(
        actor=None, plan=cast.other_plan, kind=Body.Kind.SECRETARIAT, name="Fælles", also_serves=[cast.plan]
    )
    board_access, body = access.body_for_user_any_plan(cast.board_user, shared.pk)
    assert (body, board_access.plan, board_access.roles) == (shared, cast.plan, frozenset({access.BOARD}))
    outsider_access, _body = access.body_for_user_any_plan(cast.outsider, shared.pk)
    assert outsider_access.plan == cast.other_plan
    # Only a secretariat is reached through the plans it serves, and nobody reaches another plan's group.
    Body.objects.filter(pk=shared.pk).update(kind=Body.Kind.STEERING_GROUP)
    for user, pk in [(cast.board_user, shared.pk), (cast.board_user, cast.other_group.pk), (cast.outsider, 0)]:
        with pytest.raises(Http404):
            access.body_for_user_any_plan(user, pk)


def test_it_lets_pre_meeting_group_members_read_but_not_create_activities(cast: Cast) -> None:
    pre = services.body_create(actor=None, plan=cast.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Formøde")
    person = services.person_create(actor=None, name="Per Formøde")
    services.membership_create(
        actor=None, body=pre, person=person, plan=cast.plan, representation=Membership.Representation.STAFF
    )
    from entydig.accounts.models import User

    user = User.objects.create_user(username="premeeting", password="x", person=person)
    result = access.plan_access(user, cast.plan)
    assert result is not None and result.roles == {access.STEERING}
    assert not result.can_create_activity
    assert not result.can_edit_activity(cast.activity)


def test_a_membership_counts_from_its_first_to_its_last_day_both_included(cast: Cast) -> None:
    user, seat = cast.board_user, Membership.objects.get(person=cast.board_user.person)
    day = dt.date(2026, 6, 10)
    cases = [
        ((day, day), True),  # starts and ends today
        ((day - dt.timedelta(days=5), day - dt.timedelta(days=1)), False),  # ended yesterday
        ((day + dt.timedelta(days=1), None), False),  # starts tomorrow
        ((None, None), True),
    ]
    with time_machine.travel(dt.datetime(2026, 6, 10, 12, tzinfo=dt.UTC), tick=False):
        for (start, end), counts in cases:
            Membership.objects.filter(pk=seat.pk).update(start=start, end=end)
            assert (access.plan_access(user, cast.plan) is not None) is counts, (start, end)
            assert access.plans_for_user(user).filter(pk=cast.plan.pk).exists() is counts, (start, end)


def test_the_roles_of_many_plans_and_the_list_of_plans_agree_for_every_kind_of_seat(cast: Cast) -> None:
    """plan_accesses (one query, every request) and plans_for_user (lists and the API) state one rule twice: they
    must name the same plans for every user, also a secretariat serving a second plan and a pre-meeting member."""
    assert cast.outsider.person is not None
    cast.secretariat.also_serves.add(cast.other_plan)
    pre = services.body_create(actor=None, plan=cast.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Formøde")
    services.membership_create(
        actor=None, body=pre, person=cast.outsider.person, plan=cast.plan, role=Membership.Role.MEMBER,
        representation=Membership.Representation.STAFF,
    )  # fmt: skip
    plans = [cast.plan, cast.other_plan]
    users = [
        cast.secretariat_user,
        cast.board_user,
        cast.steering_user,
        cast.staff_user,
        cast.viewer_user,
        cast.outsider,
    ]
    for user in users:
        listed = set(access.plans_for_user(user).values_list("pk", flat=True))
        assert set(access.plan_accesses(user, plans)) == listed, user.username
        everywhere = access.user_plan_accesses(user)  # every plan, without being told which
        assert everywhere == access.plan_accesses(user, plans), user.username
    roles = {u.username: {pk: a.roles for pk, a in access.plan_accesses(u, plans).items()} for u in users}
    assert roles["secretariat"] == {cast.plan.pk: {"secretariat"}, cast.other_plan.pk: {"secretariat"}}
    assert roles["outsider"] == {cast.plan.pk: {"steering"}, cast.other_plan.pk: {"secretariat"}}
    assert roles["staff"] == {cast.plan.pk: {"staff"}}
    assert access.plan_accesses(cast.staff_user, plans)[cast.plan.pk].responsible_activity_ids == {cast.activity.pk}
    assert access.plan_accesses(cast.steering_user, plans)[cast.plan.pk].group_ids == {cast.group.pk}
