"""Organisations are listed, offered and changed only from the plans they take part in; a change shows in the
change log of every plan that uses the organisation. The page and the API use one selector (organisations_of)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from entydig.api.tests.conftest import post_json
from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.organisation import selectors, services
from entydig.organisation.models import Activity, Body, Organisation
from entydig.organisation.tests.helpers import db_state


def _plan_a_partner(cast: Cast) -> Organisation:
    """A partner that takes part in plan A only (the cast's plans share their municipality and housing)."""
    partner = services.organisation_create(actor=None, name="Klub A", kind=Organisation.Kind.PARTNER)
    services.activity_update(actor=None, activity=cast.activity, partners=[partner])
    return partner


def _log(client: Client, plan_pk: int) -> str:
    return client.get(reverse("organisation:log", args=[plan_pk])).content.decode()


def test_it_lists_on_a_plans_page_only_the_organisations_that_take_part_in_the_plan(cast: Cast) -> None:
    _plan_a_partner(cast)
    services.organisation_create(actor=None, name="Ingen plans klub", kind=Organisation.Kind.PARTNER)
    other = cast.client("outsider").get(reverse("organisation:organisations", args=[cast.other_plan.pk]))
    page = other.content.decode()
    assert "Testby Kommune" in page and "Testbo" in page  # shared by both plans
    assert "Klub A" not in page and "Ingen plans klub" not in page
    own = cast.client("board").get(reverse("organisation:organisations", args=[cast.plan.pk])).content.decode()
    assert "Klub A" in own and "Ingen plans klub" not in own


def test_it_answers_404_to_another_plans_secretariat_viewing_or_changing_its_organisation(cast: Cast) -> None:
    partner = _plan_a_partner(cast)
    client = cast.client("outsider")  # the secretariat of plan B
    url = reverse("organisation:organisation_edit", args=[cast.other_plan.pk, partner.pk])
    before = db_state()
    assert client.get(url).status_code == 404
    response = client.post(url, {"name": "Omdøbt af plan B", "kind": "partner", "unit": "main"})
    assert response.status_code == 404
    assert db_state() == before
    assert Organisation.objects.get(pk=partner.pk).name == "Klub A"
    # Through plan A's address the same user is an outsider: 404 as well.
    assert client.get(reverse("organisation:organisation_edit", args=[cast.plan.pk, partner.pk])).status_code == 404


def test_it_answers_plan_b_through_the_api_without_plan_a_only_organisations(cast: Cast) -> None:
    partner = _plan_a_partner(cast)
    client = cast.client("outsider")
    listed = {o["name"] for o in client.get("/api/v1/organisations").json()}
    assert "Klub A" not in listed and "Testbo" in listed
    before = db_state()
    body = {"kind": "pre_meeting_group", "name": "Formøde", "party_id": partner.pk}
    assert post_json(client, f"/api/v1/plans/{cast.other_plan.pk}/bodies", body).status_code == 422
    activity = {"name": "B-indsats", "partner_ids": [partner.pk]}
    assert post_json(client, f"/api/v1/plans/{cast.other_plan.pk}/activities", activity).status_code == 422
    assert db_state() == before


def test_it_does_not_offer_another_plans_organisation_in_the_forms_of_a_plan(cast: Cast) -> None:
    assert cast.outsider.person is not None
    partner = _plan_a_partner(cast)
    client = cast.client("outsider")
    pages = [
        reverse("organisation:activity_create", args=[cast.other_plan.pk]),
        reverse("organisation:body_create", args=[cast.other_plan.pk]),
        reverse("organisation:organisation_create", args=[cast.other_plan.pk]),
        reverse("organisation:person_edit", args=[cast.outsider.person.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert "Klub A" not in response.content.decode(), page
    before = db_state()
    response = client.post(pages[0], {"name": "B-indsats", "partners": [partner.pk]})
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert db_state() == before
    assert not Activity.objects.filter(name="B-indsats").exists()
    # Plan A's secretariat is offered it.
    form = cast.client("secretariat").get(reverse("organisation:activity_create", args=[cast.plan.pk]))
    assert f'<option value="{partner.pk}">Klub A</option>' in form.content.decode()


def test_it_logs_a_change_in_every_plan_the_organisation_takes_part_in_and_no_other(cast: Cast) -> None:
    partner = _plan_a_partner(cast)
    services.organisation_update(actor=None, organisation=partner, plan=cast.plan, name="Klub A (ny)")
    assert "Klub A → Klub A (ny)" in _log(cast.client("secretariat"), cast.plan.pk)
    assert not AuditEvent.objects.filter(plan=cast.other_plan, object_repr__contains="Klub A").exists()

    # A unit moved from plan A's partner to a partner of plan B shows in both plans' logs.
    other_partner = services.organisation_create(actor=None, name="Klub B", kind=Organisation.Kind.PARTNER)
    services.body_create(
        actor=None, plan=cast.other_plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Formøde", party=other_partner
    )
    unit = services.organisation_create(
        actor=None, name="Ungdomsafdelingen", kind=Organisation.Kind.PARTNER, unit="association", parent=partner
    )
    assert set(selectors.organisation_plans(unit)) == {cast.plan}
    services.organisation_update(actor=None, organisation=unit, plan=cast.plan, parent=other_partner)
    assert set(selectors.organisation_plans(unit)) == {cast.other_plan}
    moved = AuditEvent.objects.filter(object_repr__endswith="Ungdomsafdelingen", action="update")
    assert set(moved.values_list("plan_id", flat=True)) == {cast.plan.pk, cast.other_plan.pk}
    assert "Klub A (ny) → Klub B" in _log(cast.client("outsider"), cast.other_plan.pk)


def test_it_lists_a_new_organisation_in_the_plan_it_was_created_from_and_lets_it_be_changed_there(cast: Cast) -> None:
    client = cast.client("secretariat")
    create = reverse("organisation:organisation_create", args=[cast.plan.pk])
    response = client.post(create, {"name": "Boldklubben", "kind": "partner", "unit": "main"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("organisation:organisations", args=[cast.plan.pk])
    assert "Boldklubben" in response.content.decode()
    club = Organisation.objects.get(name="Boldklubben")
    assert list(cast.plan.other_organisations.all()) == [club]
    edit = reverse("organisation:organisation_edit", args=[cast.plan.pk, club.pk])
    assert client.post(edit, {"name": "Boldklubben af 1921", "kind": "partner", "unit": "main"}).status_code == 302
    assert Organisation.objects.get(pk=club.pk).name == "Boldklubben af 1921"
    assert "Boldklubben af 1921" in _log(client, cast.plan.pk)
    # Plan B neither sees it nor is kept from making an organisation of the same name of its own.
    other = cast.client("outsider")
    assert (
        "Boldklubben"
        not in other.get(reverse("organisation:organisations", args=[cast.other_plan.pk])).content.decode()
    )
    other_create = reverse("organisation:organisation_create", args=[cast.other_plan.pk])
    assert (
        other.post(other_create, {"name": "Boldklubben af 1921", "kind": "partner", "unit": "main"}).status_code == 302
    )
    assert Organisation.objects.filter(name="Boldklubben af 1921").count() == 2


def test_it_lists_the_organisations_of_a_plan_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = cast.client("secretariat")
    url = reverse("organisation:organisations", args=[cast.plan.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        services.organisation_create(actor=None, name=f"Partner {n}", kind=Organisation.Kind.PARTNER, plan=cast.plan)
    with django_assert_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert all(f"Partner {n}" in page for n in range(5))
