"""Meeting dates in the API lie in 1950-2100: deadlines are counted day by day, and year 9999 took seconds per read."""

from __future__ import annotations

import pytest

from entydig.api.tests.conftest import post_json
from entydig.conftest import Cast
from entydig.meetings.models import Meeting


@pytest.mark.parametrize("start", ["9999-12-31T10:00:00+01:00", "1949-12-31T10:00:00+01:00"])
def test_it_refuses_a_meeting_outside_1950_to_2100_and_saves_nothing(cast: Cast, start: str) -> None:
    url = f"/api/v1/plans/{cast.plan.pk}/meetings"

    response = post_json(cast.client("secretariat"), url, {"body_id": cast.board.pk, "start": start})

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "start"
    assert "1950" in response.json()["detail"][0]["msg"]
    assert not Meeting.objects.exists()


def test_it_accepts_a_meeting_in_2100(cast: Cast) -> None:
    url = f"/api/v1/plans/{cast.plan.pk}/meetings"

    response = post_json(cast.client("secretariat"), url, {"body_id": cast.board.pk, "start": "2100-06-01T10:00+02:00"})

    assert response.status_code == 201
    assert Meeting.objects.get().start.year == 2100


def test_it_answers_the_deadline_only_for_dates_from_1950_to_2100(cast: Cast) -> None:
    client = cast.client("secretariat")

    # Typed, because mypy infers dict[str, object] for the mixed literal against the stubs' union of query types.
    far_query: dict[str, str | int] = {"meeting_date": "9999-12-31", "working_days": 10}
    near_query: dict[str, str | int] = {"meeting_date": "2100-12-31", "working_days": 10}
    far = client.get("/api/v1/calendar/deadline", far_query)
    near = client.get("/api/v1/calendar/deadline", near_query)

    assert far.status_code == 422
    assert far.json()["detail"][0]["field"] == "meeting_date"
    assert near.status_code == 200
    assert near.json()["deadline"] == "2100-12-16"  # 24-26 and 31 December are no working days
