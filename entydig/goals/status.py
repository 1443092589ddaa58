"""A goal's status, rolled up from the statuses of the indicators that measure it.

The rule (documented in the README):

- A sub-goal is judged by its own indicators. A strategic goal is judged by its own indicators together with
  the indicators of its sub-goals (each indicator counted once), because the sub-goals are how the plan
  means to reach it.
- Indicators that can be judged are those with status achieved, on track, at risk or off track.
  The goal takes the WORST of those (off track < at risk < on track < achieved); the indicators with that
  worst status DRIVE the goal and are named in the reason.
- When no indicator can be judged: too little data if any indicator lacks data, else no target if some
  indicator has no target, else "no indicator" when nothing measures the goal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class GoalStatus(models.TextChoices):
    """The indicator statuses (same values as monitoring's `Status`) plus one for a goal nothing measures."""

    ACHIEVED = "achieved", gettext_lazy("Nået")
    ON_TRACK = "on_track", gettext_lazy("På vej")
    AT_RISK = "at_risk", gettext_lazy("I risiko")
    OFF_TRACK = "off_track", gettext_lazy("Ikke på vej")
    NO_TARGET = "no_target", gettext_lazy("Intet mål")
    TOO_LITTLE_DATA = "too_little_data", gettext_lazy("For få data")
    NO_INDICATOR = "no_indicator", gettext_lazy("Ingen indikator")


# Worst first: the first judged status found among the indicators decides the goal.
SEVERITY = [GoalStatus.OFF_TRACK, GoalStatus.AT_RISK, GoalStatus.ON_TRACK, GoalStatus.ACHIEVED]
UNJUDGED = [GoalStatus.TOO_LITTLE_DATA, GoalStatus.NO_TARGET]


class IndicatorLike(Protocol):
    pk: int
    name: str


@dataclass(frozen=True)
class GoalRollup:
    status: GoalStatus
    reason: str
    driving: tuple[int, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def css(self) -> str:
        return "status-" + self.status.value.replace("_", "-")


def status_label(value: str) -> str:
    return str(GoalStatus(value).label) if value in GoalStatus.values else value


def roll_up(indicators: Sequence[IndicatorLike], statuses: Mapping[int, Any]) -> GoalRollup:
    """The goal's status from its (deduplicated) indicators and their statuses, with the driving indicators."""
    seen: dict[int, IndicatorLike] = {}
    for indicator in indicators:
        seen.setdefault(indicator.pk, indicator)
    if not seen:
        return GoalRollup(GoalStatus.NO_INDICATOR, _("Intet måler målet endnu: tilknyt en indikator."))
    by_status: dict[str, list[IndicatorLike]] = {}
    for pk, indicator in seen.items():
        ind_status = statuses.get(pk)
        value = str(ind_status.status) if ind_status is not None else GoalStatus.TOO_LITTLE_DATA.value
        by_status.setdefault(value, []).append(indicator)
    counts = {k: len(v) for k, v in by_status.items()}
    total = len(seen)
    for candidate in [*SEVERITY, *UNJUDGED]:
        drivers = by_status.get(candidate.value)
        if drivers:
            return GoalRollup(
                candidate, _reason(candidate, drivers, counts, total), tuple(i.pk for i in drivers), counts
            )
    # Statuses outside the known ones are treated as too little data rather than guessed.
    return GoalRollup(GoalStatus.TOO_LITTLE_DATA, _("Indikatorernes status er ukendt."), (), counts)


def _names(indicators: Iterable[IndicatorLike]) -> str:
    return ", ".join(i.name for i in indicators)


# How each status reads after "1 af 3 indikatorer ..." / "Indikatoren X ...".
_PHRASES = {
    GoalStatus.OFF_TRACK: gettext_lazy("er ikke på vej"),
    GoalStatus.AT_RISK: gettext_lazy("er i risiko"),
    GoalStatus.ON_TRACK: gettext_lazy("er på vej"),
    GoalStatus.ACHIEVED: gettext_lazy("har nået målet"),
    GoalStatus.TOO_LITTLE_DATA: gettext_lazy("har for få data"),
    GoalStatus.NO_TARGET: gettext_lazy("har intet mål"),
}


def _reason(status: GoalStatus, drivers: list[IndicatorLike], counts: dict[str, int], total: int) -> str:
    values = {"n": len(drivers), "total": total, "phrase": _PHRASES[status], "names": _names(drivers)}
    if total == 1:
        head = _("Indikatoren %(names)s %(phrase)s.") % values
    else:
        head = _("%(n)d af %(total)d indikatorer %(phrase)s: %(names)s.") % values
    others = [
        _("%(n)d %(label)s") % {"n": counts[s.value], "label": str(s.label).lower()}
        for s in [*SEVERITY, *UNJUDGED]
        if s != status and counts.get(s.value)
    ]
    if others:
        head += " " + _("Øvrige: %(others)s.") % {"others": ", ".join(others)}
    return head


def goal_indicators(goal: Any, *, include_sub_goals: bool) -> list[Any]:
    """The indicators a goal is judged by, from prefetched `indicators` (and `sub_goals__indicators`)."""
    indicators = list(goal.indicators.all())
    if include_sub_goals:
        for sub in goal.sub_goals.all():
            indicators.extend(sub.indicators.all())
    unique: dict[int, Any] = {}
    for indicator in indicators:
        unique.setdefault(indicator.pk, indicator)
    return list(unique.values())
