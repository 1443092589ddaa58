"""Money moved by prioritisation items: proposed and checked before the meeting (service, API, page), applied as a
new budget version linked to the decision when the minutes are approved, all or nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from entydig.budget import services as budget_services
from entydig.budget import spending
from entydig.budget.models import BudgetLine, BudgetVersion, CostType
from entydig.budget.selectors import version_in_force
from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.meetings import services
from entydig.meetings.models import AgendaItem, Minutes, Reallocation
from entydig.meetings.tests.conftest import Meetings, at
from entydig.organisation.models import Activity

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # the test client's response, stub-only


def _budget(cast: Cast) -> BudgetVersion:
    """An approved budget: 200.000 kr. LBF and 80.000 kr. municipality a year on the activity, 100.000 kr. LBF on
    the other one (local share 80/380 ≈ 21 % – below the limit, so only moves that leave it no worse pass)."""
    wage = CostType.objects.get(code="løn")
    specs = [
        budget_services.LineSpec(target, year, funder, wage, False, Decimal(amount))
        for year in (2026, 2027)
        for target, funder, amount in (
            (cast.activity, "lbf", "200000"),
            (cast.activity, "kommune", "80000"),
            (cast.other_activity, "lbf", "100000"),
        )
    ]
    budget_services.budget_lines_set(actor=cast.secretariat_user, plan=cast.plan, lines=specs)
    return budget_services.budget_approve(actor=cast.secretariat_user, plan=cast.plan, approved_on=at(-60).date())


def _add(cast: Cast, item: AgendaItem, amount: str = "50000", **kw: object) -> Reallocation:
    values: dict[str, Any] = {
        "from_activity": cast.activity,
        "to_activity": cast.other_activity,
        "year": 2027,
        "funder": "lbf",
        "amount": Decimal(amount),
    }
    values.update(kw)
    return services.reallocation_add(actor=cast.secretariat_user, item=item, **values)


def _url(item: AgendaItem) -> str:
    return f"/api/v1/meetings/{item.meeting_id}/agenda-items/{item.pk}/reallocations"


def _post(client: Client, item: AgendaItem, data: dict[str, object]) -> TestResponse:
    return client.post(_url(item), json.dumps(data), content_type="application/json")


# --- proposing -------------------------------------------------------------------------------------------------


def test_it_stores_a_proposed_move_and_audits_it(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    move = _add(cast, meetings.item)
    assert move.summary == f"50.000 kr. fra {cast.activity.name} til Jobcafé i 2027 (Landsbyggefonden)"
    assert AuditEvent.objects.filter(
        action="create", object_type="meetings.reallocation", object_id=str(move.pk)
    ).exists()
    assert not move.is_applied


def test_it_refuses_a_move_the_line_does_not_have_before_the_meeting(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    spending.actual_set(
        actor=cast.secretariat_user,
        plan=cast.plan,
        target=cast.activity,
        year=2027,
        quarter=1,
        amount=Decimal("170000"),
        funder="lbf",
    )
    with pytest.raises(ValidationError) as refused:
        _add(cast, meetings.item, "50000")
    assert "har kun 30.000 kr. til rådighed" in " ".join(refused.value.messages)
    assert not Reallocation.objects.exists()


def test_it_counts_the_other_undecided_moves_from_the_same_line(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    _add(cast, meetings.item, "150000")
    with pytest.raises(ValidationError) as refused:
        _add(cast, meetings.item, "60000")
    assert "andre forslag flytter allerede 150.000 kr., så der kan højst flyttes 50.000 kr." in " ".join(
        refused.value.messages
    )
    assert _add(cast, meetings.item, "50000").amount == Decimal("50000")


def test_it_refuses_a_move_to_the_same_post(cast: Cast, meetings: Meetings) -> None:
    """A move keeps its year and funder, so the co-financing shares come out as before; the check is the budget's
    (budget/tests), and the meetings pass its reasons on."""
    _budget(cast)
    with pytest.raises(ValidationError) as refused:
        _add(cast, meetings.item, "10000", to_activity=cast.activity)
    assert "Pengene skal flyttes til en anden post." in refused.value.messages


def test_it_refuses_moves_on_other_kinds_of_items(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    other = services.agenda_item_create(actor=None, meeting=meetings.upcoming, title="Orientering")
    with pytest.raises(ValidationError) as refused:
        _add(cast, other)
    assert "Kun et prioriteringsspørgsmål" in " ".join(refused.value.messages)


def test_it_moves_money_from_a_plan_level_post(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    contingency = CostType.objects.get(code="uforudset")
    budget_services.budget_lines_set(
        actor=cast.secretariat_user,
        plan=cast.plan,
        lines=[budget_services.LineSpec("contingency", 2027, "lbf", contingency, False, Decimal("40000"))],
    )
    budget_services.budget_approve(actor=cast.secretariat_user, plan=cast.plan, approved_on=at(-30).date())
    move = _add(cast, meetings.item, "40000", from_activity="contingency")
    assert move.from_activity is None and move.from_name == "Uforudsete udgifter"


# --- the API ---------------------------------------------------------------------------------------------------


def test_the_api_stores_a_move_and_answers_201(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    data = {
        "from_activity_id": cast.activity.pk,
        "to_activity_id": cast.other_activity.pk,
        "year": 2027,
        "funder": "lbf",
        "amount": "25000.50",
    }
    response = _post(cast.client("secretariat"), meetings.item, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == "25000.50" and body["from_activity_id"] == cast.activity.pk
    assert body["applied"] is False and body["budget_version"] is None
    assert Reallocation.objects.get().amount == Decimal("25000.50")
    listed = cast.client("board").get(_url(meetings.item)).json()
    assert [m["id"] for m in listed] == [body["id"]]


def test_the_api_answers_422_with_the_reason(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    data = {
        "from_activity_id": cast.activity.pk,
        "to_activity_id": cast.other_activity.pk,
        "year": 2027,
        "funder": "lbf",
        "amount": "250000",
    }
    response = _post(cast.client("secretariat"), meetings.item, data)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["field"] == "amount" and "har kun 200.000 kr. til rådighed" in error["msg"]
    assert not Reallocation.objects.exists()


def test_the_api_guards_the_endpoint(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    data = {
        "from_activity_id": cast.activity.pk,
        "to_activity_id": cast.other_activity.pk,
        "year": 2027,
        "funder": "lbf",
        "amount": "1000",
    }
    assert _post(cast.client("outsider"), meetings.item, data).status_code == 404
    assert _post(cast.client("board"), meetings.item, data).status_code == 403
    assert _post(cast.client("viewer"), meetings.item, data).status_code == 403
    assert not Reallocation.objects.exists()


def test_the_api_refuses_another_plans_activity(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    foreign = services_other_activity(cast)
    data = {
        "from_activity_id": cast.activity.pk,
        "to_activity_id": foreign,
        "year": 2027,
        "funder": "lbf",
        "amount": "1000",
    }
    response = _post(cast.client("secretariat"), meetings.item, data)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [(d["field"], d["msg"]) for d in detail] == [
        ("to_activity_id", "Indsatsen findes ikke i denne helhedsplan.")
    ]
    assert "Fremmed indsats" not in response.content.decode()
    # An id of another plan cannot be told from one that does not exist: the same answer.
    unknown = _post(cast.client("secretariat"), meetings.item, {**data, "to_activity_id": 999999})
    assert unknown.status_code == 422 and unknown.json()["detail"] == detail
    assert not Reallocation.objects.exists()


def services_other_activity(cast: Cast) -> int:
    return Activity.objects.create(plan=cast.other_plan, name="Fremmed indsats").pk


# --- the page --------------------------------------------------------------------------------------------------


def test_the_page_proposes_and_shows_a_move(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    client = cast.client("secretariat")
    page = client.get(meetings.upcoming.get_absolute_url()).content.decode()
    assert "Foreslå en omprioritering" in page
    url = reverse("meetings:reallocation_add", args=[cast.plan.pk, meetings.upcoming.pk, meetings.item.pk])
    data = {
        "source": f"a{cast.activity.pk}",
        "target": f"a{cast.other_activity.pk}",
        "year": "2027",
        "funder": "lbf",
        "amount": "75.000",
    }
    response = client.post(url, data, follow=True)
    assert Reallocation.objects.get().amount == Decimal("75000")
    assert "75.000 kr. fra" in response.content.decode()
    too_much = client.post(url, {**data, "amount": "300.000"}, follow=True).content.decode()
    assert "har kun 200.000 kr. til rådighed" in too_much
    assert Reallocation.objects.count() == 1
    board_page = cast.client("board").get(meetings.upcoming.get_absolute_url()).content.decode()
    assert "75.000 kr. fra" in board_page and "Foreslå en omprioritering" not in board_page
    assert cast.client("board").post(url, data).status_code == 403


def test_the_page_removes_a_move(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    move = _add(cast, meetings.item)
    url = reverse("meetings:reallocation_delete", args=[cast.plan.pk, meetings.upcoming.pk, meetings.item.pk, move.pk])
    assert cast.client("board").post(url).status_code == 403
    cast.client("secretariat").post(url)
    assert not Reallocation.objects.exists()


def test_the_agenda_document_lists_the_moves(cast: Cast, meetings: Meetings) -> None:
    _budget(cast)
    _add(cast, meetings.item)
    pdf_page = (
        cast.client("board")
        .get(reverse("meetings:minutes", args=[cast.plan.pk, meetings.upcoming.pk]))
        .content.decode()
    )
    assert "50.000 kr. fra" in pdf_page


# --- applying on approval --------------------------------------------------------------------------------------


def test_approving_the_minutes_applies_the_move_as_a_version_linked_to_the_decision(cast: Cast) -> None:
    approved = _budget(cast)
    meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(-3), title="Møde")
    item = services.agenda_item_create(
        actor=None, meeting=meeting, title="Flere midler til Jobcafé", kind=AgendaItem.Kind.PRIORITISATION
    )
    move = _add(cast, item, "100000")
    minutes = services.minutes_save(
        actor=cast.secretariat_user, meeting=meeting, entries={item.pk: {"decision": "100.000 kr. flyttes."}}
    )
    services.minutes_approve(actor=cast.secretariat_user, minutes=minutes)
    move.refresh_from_db()
    version = version_in_force(cast.plan)
    assert version is not None and version.number == approved.number + 1
    assert move.budget_version == version and move.is_applied
    assert version.status == BudgetVersion.Status.APPROVED
    assert version.approved_on == at(-3).date()
    assert version.decision_label.endswith("punkt 1: Flere midler til Jobcafé")
    assert version.decision_url == reverse("meetings:minutes", args=[cast.plan.pk, meeting.pk]) + f"#item-{item.pk}"
    amounts = {
        (ln.post.activity_id, ln.funder): ln.amount for ln in BudgetLine.objects.filter(version=version, year=2027)
    }
    assert amounts[(cast.activity.pk, "lbf")] == Decimal("100000")
    assert amounts[(cast.other_activity.pk, "lbf")] == Decimal("200000")
    assert AuditEvent.objects.filter(action="apply", object_type="meetings.reallocation").count() == 1
    page = cast.client("board").get(meeting.get_absolute_url()).content.decode()
    assert f"gennemført som budgetversion {version.number}" in page


def test_a_move_without_a_decision_is_not_applied(cast: Cast) -> None:
    approved = _budget(cast)
    meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(-3))
    item = services.agenda_item_create(actor=None, meeting=meeting, title="P", kind=AgendaItem.Kind.PRIORITISATION)
    move = _add(cast, item)
    minutes = services.minutes_save(actor=None, meeting=meeting, entries={item.pk: {"discussion": "Udsat"}})
    services.minutes_approve(actor=None, minutes=minutes)
    move.refresh_from_db()
    assert not move.is_applied
    assert version_in_force(cast.plan) == approved


def test_approval_is_refused_whole_when_a_move_no_longer_fits(cast: Cast) -> None:
    approved = _budget(cast)
    meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(-3))
    item = services.agenda_item_create(actor=None, meeting=meeting, title="P", kind=AgendaItem.Kind.PRIORITISATION)
    first = _add(cast, item, "60000")
    second = _add(cast, item, "60000")
    spending.actual_set(
        actor=cast.secretariat_user,
        plan=cast.plan,
        target=cast.activity,
        year=2027,
        quarter=1,
        amount=Decimal("100000"),
        funder="lbf",
    )
    minutes = services.minutes_save(actor=None, meeting=meeting, entries={item.pk: {"decision": "Begge flyttes."}})
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(actor=None, minutes=minutes)
    assert "Omprioriteringen under punkt 1 (60.000 kr. fra" in " ".join(refused.value.messages)
    minutes.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT
    assert not first.is_applied and not second.is_applied
    assert version_in_force(cast.plan) == approved
    assert BudgetVersion.objects.filter(plan=cast.plan).count() == 1


def test_approved_minutes_lock_their_moves(cast: Cast) -> None:
    _budget(cast)
    meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(-3))
    item = services.agenda_item_create(actor=None, meeting=meeting, title="P", kind=AgendaItem.Kind.PRIORITISATION)
    move = _add(cast, item)
    minutes = services.minutes_save(actor=None, meeting=meeting, entries={item.pk: {"decision": "Ja"}})
    services.minutes_approve(actor=None, minutes=minutes)
    with pytest.raises(ValidationError):
        _add(cast, item, "1000")
    with pytest.raises(ValidationError):
        services.reallocation_remove(actor=None, reallocation=move)


def test_the_approval_page_says_which_moves_it_applies(cast: Cast) -> None:
    _budget(cast)
    meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(-3))
    item = services.agenda_item_create(actor=None, meeting=meeting, title="P", kind=AgendaItem.Kind.PRIORITISATION)
    move = _add(cast, item)
    minutes = services.minutes_save(actor=None, meeting=meeting, entries={item.pk: {"decision": "Ja"}})
    url = reverse("meetings:minutes_approve", args=[cast.plan.pk, meeting.pk])
    page = cast.client("secretariat").post(url, {"how": "chair", "row_version": minutes.row_version}).content.decode()
    assert "Godkendelsen gennemfører disse omprioriteringer" in page and move.summary in page
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT
    page = cast.client("board").get(reverse("meetings:minutes", args=[cast.plan.pk, meeting.pk])).content.decode()
    assert f'id="item-{item.pk}"' in page
