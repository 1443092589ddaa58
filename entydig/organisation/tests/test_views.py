"""The organisation pages: who may see and change what, what each page shows, and fixed query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.organisation import services
from entydig.organisation.models import Activity, Area, Body, Membership, Organisation, Plan
from entydig.organisation.tests.helpers import db_state, grow

R = Membership.Representation
ROLE = Membership.Role


def _membership(cast: Cast) -> Membership:
    return cast.board.memberships.get()


def _area(cast: Cast) -> Area:
    return services.area_create(actor=None, plan=cast.plan, name="Nordby", code="nordby", residents=1200)


# Pages anyone with a role in the plan may read: name -> (url builder, text the page shows).
READ_PAGES: dict[str, tuple[Callable[[Cast], str], str]] = {
    "plan": (lambda c: reverse("organisation:plan", args=[c.plan.pk]), "Plan A"),
    "chart": (lambda c: reverse("organisation:chart", args=[c.plan.pk]), "Råd om organiseringen"),
    "body": (lambda c: reverse("organisation:body", args=[c.plan.pk, c.group.pk]), "Stine Styregruppe"),
    "activity": (lambda c: reverse("organisation:activity", args=[c.plan.pk, c.activity.pk]), "Mads Medarbejder"),
    "organisations": (lambda c: reverse("organisation:organisations", args=[c.plan.pk]), "Testby Kommune"),
}

# Pages and actions only the secretariat may use: name -> (url builder, valid POST data builder).
WRITE_VIEWS: dict[str, tuple[Callable[[Cast], str], Callable[[Cast], dict[str, Any]]]] = {
    "plan_edit": (
        lambda c: reverse("organisation:plan_edit", args=[c.plan.pk]),
        lambda c: {
            "name": "Hacket",
            "status": "active",
            "period_start": "2024-01-01",
            "period_end": "2027-12-31",
            "municipality": c.municipality.pk,
            "housing_organisations": [c.housing.pk],
        },
    ),
    "area_create": (
        lambda c: reverse("organisation:area_create", args=[c.plan.pk]),
        lambda c: {"name": "Hacket", "code": "hacket"},
    ),
    "organisation_create": (
        lambda c: reverse("organisation:organisation_create", args=[c.plan.pk]),
        lambda c: {"name": "Hacket", "kind": "partner", "unit": "association"},
    ),
    "organisation_edit": (
        lambda c: reverse("organisation:organisation_edit", args=[c.plan.pk, c.housing.pk]),
        lambda c: {"name": "Hacket", "kind": "housing", "unit": "main"},
    ),
    "body_create": (
        lambda c: reverse("organisation:body_create", args=[c.plan.pk]),
        lambda c: {"name": "Hacket", "kind": "steering_group"},
    ),
    "body_edit": (
        lambda c: reverse("organisation:body_edit", args=[c.plan.pk, c.group.pk]),
        lambda c: {"name": "Hacket", "kind": "steering_group"},
    ),
    "body_delete": (lambda c: reverse("organisation:body_delete", args=[c.plan.pk, c.group.pk]), lambda c: {}),
    "membership_create": (
        lambda c: reverse("organisation:membership_create", args=[c.plan.pk, c.board.pk]),
        lambda c: {"new_name": "Hacket", "role": "member", "representation": "partner"},
    ),
    "membership_edit": (
        lambda c: reverse("organisation:membership_edit", args=[c.plan.pk, c.board.pk, _membership(c).pk]),
        lambda c: {"role": "observer", "representation": "partner"},
    ),
    "membership_end": (
        lambda c: reverse("organisation:membership_end", args=[c.plan.pk, c.board.pk, _membership(c).pk]),
        lambda c: {"end": "2026-01-01"},
    ),
    "membership_delete": (
        lambda c: reverse("organisation:membership_delete", args=[c.plan.pk, c.board.pk, _membership(c).pk]),
        lambda c: {},
    ),
    "activity_delete": (
        lambda c: reverse("organisation:activity_delete", args=[c.plan.pk, c.activity.pk]),
        lambda c: {},
    ),
    "log": (lambda c: reverse("organisation:log", args=[c.plan.pk]), lambda c: {}),
}


@pytest.mark.parametrize("name", READ_PAGES)
def test_it_sends_anonymous_users_to_log_in(cast: Cast, name: str) -> None:
    url = READ_PAGES[name][0](cast)
    response = cast.client(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", [*READ_PAGES, *WRITE_VIEWS])
def test_it_answers_404_to_users_of_other_plans_and_changes_nothing(cast: Cast, name: str) -> None:
    url = (READ_PAGES.get(name) or WRITE_VIEWS[name])[0](cast)
    before = db_state()
    client = cast.client("outsider")
    if not name.endswith("_delete"):
        assert client.get(url).status_code == 404
    data = WRITE_VIEWS[name][1](cast) if name in WRITE_VIEWS else {}
    assert client.post(url, data).status_code == 404
    assert db_state() == before


@pytest.mark.parametrize("role", ["board", "steering", "staff", "viewer", "secretariat"])
@pytest.mark.parametrize("name", READ_PAGES)
def test_it_shows_the_pages_to_every_role_in_the_plan(cast: Cast, name: str, role: str) -> None:
    url, text = READ_PAGES[name][0](cast), READ_PAGES[name][1]
    response = cast.client(role).get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize("role", ["board", "viewer", "steering", "staff"])
@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_it_refuses_writes_to_read_only_roles_even_when_crafted(cast: Cast, name: str, role: str) -> None:
    url, data = WRITE_VIEWS[name][0](cast), WRITE_VIEWS[name][1](cast)
    client = cast.client(role)
    before = db_state()
    if not name.endswith("_delete"):
        assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert db_state() == before


@pytest.mark.parametrize("role", ["board", "viewer"])
def test_it_hides_write_buttons_from_read_only_roles(cast: Cast, role: str) -> None:
    body = cast.client(role).get(reverse("organisation:body", args=[cast.plan.pk, cast.board.pk])).content.decode()
    chart = cast.client(role).get(reverse("organisation:chart", args=[cast.plan.pk])).content.decode()
    assert "Tilføj medlem" not in body
    assert "Ret organet" not in body
    assert "Nyt organ" not in chart
    assert "Ændringslog" not in chart


# --- Plan ---------------------------------------------------------------------------------------------------


def test_it_shows_the_plan_overview_with_areas_numbers_and_advice(cast: Cast) -> None:
    _area(cast)
    page = cast.client("board").get(reverse("organisation:plan", args=[cast.plan.pk])).content.decode()
    assert "Testby Kommune" in page and "Testbo" in page
    assert "01.01.2024" in page and "31.12.2027" in page
    assert "Nordby" in page and "1.200" in page  # Danish thousands separator
    assert "Aktiv" in page
    assert "råd om organiseringen" in page
    assert "Indsatsen Jobcafé har ingen ansvarlig" in page
    assert reverse("organisation:chart", args=[cast.plan.pk]) + "#raad" in page


def test_it_lets_a_secretariat_create_a_plan_with_a_board_served_by_its_secretariat(cast: Cast) -> None:
    client = cast.client("secretariat")
    page = client.get(reverse("organisation:plan_create")).content.decode()
    assert "Ny helhedsplan" in page
    response = client.post(
        reverse("organisation:plan_create"),
        {
            "name": "Ny plan",
            "status": "preparation",
            "period_start": "2026-01-01",
            "period_end": "2029-12-31",
            "new_municipality": "Nyby Kommune",
            "housing_organisations": [cast.housing.pk],
            "secretariat": cast.secretariat.pk,
        },
    )
    plan = Plan.objects.get(name="Ny plan")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.municipality.name == "Nyby Kommune"
    assert plan.bodies.filter(kind=Body.Kind.BOARD).count() == 1
    assert cast.secretariat.also_serves.filter(pk=plan.pk).exists()
    assert AuditEvent.objects.filter(
        plan=plan, action="create", object_repr="Ny plan", actor=cast.secretariat_user
    ).exists()
    assert "Ny plan" in client.get(plan.get_absolute_url()).content.decode()


def test_it_refuses_plan_creation_to_users_who_are_secretariat_nowhere(cast: Cast) -> None:
    before = db_state()
    for role in ("board", "viewer", "steering"):
        client = cast.client(role)
        assert client.get(reverse("organisation:plan_create")).status_code == 403
        data = {"name": "X", "status": "active", "period_start": "2026-01-01", "period_end": "2027-01-01"}
        assert client.post(reverse("organisation:plan_create"), {**data, "new_municipality": "X"}).status_code == 403
    assert db_state() == before


def test_it_rejects_a_plan_that_ends_before_it_starts_and_saves_nothing(cast: Cast) -> None:
    before = db_state()
    response = cast.client("secretariat").post(
        reverse("organisation:plan_edit", args=[cast.plan.pk]),
        {
            "name": "Plan A",
            "status": "active",
            "period_start": "2027-01-01",
            "period_end": "2026-01-01",
            "municipality": cast.municipality.pk,
            "housing_organisations": [cast.housing.pk],
        },
    )
    assert response.status_code == 200
    assert "Slutdatoen skal ligge efter startdatoen." in response.content.decode()
    assert db_state() == before


def test_it_lets_the_secretariat_edit_the_plan_and_records_the_change(cast: Cast) -> None:
    url = reverse("organisation:plan_edit", args=[cast.plan.pk])
    response = cast.client("secretariat").post(
        url,
        {
            "name": "Plan A 2.0",
            "status": "ended",
            "period_start": "2024-01-01",
            "period_end": "2027-12-31",
            "municipality": cast.municipality.pk,
            "housing_organisations": [cast.housing.pk],
        },
    )
    assert response.status_code == 302
    cast.plan.refresh_from_db()
    assert cast.plan.name == "Plan A 2.0" and cast.plan.status == "ended"
    event = AuditEvent.objects.filter(plan=cast.plan, action="update").latest("id")
    assert event.changes["name"] == ["Plan A", "Plan A 2.0"]


def test_it_shows_the_new_plan_button_on_the_home_page_only_to_the_secretariat(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)  # two plans: the home page lists them
    assert "Ny helhedsplan" in cast.client("secretariat").get("/").content.decode()
    cast.plan.grants.update(plan=cast.other_plan)
    from entydig.organisation.models import PlanGrant

    PlanGrant.objects.create(user=cast.viewer_user, plan=cast.plan)
    page = cast.client("viewer").get("/").content.decode()
    assert "Plan A" in page and "Plan B" in page
    assert "Ny helhedsplan" not in page


# --- Areas and organisations --------------------------------------------------------------------------------


def test_it_lets_the_secretariat_add_edit_and_delete_an_area(cast: Cast) -> None:
    client = cast.client("secretariat")
    client.post(
        reverse("organisation:area_create", args=[cast.plan.pk]),
        {"name": "Sydby", "code": "sydby", "residents": "800", "afdelinger": "Afd. 1"},
    )
    area = cast.plan.areas.get(code="sydby")
    assert area.residents == 800
    client.post(
        reverse("organisation:area_edit", args=[cast.plan.pk, area.pk]),
        {"name": "Sydby Øst", "code": "sydby", "residents": "810"},
    )
    area.refresh_from_db()
    assert area.name == "Sydby Øst"
    client.post(reverse("organisation:area_delete", args=[cast.plan.pk, area.pk]))
    assert not cast.plan.areas.exists()
    assert AuditEvent.objects.filter(plan=cast.plan, object_type="organisation.area").count() == 3


def test_it_refuses_an_area_code_used_twice_in_a_plan(cast: Cast) -> None:
    _area(cast)
    response = cast.client("secretariat").post(
        reverse("organisation:area_create", args=[cast.plan.pk]), {"name": "Anden", "code": "nordby"}
    )
    assert "Koden bruges allerede" in response.content.decode()
    assert cast.plan.areas.count() == 1


def test_it_lets_the_secretariat_add_an_organisation_unit(cast: Cast) -> None:
    cast.client("secretariat").post(
        reverse("organisation:organisation_create", args=[cast.plan.pk]),
        {"name": "Skoleforvaltningen", "kind": "municipality", "unit": "department", "parent": cast.municipality.pk},
    )
    unit = Organisation.objects.get(name="Skoleforvaltningen")
    assert unit.parent == cast.municipality
    page = cast.client("board").get(reverse("organisation:organisations", args=[cast.plan.pk])).content.decode()
    assert "Skoleforvaltningen" in page and "Forvaltning" in page


def test_it_refuses_a_unit_of_another_kind_than_its_parent(cast: Cast) -> None:
    before = db_state()
    response = cast.client("secretariat").post(
        reverse("organisation:organisation_create", args=[cast.plan.pk]),
        {"name": "Forkert", "kind": "partner", "unit": "school", "parent": cast.municipality.pk},
    )
    assert "samme type" in response.content.decode()
    assert db_state() == before


# --- Chart --------------------------------------------------------------------------------------------------


def test_it_draws_the_chart_with_levels_people_responsibilities_and_advice(cast: Cast) -> None:
    assert cast.board_user.person is not None
    pre = services.body_create(
        actor=None, plan=cast.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Tværforvaltningsgruppen"
    )
    services.membership_create(
        actor=None, body=pre, person=cast.board_user.person, plan=cast.plan, representation=R.MUNICIPAL_DEPARTMENT
    )
    page = cast.client("viewer").get(reverse("organisation:chart", args=[cast.plan.pk])).content.decode()
    board, secretariat, group = page.index("Bestyrelsen"), page.index("Sekretariatet"), page.index("Styregruppe 1")
    assert board < secretariat < group
    assert "Tværforvaltningsgruppen" in page
    assert "Den strategiske samarbejdsaftale" in page  # the board's responsibility
    assert "Sara Sekretær" in page and "Sekretariatsleder" in page
    assert "Stine Styregruppe" in page and "Beboerrepræsentant" in page
    assert page.index("Lektiecafé") > group and "Mads Medarbejder" in page
    assert "Sekretariatslederen Sara Sekretær deltager ikke i" in page
    assert "Hvorfor:" in page and "Det kan I gøre:" in page


def test_it_draws_a_secretariat_that_serves_the_plan_from_another_plan(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)
    client = cast.client("outsider")  # a user of plan B only
    page = client.get(reverse("organisation:chart", args=[cast.other_plan.pk])).content.decode()
    assert "Sekretariatet" in page and "Sara Sekretær" in page and "Fælles sekretariat" in page
    assert "Plan A" not in page  # the home plan is not the reader's to know
    assert reverse("organisation:body", args=[cast.other_plan.pk, cast.secretariat.pk]) in page
    body = client.get(reverse("organisation:body", args=[cast.other_plan.pk, cast.secretariat.pk])).content.decode()
    assert "Sara Sekretær" in body and "Plan A" not in body


@pytest.mark.parametrize(
    "url_name",
    ["organisation:chart", "organisation:plan"],
)
def test_it_loads_the_plan_pages_with_a_fixed_number_of_queries(cast: Cast, url_name: str) -> None:
    client = cast.client("secretariat")
    url = reverse(url_name, args=[cast.plan.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    grow(cast.plan, 2)
    middle = count()
    grow(cast.plan, 5)
    assert "Vækstindsats" in client.get(url).content.decode() or url_name == "organisation:plan"
    assert count() == middle == small


# --- Bodies and memberships ---------------------------------------------------------------------------------


def test_it_shows_a_body_with_members_responsibility_and_activities(cast: Cast) -> None:
    services.body_update(actor=None, body=cast.group, plan=cast.plan, responsibility="Gennemførelse af delaftalen")
    page = cast.client("board").get(reverse("organisation:body", args=[cast.plan.pk, cast.group.pk])).content.decode()
    assert "Stine Styregruppe" in page and "Beboerrepræsentant" in page and "Medlem" in page
    assert "Gennemførelse af delaftalen" in page
    assert "Lektiecafé" in page and "Jobcafé" in page


def test_it_shows_the_plans_a_secretariat_serves_but_only_those_the_viewer_sees(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)
    url = reverse("organisation:body", args=[cast.plan.pk, cast.secretariat.pk])
    mine = cast.client("secretariat").get(url).content.decode()
    assert "Plan A" in mine and "Plan B" in mine
    board = cast.client("board").get(url).content.decode()
    assert "Betjener helhedsplanerne" in board and "Plan B" not in board


def test_it_shows_ended_members_apart_with_their_dates(cast: Cast) -> None:
    services.membership_update(
        actor=None, membership=_membership(cast), plan=cast.plan, start=dt.date(2024, 1, 1), end=dt.date(2025, 6, 30)
    )
    page = cast.client("secretariat").get(reverse("organisation:body", args=[cast.plan.pk, cast.board.pk]))
    text = page.content.decode()
    assert "Tidligere og kommende medlemmer" in text and "30.06.2025" in text


def test_it_loads_the_body_page_with_a_fixed_number_of_queries(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("organisation:body", args=[cast.plan.pk, cast.group.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    small = count()
    for i in range(5):
        person = services.person_create(actor=None, name=f"Ekstra {i}")
        services.membership_create(actor=None, body=cast.group, person=person, plan=cast.plan, representation=R.STAFF)
        services.activity_create(actor=None, plan=cast.plan, name=f"Ekstra {i}", steering_group=cast.group)
    assert count() == small


def test_it_lets_the_secretariat_create_a_steering_group(cast: Cast) -> None:
    response = cast.client("secretariat").post(
        reverse("organisation:body_create", args=[cast.plan.pk]),
        {"name": "Styregruppen for job", "kind": "steering_group", "responsibility": "Delaftalen om job"},
    )
    body = cast.plan.bodies.get(name="Styregruppen for job")
    assert response["Location"] == body.get_absolute_url()
    assert AuditEvent.objects.filter(plan=cast.plan, object_repr="Styregruppen for job", action="create").exists()


def test_it_does_not_offer_a_second_board(cast: Cast) -> None:
    before = db_state()
    response = cast.client("secretariat").post(
        reverse("organisation:body_create", args=[cast.plan.pk]), {"name": "Bestyrelse 2", "kind": "board"}
    )
    assert response.status_code == 200 and "Marker en gyldig valgmulighed" in response.content.decode()
    assert db_state() == before


def test_it_refuses_to_delete_the_board_with_a_clear_message(cast: Cast) -> None:
    client = cast.client("secretariat")
    before = db_state()
    response = client.post(reverse("organisation:body_delete", args=[cast.plan.pk, cast.board.pk]), follow=True)
    assert "En helhedsplan har altid én bestyrelse" in response.content.decode()
    assert db_state() == before


def test_it_deletes_a_steering_group(cast: Cast) -> None:
    cast.client("secretariat").post(reverse("organisation:body_delete", args=[cast.plan.pk, cast.group.pk]))
    assert not Body.objects.filter(pk=cast.group.pk).exists()
    assert AuditEvent.objects.filter(plan=cast.plan, action="delete", object_repr="Styregruppe 1").exists()


def test_it_lets_a_secretariat_serve_a_further_plan_it_writes(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)  # writes both now
    client = cast.client("secretariat")
    client.post(
        reverse("organisation:body_edit", args=[cast.plan.pk, cast.secretariat.pk]),
        {"name": "Sekretariatet", "kind": "secretariat", "also_serves": [cast.other_plan.pk]},
    )
    assert list(cast.secretariat.also_serves.all()) == [cast.other_plan]
    response = client.post(
        reverse("organisation:body_edit", args=[cast.plan.pk, cast.group.pk]),
        {"name": "Styregruppe 1", "kind": "steering_group", "also_serves": [cast.other_plan.pk]},
    )
    assert "Kun et sekretariat" in response.content.decode()


def test_it_lets_only_the_home_plans_secretariat_change_a_shared_secretariat(cast: Cast) -> None:
    assert cast.outsider.person is not None
    cast.secretariat.also_serves.add(cast.other_plan)
    cast.outsider.person.memberships.update(body=cast.other_group)  # outsider: steering group of plan B only
    from entydig.organisation.models import PlanGrant

    PlanGrant.objects.create(user=cast.outsider, plan=cast.other_plan, role=PlanGrant.Role.SECRETARIAT)
    before = db_state()
    url = reverse("organisation:body_edit", args=[cast.other_plan.pk, cast.secretariat.pk])
    assert cast.client("outsider").post(url, {"name": "Hacket", "kind": "secretariat"}).status_code == 403
    assert db_state() == before


def test_it_shows_the_change_buttons_of_a_shared_secretariat_only_to_its_home_plans_secretariat(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)
    from entydig.organisation.models import PlanGrant

    PlanGrant.objects.create(user=cast.outsider, plan=cast.other_plan, role=PlanGrant.Role.SECRETARIAT)
    edit = reverse("organisation:body_edit", args=[cast.other_plan.pk, cast.secretariat.pk])
    add = reverse("organisation:membership_create", args=[cast.other_plan.pk, cast.secretariat.pk])
    body = reverse("organisation:body", args=[cast.other_plan.pk, cast.secretariat.pk])
    served = cast.client("outsider").get(body).content.decode()
    assert "Et fælles sekretariat" in served and edit not in served and add not in served
    home = cast.client("secretariat").get(body).content.decode()
    assert edit in home and add in home


def test_it_links_a_shared_secretariat_seat_to_a_plan_the_viewer_can_open(cast: Cast) -> None:
    cast.secretariat.also_serves.add(cast.other_plan)
    membership = cast.secretariat.memberships.first()
    assert membership is not None
    leader = membership.person
    page = cast.client("outsider").get(reverse("organisation:person", args=[leader.pk])).content.decode()
    assert reverse("organisation:body", args=[cast.other_plan.pk, cast.secretariat.pk]) in page
    assert f'href="{cast.plan.get_absolute_url()}"' not in page


def test_it_adds_an_existing_person_and_a_new_person_as_members(cast: Cast) -> None:
    assert cast.staff_user.person is not None
    client = cast.client("secretariat")
    url = reverse("organisation:membership_create", args=[cast.plan.pk, cast.board.pk])
    page = client.get(url).content.decode()
    assert "Eller ny person: navn" in page
    client.post(
        url, {"person": cast.staff_user.person.pk, "role": "observer", "representation": "staff", "start": "2025-01-01"}
    )
    client.post(
        url,
        {
            "new_name": "Hanne Husleder",
            "new_email": "hanne@example.dk",
            "role": "vice_chair",
            "representation": "housing_leadership",
        },
    )
    members = {m.person.name: m for m in cast.board.memberships.select_related("person")}
    assert members["Mads Medarbejder"].role == "observer"
    assert members["Mads Medarbejder"].start == dt.date(2025, 1, 1)
    assert members["Hanne Husleder"].person.email == "hanne@example.dk"
    assert AuditEvent.objects.filter(
        plan=cast.plan, object_type="organisation.person", object_repr="Hanne Husleder"
    ).exists()


def test_it_asks_for_a_person_when_none_is_given(cast: Cast) -> None:
    before = db_state()
    response = cast.client("secretariat").post(
        reverse("organisation:membership_create", args=[cast.plan.pk, cast.board.pk]),
        {"role": "member", "representation": "staff"},
    )
    assert "Vælg en person, eller skriv navnet på en ny." in response.content.decode()
    assert db_state() == before


def test_it_edits_ends_and_removes_a_membership(cast: Cast) -> None:
    assert cast.staff_user.person is not None
    client = cast.client("secretariat")
    m = _membership(cast)
    args = [cast.plan.pk, cast.board.pk, m.pk]
    client.post(
        reverse("organisation:membership_edit", args=args),
        {"role": "chair", "representation": "municipal_leadership", "person": cast.staff_user.person.pk},
    )
    m.refresh_from_db()
    assert m.role == "chair" and m.person == cast.board_user.person  # the person of a seat does not change
    client.post(reverse("organisation:membership_end", args=args), {"end": "2026-03-31"})
    m.refresh_from_db()
    assert m.end == dt.date(2026, 3, 31)
    client.post(reverse("organisation:membership_delete", args=args))
    assert not Membership.objects.filter(pk=m.pk).exists()
    actions = list(
        AuditEvent.objects.filter(plan=cast.plan, object_type="organisation.membership").values_list(
            "action", flat=True
        )
    )
    assert actions[:3] == ["delete", "update", "update"]


def test_it_refuses_an_end_before_the_start(cast: Cast) -> None:
    m = _membership(cast)
    services.membership_update(actor=None, membership=m, plan=cast.plan, start=dt.date(2025, 1, 1))
    before = db_state()
    response = cast.client("secretariat").post(
        reverse("organisation:membership_end", args=[cast.plan.pk, cast.board.pk, m.pk]), {"end": "2024-01-01"}
    )
    assert "før medlemskabets start" in response.content.decode()
    assert db_state() == before


# --- Activities ---------------------------------------------------------------------------------------------


def test_it_shows_an_activity_with_its_group_responsible_partners_and_dates(cast: Cast) -> None:
    klub = services.organisation_create(actor=None, name="Klubben", kind=Organisation.Kind.PARTNER)
    services.activity_update(
        actor=None,
        activity=cast.activity,
        partners=[klub],
        description="Lektiehjælp",
        start=dt.date(2024, 3, 1),
        end=dt.date(2027, 6, 30),
    )
    page = cast.client("viewer").get(cast.activity.get_absolute_url()).content.decode()
    for text in (
        "Lektiecafé",
        "Lektiehjælp",
        "Styregruppe 1",
        "Mads Medarbejder",
        "Klubben",
        "01.03.2024",
        "30.06.2027",
    ):
        assert text in page
    assert "Ret indsatsen" not in page


def test_it_lets_a_steering_member_create_activities_only_in_their_own_group(cast: Cast) -> None:
    other = services.body_create(actor=None, plan=cast.plan, kind=Body.Kind.STEERING_GROUP, name="Styregruppe 2")
    client = cast.client("steering")
    url = reverse("organisation:activity_create", args=[cast.plan.pk])
    client.post(url, {"name": "Ny cafe", "steering_group": cast.group.pk})
    assert Activity.objects.get(name="Ny cafe").steering_group == cast.group
    before = db_state()
    response = client.post(url, {"name": "Snydt", "steering_group": other.pk})
    assert response.status_code == 200 and "Marker en gyldig valgmulighed" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("role", ["board", "viewer", "staff"])
def test_it_refuses_activity_creation_to_roles_without_a_group(cast: Cast, role: str) -> None:
    before = db_state()
    url = reverse("organisation:activity_create", args=[cast.plan.pk])
    client = cast.client(role)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Snydt", "steering_group": cast.group.pk}).status_code == 403
    assert db_state() == before


def test_it_lets_the_responsible_staff_edit_their_activity_but_not_others(cast: Cast) -> None:
    assert cast.staff_user.person is not None
    client = cast.client("staff")
    url = reverse("organisation:activity_edit", args=[cast.plan.pk, cast.activity.pk])
    data = {"name": "Lektiecafé", "description": "Nu også om lørdagen", "steering_group": cast.group.pk}
    assert client.post(url, {**data, "responsible": cast.staff_user.person.pk}).status_code == 302
    cast.activity.refresh_from_db()
    assert cast.activity.description == "Nu også om lørdagen"
    before = db_state()
    other = reverse("organisation:activity_edit", args=[cast.plan.pk, cast.other_activity.pk])
    assert client.get(other).status_code == 403
    assert client.post(other, {"name": "Hacket"}).status_code == 403
    assert db_state() == before


def test_it_refuses_a_duplicate_activity_name(cast: Cast) -> None:
    before = db_state()
    response = cast.client("secretariat").post(
        reverse("organisation:activity_create", args=[cast.plan.pk]), {"name": "Jobcafé"}
    )
    assert "Der findes allerede en indsats med dette navn" in response.content.decode()
    assert db_state() == before


def test_it_lets_the_secretariat_delete_an_activity(cast: Cast) -> None:
    cast.client("secretariat").post(reverse("organisation:activity_delete", args=[cast.plan.pk, cast.activity.pk]))
    assert not Activity.objects.filter(pk=cast.activity.pk).exists()


# --- People -------------------------------------------------------------------------------------------------


def test_it_shows_every_seat_of_a_person_across_the_plans_the_viewer_sees(cast: Cast) -> None:
    leader = cast.secretariat_user.person
    assert leader is not None
    other_board = cast.other_plan.bodies.get(kind=Body.Kind.BOARD)
    services.membership_create(
        actor=None, body=other_board, person=leader, plan=cast.other_plan, role=ROLE.SECRETARY, representation=R.STAFF
    )
    services.activity_update(actor=None, activity=cast.other_activity, responsible=leader)
    url = reverse("organisation:person", args=[leader.pk])
    own = cast.client("secretariat").get(url).content.decode()  # sees plan B through the seat itself
    assert "Plan A" in own and "Plan B" in own and "Jobcafé" in own
    board = cast.client("board").get(url).content.decode()
    assert "Sekretariatet" in board and "Plan B" not in board


def test_it_hides_people_of_other_plans_and_guards_person_edits(cast: Cast) -> None:
    stine = cast.steering_user.person
    assert stine is not None
    assert cast.client("outsider").get(reverse("organisation:person", args=[stine.pk])).status_code == 404
    before = db_state()
    response = cast.client("board").post(reverse("organisation:person_edit", args=[stine.pk]), {"name": "Hacket"})
    assert response.status_code == 403
    assert db_state() == before
    assert cast.client(None).get(reverse("organisation:person", args=[stine.pk])).status_code == 302


def test_it_lets_the_secretariat_and_the_person_edit_a_person(cast: Cast) -> None:
    stine = cast.steering_user.person
    assert stine is not None
    url = reverse("organisation:person_edit", args=[stine.pk])
    cast.client("secretariat").post(url, {"name": "Stine Styregruppe", "title": "Beboerformand"})
    cast.client("steering").post(url, {"name": "Stine S.", "title": "Beboerformand", "email": "s@example.dk"})
    stine.refresh_from_db()
    assert (stine.name, stine.title, stine.email) == ("Stine S.", "Beboerformand", "s@example.dk")
    # Stine sits in a body of cast.plan only: her plan's change log shows both edits, the other plan's none.
    log = cast.client("secretariat").get(reverse("organisation:log", args=[cast.plan.pk])).content.decode()
    assert "Stine Styregruppe → Stine S." in log
    assert not AuditEvent.objects.filter(plan=cast.other_plan, object_id=str(stine.pk)).exists()


# --- Change log ---------------------------------------------------------------------------------------------


def test_it_shows_the_secretariat_who_changed_what_and_when(cast: Cast) -> None:
    client = cast.client("secretariat")
    client.post(
        reverse("organisation:body_edit", args=[cast.plan.pk, cast.group.pk]),
        {"name": "Styregruppen for tryghed", "kind": "steering_group"},
    )
    page = client.get(reverse("organisation:log", args=[cast.plan.pk])).content.decode()
    assert "Styregruppen for tryghed" in page
    assert "Styregruppe 1 → Styregruppen for tryghed" in page
    assert "secretariat" in page  # the actor
    assert "Ændret" in page


def test_it_logs_a_shared_organisation_changed_from_a_plan_in_every_plan_that_shares_it(cast: Cast) -> None:
    client = cast.client("secretariat")
    client.post(
        reverse("organisation:organisation_edit", args=[cast.plan.pk, cast.housing.pk]),
        {"name": "Testbo Boligselskab", "kind": "housing", "unit": "main"},
    )
    assert Organisation.objects.get(pk=cast.housing.pk).name == "Testbo Boligselskab"
    page = client.get(reverse("organisation:log", args=[cast.plan.pk])).content.decode()
    assert "Testbo → Testbo Boligselskab" in page
    # Both plans have Testbo as their housing organisation.
    other = cast.client("outsider").get(reverse("organisation:log", args=[cast.other_plan.pk])).content.decode()
    assert "Testbo → Testbo Boligselskab" in other


def test_it_pages_the_change_log_with_a_fixed_number_of_queries(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("organisation:log", args=[cast.plan.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    small = count()
    grow(cast.plan, 12)
    assert AuditEvent.objects.filter(plan=cast.plan).count() > 50
    assert count() == small
    assert "Side 1 af 2" in client.get(url).content.decode()
    assert "Side 2 af 2" in client.get(url + "?side=2").content.decode()


def test_it_does_not_count_a_pre_meeting_group_as_a_steering_group_for_activities(cast: Cast) -> None:
    assert cast.board_user.person is not None
    pre = services.body_create(actor=None, plan=cast.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Formøde")
    services.membership_create(
        actor=None, body=pre, person=cast.board_user.person, plan=cast.plan, representation=R.MUNICIPAL_DEPARTMENT
    )
    client = cast.client("board")
    before = db_state()
    assert "Ny indsats" not in client.get(reverse("organisation:chart", args=[cast.plan.pk])).content.decode()
    url = reverse("organisation:activity_create", args=[cast.plan.pk])
    assert client.post(url, {"name": "Snydt", "steering_group": cast.group.pk}).status_code == 403
    assert db_state() == before


def test_it_names_changed_fields_by_their_danish_labels_in_the_log(cast: Cast) -> None:
    cast.client("secretariat").post(
        reverse("organisation:area_create", args=[cast.plan.pk]), {"name": "Sydby", "code": "sydby", "residents": "800"}
    )
    page = cast.client("secretariat").get(reverse("organisation:log", args=[cast.plan.pk])).content.decode()
    assert "Antal beboere</strong>: 800" in page
    assert "Boligområde: Sydby" in page


def test_it_labels_a_changed_reverse_relation_in_the_log_instead_of_failing(cast: Cast) -> None:
    # A meeting's audit record lists its attendance, a reverse relation without a verbose_name of its own.
    AuditEvent.objects.create(
        plan=cast.plan,
        action="update",
        object_type="meetings.meeting",
        object_repr="Bestyrelsesmøde",
        changes={"attendance": [[], ["Ida"]]},
    )
    response = cast.client("secretariat").get(reverse("organisation:log", args=[cast.plan.pk]))
    assert response.status_code == 200
    assert "Bestyrelsesmøde" in response.content.decode() and "Ida" in response.content.decode()


def test_it_shows_logged_dates_times_and_decimals_the_danish_way(cast: Cast) -> None:
    AuditEvent.objects.create(
        plan=cast.plan,
        action="update",
        object_type="organisation.plan",
        object_repr="Plan A",
        changes={
            "period_end": ["2027-12-31", "2028-06-30"],
            "start": [None, "2026-12-07 14:00:00+01:00"],
            "outputs": {"10": "1.00", "11": "60.50"},
            "value": [9.8, None],
        },
    )
    page = cast.client("secretariat").get(reverse("organisation:log", args=[cast.plan.pk])).content.decode()
    assert "31.12.2027" in page and "30.06.2028" in page and "2028-06-30" not in page
    assert "07.12.2026 14.00" in page
    assert "10: 1,00; 11: 60,50" in page and "9,8" in page and "9.8" not in page


def test_it_serves_the_membership_form_inline_for_htmx_and_saves_it(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("organisation:membership_create", args=[cast.plan.pk, cast.board.pk])
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Nyt medlem af Bestyrelsen" in partial and 'hx-post="' + url in partial
    invalid = client.post(url, {"role": "member", "representation": "staff"}, HTTP_HX_REQUEST="true")
    assert "<html" not in invalid.content.decode() and "Vælg en person" in invalid.content.decode()
    saved = client.post(
        url, {"new_name": "Inga Inline", "role": "member", "representation": "partner"}, HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 204
    assert saved["HX-Redirect"] == reverse("organisation:body", args=[cast.plan.pk, cast.board.pk])
    assert cast.board.memberships.filter(person__name="Inga Inline").exists()


def test_it_refuses_the_inline_form_to_read_only_roles(cast: Cast) -> None:
    url = reverse("organisation:membership_create", args=[cast.plan.pk, cast.board.pk])
    before = db_state()
    assert cast.client("board").get(url, HTTP_HX_REQUEST="true").status_code == 403
    response = cast.client("board").post(
        url, {"new_name": "X", "role": "member", "representation": "partner"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert db_state() == before


def test_it_lists_organisations_and_a_persons_seats_with_a_fixed_number_of_queries(cast: Cast) -> None:
    assert cast.secretariat_user.person is not None
    client = cast.client("secretariat")
    person_url = reverse("organisation:person", args=[cast.secretariat_user.person.pk])
    list_url = reverse("organisation:organisations", args=[cast.plan.pk])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = (count(person_url), count(list_url))
    person = cast.secretariat_user.person
    for i in range(4):
        group = services.body_create(actor=None, plan=cast.plan, kind=Body.Kind.STEERING_GROUP, name=f"SG {i}")
        services.membership_create(actor=None, body=group, person=person, plan=cast.plan, representation=R.STAFF)
        services.activity_create(actor=None, plan=cast.plan, name=f"A {i}", responsible=person)
        unit = services.organisation_create(
            actor=None, name=f"Enhed {i}", kind="municipality", parent=cast.municipality
        )
        assert unit.pk
    assert "SG 3" in client.get(person_url).content.decode()
    assert (count(person_url), count(list_url)) == small


def test_it_lets_other_apps_add_sections_to_the_activity_page(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: Settings
) -> None:
    from entydig.organisation import sections

    (tmp_path / "first.html").write_text("<p>Første for {{ activity.name }}: {{ data.word }}</p>")
    (tmp_path / "second.html").write_text("<p>Anden: {{ data.word }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    monkeypatch.setattr(sections, "_sections", [])
    sections.register_activity_section(sections.ActivitySection("first.html", lambda activity, access: {"word": 1}))
    sections.register_activity_section(
        sections.ActivitySection("second.html", lambda activity, access: {"word": "to" if access.can_write else "x"})
    )
    sections.register_activity_section(sections.ActivitySection("first.html", lambda activity, access: {}))
    page = cast.client("viewer").get(cast.activity.get_absolute_url()).content.decode()
    assert "<p>Første for Lektiecafé: 1</p>" in page and "<p>Anden: x</p>" in page
    assert page.index("Første for") < page.index("Anden:")  # in the order they were registered, each once
    assert page.count("Første for") == 1
    assert "<p>Anden: to</p>" in cast.client("secretariat").get(cast.activity.get_absolute_url()).content.decode()


def test_it_keeps_a_steering_member_from_taking_an_activity_out_of_the_group(cast: Cast) -> None:
    url = reverse("organisation:activity_edit", args=[cast.plan.pk, cast.other_activity.pk])
    before = db_state()
    response = cast.client("steering").post(url, {"name": "Jobcafé", "steering_group": ""})
    assert response.status_code == 200 and "Dette felt er påkrævet" in response.content.decode()
    assert db_state() == before


def test_it_draws_the_chart_of_a_new_plan_that_has_only_its_board(cast: Cast) -> None:
    page = cast.client("outsider").get(reverse("organisation:chart", args=[cast.other_plan.pk])).content.decode()
    assert "Bestyrelsen" in page and "Ingen medlemmer" in page
    assert "Bestyrelsen har ingen medlemmer" in page


def test_it_gives_a_creator_without_a_secretariat_body_the_secretariats_access_to_the_new_plan(cast: Cast) -> None:
    from entydig.accounts.models import User
    from entydig.organisation.models import PlanGrant

    user = User.objects.create_user(username="bevilling", password="pw-bevilling")
    PlanGrant.objects.create(user=user, plan=cast.other_plan, role=PlanGrant.Role.SECRETARIAT)
    client = cast.client(None)
    client.force_login(user)
    response = client.post(
        reverse("organisation:plan_create"),
        {
            "name": "Plan C",
            "status": "preparation",
            "period_start": "2026-01-01",
            "period_end": "2029-12-31",
            "municipality": cast.municipality.pk,
            "new_housing": "Nybo",
        },
        follow=True,
    )
    plan = Plan.objects.get(name="Plan C")
    assert response.status_code == 200 and "Plan C" in response.content.decode()
    assert PlanGrant.objects.get(user=user, plan=plan).role == PlanGrant.Role.SECRETARIAT
    assert AuditEvent.objects.filter(plan=plan, object_type="organisation.plangrant", actor=user).exists()


def test_it_asks_for_a_municipality_and_a_housing_organisation_for_a_new_plan(cast: Cast) -> None:
    before = db_state()
    response = cast.client("secretariat").post(
        reverse("organisation:plan_create"),
        {"name": "Plan D", "status": "preparation", "period_start": "2026-01-01", "period_end": "2029-12-31"},
    )
    page = response.content.decode()
    assert "Vælg kommunen, eller skriv navnet på en ny." in page
    assert "Vælg mindst én boligorganisation" in page
    assert db_state() == before
