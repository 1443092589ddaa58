"""The organisation's rules through both edges: the page's form and the API refuse the same input with the same message
on the same field and change nothing, and both accept the input that keeps the rule; the seats and members a viewer
may see are the same on the pages and in the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from entydig.accounts.models import User
from entydig.conftest import Cast
from entydig.core.tests.edges import api_call, api_client, api_errors, page_errors
from entydig.organisation import services
from entydig.organisation.models import Activity, Body, Membership
from entydig.organisation.tests.helpers import db_state

R = Membership.Representation
# A day inside the cast's plans (2024-2027), so that which seats have ended does not depend on today.
DAY = dt.datetime(2026, 3, 10, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))


# --- Names unique in the plan, whatever the case ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["LEKTIECAFÉ", " lektiecafé "])
def test_it_refuses_an_activity_name_the_plan_has_in_another_case_on_both_edges(cast: Cast, name: str) -> None:
    message = "Der findes allerede en indsats med dette navn i planen."
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url, path = reverse("organisation:activity_create", args=[cast.plan.pk]), f"/plans/{cast.plan.pk}/activities"
    before = db_state()

    assert page_errors(page.post(url, {"name": name})) == {"name": message}
    assert api_errors(api_call(api, "post", path, {"name": name})) == {"name": message}
    assert db_state() == before

    assert page.post(url, {"name": "Lektiecaféen"}).status_code == 302
    assert api_call(api, "post", path, {"name": "Lektiecafé for voksne"}).status_code == 201
    assert sorted(Activity.objects.filter(plan=cast.plan).values_list("name", flat=True)) == [
        "Jobcafé",
        "Lektiecafé",
        "Lektiecafé for voksne",
        "Lektiecaféen",
    ]


def test_it_refuses_a_body_name_the_plan_has_in_another_case_on_both_edges(cast: Cast) -> None:
    message = "Der findes allerede et organ med dette navn i planen."
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url, path = reverse("organisation:body_create", args=[cast.plan.pk]), f"/plans/{cast.plan.pk}/bodies"
    before = db_state()

    group = Body.Kind.STEERING_GROUP
    assert page_errors(page.post(url, {"name": "STYREGRUPPE 1", "kind": group})) == {"name": message}
    assert api_errors(api_call(api, "post", path, {"name": "styregruppe 1", "kind": group})) == {"name": message}
    assert db_state() == before

    assert page.post(url, {"name": "Styregruppe 2", "kind": group}).status_code == 302
    # The other plan's "Styregruppe B" is no obstacle: names are unique within a plan.
    assert api_call(api, "post", path, {"name": "STYREGRUPPE B", "kind": group}).status_code == 201
    names = Body.objects.filter(plan=cast.plan, kind=Body.Kind.STEERING_GROUP).values_list("name", flat=True)
    assert sorted(names) == ["STYREGRUPPE B", "Styregruppe 1", "Styregruppe 2"]


# --- Which seats and members a viewer sees ------------------------------------------------------------------------


def _section(content: str, start: str, end: str) -> str:
    assert start in content, start
    return content.split(start, 1)[1].split(end, 1)[0]


def _page_seats(response: Any) -> tuple[list[tuple[int, str]], list[int]]:
    """The person page's seats as (body id, role), and the ids of the activities the person is responsible for."""
    assert response.status_code == 200, response.status_code
    content = response.content.decode()
    seats = _section(content, "<h2>Sidder i</h2>", "<h2>Ansvarlig for indsatser</h2>")
    activities = _section(content, "<h2>Ansvarlig for indsatser</h2>", "</ul>")
    rows = re.findall(r'<a href="/plans/\d+/bodies/(\d+)/">.*?</td>\s*<td>([^<]*)</td>', seats, re.S)
    return sorted((int(body), role) for body, role in rows), sorted(
        int(pk) for pk in re.findall(r'href="/plans/\d+/activities/(\d+)/"', activities)
    )


def _api_seats(response: Any) -> tuple[list[tuple[int, str]], list[int]]:
    assert response.status_code == 200, response.content
    data = response.json()
    return sorted((s["body"]["id"], s["role_label"]) for s in data["seats"]), sorted(
        a["id"] for a in data["responsible_for"]
    )


@time_machine.travel(DAY, tick=False)
def test_it_shows_each_viewer_the_same_seats_of_a_person_on_the_page_and_in_the_api(cast: Cast) -> None:
    stine = cast.steering_user.person
    assert stine is not None
    shared = services.body_create(
        actor=None,
        plan=cast.other_plan,
        kind=Body.Kind.SECRETARIAT,
        name="Fælles sekretariat",
        also_serves=[cast.plan],
    )
    for body, seat_role in [(cast.other_group, Membership.Role.CHAIR), (shared, Membership.Role.SECRETARY)]:
        services.membership_create(
            actor=None, body=body, person=stine, plan=body.plan, role=seat_role, representation=R.RESIDENT
        )
    services.membership_create(
        actor=None,
        body=cast.board,
        person=stine,
        plan=cast.plan,
        representation=R.RESIDENT,
        start=dt.date(2024, 1, 1),
        end=dt.date(2025, 6, 30),
    )
    elsewhere = services.activity_create(actor=None, plan=cast.other_plan, name="Andet sted", responsible=stine)
    seat = {
        "group": (cast.group.pk, "Medlem"),
        "ended": (cast.board.pk, "Medlem"),
        "shared": (shared.pk, "Sekretær"),
        "other": (cast.other_group.pk, "Formand"),
    }
    expected = {
        # Plan A's people see the seats in plan A's bodies, ended ones too, and in a secretariat that serves it.
        "board": ["group", "ended", "shared"],
        "viewer": ["group", "ended", "shared"],
        # Plan B's people see the seats in plan B's bodies and the activity there.
        "outsider": ["shared", "other"],
        # The person sees every seat of their own.
        "steering": ["group", "ended", "shared", "other"],
    }
    for role, names in expected.items():
        user: User = cast.outsider if role == "outsider" else getattr(cast, f"{role}_user")
        page = cast.client(role).get(reverse("organisation:person", args=[stine.pk]))
        answer = api_call(api_client(user), "get", f"/persons/{stine.pk}")
        activities = [elsewhere.pk] if role in ("outsider", "steering") else []
        assert _page_seats(page) == _api_seats(answer) == (sorted(seat[n] for n in names), activities), role

    # Someone who shares no plan with the person sees nothing of them on either edge.
    nobody = User.objects.create_user(username="nobody", password="pw-nobody")
    client = cast.client(None)
    client.force_login(nobody)
    assert client.get(reverse("organisation:person", args=[stine.pk])).status_code == 404
    assert api_call(api_client(nobody), "get", f"/persons/{stine.pk}").status_code == 404


def _page_members(response: Any, caption: str) -> list[int]:
    """The ids of the people in the body page's table of members with `caption` (none when there is no table)."""
    assert response.status_code == 200, response.status_code
    content = response.content.decode()
    marker = f'<caption class="sr-only">{caption}</caption>'
    if marker not in content:
        return []
    return sorted(int(pk) for pk in re.findall(r'href="/persons/(\d+)/"', _section(content, marker, "</table>")))


def _api_members(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(m["person"]["id"] for m in response.json())


@time_machine.travel(DAY, tick=False)
def test_it_lists_the_same_members_of_a_body_on_the_page_and_in_the_api(cast: Cast) -> None:
    shared = services.body_create(
        actor=None, plan=cast.other_plan, kind=Body.Kind.SECRETARIAT, name="Fælles sekretariat", also_serves=[cast.plan]
    )
    people = {name: services.person_create(actor=None, name=name) for name in ("Før", "Nu", "Siden")}
    periods = {
        "Før": (dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
        "Nu": (dt.date(2026, 1, 1), None),
        "Siden": (dt.date(2026, 9, 1), None),
    }
    for body in (cast.group, shared):
        for name, (start, end) in periods.items():
            services.membership_create(
                actor=None, body=body, person=people[name], plan=body.plan, representation=R.STAFF, start=start, end=end
            )
    stine = cast.steering_user.person
    assert stine is not None
    current = {cast.group: [people["Nu"].pk, stine.pk], shared: [people["Nu"].pk]}
    roles = ("secretariat", "board", "steering", "viewer")
    cases = [(body, cast.plan, role) for body in (cast.group, shared) for role in roles]
    cases.append((shared, cast.other_plan, "outsider"))  # plan B's people, in the shared secretariat's home plan
    for body, plan, role in cases:
        user: User = cast.outsider if role == "outsider" else getattr(cast, f"{role}_user")
        page = cast.client(role).get(reverse("organisation:body", args=[plan.pk, body.pk]))
        api = api_client(user)
        on_page = _page_members(page, "Nuværende medlemmer")
        assert on_page == _api_members(api_call(api, "get", f"/bodies/{body.pk}/members?current=true"))
        assert on_page == sorted(current[body]), (role, body)
        on_page = sorted(on_page + _page_members(page, "Tidligere og kommende medlemmer"))
        everyone = sorted([*current[body], people["Før"].pk, people["Siden"].pk])
        assert on_page == _api_members(api_call(api, "get", f"/bodies/{body.pk}/members")) == everyone, (role, body)

    # Plan A's steering group is not for plan B's people to see, on either edge.
    page = cast.client("outsider").get(reverse("organisation:body", args=[cast.other_plan.pk, cast.group.pk]))
    assert page.status_code == 404
    assert api_call(api_client(cast.outsider), "get", f"/bodies/{cast.group.pk}/members").status_code == 404
