from __future__ import annotations

from django.test import Client
from django.urls import reverse

from entydig.accounts.models import User
from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.organisation.access import VIEWER, plan_accesses, plans_for_user
from entydig.organisation.models import Plan
from entydig.portfolio.models import Portfolio
from entydig.portfolio.services import portfolio_create


def _outside_plan(cast: Cast) -> Plan:
    return Plan.objects.create(
        name="Plan C",
        period_start=cast.plan.period_start,
        period_end=cast.plan.period_end,
        municipality=cast.municipality,
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_gives_a_portfolio_reader_the_viewer_role_in_its_plans_only(
    cast: Cast, director: User, portfolio: Portfolio
) -> None:
    outside = _outside_plan(cast)
    assert set(plans_for_user(director)) == {cast.plan, cast.other_plan}
    accesses = plan_accesses(director, [cast.plan, cast.other_plan, outside])
    assert set(accesses) == {cast.plan.pk, cast.other_plan.pk}
    assert accesses[cast.plan.pk].roles == {VIEWER}
    assert not accesses[cast.plan.pk].can_write


def test_it_lets_a_portfolio_reader_read_the_plans_pages_refuses_writes_and_hides_other_plans(
    cast: Cast, director: User, portfolio: Portfolio
) -> None:
    outside = _outside_plan(cast)
    client = _client(director)
    page = client.get(reverse("organisation:plan", args=[cast.plan.pk]))
    assert page.status_code == 200
    assert "Plan A" in page.content.decode()
    assert client.get(reverse("organisation:plan", args=[cast.other_plan.pk])).status_code == 200
    assert client.get(reverse("organisation:plan", args=[outside.pk])).status_code == 404
    edit = client.post(reverse("organisation:plan_edit", args=[cast.plan.pk]), {"name": "Omdøbt"})
    assert edit.status_code == 403
    cast.plan.refresh_from_db()
    assert cast.plan.name == "Plan A"


def test_it_reads_nothing_through_a_portfolio_the_user_does_not_read(cast: Cast, portfolio: Portfolio) -> None:
    stranger = User.objects.create_user(username="fremmed", password="pw-fremmed")
    assert list(plans_for_user(stranger)) == []
    assert plan_accesses(stranger, [cast.plan]) == {}


def test_it_audits_creating_a_portfolio_and_adding_readers(cast: Cast, director: User) -> None:
    made = portfolio_create(actor=cast.secretariat_user, name="Alle", plans=[cast.plan], readers=[director])
    events = AuditEvent.objects.filter(object_type="portfolio.portfolio", object_id=str(made.pk))
    assert events.filter(action=AuditEvent.Action.CREATE).count() == 1
    on_plan = events.get(plan=cast.plan)
    assert on_plan.changes["readers"][1] == ["direktor"]
