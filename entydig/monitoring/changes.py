"""Where a higher app hears that an indicator's content is about to change: monitoring offers the hook.

Goals decide what a change to an indicator means for an approved agreement (a new version that must be approved
again), but monitoring stands below goals and cannot call them. So `indicator_update` and `indicator_delete` call
every hook registered here, in their transaction and *before* the change is saved, so that a hook can still read
(and freeze) what was approved. A hook that raises aborts the change. Goals registers its hook in
`GoalsConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from entydig.core.audit import Actor
from entydig.monitoring.models import Indicator


@dataclass(frozen=True)
class IndicatorChange:
    """What is about to change on one indicator.

    `before` and `after` hold the changed fields only (`goals` as sorted goal ids); a deletion has
    `deleted=True` and no fields. `goal_ids` are the goals the indicator measures before or after the change.
    """

    indicator: Indicator
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    goal_ids: frozenset[int]
    actor: Actor
    deleted: bool = False

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.after) | frozenset(self.before)


IndicatorChangeHook = Callable[[IndicatorChange], None]

_hooks: list[IndicatorChangeHook] = []


def register_indicator_change_hook(hook: IndicatorChangeHook) -> None:
    """Adds a hook after those already registered; a hook registered twice is called once."""
    if hook not in _hooks:
        _hooks.append(hook)


def indicator_changing(change: IndicatorChange) -> None:
    """Calls every registered hook with the change, in the order they were registered."""
    for hook in _hooks:
        hook(change)
