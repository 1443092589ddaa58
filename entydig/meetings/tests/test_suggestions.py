"""The registry of suggestion sources and the typed suggestions they give."""

from __future__ import annotations

import datetime as dt

import pytest

from entydig.conftest import Cast
from entydig.meetings import services, suggestions
from entydig.meetings.models import AgendaItem, Meeting
from entydig.meetings.suggestions import Suggestion, SuggestionSource, Topic, suggestions_for
from entydig.meetings.tests.conftest import Meetings
from entydig.reports.suggestions import red_activity_suggestions


def _source(topic: Topic, subject_id: int, title: str) -> SuggestionSource:
    def source(meeting: Meeting, today: dt.date) -> list[Suggestion]:
        return [Suggestion(topic, subject_id, AgendaItem.Kind.PRIORITISATION, title, "Fordi.")]

    return source


@pytest.fixture
def own_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry as the apps left it, restored after the test."""
    monkeypatch.setattr(suggestions, "_sources", list(suggestions.sources()))


def test_it_lists_meetings_own_sources_first_and_those_the_reports_app_registered() -> None:
    registered = suggestions.sources()
    assert registered[:2] == (suggestions.goals_off_track, suggestions.overdue_action_items)
    assert red_activity_suggestions in registered


def test_it_suggests_what_a_registered_source_gives_in_the_order_of_registration(
    cast: Cast, meetings: Meetings, own_sources: None
) -> None:
    first = _source(Topic.GOAL, 901, "Første kilde")
    second = _source(Topic.RED_ACTIVITY, 902, "Anden kilde")
    suggestions.register_source(first)
    suggestions.register_source(second)
    suggestions.register_source(first)  # listed once
    assert suggestions.sources()[-2:] == (first, second)

    found = suggestions_for(meetings.upcoming)
    titles = [s.title for s in found]
    assert titles.index("Første kilde") < titles.index("Anden kilde") and titles.count("Første kilde") == 1
    topics = [s.topic for s in found]
    assert topics.index(Topic.OVERDUE) < titles.index("Første kilde")  # meetings' own source comes first


def test_it_gives_typed_suggestions_whose_key_marks_the_item_they_become(
    cast: Cast, meetings: Meetings, own_sources: None
) -> None:
    [overdue] = [s for s in suggestions_for(meetings.upcoming) if s.topic is Topic.OVERDUE]
    assert overdue.subject_id == meetings.responsible.pk and overdue.kind is AgendaItem.Kind.COOPERATION
    assert overdue.key == f"overdue:{meetings.responsible.pk}"

    suggestions.register_source(_source(Topic.GOAL, 77, "Et mål"))
    item = services.suggestion_add(actor=None, meeting=meetings.upcoming, key="goal:77")
    assert item.suggestion_key == "goal:77" and item.kind == AgendaItem.Kind.PRIORITISATION
    assert all(s.key != "goal:77" for s in suggestions_for(meetings.upcoming))
