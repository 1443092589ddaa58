"""The fictional demo: every app's demo data in order, dated relative to today (entydig/core/demo_dates.py).

The organisation's demo makes the plans and returns the context the others fill; each app's `seed(ctx)` runs in the
order below (the floor plan's: lower floors first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from entydig.budget import demo as budget_demo
from entydig.goals import demo as goals_demo
from entydig.meetings import demo as meetings_demo
from entydig.monitoring import demo as monitoring_demo
from entydig.organisation import demo as organisation_demo
from entydig.portfolio import demo as portfolio_demo
from entydig.reports import demo as reports_demo

SEEDERS: list[Callable[[dict[str, Any]], None]] = [
    budget_demo.seed,
    goals_demo.seed,
    meetings_demo.seed,
    monitoring_demo.seed,
    reports_demo.seed,
    portfolio_demo.seed,
]

LOGINS = [
    ("sekretariat", "sekretariatsleder, betjener begge helhedsplaner"),
    ("bestyrelse", "bestyrelsesmedlem (læser hele planen)"),
    ("styregruppe", "styregruppemedlem (retter egen styregruppes indsatser)"),
    ("medarbejder", "medarbejder, ansvarlig for én indsats"),
    ("laeser", "læser, fx konsulent fra Landsbyggefonden"),
    ("anden", "skriveadgang kun i den anden helhedsplan"),
    ("kommune", "kommunaldirektør, læser porteføljen af kommunens helhedsplaner og intet andet"),
]


def already_seeded() -> bool:
    return organisation_demo.already_seeded()


def seed_all() -> dict[str, Any]:
    """Loads the whole demo (call it inside a transaction) and returns the organisation's context."""
    ctx = organisation_demo.seed()
    for seed in SEEDERS:
        seed(ctx)
    return ctx
