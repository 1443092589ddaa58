"""Minutes that cannot be locked by mistake: approval waits for the meeting to begin, approval at the next meeting
waits for that meeting's approved minutes (and puts an item on its agenda), and the pages ask before they approve
minutes or send an agenda. Each guard through the page and the API, both ways; on a fixed day."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.meetings import services
from entydig.meetings.models import AgendaDispatch, AgendaItem, Meeting, Minutes

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
TODAY = dt.datetime(2027, 3, 10, 12, 0, tzinfo=COPENHAGEN)
NOT_STARTED = "Referatet kan først godkendes, når mødet er begyndt (04.05.2027 kl. 14.00)."


def _at(month: int, day: int, hour: int = 14) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, tzinfo=COPENHAGEN)


@dataclass
class Board:
    held: Meeting  # 2 March, with draft minutes
    next: Meeting  # 4 May, planned, with draft minutes written ahead
    minutes: Minutes
    next_minutes: Minutes


@pytest.fixture
def board(cast: Cast) -> Iterator[Board]:
    """Two board meetings; the test runs on TODAY (10 March 2027) unless it travels on."""
    with time_machine.travel(TODAY, tick=False):
        held = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=_at(3, 2), title="Marts")
        item = services.agenda_item_create(actor=None, meeting=held, title="Budget", kind=AgendaItem.Kind.APPROVAL)
        minutes = services.minutes_save(actor=None, meeting=held, entries={item.pk: {"decision": "Godkendt"}})
        following = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=_at(5, 4), title="Maj")
        topic = services.agenda_item_create(actor=None, meeting=following, title="Status", kind="discussion")
        next_minutes = services.minutes_save(actor=None, meeting=following, entries={topic.pk: {"decision": "Drøftet"}})
        yield Board(held, following, minutes, next_minutes)


def _api(client: Client, path: str, data: dict[str, Any]) -> tuple[int, Any]:
    response = client.post(f"/api/v1{path}", json.dumps(data), content_type="application/json")
    return response.status_code, response.json()


def _approve_page(cast: Cast, meeting: Meeting, **data: Any) -> Any:
    url = f"/plans/{cast.plan.pk}/meetings/{meeting.pk}/minutes/approve/"
    return cast.client("secretariat").post(url, {"confirm": "1", **data}, follow=True)


def _stored(minutes: Minutes) -> Minutes:
    return Minutes.objects.get(pk=minutes.pk)


# --- Not before the meeting has begun ------------------------------------------------------------------------------


def test_it_refuses_to_approve_minutes_before_the_meeting_begins_on_the_page(cast: Cast, board: Board) -> None:
    version = board.next_minutes.row_version
    with time_machine.travel(TODAY, tick=False):
        page = _approve_page(cast, board.next, how="chair", row_version=version).content.decode()
    assert NOT_STARTED in page
    assert _stored(board.next_minutes).status == Minutes.Status.DRAFT
    with time_machine.travel(_at(5, 4, 15), tick=False):
        page = _approve_page(cast, board.next, how="chair", row_version=version).content.decode()
    assert "Referatet er godkendt og låst" in page
    assert _stored(board.next_minutes).status == Minutes.Status.APPROVED


def test_it_refuses_to_approve_minutes_before_the_meeting_begins_in_the_api(cast: Cast, board: Board) -> None:
    client = cast.client("secretariat")
    path = f"/meetings/{board.next.pk}/minutes/approve"
    body = {"how": "chair", "row_version": board.next_minutes.row_version}
    with time_machine.travel(TODAY, tick=False):
        status, answer = _api(client, path, body)
        assert status == 422 and answer["detail"] == [
            {"loc": ["body", "__all__"], "field": "__all__", "msg": NOT_STARTED}
        ]
        status, answer = _api(client, path, {**body, "how": "board"})  # awaiting the next meeting: not yet either
        assert status == 422
    assert _stored(board.next_minutes).status == Minutes.Status.DRAFT
    with time_machine.travel(_at(5, 4, 15), tick=False):
        status, answer = _api(cast.client("secretariat"), path, body)  # a session of its own: two months on
    assert status == 200 and answer["status"] == "approved" and answer["approved"] is True
    assert _stored(board.next_minutes).approved_at == _at(5, 4, 15)


def test_it_refuses_an_approval_dated_before_the_meeting_or_in_the_future(cast: Cast, board: Board) -> None:
    with time_machine.travel(TODAY, tick=False), pytest.raises(Exception, match="først godkendes"):
        services.minutes_approve(actor=None, minutes=board.minutes, approved_at=_at(3, 1))
    with time_machine.travel(TODAY, tick=False), pytest.raises(Exception, match="frem i tiden"):
        services.minutes_approve(actor=None, minutes=board.minutes, approved_at=_at(3, 11))
    assert _stored(board.minutes).status == Minutes.Status.DRAFT
    with time_machine.travel(TODAY, tick=False):
        services.minutes_approve(actor=None, minutes=board.minutes, approved_at=_at(3, 3))
    assert _stored(board.minutes).approved_at == _at(3, 3)


# --- Approved at the next meeting ----------------------------------------------------------------------------------


def test_it_keeps_minutes_for_the_next_meeting_pending_until_that_meetings_minutes_are_approved_on_the_page(
    cast: Cast, board: Board
) -> None:
    with time_machine.travel(TODAY, tick=False):
        page = _approve_page(cast, board.held, how="board", row_version=board.minutes.row_version).content.decode()
    assert "Referatet afventer nu godkendelse på næste møde" in page
    pending = _stored(board.minutes)
    assert (pending.status, pending.approved_how, pending.approved_at) == ("pending", "board", None)
    # Still open for corrections, and on the next meeting's agenda.
    services.minutes_save(
        actor=None, meeting=board.held, entries={}, notes="Rettet", expected_version=pending.row_version
    )
    (item,) = board.next.items.filter(kind=AgendaItem.Kind.PREVIOUS_MINUTES)
    assert item.title == "Godkendelse af referat fra mødet 02.03.2027" and item.order == 0
    agenda = cast.client("board").get(board.next.get_absolute_url()).content.decode()
    assert "Godkendelse af referat fra mødet 02.03.2027" in agenda and "afventer godkendelse på næste møde" in agenda

    with time_machine.travel(_at(5, 4, 16), tick=False):
        _approve_page(cast, board.next, how="chair", row_version=board.next_minutes.row_version)
    approved = _stored(board.minutes)
    assert (approved.status, approved.approved_in, approved.approved_at) == ("approved", board.next, _at(5, 4, 16))
    assert approved.approved_by == cast.secretariat_user
    event = AuditEvent.objects.filter(
        object_type="meetings.minutes", object_id=str(approved.pk), action="approve"
    ).get()
    assert event.changes["approved_in"] == [None, "Maj"] and event.actor == cast.secretariat_user
    page = cast.client("board").get(f"/plans/{cast.plan.pk}/meetings/{board.held.pk}/minutes/").content.decode()
    assert "Godkendt på næste møde (Maj)" in page


def test_it_keeps_minutes_for_the_next_meeting_pending_until_that_meetings_minutes_are_approved_in_the_api(
    cast: Cast, board: Board
) -> None:
    client = cast.client("secretariat")
    with time_machine.travel(TODAY, tick=False):
        status, answer = _api(client, f"/meetings/{board.held.pk}/minutes/approve", {"how": "board", "row_version": 2})
    assert status == 200 and answer["status"] == "pending" and not answer["approved"]
    assert answer["approved_how"] == "board"
    items = client.get(f"/api/v1/meetings/{board.next.pk}/agenda-items").json()
    assert items[0]["kind"] == "previous_minutes" and items[0]["kind_label"] == "Godkendelse af referat"
    # The next meeting's minutes only awaiting a meeting of their own approve nothing.
    approve = f"/meetings/{board.next.pk}/minutes/approve"
    with time_machine.travel(_at(5, 4, 16), tick=False):
        client = cast.client("secretariat")  # a session of its own: two months on
        status, _answer = _api(client, approve, {"how": "board", "row_version": 2})
        assert status == 200 and _stored(board.minutes).status == Minutes.Status.PENDING
        status, answer = _api(client, approve, {"how": "chair", "row_version": 3})
        assert status == 200 and answer["status"] == "approved"
        earlier = client.get(f"/api/v1/meetings/{board.held.pk}/minutes").json()
    assert (earlier["status"], earlier["approved_in_meeting_id"]) == ("approved", board.next.pk)


def test_it_refuses_to_send_pending_minutes_to_the_next_meeting_twice(cast: Cast, board: Board) -> None:
    with time_machine.travel(TODAY, tick=False):
        services.minutes_approve(actor=None, minutes=board.minutes, how=Minutes.ApprovedHow.BOARD)
        with pytest.raises(Exception, match="afventer allerede"):
            services.minutes_approve(actor=None, minutes=board.minutes, how=Minutes.ApprovedHow.BOARD)
        # The chair may still approve them at once.
        services.minutes_approve(actor=None, minutes=board.minutes, how=Minutes.ApprovedHow.CHAIR)
    assert _stored(board.minutes).status == Minutes.Status.APPROVED and _stored(board.minutes).approved_in is None


def test_it_guards_the_meeting_that_approved_minutes_in_the_database(cast: Cast, board: Board) -> None:
    with time_machine.travel(_at(5, 4, 16), tick=False):
        services.minutes_approve(actor=None, minutes=board.minutes, how=Minutes.ApprovedHow.BOARD)
        services.minutes_approve(actor=None, minutes=board.next_minutes)
    with pytest.raises(IntegrityError, match="approved minutes cannot be changed"), transaction.atomic():
        Minutes.objects.filter(pk=board.minutes.pk).update(approved_in=None)
    assert _stored(board.minutes).approved_in == board.next


# --- The item for approving the previous minutes ------------------------------------------------------------------


def _new_meeting_page(cast: Cast, title: str) -> Meeting:
    cast.client("secretariat").post(
        f"/plans/{cast.plan.pk}/meetings/new/",
        {
            "body": cast.board.pk,
            "kind": "ordinary",
            "title": title,
            "start": "2027-09-07T14:00",
            "duration_minutes": 90,
        },
    )
    return Meeting.objects.get(title=title)


def _new_meeting_api(cast: Cast) -> list[str]:
    status, answer = _api(
        cast.client("secretariat"),
        f"/plans/{cast.plan.pk}/meetings",
        {"body_id": cast.board.pk, "start": "2027-09-07T14:00:00+02:00"},
    )
    assert status == 201
    return list(Meeting.objects.get(pk=answer["id"]).items.values_list("kind", flat=True))


def test_it_puts_the_pending_minutes_on_a_new_board_meetings_agenda_on_the_page_and_in_the_api(
    cast: Cast, board: Board
) -> None:
    with time_machine.travel(_at(5, 5), tick=False):
        services.minutes_approve(actor=None, minutes=board.next_minutes)  # May approved by the chair
        assert not _new_meeting_page(cast, "September").items.exists()
        assert _new_meeting_api(cast) == []
        Meeting.objects.filter(start__month=9).delete()
        services.minutes_approve(actor=None, minutes=board.minutes, how=Minutes.ApprovedHow.BOARD)
        assert not _new_meeting_page(cast, "September igen").items.exists()  # March awaits May, not September
        Meeting.objects.filter(start__month=9).delete()

    may = Meeting.objects.create(plan=cast.plan, body=cast.board, start=_at(6, 1), title="Juni")
    Minutes.objects.create(meeting=may, status=Minutes.Status.PENDING, approved_how=Minutes.ApprovedHow.BOARD)
    with time_machine.travel(_at(6, 2), tick=False):
        september = _new_meeting_page(cast, "September med punkt")
        assert list(september.items.values_list("kind", "title")) == [
            ("previous_minutes", "Godkendelse af referat fra mødet 01.06.2027")
        ]
        september.delete()
        assert _new_meeting_api(cast) == ["previous_minutes"]
    # A steering group's meeting is not the board's next meeting.
    group = services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=_at(9, 8))
    assert not group.items.exists()


def test_it_refuses_a_second_item_for_the_previous_minutes(cast: Cast, board: Board) -> None:
    with time_machine.travel(TODAY, tick=False):
        services.minutes_approve(actor=None, minutes=board.minutes, how=Minutes.ApprovedHow.BOARD)
    status, answer = _api(
        cast.client("secretariat"),
        f"/meetings/{board.next.pk}/agenda-items",
        {"title": "Referatet igen", "kind": "previous_minutes"},
    )
    assert status == 422 and answer["detail"][0]["msg"] == (
        "Dagsordenen har allerede et punkt af typen Godkendelse af referat."
    )
    page = cast.client("secretariat").post(
        f"/plans/{cast.plan.pk}/meetings/{board.next.pk}/items/new/", {"title": "Igen", "kind": "previous_minutes"}
    )
    assert "Dagsordenen har allerede et punkt af typen Godkendelse af referat." in page.content.decode()
    assert board.next.items.filter(kind="previous_minutes").count() == 1


# --- Ask first -----------------------------------------------------------------------------------------------------


def _keyboard_form(page: str, action: str) -> str:
    """The confirming form: a plain POST with a submit button, reachable with Tab and working without JavaScript."""
    main = page.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]
    form = main.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    assert 'name="confirm" value="1"' in form and 'type="submit"' in form
    assert "onclick" not in main and "confirm(" not in main and "hx-confirm" not in main and "<script" not in main
    return form


def test_it_asks_before_it_approves_minutes(cast: Cast, board: Board) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{board.held.pk}/minutes/approve/"
    client = cast.client("secretariat")
    with time_machine.travel(TODAY, tick=False):
        asked = client.post(url, {"how": "chair", "row_version": board.minutes.row_version})
        page = asked.content.decode()
        assert asked.status_code == 200 and "Godkend referatet?" in page and "kan ikke ændres bagefter" in page
        form = _keyboard_form(page, url)
        assert 'name="how" value="chair"' in form and f'name="row_version" value="{board.minutes.row_version}"' in form
        assert _stored(board.minutes).status == Minutes.Status.DRAFT
        assert "Fortryd" in page
        done = client.post(url, {"how": "chair", "row_version": board.minutes.row_version, "confirm": "1"})
    assert done.status_code == 302 and _stored(board.minutes).status == Minutes.Status.APPROVED


def test_it_says_what_approval_at_the_next_meeting_does_before_it_is_confirmed(cast: Cast, board: Board) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{board.held.pk}/minutes/approve/"
    with time_machine.travel(TODAY, tick=False):
        page = cast.client("secretariat").post(url, {"how": "board", "row_version": 2}).content.decode()
    assert "Godkend referatet på næste møde?" in page and "Næste møde: Maj, 04.05.2027." in page
    assert 'name="how" value="board"' in _keyboard_form(page, url)
    assert _stored(board.minutes).status == Minutes.Status.DRAFT
    assert not board.next.items.filter(kind="previous_minutes").exists()


def test_it_asks_before_it_sends_the_agenda_and_names_the_recipients(cast: Cast, board: Board) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{board.next.pk}/dispatch/"
    client = cast.client("secretariat")
    with time_machine.travel(TODAY, tick=False):
        asked = client.post(url)
        page = asked.content.decode()
        assert asked.status_code == 200 and "Send dagsordenen?" in page and "kan ikke kaldes tilbage" in page
        assert "Bo Bestyrelse &lt;bo-bestyrelse@example.dk&gt;" in page
        _keyboard_form(page, url)
        assert not AgendaDispatch.objects.exists() and mail.outbox == []
        sent = client.post(url, {"confirm": "1"})
    assert sent.status_code == 302 and AgendaDispatch.objects.filter(meeting=board.next).count() == 1
    assert [m.to for m in mail.outbox] == [["bo-bestyrelse@example.dk"]]


@pytest.mark.parametrize("step", ["minutes/approve", "dispatch"])
def test_it_shows_the_question_only_to_the_secretariat(cast: Cast, board: Board, step: str) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{board.held.pk}/{step}/"
    data = {"how": "chair"}
    anonymous = cast.client(None).post(url, data)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert cast.client("outsider").post(url, data).status_code == 404
    assert cast.client("viewer").post(url, data).status_code == 403
    assert cast.client("board").post(url, data).status_code == 403
    other = f"/plans/{cast.other_plan.pk}/meetings/{board.held.pk}/{step}/"
    assert cast.client("secretariat").post(other, data).status_code == 404
    assert _stored(board.minutes).status == Minutes.Status.DRAFT and not AgendaDispatch.objects.exists()


def test_it_guards_the_approval_endpoint(cast: Cast, board: Board) -> None:
    path = f"/meetings/{board.held.pk}/minutes/approve"
    body = {"how": "chair", "row_version": board.minutes.row_version}
    with time_machine.travel(TODAY, tick=False):
        assert _api(cast.client(None), path, body)[0] == 401
        assert _api(cast.client("outsider"), path, body)[0] == 404
        assert _api(cast.client("viewer"), path, body)[0] == 403
        assert _api(cast.client("board"), path, body)[0] == 403
        assert _stored(board.minutes).status == Minutes.Status.DRAFT
        # Approving a version someone changed since is a conflict.
        status, answer = _api(cast.client("secretariat"), path, {**body, "row_version": 1})
        assert status == 409 and "En anden har gemt" in answer["detail"]
        assert _api(cast.client("secretariat"), path, body)[0] == 200
    assert _stored(board.minutes).status == Minutes.Status.APPROVED
    # Minutes never begun have nothing to approve.
    empty = services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=_at(3, 3))
    assert _api(cast.client("secretariat"), f"/meetings/{empty.pk}/minutes/approve", body)[0] == 404
