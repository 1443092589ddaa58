"""The organisation endpoints: the same access as the pages, writes through the services, 422 on bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from entydig.api.tests.conftest import db_state, post_json, token_client
from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.organisation import services
from entydig.organisation.models import Activity, Body, EffortArea, Membership, Organisation

R = Membership.Representation


def _activities_url(cast: Cast) -> str:
    return f"/api/v1/plans/{cast.plan.pk}/activities"


def _bodies_url(cast: Cast) -> str:
    return f"/api/v1/plans/{cast.plan.pk}/bodies"


# --- GET /plans, GET /plans/{id} ---------------------------------------------------------------------------


def test_it_answers_401_to_anonymous_readers_on_every_endpoint(cast: Cast) -> None:
    client = cast.client(None)
    urls = [
        "/api/v1/plans",
        f"/api/v1/plans/{cast.plan.pk}",
        _bodies_url(cast),
        f"/api/v1/bodies/{cast.group.pk}/members",
        _activities_url(cast),
        "/api/v1/organisations",
        f"/api/v1/persons/{cast.activity.responsible_id}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json() == {"detail": "Log ind eller send en API-nøgle"}


def test_it_lists_only_the_users_own_plans(cast: Cast) -> None:
    board = cast.client("board").get("/api/v1/plans").json()
    outsider = cast.client("outsider").get("/api/v1/plans").json()
    assert [p["name"] for p in board] == ["Plan A"]
    assert [p["name"] for p in outsider] == ["Plan B"]
    assert board[0] == {
        "id": cast.plan.pk,
        "name": "Plan A",
        "status": "active",
        "status_label": "Aktiv",
        "period_start": "2024-01-01",
        "period_end": "2027-12-31",
        "funding_round": None,
        "municipality": {"id": cast.municipality.pk, "name": "Testby Kommune"},
        "housing_organisations": [{"id": cast.housing.pk, "name": "Testbo"}],
        "url": f"/plans/{cast.plan.pk}/",
    }


def test_it_lists_every_plan_a_secretariat_serves(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)
    names = [p["name"] for p in cast.client("secretariat").get("/api/v1/plans").json()]
    assert names == ["Plan A", "Plan B"]


def test_it_lists_plans_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("secretariat")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/plans")
    for n in range(4):
        plan = services.plan_create(
            actor=None,
            name=f"Ekstra {n}",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2025, 1, 1),
            municipality=cast.municipality,
            housing_organisations=[cast.housing],
        )
        cast.secretariat.also_serves.add(plan)
    with django_assert_num_queries(len(few)):
        response = client.get("/api/v1/plans")
    assert len(response.json()) == 5


def test_it_shows_a_plan_with_the_users_roles(cast: Cast) -> None:
    services.area_create(actor=None, plan=cast.plan, name="Nordby", code="nordby", residents=1200, afdelinger="1, 2")
    data = cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}").json()
    assert data["name"] == "Plan A"
    assert data["my_roles"] == ["board"]
    assert data["can_write"] is False
    assert data["areas"] == [
        {
            "id": cast.plan.areas.get().pk,
            "name": "Nordby",
            "code": "nordby",
            "residents": 1200,
            "afdelinger": ["Afd. 1", "Afd. 2"],  # as written the one way
        }
    ]
    secretariat = cast.client("secretariat").get(f"/api/v1/plans/{cast.plan.pk}").json()
    assert secretariat["my_roles"] == ["secretariat"]
    assert secretariat["can_write"] is True


def test_it_answers_404_for_another_plan_and_for_a_missing_one(cast: Cast) -> None:
    client = cast.client("outsider")
    for url in [f"/api/v1/plans/{cast.plan.pk}", "/api/v1/plans/99999"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Ikke fundet"}


# --- GET/POST /plans/{id}/bodies -----------------------------------------------------------------------------


def test_it_lists_the_bodies_of_a_plan_with_their_current_member_count(cast: Cast) -> None:
    assert cast.staff_user.person is not None
    services.membership_create(
        actor=None,
        body=cast.group,
        person=cast.staff_user.person,
        plan=cast.plan,
        representation=R.STAFF,
        start=dt.date(2020, 1, 1),
        end=dt.date(2021, 1, 1),
    )
    services.body_create(actor=None, plan=cast.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="A-formøde")
    data = cast.client("viewer").get(_bodies_url(cast)).json()
    assert [(b["kind"], b["name"], b["member_count"]) for b in data] == [
        ("board", "Bestyrelsen", 1),
        ("secretariat", "Sekretariatet", 1),
        ("steering_group", "Styregruppe 1", 1),
        ("pre_meeting_group", "A-formøde", 0),
    ]
    assert data[2]["kind_label"] == "Styregruppe"
    assert data[2]["plan_id"] == cast.plan.pk


def test_it_lists_a_secretariat_that_serves_the_plan_from_another_plan(cast: Cast) -> None:
    other_secretariat = cast.other_plan.bodies.get(kind=Body.Kind.SECRETARIAT)
    other_secretariat.also_serves.add(cast.plan)
    data = cast.client("board").get(_bodies_url(cast)).json()
    serving = [b for b in data if b["id"] == other_secretariat.pk]
    assert serving[0]["plan_id"] == cast.other_plan.pk
    assert serving[0]["also_serves"] == [cast.plan.pk]


def test_it_answers_404_to_outsiders_reading_bodies(cast: Cast) -> None:
    response = cast.client("outsider").get(_bodies_url(cast))
    assert response.status_code == 404


def test_it_lists_bodies_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    assert cast.staff_user.person is not None
    client = cast.client("board")
    with CaptureQueriesContext(connection) as few:
        client.get(_bodies_url(cast))
    area = EffortArea.objects.create(name="Testområde 1")
    for n in range(4):
        body = services.body_create(
            actor=None, plan=cast.plan, kind=Body.Kind.STEERING_GROUP, name=f"Gruppe {n}", effort_area=area
        )
        services.membership_create(
            actor=None, body=body, person=cast.staff_user.person, plan=cast.plan, representation=R.STAFF
        )
    with django_assert_num_queries(len(few)):
        response = client.get(_bodies_url(cast))
    assert len(response.json()) == 7


def test_it_lets_the_secretariat_create_a_body(cast: Cast) -> None:
    area = EffortArea.objects.create(name="Testområde 2")
    response = post_json(
        cast.client("secretariat"),
        _bodies_url(cast),
        {
            "kind": "steering_group",
            "name": "Styregruppe for uddannelse",
            "effort_area_id": area.pk,
            "responsibility": "Delaftalen om uddannelse",
            "party_id": cast.municipality.pk,
        },
    )
    assert response.status_code == 201
    body = Body.objects.get(name="Styregruppe for uddannelse")
    assert (body.plan, body.kind, body.effort_area, body.party) == (
        cast.plan,
        Body.Kind.STEERING_GROUP,
        area,
        cast.municipality,
    )
    assert response.json() == {
        "id": body.pk,
        "plan_id": cast.plan.pk,
        "also_serves": [],
        "kind": "steering_group",
        "kind_label": "Styregruppe",
        "name": "Styregruppe for uddannelse",
        "effort_area": {"id": area.pk, "name": "Testområde 2"},
        "responsibility": "Delaftalen om uddannelse",
        "party": {"id": cast.municipality.pk, "name": "Testby Kommune"},
        "member_count": 0,
    }
    event = AuditEvent.objects.get(object_type="organisation.body", object_id=str(body.pk))
    assert (event.action, event.actor, event.plan) == ("create", cast.secretariat_user, cast.plan)


@pytest.mark.parametrize("role", ["board", "steering", "staff", "viewer"])
def test_it_answers_403_to_read_only_roles_creating_a_body(cast: Cast, role: str) -> None:
    before = db_state()
    response = post_json(cast.client(role), _bodies_url(cast), {"kind": "steering_group", "name": "Ny"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Du har ikke ret til dette"}
    assert db_state() == before


def test_it_answers_404_to_outsiders_creating_a_body_and_401_to_anonymous(cast: Cast) -> None:
    before = db_state()
    payload = {"kind": "steering_group", "name": "Ny"}
    assert post_json(cast.client("outsider"), _bodies_url(cast), payload).status_code == 404
    assert post_json(cast.client(None), _bodies_url(cast), payload).status_code == 401
    assert db_state() == before


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"kind": "board", "name": "Bestyrelse 2"}, "kind", "Helhedsplanen har allerede en bestyrelse."),
        ({"kind": "steering_group", "name": "styregruppe 1"}, "name", "Der findes allerede et organ med dette navn"),
        ({"kind": "steering_group", "name": "X", "effort_area_id": 999}, "effort_area_id", "999 findes ikke."),
        ({"kind": "steering_group", "name": "X", "party_id": 999}, "party_id", "999 findes ikke."),
        ({"kind": "committee", "name": "X"}, "kind", "Ukendt værdi"),
        ({"kind": "steering_group"}, "name", "Feltet skal udfyldes"),
        ({"kind": "steering_group", "name": "   "}, "name", "Feltet skal udfyldes"),
        ({"kind": "steering_group", "name": "X" * 201}, "name", "Teksten er for lang"),
    ],
)
def test_it_answers_422_to_an_invalid_body_and_changes_nothing(
    cast: Cast, payload: dict[str, Any], field: str, message: str
) -> None:
    before = db_state()
    response = post_json(cast.client("secretariat"), _bodies_url(cast), payload)
    assert response.status_code == 422
    errors = {e["field"]: e["msg"] for e in response.json()["detail"]}
    assert message in errors[field]
    assert " / " not in errors[field]  # in the request's language only, no English tail
    assert db_state() == before


def test_it_does_not_accept_a_party_from_another_plan(cast: Cast) -> None:
    police = services.organisation_create(actor=None, name="Politiet B", kind=Organisation.Kind.PARTNER)
    services.body_create(actor=None, plan=cast.other_plan, kind=Body.Kind.PRE_MEETING_GROUP, name="F", party=police)
    before = db_state()
    payload = {"kind": "pre_meeting_group", "name": "Formøde", "party_id": police.pk}
    response = post_json(cast.client("secretariat"), _bodies_url(cast), payload)
    assert response.status_code == 422
    assert db_state() == before


# --- GET /bodies/{id}/members --------------------------------------------------------------------------------


def test_it_lists_the_members_of_a_body(cast: Cast) -> None:
    assert cast.staff_user.person is not None
    services.membership_create(
        actor=None,
        body=cast.group,
        person=cast.staff_user.person,
        plan=cast.plan,
        role=Membership.Role.OBSERVER,
        representation=R.STAFF,
        start=dt.date(2020, 1, 1),
        end=dt.date(2021, 6, 30),
    )
    data = cast.client("board").get(f"/api/v1/bodies/{cast.group.pk}/members").json()
    assert [(m["person"]["name"], m["role_label"], m["is_current"]) for m in data] == [
        ("Stine Styregruppe", "Medlem", True),
        ("Mads Medarbejder", "Observatør", False),
    ]
    assert data[0]["representation"] == "resident"
    assert data[0]["representation_label"] == "Beboerrepræsentant"
    assert data[0]["person"]["email"] == "stine-styregruppe@example.dk"
    assert data[1]["start"] == "2020-01-01"
    assert data[1]["end"] == "2021-06-30"
    current = cast.client("board").get(f"/api/v1/bodies/{cast.group.pk}/members?current=true").json()
    assert [m["person"]["name"] for m in current] == ["Stine Styregruppe"]


def test_it_answers_404_to_outsiders_reading_members(cast: Cast) -> None:
    for body in [cast.group, cast.board, cast.secretariat]:
        assert cast.client("outsider").get(f"/api/v1/bodies/{body.pk}/members").status_code == 404
    assert cast.client("board").get("/api/v1/bodies/99999/members").status_code == 404
    assert cast.client("board").get(f"/api/v1/bodies/{cast.other_group.pk}/members").status_code == 404


def test_it_shows_the_members_of_a_secretariat_to_the_plans_it_serves(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)
    data = cast.client("outsider").get(f"/api/v1/bodies/{cast.secretariat.pk}/members").json()
    assert [m["person"]["name"] for m in data] == ["Sara Sekretær"]


def test_it_lists_members_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("board")
    url = f"/api/v1/bodies/{cast.group.pk}/members"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    municipality_dept = services.organisation_create(
        actor=None,
        name="Forvaltningen",
        kind=Organisation.Kind.MUNICIPALITY,
        unit="department",
        parent=cast.municipality,
    )
    for n in range(5):
        person = services.person_create(actor=None, name=f"Person {n}", organisation=municipality_dept)
        services.membership_create(actor=None, body=cast.group, person=person, plan=cast.plan, representation=R.STAFF)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.json()) == 6
    assert response.json()[1]["person"]["organisation"]["name"] == "Testby Kommune: Forvaltningen"


# --- GET/POST /plans/{id}/activities -------------------------------------------------------------------------


def test_it_lists_activities_with_what_the_user_may_edit(cast: Cast) -> None:
    data = cast.client("staff").get(_activities_url(cast)).json()
    assert [(a["name"], a["can_edit"]) for a in data] == [("Jobcafé", False), ("Lektiecafé", True)]
    assert data[1]["responsible"]["name"] == "Mads Medarbejder"
    assert data[1]["steering_group"] == {
        "id": cast.group.pk,
        "name": "Styregruppe 1",
        "kind": "steering_group",
        "kind_label": "Styregruppe",
    }
    steering = cast.client("steering").get(_activities_url(cast)).json()
    assert [a["can_edit"] for a in steering] == [True, True]


def test_it_answers_404_to_outsiders_reading_activities(cast: Cast) -> None:
    assert cast.client("outsider").get(_activities_url(cast)).status_code == 404


def test_it_lists_activities_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("secretariat")
    with CaptureQueriesContext(connection) as few:
        client.get(_activities_url(cast))
    partner = services.organisation_create(actor=None, name="Klubben", kind=Organisation.Kind.PARTNER)
    for n in range(5):
        services.activity_create(
            actor=None,
            plan=cast.plan,
            name=f"Indsats {n}",
            steering_group=cast.group,
            responsible=cast.staff_user.person,
            partners=[partner, cast.housing],
        )
    with django_assert_num_queries(len(few)):
        response = client.get(_activities_url(cast))
    assert len(response.json()) == 7


def test_it_lets_the_secretariat_create_an_activity(cast: Cast) -> None:
    assert cast.staff_user.person is not None
    partner = services.organisation_create(actor=None, name="Ungdomsklubben", kind=Organisation.Kind.PARTNER)
    services.activity_update(actor=None, activity=cast.other_activity, partners=[partner])
    response = post_json(
        cast.client("secretariat"),
        _activities_url(cast),
        {
            "name": "Fritidsjob",
            "description": "Unge i fritidsjob",
            "steering_group_id": cast.group.pk,
            "responsible_id": cast.staff_user.person.pk,
            "partner_ids": [partner.pk, cast.housing.pk],
            "start": "2025-01-01",
            "end": "2026-06-30",
        },
    )
    assert response.status_code == 201
    activity = Activity.objects.get(name="Fritidsjob")
    assert activity.plan == cast.plan
    assert activity.steering_group == cast.group
    assert activity.responsible == cast.staff_user.person
    assert set(activity.partners.all()) == {partner, cast.housing}
    assert (activity.start, activity.end) == (dt.date(2025, 1, 1), dt.date(2026, 6, 30))
    data = response.json()
    assert data["id"] == activity.pk
    assert data["name"] == "Fritidsjob"
    assert data["description"] == "Unge i fritidsjob"
    assert data["start"] == "2025-01-01"
    assert data["end"] == "2026-06-30"
    assert sorted(p["name"] for p in data["partners"]) == ["Testbo", "Ungdomsklubben"]
    assert data["can_edit"] is True
    event = AuditEvent.objects.get(object_type="organisation.activity", object_id=str(activity.pk))
    assert (event.action, event.actor, event.plan) == ("create", cast.secretariat_user, cast.plan)
    assert event.changes["name"] == "Fritidsjob"


def test_it_lets_a_steering_group_member_create_an_activity_in_their_own_group(cast: Cast) -> None:
    response = post_json(
        cast.client("steering"), _activities_url(cast), {"name": "Naboskabsfest", "steering_group_id": cast.group.pk}
    )
    assert response.status_code == 201
    assert response.json()["steering_group"]["name"] == "Styregruppe 1"
    assert Activity.objects.get(name="Naboskabsfest").steering_group == cast.group
    assert AuditEvent.objects.filter(actor=cast.steering_user, action="create").count() == 1


def test_it_answers_403_to_a_steering_group_member_creating_in_another_group(cast: Cast) -> None:
    group_2 = services.body_create(actor=None, plan=cast.plan, kind=Body.Kind.STEERING_GROUP, name="Styregruppe 2")
    before = db_state()
    for group_id in [group_2.pk, cast.other_group.pk, 99999]:
        response = post_json(
            cast.client("steering"), _activities_url(cast), {"name": "Fremmed", "steering_group_id": group_id}
        )
        assert response.status_code == 403
    assert db_state() == before


def test_it_asks_a_steering_group_member_to_choose_their_group(cast: Cast) -> None:
    before = db_state()
    response = post_json(cast.client("steering"), _activities_url(cast), {"name": "Uden gruppe"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "steering_group_id"
    assert db_state() == before


@pytest.mark.parametrize("role", ["board", "staff", "viewer"])
def test_it_answers_403_to_read_only_roles_creating_an_activity(cast: Cast, role: str) -> None:
    before = db_state()
    response = post_json(cast.client(role), _activities_url(cast), {"name": "Ny", "steering_group_id": cast.group.pk})
    assert response.status_code == 403
    assert db_state() == before


def test_it_answers_404_to_outsiders_creating_an_activity_and_401_to_anonymous(cast: Cast) -> None:
    before = db_state()
    payload = {"name": "Ny", "steering_group_id": cast.group.pk}
    assert post_json(cast.client("outsider"), _activities_url(cast), payload).status_code == 404
    assert post_json(cast.client(None), _activities_url(cast), payload).status_code == 401
    assert db_state() == before


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "X", "steering_group_id": 99999}, "steering_group_id", "99999 findes ikke."),
        ({"name": "X", "steering_group_id": "other_group"}, "steering_group_id", "Styregruppen findes ikke i denne"),
        ({"name": "X", "steering_group_id": "board"}, "steering_group_id", "Styregruppen findes ikke i denne"),
        ({"name": "X", "start": "2025-06-01", "end": "2025-01-01"}, "end", "Slutdatoen skal ligge efter startdatoen."),
        ({"name": "lektiecafé"}, "name", "Der findes allerede en indsats med dette navn i planen."),
        ({"name": "X", "responsible_id": 99999}, "responsible_id", "99999 findes ikke."),
        ({"name": "X", "responsible_id": "outsider"}, "responsible_id", "Personen findes ikke"),
        ({"name": "X", "partner_ids": [99999]}, "partner_ids", "99999 findes ikke."),
        ({"name": "X", "start": "1. maj"}, "start", "Skal være en dato (ÅÅÅÅ-MM-DD)"),
        ({"name": "X", "start": 0}, "start", "Skal være en dato (ÅÅÅÅ-MM-DD)"),
        ({"name": "X", "steering_group_id": "abc"}, "steering_group_id", "Skal være et heltal"),
        ({"description": "uden navn"}, "name", "Feltet skal udfyldes"),
    ],
)
def test_it_answers_422_to_an_invalid_activity_and_changes_nothing(
    cast: Cast, payload: dict[str, Any], field: str, message: str
) -> None:
    ids = {"other_group": cast.other_group.pk, "board": cast.board.pk, "outsider": cast.outsider.person_id}
    for key in ("steering_group_id", "responsible_id"):
        if payload.get(key) in ids:
            payload = {**payload, key: ids[payload[key]]}
    before = db_state()
    response = post_json(cast.client("secretariat"), _activities_url(cast), payload)
    assert response.status_code == 422
    errors = {e["field"]: e["msg"] for e in response.json()["detail"]}
    assert message in errors[field]
    assert db_state() == before


def test_it_reports_every_invalid_field_at_once(cast: Cast) -> None:
    response = post_json(
        cast.client("secretariat"),
        _activities_url(cast),
        {"name": "X", "steering_group_id": cast.other_group.pk, "start": "2025-06-01", "end": "2025-01-01"},
    )
    assert {e["field"] for e in response.json()["detail"]} == {"steering_group_id", "end"}


# --- GET /organisations --------------------------------------------------------------------------------------


def test_it_lists_the_organisations_of_the_users_plans(cast: Cast) -> None:
    department = services.organisation_create(
        actor=None, name="Skoleforvaltningen", kind="municipality", unit="department", parent=cast.municipality
    )
    partner_a = services.organisation_create(actor=None, name="Klub A", kind=Organisation.Kind.PARTNER)
    partner_b = services.organisation_create(actor=None, name="Klub B", kind=Organisation.Kind.PARTNER)
    services.activity_update(actor=None, activity=cast.activity, partners=[partner_a])
    services.activity_create(actor=None, plan=cast.other_plan, name="B-indsats", partners=[partner_b])
    board = {o["full_name"] for o in cast.client("board").get("/api/v1/organisations").json()}
    outsider = {o["full_name"] for o in cast.client("outsider").get("/api/v1/organisations").json()}
    assert board == {"Testby Kommune", "Testby Kommune: Skoleforvaltningen", "Testbo", "Klub A"}
    assert outsider == {"Testby Kommune", "Testby Kommune: Skoleforvaltningen", "Testbo", "Klub B"}
    partners = cast.client("board").get("/api/v1/organisations?kind=partner").json()
    assert partners == [
        {
            "id": partner_a.pk,
            "name": "Klub A",
            "full_name": "Klub A",
            "kind": "partner",
            "kind_label": "Samarbejdspartner",
            "unit": "main",
            "unit_label": "Hovedorganisation",
            "parent_id": None,
        }
    ]
    assert department.pk in {o["id"] for o in cast.client("viewer").get("/api/v1/organisations").json()}


def test_it_lists_no_organisations_to_a_user_without_plans(cast: Cast) -> None:
    from entydig.accounts.models import User

    lonely = User.objects.create_user(username="lonely", password="x")
    assert token_client(lonely).get("/api/v1/organisations").json() == []


def test_it_lists_organisations_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("board")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/organisations")
    for n in range(5):
        services.organisation_create(
            actor=None, name=f"Enhed {n}", kind="municipality", unit="department", parent=cast.municipality
        )
    with django_assert_num_queries(len(few)):
        response = client.get("/api/v1/organisations")
    assert len(response.json()) == 7


# --- GET /persons/{id} ---------------------------------------------------------------------------------------


def test_it_shows_a_person_with_their_seats_in_the_users_plans_only(cast: Cast) -> None:
    stine = cast.steering_user.person
    assert stine is not None
    services.membership_create(
        actor=None, body=cast.other_group, person=stine, plan=cast.other_plan, representation=R.RESIDENT
    )
    data = cast.client("board").get(f"/api/v1/persons/{stine.pk}").json()
    assert data["name"] == "Stine Styregruppe"
    assert data["email"] == "stine-styregruppe@example.dk"
    assert [(s["body"]["name"], s["role_label"], s["representation_label"]) for s in data["seats"]] == [
        ("Styregruppe 1", "Medlem", "Beboerrepræsentant")
    ]
    both = cast.client("steering").get(f"/api/v1/persons/{stine.pk}").json()
    assert [s["body"]["name"] for s in both["seats"]] == ["Styregruppe 1", "Styregruppe B"]


def test_it_shows_the_activities_a_person_is_responsible_for(cast: Cast) -> None:
    assert cast.staff_user.person is not None
    data = cast.client("viewer").get(f"/api/v1/persons/{cast.staff_user.person.pk}").json()
    assert data["responsible_for"] == [{"id": cast.activity.pk, "plan_id": cast.plan.pk, "name": "Lektiecafé"}]
    assert data["seats"] == []


def test_it_answers_404_for_a_person_outside_the_users_plans(cast: Cast) -> None:
    assert cast.board_user.person is not None and cast.outsider.person is not None
    assert cast.client("outsider").get(f"/api/v1/persons/{cast.board_user.person.pk}").status_code == 404
    assert cast.client("board").get(f"/api/v1/persons/{cast.outsider.person.pk}").status_code == 404
    assert cast.client("board").get("/api/v1/persons/99999").status_code == 404


def test_it_shows_a_person_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    stine = cast.steering_user.person
    assert stine is not None
    client = cast.client("steering")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/v1/persons/{stine.pk}")
    for n in range(4):
        for plan in (cast.plan, cast.other_plan):
            body = services.body_create(
                actor=None, plan=plan, kind=Body.Kind.SECRETARIAT, name=f"Sekretariat {n}", also_serves=[cast.plan]
            )
            services.membership_create(actor=None, body=body, person=stine, plan=plan, representation=R.STAFF)
            services.activity_create(actor=None, plan=plan, name=f"Indsats {n}", responsible=stine)
    with django_assert_num_queries(len(few)):
        response = client.get(f"/api/v1/persons/{stine.pk}")
    assert len(response.json()["seats"]) == 9
    assert len(response.json()["responsible_for"]) == 8


# --- Authentication ------------------------------------------------------------------------------------------


def test_it_accepts_a_token_for_reads_and_writes_without_csrf(cast: Cast) -> None:
    client = token_client(cast.secretariat_user)
    assert [p["name"] for p in client.get("/api/v1/plans").json()] == ["Plan A"]
    client.handler.enforce_csrf_checks = True
    response = post_json(client, _activities_url(cast), {"name": "Via nøgle"})
    assert response.status_code == 201
    assert AuditEvent.objects.get(object_repr="Via nøgle").actor == cast.secretariat_user


def test_it_refuses_a_session_post_without_a_csrf_token(cast: Cast) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.secretariat_user)
    before = db_state()
    response = post_json(client, _activities_url(cast), {"name": "Uden CSRF"})
    assert response.status_code == 403
    assert db_state() == before
    client.get("/api/v1/plans")  # the session page sets no cookie; take the token from the CSRF cookie set below
    client.get("/accounts/profile/")
    token = client.cookies["csrftoken"].value
    response = post_json(client, _activities_url(cast), {"name": "Med CSRF"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert Activity.objects.filter(name="Med CSRF").exists()


def test_it_answers_401_to_a_wrong_token(cast: Cast) -> None:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION="Bearer ent_not-a-token")
    assert client.get("/api/v1/plans").status_code == 401
    before = db_state()
    assert post_json(client, _activities_url(cast), {"name": "X"}).status_code == 401
    assert db_state() == before


def test_it_answers_401_to_the_session_of_a_deactivated_user(cast: Cast) -> None:
    client = cast.client("secretariat")
    assert client.get("/api/v1/plans").status_code == 200
    cast.secretariat_user.is_active = False
    cast.secretariat_user.save()
    before = db_state()
    assert client.get("/api/v1/plans").status_code == 401
    assert post_json(client, _activities_url(cast), {"name": "X"}).status_code == 401
    assert db_state() == before


def test_it_answers_422_to_an_id_beyond_64_bits_and_changes_nothing(cast: Cast) -> None:
    before = db_state()
    response = post_json(cast.client("secretariat"), _activities_url(cast), {"name": "X", "partner_ids": [2**70]})
    assert response.status_code == 422
    # PostgreSQL looks the id up and finds nothing; SQLite cannot even bind it: both answer with a message.
    message = response.json()["detail"][0]["msg"]
    assert "Et tal er uden for det gyldige område" in message or "1180591620717411303424 findes ikke." in message
    assert db_state() == before
