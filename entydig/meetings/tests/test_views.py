"""Every page, download and form of meetings: access for each role, what the user sees, fixed query counts."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from entydig.conftest import Cast
from entydig.meetings import services
from entydig.meetings.deadlines import meeting_deadline
from entydig.meetings.models import (
    ActionItem,
    AgendaDispatch,
    AgendaItem,
    Attachment,
    BodyDeadlines,
    CalendarFeed,
    CalendarSettings,
    Meeting,
    MeetingGuest,
    Minutes,
    MinutesAmendment,
)
from entydig.meetings.tests.conftest import Meetings, at
from entydig.meetings.tests.test_services import PDF


@pytest.fixture
def attachment(meetings: Meetings, settings: Settings, tmp_path: Path) -> Attachment:
    settings.MEDIA_ROOT = tmp_path
    return services.attachment_add(actor=None, item=meetings.item, file=SimpleUploadedFile("notat.pdf", PDF))


def read_urls(cast: Cast, m: Meetings, attachment: Attachment) -> dict[str, tuple[str, str]]:
    """url -> text (or bytes prefix) the allowed user sees."""
    p, up, past = cast.plan.pk, m.upcoming.pk, m.past.pk
    return {
        "annual_plan": (f"/plans/{p}/meetings/?year={m.upcoming.start.year}", "Bestyrelsesmøde"),
        "deadlines": (f"/plans/{p}/meetings/deadlines/", "Frister for dagsordener"),
        "follow_up": (f"/plans/{p}/follow-up/", "Skaf lokaler"),
        "meeting": (f"/plans/{p}/meetings/{up}/", "Prioritering af midler"),
        "minutes": (f"/plans/{p}/meetings/{past}/minutes/", "Fortsætter"),
        "settings": (f"/plans/{p}/meetings/settings/", "Udsendelsesfrist pr. organ"),
        "agenda_pdf": (f"/plans/{p}/meetings/{up}/agenda.pdf", "%PDF"),
        "agenda_docx": (f"/plans/{p}/meetings/{up}/agenda.docx", "PK"),
        "minutes_pdf": (f"/plans/{p}/meetings/{past}/minutes.pdf", "%PDF"),
        "minutes_docx": (f"/plans/{p}/meetings/{past}/minutes.docx", "PK"),
        "attachment": (f"/plans/{p}/attachments/{attachment.pk}/", "%PDF"),
        "meeting_new": (f"/plans/{p}/meetings/new/", "Nyt møde"),
        "meeting_edit": (f"/plans/{p}/meetings/{up}/edit/", "Ret møde"),
        "item_new": (f"/plans/{p}/meetings/{up}/items/new/", "Nyt punkt"),
        "item_edit": (f"/plans/{p}/meetings/{up}/items/{m.item.pk}/edit/", "Ret punkt"),
    }


WRITE_PAGES = {"meeting_new", "meeting_edit", "item_new", "item_edit"}


def body_of(response: HttpResponseBase) -> str:
    if getattr(response, "streaming", False):
        assert isinstance(response, StreamingHttpResponse)
        chunks = typing.cast(Iterator[bytes], response.streaming_content)  # a sync view streams synchronously
        return b"".join(chunks).decode("latin-1")
    assert isinstance(response, HttpResponse)
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "name",
    [
        "annual_plan",
        "deadlines",
        "follow_up",
        "meeting",
        "minutes",
        "settings",
        "agenda_pdf",
        "agenda_docx",
        "minutes_pdf",
        "minutes_docx",
        "attachment",
        "meeting_new",
        "meeting_edit",
        "item_new",
        "item_edit",
    ],
)
def test_it_guards_every_page_and_download(cast: Cast, meetings: Meetings, attachment: Attachment, name: str) -> None:
    url, expected = read_urls(cast, meetings, attachment)[name]
    anonymous = cast.client(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert cast.client("outsider").get(url).status_code == 404
    viewer = cast.client("viewer").get(url)
    if name in WRITE_PAGES:
        assert viewer.status_code == 403
    else:
        assert viewer.status_code == 200 and expected in body_of(viewer)
    allowed = cast.client("secretariat").get(url)
    assert allowed.status_code == 200 and expected in body_of(allowed)


def test_it_serves_attachments_only_through_the_checked_view(cast: Cast, attachment: Attachment) -> None:
    response = cast.client("board").get(f"/plans/{cast.plan.pk}/attachments/{attachment.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="notat.pdf"' in response["Content-Disposition"]
    assert (
        cast.client("secretariat").get(f"/plans/{cast.other_plan.pk}/attachments/{attachment.pk}/").status_code == 404
    )


def post_cases(
    cast: Cast, m: Meetings, attachment: Attachment
) -> list[tuple[str, dict[str, object], Callable[[], object]]]:
    p, up, past = cast.plan.pk, m.upcoming.pk, m.past.pk
    person = cast.steering_user.person
    assert person is not None
    return [
        (
            f"/plans/{p}/meetings/{up}/guests/",
            {"person": person.pk, "reason": "punkt 2"},
            lambda: MeetingGuest.objects.filter(meeting=m.upcoming).count(),
        ),
        (f"/plans/{p}/meetings/{up}/dispatch/", {"confirm": "1"}, lambda: AgendaDispatch.objects.count()),
        (
            f"/plans/{p}/meetings/{up}/items/new/",
            {"title": "Nyt", "kind": "discussion"},
            lambda: AgendaItem.objects.filter(meeting=m.upcoming).count(),
        ),
        (
            f"/plans/{p}/meetings/{up}/items/{m.item.pk}/delete/",
            {},
            lambda: AgendaItem.objects.filter(meeting=m.upcoming).count(),
        ),
        (
            f"/plans/{p}/meetings/{up}/suggestions/add/",
            {"key": f"overdue:{m.responsible.pk}"},
            lambda: AgendaItem.objects.filter(meeting=m.upcoming).count(),
        ),
        (
            f"/plans/{p}/meetings/{past}/minutes/",
            {"notes": "Nye noter", "row_version": 2},
            lambda: Minutes.objects.get(meeting=m.past).notes,
        ),
        (
            f"/plans/{p}/meetings/{past}/minutes/approve/",
            {"how": "chair", "confirm": "1"},
            lambda: Minutes.objects.get(meeting=m.past).status,
        ),
        (
            f"/plans/{p}/meetings/{past}/minutes/actions/",
            {"item": m.entry.item_id, "title": "Ring", "responsible": person.pk, "due": "2027-01-10"},
            lambda: ActionItem.objects.count(),
        ),
        (
            f"/plans/{p}/meetings/{up}/attendance/",
            {f"attendance_{cast.board_user.person_id}": "present"},
            lambda: m.upcoming.attendance.count(),
        ),
        (f"/plans/{p}/attachments/{attachment.pk}/delete/", {}, lambda: Attachment.objects.count()),
        (
            f"/plans/{p}/meetings/settings/",
            {
                f"b{cast.board.pk}-dispatch_days": 12,
                f"b{cast.board.pk}-warning_days": 14,
                f"b{cast.board.pk}-material_days": 3,
                f"b{cast.group.pk}-dispatch_days": 10,
                f"b{cast.group.pk}-warning_days": 14,
                f"b{cast.group.pk}-material_days": 3,
                "cal-constitution_day_off": "on",
            },
            lambda: BodyDeadlines.objects.count(),
        ),
        (
            f"/plans/{p}/meetings/new/",
            {
                "body": cast.board.pk,
                "kind": "ordinary",
                "start": "2027-03-02T15:00",
                "duration_minutes": 120,
                "status": "planned",
            },
            lambda: Meeting.objects.count(),
        ),
    ]


@pytest.mark.parametrize("index", range(12))
def test_it_lets_only_the_secretariat_write(cast: Cast, meetings: Meetings, attachment: Attachment, index: int) -> None:
    url, data, state = post_cases(cast, meetings, attachment)[index]
    before = state()
    assert cast.client(None).post(url, data).status_code == 302
    assert cast.client("outsider").post(url, data).status_code == 404
    assert cast.client("viewer").post(url, data).status_code == 403
    assert cast.client("board").post(url, data).status_code == 403
    assert state() == before
    response = cast.client("secretariat").post(url, data)
    assert response.status_code == 302
    assert state() != before


def test_it_refuses_a_forged_upload_with_a_danish_message(
    cast: Cast, meetings: Meetings, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/items/{meetings.item.pk}/attachments/"
    forged = SimpleUploadedFile("regnskab.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = cast.client("secretariat").post(url, {"file": forged}, follow=True)
    assert "ikke en tilladt filtype" in response.content.decode()
    assert Attachment.objects.count() == 0 and not any(tmp_path.rglob("*"))
    assert cast.client("viewer").post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    ok = cast.client("secretariat").post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, follow=True)
    assert "Bilaget er gemt" in ok.content.decode() and Attachment.objects.count() == 1


def test_it_shows_a_conflict_instead_of_overwriting(cast: Cast, meetings: Meetings) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/items/{meetings.item.pk}/edit/"
    data = {"title": "Min version", "kind": "discussion", "row_version": 1, "order": 5}
    services.agenda_item_update(actor=None, item=meetings.item, title="Den andens version")
    response = cast.client("secretariat").post(url, data)
    assert response.status_code == 200 and "En anden har gemt ændringer" in response.content.decode()
    assert AgendaItem.objects.get(pk=meetings.item.pk).title == "Den andens version"


def test_it_lets_the_responsible_person_update_their_action(cast: Cast, meetings: Meetings) -> None:
    url = f"/plans/{cast.plan.pk}/action-items/{meetings.action.pk}/"
    data = {"status": "done", "row_version": meetings.action.row_version}
    assert cast.client(None).post(url, data).status_code == 302
    assert cast.client("outsider").post(url, data).status_code == 404
    assert cast.client("board").post(url, data).status_code == 403
    assert ActionItem.objects.get(pk=meetings.action.pk).status == "open"
    assert cast.client("staff").post(url, data).status_code == 302
    action = ActionItem.objects.get(pk=meetings.action.pk)
    assert action.status == "done" and action.closed_at is not None


def test_it_shows_each_person_their_own_tasks(cast: Cast, meetings: Meetings) -> None:
    assert cast.client(None).get("/my-tasks/").status_code == 302
    mine = cast.client("staff").get("/my-tasks/").content.decode()
    assert "Skaf lokaler" in mine and "Over fristen" in mine
    assert "Skaf lokaler" not in cast.client("board").get("/my-tasks/").content.decode()
    assert "Skaf lokaler" not in cast.client("outsider").get("/my-tasks/").content.decode()


def test_it_shows_material_owners_their_earlier_deadline_and_the_secretariat_due_agendas(
    cast: Cast, meetings: Meetings
) -> None:
    soon = services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=at(8), title="Styregruppemøde")
    services.agenda_item_create(actor=None, meeting=soon, title="Lektiecaféens tal", owner=cast.staff_user.person)
    staff = cast.client("staff").get("/my-tasks/").content.decode()
    assert "Materiale til dagsordener" in staff and "Lektiecaféens tal" in staff
    assert "Dagsordener, der skal udsendes" not in staff
    secretariat = cast.client("secretariat").get("/my-tasks/").content.decode()
    assert "Dagsordener, der skal udsendes" in secretariat and "Styregruppemøde" in secretariat
    assert "Styregruppemøde" not in cast.client("outsider").get("/my-tasks/").content.decode()


def test_it_sends_the_agenda_from_the_page(cast: Cast, meetings: Meetings) -> None:
    response = cast.client("secretariat").post(
        f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/dispatch/", {"confirm": "1"}, follow=True
    )
    assert "er sendt til 1 modtagere" in response.content.decode()
    assert mail.outbox[0].to == ["bo-bestyrelse@example.dk"]
    assert "Version 1 sendt" in response.content.decode()


def test_it_shows_deadline_and_working_days_left(cast: Cast, meetings: Meetings) -> None:
    page = cast.client("board").get(meetings.upcoming.get_absolute_url()).content.decode()
    assert "Udsendelsesfrist" in page and "arbejdsdage tilbage" in page
    soon = services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=at(8), title="Styregruppemøde")
    services.agenda_item_create(actor=None, meeting=soon, title="Punkt")
    dashboard = cast.client("board").get(f"/plans/{cast.plan.pk}/meetings/deadlines/").content.decode()
    assert "Styregruppemøde" in dashboard and "Over fristen" in dashboard


def test_it_serves_calendar_feeds_by_secret_address(cast: Cast, meetings: Meetings) -> None:
    assert cast.board_user.person is not None
    client = cast.client("board")
    assert client.post(f"/plans/{cast.plan.pk}/meetings/feeds/", {"body": cast.board.pk}).status_code == 302
    assert (
        cast.client("outsider").post(f"/plans/{cast.plan.pk}/meetings/feeds/", {"body": cast.board.pk}).status_code
        == 404
    )
    client.post(f"/plans/{cast.plan.pk}/meetings/feeds/")
    body_feed = CalendarFeed.objects.get(user=cast.board_user, body=cast.board)
    own_feed = CalendarFeed.objects.get(user=cast.board_user, body=None)
    anonymous = cast.client(None)
    ics = anonymous.get(f"/calendar/{body_feed.token}.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert "BEGIN:VEVENT" in text and "Bestyrelsesmøde" in text and "LOCATION:Beboerhuset" in text
    assert text.count("BEGIN:VEVENT") == 2
    assert anonymous.get(f"/calendar/{own_feed.token}.ics").content.decode().count("BEGIN:VEVENT") == 2
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404
    # Someone who leaves the plan loses the feed.
    cast.board_user.person.memberships.update(end=timezone.localdate() - dt.timedelta(days=1))
    assert anonymous.get(f"/calendar/{body_feed.token}.ics").status_code == 404


def test_it_renders_the_meeting_page_in_a_fixed_number_of_queries(
    cast: Cast, meetings: Meetings, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("secretariat")
    url = meetings.upcoming.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for n in range(8):
        services.agenda_item_create(actor=None, meeting=meetings.upcoming, title=f"Ekstra {n}", kind="discussion")
    before = len(few.captured_queries)
    client.get(url)  # every write replaces the plan's data stamp: both counts are of a page with a warm cache
    with django_assert_max_num_queries(before):
        response = client.get(url)
    assert "Ekstra 7" in response.content.decode()


@pytest.mark.parametrize("page", ["annual_plan", "follow_up"])
def test_it_renders_lists_in_a_fixed_number_of_queries(
    cast: Cast, meetings: Meetings, django_assert_max_num_queries: DjangoAssertNumQueries, page: str
) -> None:
    client = cast.client("secretariat")
    # The added meetings fall in the upcoming meeting's year, also when it is in the first days of January.
    first_day = timezone.localtime(meetings.upcoming.start).replace(month=1, day=1)
    year = first_day.year
    url = (
        f"/plans/{cast.plan.pk}/meetings/?year={year}" if page == "annual_plan" else f"/plans/{cast.plan.pk}/follow-up/"
    )
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for n in range(6):
        start = first_day + dt.timedelta(days=2 + n)
        meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=start, title=f"M{n}")
        meeting.invited_bodies.set([cast.board])
        item = services.agenda_item_create(actor=None, meeting=meeting, title="P")
        minutes = services.minutes_save(actor=None, meeting=meeting, entries={item.pk: {"decision": "Ja"}})
        services.action_item_create(
            actor=None,
            entry=minutes.entries.get(),
            title=f"Opgave {n}",
            responsible=meetings.responsible,
            due=at(n).date(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert ("M5" if page == "annual_plan" else "Opgave 5") in response.content.decode()


def test_it_records_an_amendment_to_approved_minutes_from_the_page(cast: Cast, meetings: Meetings) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.past.pk}/minutes/"
    services.minutes_approve(actor=None, minutes=Minutes.objects.get(meeting=meetings.past))
    data = {"text": "Lokalerne er på skolen", "reason": "Fejl i referatet", "item": meetings.entry.item_id}
    assert cast.client("viewer").post(url + "amend/", data).status_code == 403
    assert cast.client("outsider").post(url + "amend/", data).status_code == 404
    assert not MinutesAmendment.objects.exists()
    page = cast.client("secretariat").post(url + "amend/", data, follow=True).content.decode()
    assert "Rettelsen er registreret" in page and "Fejl i referatet" in page
    amendment = MinutesAmendment.objects.get()
    assert amendment.created_by == cast.secretariat_user
    # The approved text itself is no longer editable on the page.
    assert 'name="decision_' not in page
    refused = cast.client("secretariat").post(url, {"notes": "Ændret", "row_version": 9}, follow=True)
    assert "godkendt og kan ikke ændres" in refused.content.decode()
    assert Minutes.objects.get(meeting=meetings.past).notes == ""


def test_it_uses_the_bodys_and_the_municipalitys_deadline_settings(cast: Cast) -> None:
    start = timezone.make_aware(dt.datetime(2027, 1, 4, 14, 0))  # a Monday after New Year
    meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=start)
    assert meeting_deadline(meeting).deadline == dt.date(2026, 12, 15)  # skips 1 Jan, 31 Dec, 25 and 24 Dec
    services.body_deadlines_update(actor=None, body=cast.board, dispatch_days=3, warning_days=5)
    assert meeting_deadline(meeting).deadline == dt.date(2026, 12, 28)
    CalendarSettings.objects.create(organisation=cast.municipality, new_years_eve_off=False)
    assert meeting_deadline(meeting).deadline == dt.date(2026, 12, 29)
    with pytest.raises(Exception, match="Varslingen"):
        services.body_deadlines_update(actor=None, body=cast.board, dispatch_days=10, warning_days=5)


def test_it_keeps_both_minutes_edits_apart_with_a_conflict_message(cast: Cast, meetings: Meetings) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.past.pk}/minutes/"
    version = Minutes.objects.get(meeting=meetings.past).row_version
    item_id = meetings.entry.item_id
    first = cast.client("secretariat").post(url, {"row_version": version, f"decision_{item_id}": "Første"})
    assert first.status_code == 302
    second = cast.client("secretariat").post(url, {"row_version": version, f"decision_{item_id}": "Anden"})
    page = second.content.decode()
    assert second.status_code == 200 and "En anden har gemt ændringer" in page
    assert "Anden" in page  # the second writer's text is still in the form, not lost
    meetings.entry.refresh_from_db()
    assert meetings.entry.decision == "Første"


def test_it_renders_the_minutes_page_in_a_fixed_number_of_queries(
    cast: Cast, meetings: Meetings, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("secretariat")
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.past.pk}/minutes/"
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for n in range(6):
        item = services.agenda_item_create(actor=None, meeting=meetings.past, title=f"Punkt {n}", kind="discussion")
        version = Minutes.objects.get(meeting=meetings.past).row_version
        minutes = services.minutes_save(
            actor=None, meeting=meetings.past, entries={item.pk: {"decision": f"Ja {n}"}}, expected_version=version
        )
        entry = minutes.entries.get(item=item)
        services.action_item_create(
            actor=None, entry=entry, title=f"Opgave {n}", responsible=meetings.responsible, due=at(n).date()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Opgave 5" in response.content.decode() and "Punkt 5" in response.content.decode()


def test_it_asks_the_secretariat_to_choose_a_guest_instead_of_showing_dashes(cast: Cast, meetings: Meetings) -> None:
    page = cast.client("secretariat").get(meetings.upcoming.get_absolute_url()).content.decode()
    assert "Vælg en person</option>" in page and "---------" not in page


def test_it_shows_the_status_column_of_the_follow_up_list_only_to_those_who_may_change_a_row(
    cast: Cast, meetings: Meetings
) -> None:
    url = f"/plans/{cast.plan.pk}/follow-up/"
    board = cast.client("board").get(url).content.decode()
    assert "Skaf lokaler" in board and "Ret status" not in board and 'name="status"' not in board
    staff = cast.client("staff").get(url).content.decode()  # responsible for the action item
    assert "Ret status" in staff and 'name="status"' in staff
    assert "Ret status" in cast.client("secretariat").get(url).content.decode()


def test_it_names_the_plan_in_the_title_of_meeting_pages(cast: Cast, meetings: Meetings) -> None:
    # The secretariat often serves two plans; a browser tab says which one.
    client = cast.client("secretariat")
    for url in (f"/plans/{cast.plan.pk}/meetings/", meetings.upcoming.get_absolute_url()):
        title = client.get(url).content.decode().split("<title>")[1].split("</title>")[0]
        assert cast.plan.name in title


def test_it_links_a_board_meeting_to_its_board_pack(cast: Cast, meetings: Meetings) -> None:
    page = cast.client("board").get(meetings.upcoming.get_absolute_url()).content.decode()
    assert f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/board-pack.pdf" in page
    group_meeting = services.meeting_create(
        actor=None, plan=cast.plan, body=cast.group, start=meetings.upcoming.start, place="Beboerhuset"
    )
    assert "board-pack.pdf" not in cast.client("board").get(group_meeting.get_absolute_url()).content.decode()
