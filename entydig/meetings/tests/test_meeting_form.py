"""The meeting form: one view creates and edits; status is only offered once the meeting exists."""

from __future__ import annotations

from entydig.conftest import Cast
from entydig.meetings.models import Meeting
from entydig.meetings.tests.conftest import Meetings


def test_it_creates_a_planned_meeting_without_offering_a_status(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = f"/plans/{cast.plan.pk}/meetings/new/"
    assert 'name="status"' not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "body": cast.board.pk,
            "kind": "ordinary",
            "title": "Nyt møde",
            "start": "2027-03-02T16:00",
            "duration_minutes": 90,
            "place": "Beboerhuset",
            "status": "cancelled",
        },
    )
    meeting = Meeting.objects.get(title="Nyt møde")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.status == Meeting.Status.PLANNED


def test_it_offers_the_status_when_editing(cast: Cast, meetings: Meetings) -> None:
    page = cast.client("secretariat").get(f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/edit/")
    assert 'name="status"' in page.content.decode()


def test_it_refuses_a_meeting_outside_1950_2100_on_the_page_as_in_the_api(cast: Cast) -> None:
    response = cast.client("secretariat").post(
        f"/plans/{cast.plan.pk}/meetings/new/",
        {
            "body": cast.board.pk,
            "kind": "ordinary",
            "title": "Langt ude",
            "start": "9999-03-02T16:00",
            "duration_minutes": 90,
            "place": "",
        },
    )
    assert response.status_code == 200
    assert "Året skal ligge fra 1950 til 2100" in response.content.decode()
    assert not Meeting.objects.filter(title="Langt ude").exists()
