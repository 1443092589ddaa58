"""The meetings API: access for every endpoint, deadlines, dispatch, minutes and 409 on concurrent edits."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.test import Client

from entydig.conftest import Cast
from entydig.meetings import services
from entydig.meetings.models import ActionItem, AgendaDispatch, AgendaItem, Meeting, Minutes
from entydig.meetings.tests.conftest import Meetings

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # the test client's response, stub-only


def call(client: Client, method: str, url: str, data: dict[str, object] | None = None) -> TestResponse:
    if method == "get":
        return client.get(url)
    response: TestResponse = getattr(client, method)(url, json.dumps(data or {}), content_type="application/json")
    return response


def reads(cast: Cast, m: Meetings) -> list[tuple[str, str]]:
    return [
        (f"/api/v1/plans/{cast.plan.pk}/meetings", "Bestyrelsesmøde"),
        (f"/api/v1/meetings/{m.upcoming.pk}", "agenda_deadline"),
        (f"/api/v1/meetings/{m.upcoming.pk}/agenda-items", "Prioritering af midler"),
        (f"/api/v1/meetings/{m.upcoming.pk}/suggestions", "overdue:"),
        (f"/api/v1/meetings/{m.past.pk}/minutes", "Fortsætter"),
        (f"/api/v1/action-items/{m.action.pk}", "Skaf lokaler"),
        (f"/api/v1/plans/{cast.plan.pk}/action-items?status=open", "Skaf lokaler"),
    ]


@pytest.mark.parametrize("index", range(7))
def test_it_guards_every_read_endpoint(cast: Cast, meetings: Meetings, index: int) -> None:
    url, expected = reads(cast, meetings)[index]
    assert cast.client(None).get(url).status_code == 401
    assert cast.client("outsider").get(url).status_code == 404
    for role in ("viewer", "board", "secretariat"):
        response = cast.client(role).get(url)
        assert response.status_code == 200 and expected in json.dumps(response.json(), ensure_ascii=False), role


def writes(cast: Cast, m: Meetings) -> list[tuple[str, str, dict[str, object], Callable[[], object]]]:
    return [
        (
            "post",
            f"/api/v1/plans/{cast.plan.pk}/meetings",
            {"body_id": cast.board.pk, "start": "2027-02-02T14:00:00+01:00", "place": "Rådhuset"},
            lambda: Meeting.objects.count(),
        ),
        (
            "post",
            f"/api/v1/meetings/{m.upcoming.pk}/agenda-items",
            {"title": "Nyt", "kind": "discussion"},
            lambda: AgendaItem.objects.count(),
        ),
        (
            "patch",
            f"/api/v1/meetings/{m.upcoming.pk}/agenda-items/{m.item.pk}",
            {"row_version": 1, "title": "Ny titel"},
            lambda: AgendaItem.objects.get(pk=m.item.pk).title,
        ),
        ("post", f"/api/v1/meetings/{m.upcoming.pk}/dispatch", {}, lambda: AgendaDispatch.objects.count()),
        (
            "post",
            f"/api/v1/meetings/{m.past.pk}/minutes",
            {"row_version": 2, "notes": "API-noter"},
            lambda: Minutes.objects.get(meeting=m.past).notes,
        ),
    ]


@pytest.mark.parametrize("index", range(5))
def test_it_lets_only_the_secretariat_write(cast: Cast, meetings: Meetings, index: int) -> None:
    method, url, data, state = writes(cast, meetings)[index]
    before = state()
    assert call(cast.client(None), method, url, data).status_code == 401
    assert call(cast.client("outsider"), method, url, data).status_code == 404
    assert call(cast.client("viewer"), method, url, data).status_code == 403
    assert call(cast.client("board"), method, url, data).status_code == 403
    assert state() == before
    response = call(cast.client("secretariat"), method, url, data)
    assert response.status_code in (200, 201), response.content
    assert state() != before


def test_it_gives_the_deadline_and_working_days_left(cast: Cast, meetings: Meetings) -> None:
    data = cast.client("board").get(f"/api/v1/meetings/{meetings.upcoming.pk}").json()
    assert len(data["agenda_deadline"]) == 10 and isinstance(data["working_days_left"], int)
    assert data["material_deadline"] < data["agenda_deadline"]
    assert (data["kind"], data["status"]) == ("ordinary", "planned")


def test_it_stores_plain_choice_values_from_the_api(cast: Cast, meetings: Meetings) -> None:
    client = cast.client("secretariat")
    url = f"/api/v1/meetings/{meetings.upcoming.pk}/agenda-items/{meetings.item.pk}"
    response = call(client, "patch", url, {"row_version": 1, "kind": "cooperation"})
    assert response.status_code == 200 and response.json()["kind"] == "cooperation"
    assert AgendaItem.objects.get(pk=meetings.item.pk).kind == "cooperation"
    made = call(
        client,
        "post",
        f"/api/v1/plans/{cast.plan.pk}/meetings",
        {"body_id": cast.group.pk, "start": "2027-02-02T09:00:00+01:00", "kind": "extraordinary"},
    )
    assert made.status_code == 201 and Meeting.objects.get(pk=made.json()["id"]).kind == "extraordinary"
    assert call(client, "patch", url, {"row_version": 2, "kind": "nonsense"}).status_code == 422
    listed = client.get(f"/api/v1/plans/{cast.plan.pk}/action-items?status=done").json()
    assert listed == []


def test_it_calculates_deadlines(cast: Cast) -> None:
    client = cast.client("viewer")
    assert cast.client(None).get("/api/v1/calendar/deadline?meeting_date=2024-04-08&working_days=10").status_code == 401
    data = client.get("/api/v1/calendar/deadline?meeting_date=2024-04-08&working_days=10").json()
    assert data["deadline"] == "2024-03-20"
    assert (
        client.get("/api/v1/calendar/deadline?meeting_date=2026-01-02&working_days=5").json()["deadline"]
        == "2025-12-19"
    )
    assert client.get("/api/v1/calendar/deadline?meeting_date=2026-01-02&working_days=0").status_code == 422
    assert client.get("/api/v1/calendar/deadline?meeting_date=not-a-date").status_code == 422


def test_it_answers_409_to_a_stale_edit_and_keeps_the_first(cast: Cast, meetings: Meetings) -> None:
    client = cast.client("secretariat")
    url = f"/api/v1/meetings/{meetings.past.pk}/minutes"
    version = client.get(url).json()["row_version"]
    item_id = meetings.entry.item_id
    first = call(client, "post", url, {"row_version": version, "entries": [{"item_id": item_id, "decision": "Første"}]})
    assert first.status_code == 200
    second = call(client, "post", url, {"row_version": version, "entries": [{"item_id": item_id, "decision": "Anden"}]})
    assert second.status_code == 409 and "En anden har gemt" in second.json()["detail"]
    assert client.get(url).json()["items"][0]["decision"] == "Første"
    action_url = f"/api/v1/action-items/{meetings.action.pk}"
    assert call(client, "patch", action_url, {"row_version": 1, "status": "done"}).status_code == 200
    assert call(client, "patch", action_url, {"row_version": 1, "status": "dropped"}).status_code == 409
    assert ActionItem.objects.get(pk=meetings.action.pk).status == "done"


def test_it_lets_the_responsible_person_patch_only_the_status(cast: Cast, meetings: Meetings) -> None:
    url = f"/api/v1/action-items/{meetings.action.pk}"
    assert call(cast.client(None), "patch", url, {"row_version": 1, "status": "done"}).status_code == 401
    assert call(cast.client("outsider"), "patch", url, {"row_version": 1, "status": "done"}).status_code == 404
    assert call(cast.client("board"), "patch", url, {"row_version": 1, "status": "done"}).status_code == 403
    staff = cast.client("staff")
    assert call(staff, "patch", url, {"row_version": 1, "due": "2030-01-01"}).status_code == 403
    response = call(staff, "patch", url, {"row_version": 1, "status": "done", "note": "Lokaler fundet"})
    assert response.status_code == 200 and response.json()["status"] == "done"
    listed = cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}/action-items?status=open").json()
    assert listed == []


def test_it_refuses_approved_minutes_and_bad_input_with_422(cast: Cast, meetings: Meetings) -> None:
    client = cast.client("secretariat")
    services.minutes_approve(actor=None, minutes=Minutes.objects.get(meeting=meetings.past))
    url = f"/api/v1/meetings/{meetings.past.pk}/minutes"
    version = client.get(url).json()["row_version"]
    refused = call(client, "post", url, {"row_version": version, "notes": "Ændret"})
    assert refused.status_code == 422 and "godkendt" in refused.content.decode()
    bad = call(
        client,
        "post",
        f"/api/v1/plans/{cast.plan.pk}/meetings",
        {"body_id": cast.other_group.pk, "start": "2027-01-01T10:00:00+01:00"},
    )
    assert bad.status_code == 422
    assert (
        call(client, "post", f"/api/v1/meetings/{meetings.upcoming.pk}/agenda-items", {"title": " "}).status_code == 422
    )


def test_it_dispatches_through_the_api(cast: Cast, meetings: Meetings) -> None:
    response = call(cast.client("secretariat"), "post", f"/api/v1/meetings/{meetings.upcoming.pk}/dispatch")
    assert response.status_code == 201 and response.json()["recipients"] == ["bo-bestyrelse@example.dk"]
    assert len(mail.outbox) == 1
    again = call(cast.client("secretariat"), "post", f"/api/v1/meetings/{meetings.upcoming.pk}/dispatch")
    assert again.status_code == 422


def test_it_answers_422_not_500_to_an_impossible_year(cast: Cast, meetings: Meetings) -> None:
    client = cast.client("secretariat")
    assert client.get(f"/api/v1/plans/{cast.plan.pk}/meetings?year=-22").status_code == 422
    this_year = meetings.upcoming.start.year
    listed = client.get(f"/api/v1/plans/{cast.plan.pk}/meetings?year={this_year}").json()
    assert meetings.upcoming.pk in [m["id"] for m in listed]
