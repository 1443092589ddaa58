"""Each rule of meetings lives in its service: the page and the API give the same answer, both ways (refused with a
Danish message and nothing changed; accepted when the input keeps the rule)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from entydig.conftest import Cast
from entydig.goals.models import Goal
from entydig.meetings import services
from entydig.meetings.models import ActionItem, AgendaDispatch, AgendaItem, BodyDeadlines, Meeting, Minutes
from entydig.meetings.tests.conftest import Meetings, at
from entydig.organisation.models import Person


def _api(cast: Cast, method: str, path: str, data: dict[str, Any]) -> tuple[int, dict[str, str]]:
    response = getattr(cast.client("secretariat"), method)(
        f"/api/v1{path}", json.dumps(data), content_type="application/json"
    )
    detail = response.json().get("detail", []) if response.status_code == 422 else []
    return response.status_code, {e["field"]: e["msg"] for e in detail}


def _page(cast: Cast, path: str, data: dict[str, Any]) -> str:
    response = cast.client("secretariat").post(f"/plans/{cast.plan.pk}{path}", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _stranger(cast: Cast) -> Person:
    """A person of the other plan only."""
    return Person.objects.get(name="Otto Udenfor")


# --- Agenda items ------------------------------------------------------------------------------------------------


def test_it_takes_presenters_and_material_owners_from_the_plans_people_only(cast: Cast, meetings: Meetings) -> None:
    stranger, member = _stranger(cast), cast.board_user.person
    assert member is not None
    path = f"/meetings/{meetings.upcoming.pk}/agenda-items"
    status, errors = _api(cast, "post", path, {"title": "Oplæg", "presenter_id": stranger.pk, "owner_id": stranger.pk})
    assert status == 422 and errors == {
        "presenter_id": "Otto Udenfor hører ikke til helhedsplanen.",
        "owner_id": "Otto Udenfor hører ikke til helhedsplanen.",
    }
    with pytest.raises(ValidationError, match="hører ikke til helhedsplanen"):
        services.agenda_item_create(actor=None, meeting=meetings.upcoming, title="Oplæg", presenter=stranger)
    page = _page(cast, f"/meetings/{meetings.upcoming.pk}/items/new/", {"title": "Oplæg", "presenter": stranger.pk})
    assert "tilgængelige valgmuligheder" in page
    assert not AgendaItem.objects.filter(title="Oplæg").exists()

    status, _errors = _api(cast, "post", path, {"title": "Oplæg", "presenter_id": member.pk, "owner_id": member.pk})
    assert status == 201
    assert AgendaItem.objects.get(title="Oplæg").presenter == member


def test_it_links_an_item_only_to_the_plans_own_goals_indicators_and_activities(cast: Cast, meetings: Meetings) -> None:
    foreign = Goal.objects.create(plan=cast.other_plan, level=Goal.Level.STRATEGIC, title="Andet mål")
    own = Goal.objects.create(plan=cast.plan, level=Goal.Level.STRATEGIC, title="Eget mål")
    path = f"/meetings/{meetings.upcoming.pk}/agenda-items"
    status, errors = _api(cast, "post", path, {"title": "Mål", "goal_ids": [foreign.pk], "activity_ids": [10**6]})
    assert status == 422 and errors == {"activity_ids": f"{10**6} findes ikke."}
    status, errors = _api(cast, "post", path, {"title": "Mål", "goal_ids": [foreign.pk]})
    assert status == 422 and errors == {"goal_ids": f"Hører ikke til helhedsplanen: {foreign.pk}"}
    page = _page(cast, f"/meetings/{meetings.upcoming.pk}/items/new/", {"title": "Mål", "goals": [foreign.pk]})
    assert "tilgængelige valgmuligheder" in page
    assert not AgendaItem.objects.filter(title="Mål").exists()

    status, _errors = _api(
        cast, "post", path, {"title": "Mål", "goal_ids": [own.pk], "activity_ids": [cast.activity.pk]}
    )
    assert status == 201
    item = AgendaItem.objects.get(title="Mål")
    assert list(item.goals.all()) == [own] and list(item.activities.all()) == [cast.activity]


def test_it_asks_for_a_title_of_an_item_on_the_page_and_in_the_api(cast: Cast, meetings: Meetings) -> None:
    meeting, item = meetings.upcoming, meetings.item
    status, errors = _api(cast, "post", f"/meetings/{meeting.pk}/agenda-items", {"title": "  "})
    assert status == 422 and errors == {"title": "Skriv en overskrift."}
    status, errors = _api(
        cast, "patch", f"/meetings/{meeting.pk}/agenda-items/{item.pk}", {"row_version": 1, "title": " "}
    )
    assert status == 422 and errors == {"title": "Skriv en overskrift."}
    page = _page(cast, f"/meetings/{meeting.pk}/items/new/", {"title": " ", "kind": "discussion"})
    assert "Skriv en overskrift." in page
    assert meeting.items.count() == 2 and AgendaItem.objects.get(pk=item.pk).title == "Prioritering af midler"

    status, _errors = _api(cast, "post", f"/meetings/{meeting.pk}/agenda-items", {"title": "  Økonomi "})
    assert status == 201 and meeting.items.filter(title="Økonomi").exists()


# --- Meetings -----------------------------------------------------------------------------------------------------


def test_it_holds_meetings_in_the_plans_own_bodies_other_than_the_secretariat(cast: Cast) -> None:
    path = f"/plans/{cast.plan.pk}/meetings"
    start = "2027-02-02T14:00:00+01:00"
    status, errors = _api(cast, "post", path, {"body_id": cast.other_group.pk, "start": start})
    assert status == 422 and errors == {"body_id": "Organet hører ikke til helhedsplanen."}
    status, errors = _api(cast, "post", path, {"body_id": cast.secretariat.pk, "start": start})
    assert status == 422 and errors == {"body_id": "Vælg bestyrelsen, en styregruppe eller en formødegruppe."}
    status, errors = _api(
        cast, "post", path, {"body_id": cast.board.pk, "start": start, "invited_body_ids": [cast.other_group.pk]}
    )
    assert status == 422 and errors == {"invited_body_ids": "Organet hører ikke til helhedsplanen."}
    with pytest.raises(ValidationError, match="Vælg bestyrelsen"):
        services.meeting_create(actor=None, plan=cast.plan, body=cast.secretariat, start=at(5))
    page = _page(cast, "/meetings/new/", {"body": cast.secretariat.pk, "start": "2027-02-02T14:00"})
    assert "tilgængelige valgmuligheder" in page
    assert not Meeting.objects.exists()

    status, _errors = _api(cast, "post", path, {"body_id": cast.group.pk, "start": start})
    assert status == 201 and Meeting.objects.get().body == cast.group


def test_it_asks_for_the_time_zone_of_a_meeting(cast: Cast) -> None:
    path = f"/plans/{cast.plan.pk}/meetings"
    status, errors = _api(cast, "post", path, {"body_id": cast.board.pk, "start": "2027-02-02T14:00:00"})
    assert status == 422 and errors == {"start": "Angiv tidspunktet med tidszone, fx 2027-03-02T14:00+01:00."}
    with pytest.raises(ValidationError, match="tidszone"):
        services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=at(5).replace(tzinfo=None))
    assert not Meeting.objects.exists()

    status, _errors = _api(cast, "post", path, {"body_id": cast.board.pk, "start": "2027-02-02T14:00:00+01:00"})
    assert status == 201 and Meeting.objects.get().start.isoformat() == "2027-02-02T13:00:00+00:00"


def test_it_invites_only_the_plans_people_as_guests(cast: Cast, meetings: Meetings) -> None:
    with pytest.raises(ValidationError, match="hører ikke til helhedsplanen"):
        services.meeting_guest_add(actor=None, meeting=meetings.upcoming, person=_stranger(cast))
    page = _page(cast, f"/meetings/{meetings.upcoming.pk}/guests/", {"person": _stranger(cast).pk})
    assert "Vælg en person." in page and not meetings.upcoming.guests.exists()

    page = _page(cast, f"/meetings/{meetings.upcoming.pk}/guests/", {"person": cast.steering_user.person_id})
    assert "Gæsten er inviteret." in page and meetings.upcoming.guests.get().person_id == cast.steering_user.person_id


def test_it_sends_only_a_planned_meetings_agenda(cast: Cast, meetings: Meetings) -> None:
    services.meeting_update(actor=None, meeting=meetings.upcoming, status=Meeting.Status.CANCELLED)
    status, errors = _api(cast, "post", f"/meetings/{meetings.upcoming.pk}/dispatch", {})
    assert status == 422 and errors == {"__all__": "Kun et planlagt mødes dagsorden kan udsendes."}
    page = _page(cast, f"/meetings/{meetings.upcoming.pk}/dispatch/", {"confirm": "1"})
    assert "Kun et planlagt mødes dagsorden kan udsendes." in page
    assert not AgendaDispatch.objects.exists()

    services.meeting_update(actor=None, meeting=meetings.upcoming, status=Meeting.Status.PLANNED)
    status, _errors = _api(cast, "post", f"/meetings/{meetings.upcoming.pk}/dispatch", {})
    assert status == 201 and AgendaDispatch.objects.count() == 1


# --- Minutes and action items -------------------------------------------------------------------------------------


def test_it_refuses_to_overwrite_minutes_begun_by_someone_else_on_the_page_and_in_the_api(
    cast: Cast, meetings: Meetings
) -> None:
    """An edit that names no version was begun before the minutes existed: now that they do, it is a conflict."""
    item_id = meetings.entry.item_id
    status, _errors = _api(
        cast, "post", f"/meetings/{meetings.past.pk}/minutes", {"entries": [{"item_id": item_id, "decision": "Ny"}]}
    )
    assert status == 409
    page = _page(cast, f"/meetings/{meetings.past.pk}/minutes/", {f"decision_{item_id}": "Fra en gammel side"})
    assert "En anden har gemt ændringer" in page and "Fra en gammel side" in page
    meetings.entry.refresh_from_db()
    assert meetings.entry.decision == "Fortsætter"

    version = Minutes.objects.get(meeting=meetings.past).row_version
    page = _page(cast, f"/meetings/{meetings.past.pk}/minutes/", {"row_version": version, f"decision_{item_id}": "Ny"})
    assert "Referatet er gemt." in page
    meetings.entry.refresh_from_db()
    assert meetings.entry.decision == "Ny"


def test_it_makes_only_the_plans_people_responsible_for_action_items(cast: Cast, meetings: Meetings) -> None:
    stranger, staff = _stranger(cast), cast.staff_user.person
    path = f"/action-items/{meetings.action.pk}"
    status, errors = _api(cast, "patch", path, {"row_version": 1, "responsible_id": stranger.pk})
    assert status == 422 and errors == {"responsible_id": "Otto Udenfor hører ikke til helhedsplanen."}
    with pytest.raises(ValidationError, match="hører ikke til helhedsplanen"):
        services.action_item_create(
            actor=None, entry=meetings.entry, title="Ring", responsible=stranger, due=at(5).date()
        )
    data = {"item": meetings.entry.item_id, "title": "Ring", "responsible": stranger.pk, "due": "2027-01-10"}
    page = _page(cast, f"/meetings/{meetings.past.pk}/minutes/actions/", data)
    assert "Udfyld punkt, handlingspunkt, ansvarlig og frist." in page
    assert not ActionItem.objects.filter(title="Ring").exists()
    assert ActionItem.objects.get(pk=meetings.action.pk).responsible == staff

    member = cast.board_user.person
    assert member is not None
    status, _errors = _api(cast, "patch", path, {"row_version": 1, "responsible_id": member.pk})
    assert status == 200 and ActionItem.objects.get(pk=meetings.action.pk).responsible == member
    page = _page(cast, f"/meetings/{meetings.past.pk}/minutes/actions/", {**data, "responsible": member.pk})
    assert "Handlingspunktet er oprettet." in page and ActionItem.objects.get(title="Ring").responsible == member


def test_it_keeps_each_bodys_warning_no_shorter_than_its_deadline_on_the_settings_page(cast: Cast) -> None:
    data = {
        f"b{cast.board.pk}-dispatch_days": 12,
        f"b{cast.board.pk}-warning_days": 5,
        f"b{cast.board.pk}-material_days": 3,
        f"b{cast.group.pk}-dispatch_days": 10,
        f"b{cast.group.pk}-warning_days": 14,
        f"b{cast.group.pk}-material_days": 3,
    }
    page = _page(cast, "/meetings/settings/", data)
    board_fields = page.split(str(cast.board), 1)[1].split("</fieldset>", 1)[0]
    assert "Varslingen skal være mindst lige så lang som fristen." in board_fields
    assert not BodyDeadlines.objects.exists()  # not the group's either: the page is saved in one go
    with pytest.raises(ValidationError, match="Varslingen"):
        services.body_deadlines_update(actor=None, body=cast.board, dispatch_days=12, warning_days=5)

    page = _page(cast, "/meetings/settings/", {**data, f"b{cast.board.pk}-warning_days": 12})
    assert "Frister og fridage er gemt." in page
    assert BodyDeadlines.objects.get(body=cast.board).warning_days == 12
