"""LBF funding rounds: the rounds are data with sources, a plan shows its round, and effort areas the round does not
offer are advised on (never blocked)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entydig.conftest import Cast
from entydig.goals.models import SubAgreement
from entydig.organisation import services
from entydig.organisation.advice import plan_advice
from entydig.organisation.models import Body, EffortArea, FundingRound, Organisation, Plan

CODE = "effort_area_not_in_funding_round"


def _round(code: str) -> FundingRound:
    return FundingRound.objects.get(code=code)


def _area(name: str) -> EffortArea:
    return EffortArea.objects.get(name=name)


@pytest.fixture
def plan(db: None) -> Plan:
    kommune = services.organisation_create(actor=None, name="Puljeby Kommune", kind=Organisation.Kind.MUNICIPALITY)
    return services.plan_create(
        actor=None,
        name="Puljeplan",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2027, 12, 31),
        municipality=kommune,
        funding_round=_round("2019-26-midlerne"),
    )


def _advice(plan: Plan) -> list[str]:
    plan.refresh_from_db()
    return [a.title for a in plan_advice(plan) if a.code == CODE]


@pytest.mark.django_db
def test_it_loads_the_three_rounds_with_their_grant_periods_effort_areas_and_sources() -> None:
    rounds = {r.code: r for r in FundingRound.objects.prefetch_related("effort_areas")}
    assert {"2011-14-midlerne", "2015-18-midlerne", "2019-26-midlerne"} <= set(rounds)
    current = rounds["2019-26-midlerne"]
    assert (current.first_year, current.last_year) == (2019, 2026)
    assert {a.name for a in current.effort_areas.all()} == {
        "Uddannelse og livschancer",
        "Beskæftigelse",
        "Kriminalitetsforebyggelse",
        "Sammenhængskraft og medborgerskab",
    }
    assert current.terms["agreement"] == "samarbejdsaftale"
    previous = rounds["2015-18-midlerne"]
    assert (previous.first_year, previous.last_year) == (2015, 2018)
    assert "Tryghed og trivsel" in {a.name for a in previous.effort_areas.all()}
    for r in rounds.values():
        assert r.source_url.startswith("https://") and "lbf.dk" in r.source_url
        assert r.source
    # What the sources did not confirm is said, not guessed.
    first = rounds["2011-14-midlerne"]
    assert (first.first_year, first.last_year) == (2011, 2014)
    assert not first.effort_areas.exists()
    assert "ikke bekræftet" in first.source


def test_it_shows_the_round_and_its_grant_period_beside_the_agreement_period(cast: Cast) -> None:
    services.plan_update(actor=None, plan=cast.plan, funding_round=_round("2019-26-midlerne"))
    page = cast.client("board").get(reverse("organisation:plan", args=[cast.plan.pk])).content.decode()
    assert "Aftaleperiode 01.01.2024–31.12.2027" in page
    assert "Bevilget af 2019-26-midlerne, bevillingsperiode 2019–2026" in page


def test_it_shows_no_round_for_a_plan_without_one(cast: Cast) -> None:
    page = cast.client("board").get(reverse("organisation:plan", args=[cast.plan.pk])).content.decode()
    assert "Aftaleperiode" in page
    assert "Bevilget af" not in page and "Puljens egne ord" not in page
    assert '<p class="entydig-kicker">Helhedsplan</p>' in page


def test_it_calls_the_plan_by_its_rounds_own_word_and_cites_it(cast: Cast) -> None:
    services.plan_update(actor=None, plan=cast.plan, funding_round=_round("2019-26-midlerne"))
    page = cast.client("board").get(reverse("organisation:plan", args=[cast.plan.pk])).content.decode()
    assert '<p class="entydig-kicker">Boligsocial indsats</p>' in page
    assert "planen hedder »boligsocial indsats«" in page and "aftalen hedder »samarbejdsaftale«" in page
    assert 'href="https://www.lbf.dk/boligsociale-indsatser/"' in page
    services.plan_update(actor=None, plan=cast.plan, funding_round=_round("2015-18-midlerne"))
    cast.plan.refresh_from_db()
    assert cast.plan.kind_word == "helhedsplan"


def test_the_plan_api_gives_the_round_with_its_grant_period_and_words(cast: Cast) -> None:
    client = cast.client("board")
    assert client.get(f"/api/v1/plans/{cast.plan.pk}").json()["funding_round"] is None
    services.plan_update(actor=None, plan=cast.plan, funding_round=_round("2019-26-midlerne"))
    for body in (client.get(f"/api/v1/plans/{cast.plan.pk}").json(), client.get("/api/v1/plans").json()[0]):
        got = body["funding_round"]
        assert (got["code"], got["first_year"], got["last_year"]) == ("2019-26-midlerne", 2019, 2026)
        assert got["terms"] == {"plan": "boligsocial indsats", "agreement": "samarbejdsaftale"}
        assert "lbf.dk" in got["source"]


def test_the_plan_form_calls_the_dates_the_agreement_period_and_saves_the_round(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("organisation:plan_edit", args=[cast.plan.pk])
    page = client.get(url).content.decode()
    assert "Aftaleperiode start" in page and "Aftaleperiode slut" in page
    assert "2015-18-midlerne" in page
    response = client.post(
        url,
        {
            "name": cast.plan.name,
            "status": cast.plan.status,
            "period_start": "2024-01-01",
            "period_end": "2027-12-31",
            "funding_round": _round("2015-18-midlerne").pk,
            "municipality": cast.municipality.pk,
            "housing_organisations": [cast.housing.pk],
        },
    )
    assert response.status_code == 302
    cast.plan.refresh_from_db()
    assert cast.plan.funding_round == _round("2015-18-midlerne")


def test_it_advises_on_a_steering_groups_effort_area_the_round_does_not_offer(plan: Plan) -> None:
    group = services.body_create(
        actor=None,
        plan=plan,
        kind=Body.Kind.STEERING_GROUP,
        name="Styregruppe Tryghed",
        effort_area=_area("Beskæftigelse"),
    )
    assert _advice(plan) == []
    services.body_update(actor=None, body=group, plan=plan, effort_area=_area("Tryghed og trivsel"))
    assert _advice(plan) == ["Indsatsområdet Tryghed og trivsel indgår ikke i 2019-26-midlerne"]


def test_it_advises_on_a_sub_agreements_effort_area_the_round_does_not_offer(plan: Plan) -> None:
    SubAgreement.objects.create(plan=plan, effort_area=_area("Kriminalitetsforebyggelse"))
    assert _advice(plan) == []
    SubAgreement.objects.create(plan=plan, effort_area=_area("Forebyggelse og forældreansvar"))
    assert _advice(plan) == ["Indsatsområdet Forebyggelse og forældreansvar indgår ikke i 2019-26-midlerne"]
    # The other round offers it: no advice once the plan belongs to that round.
    services.plan_update(actor=None, plan=plan, funding_round=_round("2015-18-midlerne"))
    assert _advice(plan) == ["Indsatsområdet Kriminalitetsforebyggelse indgår ikke i 2015-18-midlerne"]


def test_it_does_not_check_effort_areas_of_a_plan_without_a_round(plan: Plan) -> None:
    SubAgreement.objects.create(plan=plan, effort_area=_area("Tryghed og trivsel"))
    services.plan_update(actor=None, plan=plan, funding_round=None)
    assert _advice(plan) == []


def test_the_round_check_takes_the_same_number_of_queries_however_many_areas_are_used(plan: Plan) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            plan_advice(plan)
        return len(ctx.captured_queries)

    plan.refresh_from_db()
    small = count()
    for i, name in enumerate(("Tryghed og trivsel", "Kriminalpræventiv indsats", "Beskæftigelse")):
        services.body_create(
            actor=None, plan=plan, kind=Body.Kind.STEERING_GROUP, name=f"SG {i}", effort_area=_area(name)
        )
        SubAgreement.objects.create(plan=plan, effort_area=_area(name))
    plan.refresh_from_db()
    assert len(_advice(plan)) == 2
    plan.refresh_from_db()
    assert count() == small
