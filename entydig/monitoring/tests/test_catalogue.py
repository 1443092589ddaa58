"""Adopting a catalogue indicator: the service, the catalogue page and its adopt button, the API's catalogue_code."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from entydig.catalogue.models import CatalogueIndicator
from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.monitoring import services
from entydig.monitoring.models import Indicator
from entydig.monitoring.tests.conftest import Monitoring


def _entry(code: str = "dagtilbud-1-5") -> CatalogueIndicator:
    return CatalogueIndicator.objects.get(code=code)


def _adopt_url(cast: Cast, code: str = "dagtilbud-1-5") -> str:
    return reverse("monitoring:indicator_adopt", args=[cast.plan.pk, code])


def test_it_copies_the_catalogue_definition_and_keeps_the_plans_own_targets(cast: Cast, mon: Monitoring) -> None:
    entry = _entry("unge-sigtede-15-20")
    indicator = services.indicator_adopt(
        actor=cast.secretariat_user,
        plan=cast.plan,
        catalogue_indicator=entry,
        baseline_value=Decimal("4.2"),
        baseline_period="2022",
        target_value=Decimal("3"),
        target_period="2026",
    )
    indicator.refresh_from_db()
    assert indicator.catalogue == entry and indicator.code == "unge-sigtede-15-20"
    assert (indicator.name, indicator.definition) == (entry.name, entry.definition)
    assert (indicator.unit, indicator.direction, indicator.source) == ("percent", "lower", "lbf")
    assert (indicator.baseline_value, indicator.target_value) == (Decimal("4.2"), Decimal("3"))
    event = AuditEvent.objects.filter(action="create", object_id=indicator.pk).latest("pk")
    assert event.changes["catalogue"]


def test_a_count_from_the_catalogue_has_no_decimals_and_a_list_criterion_keeps_its_source(
    cast: Cast, mon: Monitoring
) -> None:
    residents = services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry("beboere"))
    criterion = services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry("liste-domte"))
    assert (residents.unit, residents.decimals) == ("count", 0)
    assert (criterion.source, criterion.decimals) == ("dst", 1)


def test_it_refuses_to_adopt_the_same_catalogue_indicator_twice_in_a_plan(cast: Cast, mon: Monitoring) -> None:
    services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry())
    with pytest.raises(ValidationError) as refused:
        services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry(), code="dagtilbud-igen")
    assert refused.value.message_dict["catalogue"] == [
        "Planen har allerede taget indikatoren dagtilbud-1-5 fra kataloget i brug"
    ]
    assert Indicator.objects.filter(plan=cast.plan, catalogue=_entry()).count() == 1
    # Another plan may adopt it too: the same code means the same thing in both.
    services.indicator_adopt(actor=None, plan=cast.other_plan, catalogue_indicator=_entry())
    assert Indicator.objects.filter(catalogue=_entry()).count() == 2


def test_the_database_refuses_a_second_adoption_too(cast: Cast, mon: Monitoring) -> None:
    services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry())
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(plan=cast.plan, code="andet", name="Andet", catalogue=_entry())


def test_it_refuses_a_code_the_plan_already_uses_and_an_inactive_entry(cast: Cast, mon: Monitoring) -> None:
    services.indicator_create(actor=None, plan=cast.plan, code="Tryghed", name="Tryghed (egen)")
    with pytest.raises(ValidationError) as refused:
        services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry("tryghed"))
    assert "koden tryghed" in refused.value.message_dict["code"][0]
    adopted = services.indicator_adopt(
        actor=None, plan=cast.plan, catalogue_indicator=_entry("tryghed"), code="tryghed-katalog"
    )
    assert adopted.catalogue == _entry("tryghed")
    CatalogueIndicator.objects.filter(code="fraflytning").update(active=False)
    with pytest.raises(ValidationError):
        services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry("fraflytning"))


def test_the_secretariat_adopts_from_the_catalogue_page(cast: Cast, mon: Monitoring) -> None:
    client = cast.client("secretariat")
    page = client.get(reverse("monitoring:catalogue", args=[cast.plan.pk])).content.decode()
    assert "Børn 1-5 år i dagtilbud" in page and _adopt_url(cast) in page
    response = client.post(_adopt_url(cast))
    indicator = Indicator.objects.get(plan=cast.plan, catalogue=_entry())
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:indicator_edit", args=[cast.plan.pk, indicator.pk])
    page = client.get(reverse("monitoring:catalogue", args=[cast.plan.pk])).content.decode()
    assert _adopt_url(cast) not in page
    assert reverse("monitoring:indicator", args=[cast.plan.pk, indicator.pk]) in page
    again = client.post(_adopt_url(cast), follow=True)
    assert "Planen har allerede taget indikatoren dagtilbud-1-5 fra kataloget i brug" in again.content.decode()
    assert Indicator.objects.filter(plan=cast.plan, catalogue=_entry()).count() == 1


def test_the_indicator_list_marks_catalogue_and_plan_specific_indicators(cast: Cast, mon: Monitoring) -> None:
    indicator = services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry())
    text = cast.client("viewer").get(reverse("monitoring:indicators", args=[cast.plan.pk])).content.decode()
    assert "Katalogindikator dagtilbud-1-5" in text
    assert text.count("Planens egen indikator") == 2  # ledighed and husstande
    detail = cast.client("viewer").get(reverse("monitoring:indicator", args=[cast.plan.pk, indicator.pk]))
    assert "Katalogindikator dagtilbud-1-5" in detail.content.decode()


def test_another_plans_users_get_404_and_read_only_roles_403(cast: Cast, mon: Monitoring) -> None:
    assert cast.client("outsider").post(_adopt_url(cast)).status_code == 404
    assert cast.client("outsider").get(reverse("monitoring:catalogue", args=[cast.plan.pk])).status_code == 404
    for role in ("board", "viewer"):
        assert cast.client(role).post(_adopt_url(cast)).status_code == 403
        page = cast.client(role).get(reverse("monitoring:catalogue", args=[cast.plan.pk])).content.decode()
        assert "Børn 1-5 år i dagtilbud" in page and _adopt_url(cast) not in page
    anonymous = cast.client(None).post(_adopt_url(cast))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert cast.client("secretariat").post(_adopt_url(cast, "findes-ikke")).status_code == 404
    assert not Indicator.objects.filter(catalogue__isnull=False).exists()


def test_the_api_shows_the_catalogue_code(cast: Cast, mon: Monitoring) -> None:
    indicator = services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry())
    items = cast.client("viewer").get(f"/api/v1/plans/{cast.plan.pk}/indicators").json()
    codes = {i["code"]: i["catalogue_code"] for i in items}
    assert codes == {"dagtilbud-1-5": "dagtilbud-1-5", "husstande": None, "ledighed": None}
    detail = cast.client("viewer").get(f"/api/v1/indicators/{indicator.pk}").json()
    assert detail["catalogue_code"] == "dagtilbud-1-5"


def test_the_list_page_queries_do_not_grow_with_catalogue_indicators(
    cast: Cast, mon: Monitoring, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("viewer")
    url = reverse("monitoring:indicators", args=[cast.plan.pk])
    client.get(url)
    for code in ("dagtilbud-1-5", "beboere", "tryghed"):
        services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry(code))
    with django_assert_max_num_queries(30) as counted:
        client.get(url)
    few = len(counted.captured_queries)
    for code in ("fraflytning", "liste-domte", "indkomst-15-64"):
        services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry(code))
    with django_assert_max_num_queries(few):
        client.get(url)


def test_an_adopted_indicator_keeps_the_catalogues_unit_and_direction(cast: Cast, mon: Monitoring) -> None:
    indicator = services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry())
    with pytest.raises(ValidationError) as refused:
        services.indicator_update(actor=None, indicator=indicator, direction="lower")
    assert refused.value.message_dict["direction"] == ["En indikator fra kataloget har katalogets enhed og retning"]
    with pytest.raises(ValidationError):
        services.indicator_update(actor=None, indicator=indicator, unit="count")
    indicator.refresh_from_db()
    assert (indicator.unit, indicator.direction) == ("percent", "higher")
    services.indicator_update(actor=None, indicator=indicator, target_value=Decimal("95"), target_period="2027")
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal("95")
    # A plan's own indicator may change both.
    services.indicator_update(actor=None, indicator=mon.ledighed, direction="higher")
    mon.ledighed.refresh_from_db()
    assert mon.ledighed.direction == "higher"


def test_the_indicator_export_names_the_catalogue_code(cast: Cast, mon: Monitoring) -> None:
    services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry())
    url = reverse("monitoring:indicators", args=[cast.plan.pk]) + "?format=csv"
    lines = cast.client("viewer").get(url).content.decode("utf-8-sig").splitlines()
    # A new last column: the columns before it stay where downloads and spreadsheets expect them.
    assert lines[0].startswith("Kode;Indikator;") and lines[0].endswith(";Begrundelse;Katalogkode")
    rows = {line.split(";")[0]: line.split(";")[-1] for line in lines[1:]}
    assert rows == {
        "dagtilbud-1-5": "dagtilbud-1-5",
        "husstande": "Planens egen indikator",
        "ledighed": "Planens egen indikator",
    }


def test_the_catalogue_page_reads_a_constant_number_of_queries(
    cast: Cast, mon: Monitoring, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("secretariat")
    url = reverse("monitoring:catalogue", args=[cast.plan.pk])
    services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry())
    with django_assert_max_num_queries(30) as counted:
        client.get(url)
    few = len(counted.captured_queries)
    for code in ("beboere", "tryghed", "fraflytning", "liste-domte"):
        services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry(code))
    with django_assert_max_num_queries(few):
        assert client.get(url).content.decode().count("I brug") == 5


def test_the_edit_form_says_an_adopted_indicator_follows_the_catalogue(cast: Cast, mon: Monitoring) -> None:
    indicator = services.indicator_adopt(actor=None, plan=cast.plan, catalogue_indicator=_entry())
    client = cast.client("secretariat")
    page = client.get(reverse("monitoring:indicator_edit", args=[cast.plan.pk, indicator.pk])).content.decode()
    assert "Taget i brug fra det nationale indikatorkatalog (dagtilbud-1-5)" in page
    own = client.get(reverse("monitoring:indicator_edit", args=[cast.plan.pk, mon.ledighed.pk])).content.decode()
    assert "nationale indikatorkatalog" not in own
