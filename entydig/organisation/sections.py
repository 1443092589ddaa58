"""Sections other apps add to the activity page (e.g. the goals it serves): organisation offers the place.

A higher app registers an `ActivitySection` in its `AppConfig.ready()`; the page shows the sections below the
activity's facts in the order they were registered. Each template gets the page's `plan`, `activity` and
`access`, and `data`: what the section's `context` returned for this activity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from entydig.organisation.access import PlanAccess
from entydig.organisation.models import Activity


@dataclass(frozen=True)
class ActivitySection:
    template: str
    context: Callable[[Activity, PlanAccess], Mapping[str, Any]]


@dataclass(frozen=True)
class ShownSection:
    """A section as the page includes it: the template and its `data` for one activity."""

    template: str
    data: Mapping[str, Any]


_sections: list[ActivitySection] = []


def register_activity_section(section: ActivitySection) -> None:
    """Adds a section after those already registered; one registered twice (same template) is shown once."""
    if all(s.template != section.template for s in _sections):
        _sections.append(section)


def activity_sections() -> tuple[ActivitySection, ...]:
    return tuple(_sections)


def shown_sections(activity: Activity, access: PlanAccess) -> list[ShownSection]:
    """Every registered section with its context for the activity, in order."""
    return [ShownSection(s.template, s.context(activity, access)) for s in _sections]
