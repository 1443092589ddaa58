"""The attendance table on the meeting page: editable for the secretariat, readable by everyone else."""

from __future__ import annotations

from entydig.conftest import Cast
from entydig.meetings import services
from entydig.meetings.tests.conftest import Meetings


def _page(cast: Cast, role: str, meetings: Meetings) -> str:
    response = cast.client(role).get(meetings.upcoming.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_read_only_users_the_recorded_attendance_and_says_when_none_is(cast: Cast, meetings: Meetings) -> None:
    board_member, guest = cast.board_user.person, cast.staff_user.person
    assert board_member is not None and guest is not None
    services.attendance_record(actor=None, meeting=meetings.upcoming, statuses={board_member.pk: "present"})
    services.meeting_guest_add(actor=None, meeting=meetings.upcoming, person=guest, reason="Oplæg")
    page = _page(cast, "viewer", meetings).split("Deltagere og fremmøde", 1)[1].split("</table>", 1)[0]
    guest_row = page.split(str(cast.staff_user.person), 1)[1].split("</tr>", 1)[0]
    assert "Gæst (Oplæg)" in guest_row
    assert "Ikke registreret" in guest_row
    board_row = page.split(str(cast.board_user.person), 1)[1].split("</tr>", 1)[0]
    assert "Til stede" in board_row
    assert "<select" not in page


def test_it_lets_the_secretariat_pick_the_attendance_of_each_participant(cast: Cast, meetings: Meetings) -> None:
    page = _page(cast, "secretariat", meetings)
    table = page.split("Deltagere og fremmøde", 1)[1].split("</table>", 1)[0]
    assert f'name="attendance_{cast.board_user.person_id}"' in table
    assert "Ikke registreret" not in table
