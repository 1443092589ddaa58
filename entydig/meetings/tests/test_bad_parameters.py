"""Parameters of the meetings pages that cannot be used answer 400 with a Danish message and change nothing."""

from __future__ import annotations

import pytest

from entydig.conftest import Cast
from entydig.meetings.models import CalendarFeed
from entydig.meetings.tests.conftest import Meetings


@pytest.mark.parametrize("year", ["0", "-1", "1949", "2101", "10000", "9" * 20, "to tusind"])
def test_it_answers_a_year_outside_the_calendar_with_400_naming_it(cast: Cast, year: str) -> None:
    response = cast.client("board").get(f"/plans/{cast.plan.pk}/meetings/?year={year}")

    assert response.status_code == 400
    text = response.content.decode()
    assert "Adressens parameter »year« kan ikke bruges" in text
    assert ("fra 1950 til 2100" in text) or ("helt tal" in text)
    assert f'href="/plans/{cast.plan.pk}/meetings/"' in text  # the page without the parameter


def test_it_shows_the_year_asked_for_and_this_year_without_one(cast: Cast, meetings: Meetings) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/?year="
    client = cast.client("board")
    assert "Bestyrelsesmøde" in client.get(f"{url}{meetings.upcoming.start.year}").content.decode()
    assert client.get(url).status_code == 200
    assert client.get(f"{url}2100").status_code == 200


@pytest.mark.parametrize("body", ["abc", "-1", "1.5", "9" * 20, "1\x00"])
def test_it_refuses_a_calendar_feed_for_a_body_that_is_no_id(cast: Cast, body: str) -> None:
    response = cast.client("board").post(f"/plans/{cast.plan.pk}/meetings/feeds/", {"body": body})

    assert response.status_code == 400
    assert "Adressens parameter »body« kan ikke bruges" in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_it_answers_404_for_a_calendar_feed_of_a_body_outside_the_plan(cast: Cast) -> None:
    response = cast.client("board").post(f"/plans/{cast.plan.pk}/meetings/feeds/", {"body": cast.other_group.pk})

    assert response.status_code == 404
    assert not CalendarFeed.objects.exists()


def test_it_renews_a_feed_only_when_asked_to(cast: Cast) -> None:
    client = cast.client("board")
    url = f"/plans/{cast.plan.pk}/meetings/feeds/"
    client.post(url)
    first = CalendarFeed.objects.get().token

    client.post(url, {"renew": "0"})
    assert CalendarFeed.objects.get().token == first
    assert client.post(url, {"renew": "ja tak"}).status_code == 400
    assert CalendarFeed.objects.get().token == first
    client.post(url, {"renew": "1"})
    assert CalendarFeed.objects.get().token != first


@pytest.mark.parametrize(
    ("path", "name"),
    [("/plans/{plan}/follow-up/?by=navn", "by"), ("/plans/{plan}/meetings/{meeting}/agenda.pdf?version=en", "version")],
)
def test_it_refuses_other_unusable_parameters(cast: Cast, meetings: Meetings, path: str, name: str) -> None:
    url = path.format(plan=cast.plan.pk, meeting=meetings.upcoming.pk)
    response = cast.client("secretariat").get(url)

    assert response.status_code == 400
    assert f"»{name}«" in response.content.decode()
