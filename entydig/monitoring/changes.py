"""Where a higher app hears about monitoring's changes: an indicator's content about to change, and measurements
just imported. Monitoring offers the hooks.

Goals decide what a change to an indicator means for an approved agreement (a new version that must be approved
again), but monitoring stands below goals and cannot call them. So `indicator_create` (for an indicator given
goals), `indicator_update` and `indicator_delete` call
every hook registered here, in their transaction and *before* the change is saved, so that a hook can still read
(and freeze) what was approved. A hook that raises aborts the change. Goals registers its hook in
`GoalsConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from entydig.core.audit import Actor
from entydig.monitoring.models import Indicator
from entydig.organisation.models import Plan


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


# --- after an import ---------------------------------------------------------------------------------------------
# An import changes many values at once, and the board opens the dashboard right after it. So that the first request
# does not compute what the import just made stale, monitoring warms its own statuses and every registered warmer
# (goals registers the dashboard) builds what it caches, once per language, right after the import commits.

ImportWarmer = Callable[[Plan], object]  # what it returns is ignored

_warmers: list[ImportWarmer] = []


def register_import_warmer(warmer: ImportWarmer) -> None:
    """Adds a warmer called after an import that changed a plan's measurements; registered twice, called once."""
    if warmer not in _warmers:
        _warmers.append(warmer)


def measurements_imported(plan: Plan) -> None:
    """Runs the warmers in each language once the import's transaction has committed (at once outside one)."""

    def warm() -> None:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for warmer in _warmers:
                    warmer(plan)

    transaction.on_commit(warm)
