"""Demo progress reports for the last four quarters and published pixi reports for the three before this one.

This quarter one activity is red, one has not reported, and the lektiecafé's responsible (the demo login
`medarbejder`) has her report as a draft, due by the quarter's deadline. Reports are dated as they came in: some
days after their quarter (`entydig.core.demo_dates`), the quarter's pixi report some days after that.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from entydig.core import demo_dates as when
from entydig.core.quarters import Quarter
from entydig.goals.models import Goal
from entydig.organisation.models import Activity
from entydig.reports import selectors, services
from entydig.reports.models import PixiPublication, ProgressReport

# name, unit, target per quarter, counts people
MEASURES: dict[str, list[tuple[str, str, int, bool]]] = {
    "Tryghedsvandringer": [("Vandringer", "gange", 1, False), ("Deltagende beboere", "beboere", 20, True)],
    "Lys og stier": [("Nye lyspunkter", "stk.", 15, False)],
    "Lektiecafé": [("Deltagende børn", "børn", 45, True), ("Åbne eftermiddage", "gange", 48, False)],
    "Job- og uddannelsesvejledning": [
        ("Vejledte unge", "unge", 30, True),
        ("Startet i job eller uddannelse", "unge", 8, True),
    ],
    "Forældrenetværk": [("Deltagende forældre", "forældre", 25, True), ("Kursusgange", "gange", 6, False)],
    "Naboskabsdage": [("Arrangementer", "stk.", 3, False), ("Deltagere", "beboere", 150, True)],
}

Entry = tuple[str, str, list[int]]

# Per activity and quarter offset (0 = current quarter, 3 = three quarters ago): rag, reason, outputs.
STORY: dict[str, list[Entry]] = {
    "Tryghedsvandringer": [
        ("green", "Vandring gennemført med politi og drift; 14 punkter sendt til driften", [1, 26]),
        ("green", "Halvdelen af sidste vandrings punkter er udbedret", [1, 22]),
        ("yellow", "Færre beboere end ventet deltog i vandringen", [1, 12]),
        ("green", "Første vandring i det nye format", [1, 21]),
    ],
    "Lys og stier": [
        ("yellow", "Udbuddet er forsinket hos driften", [6]),
        ("yellow", "Udbuddet er forsinket hos driften", [4]),
        ("green", "Projektering afsluttet", [0]),
        ("green", "Beboerne har udpeget de mørkeste steder", [0]),
    ],
    "Job- og uddannelsesvejledning": [
        ("green", "Jobcentret har fast træffetid i boligområdet", [34, 9]),
        ("green", "Flere unge henvender sig selv", [29, 7]),
        ("yellow", "Vejlederen var sygemeldt i seks uger", [18, 4]),
        ("green", "Vejledningen er kommet godt i gang", [27, 6]),
    ],
    "Forældrenetværk": [
        ("red", "Klubben har trukket sig som partner; kun få forældre møder op", [3, 2]),
        ("yellow", "Faldende fremmøde; klubben overvejer at trække sig", [11, 4]),
        ("green", "To kursusforløb gennemført", [23, 6]),
        ("green", "Netværket er startet med god opbakning", [26, 6]),
    ],
}
# The seasons' activities, by quarter of the year (1-4) rather than by offset.
SEASONAL: dict[str, dict[int, Entry]] = {
    "Lektiecafé": {
        1: ("green", "Fremmødet steg efter samarbejdet med skolen", [41, 48]),
        2: ("green", "Stabilt fremmøde, nye frivillige fra gymnasiet", [44, 46]),
        3: ("yellow", "Sommerferien gav lavt fremmøde", [31, 36]),
        4: ("green", "Flere børn end målet; skolen sender lærere to dage om ugen", [52, 47]),
    },
    "Naboskabsdage": {
        1: ("green", "Fastelavn og oprydningsdag", [2, 130]),
        2: ("yellow", "Kun ét arrangement pga. regnvejr", [1, 60]),
        3: ("green", "Sommerfest og gårdfester", [4, 240]),
        4: ("green", "Høstfest og juletræsfest med deltagere fra begge områder", [2, 180]),
    },
}

TEXTS: services.ReportTexts = {
    "done": "Indsatsen er gennemført som beskrevet i delaftalen. Se tallene for kvartalet.",
    "challenges": "Det kræver løbende opfølgning at fastholde deltagerne.",
    "next_steps": "Fortsætte som planlagt og følge op i styregruppen.",
    "staff_feedback": "Medarbejderne oplever god kontakt til beboerne.",
}
MISSING_NOW = "Lys og stier"
DRAFT_NOW = "Lektiecafé"  # the demo login `medarbejder` is responsible for it


def _story(activity: Activity, offset: int, quarter: Quarter) -> Entry:
    seasonal = SEASONAL.get(activity.name)
    return seasonal[quarter.q] if seasonal else STORY[activity.name][offset]


def _reported(quarter: Quarter) -> tuple[dt.datetime, dt.datetime]:
    """When a quarter's report came in and when the secretariat accepted it: some days after the quarter, and
    for the current quarter in the last few days."""
    if quarter.end < when.today():
        return when.at(quarter.end + dt.timedelta(days=8)), when.at(quarter.end + dt.timedelta(days=12), 14)
    day = max(quarter.start, when.today() - dt.timedelta(days=3))
    return when.at(day), when.at(day + dt.timedelta(days=1), 14)


def seed(ctx: dict[str, Any]) -> None:
    plan = ctx["plan"]
    secretariat_user = ctx["users"]["sekretariat"]
    activities: list[Activity] = ctx["activities"]
    now = Quarter.current()
    quarters = now.back(4)  # oldest first
    sub_goals = list(Goal.objects.filter(plan=plan, level=Goal.Level.SUB).prefetch_related("activities"))
    for activity in activities:
        author = ctx["users"]["medarbejder"] if activity.name == DRAFT_NOW else None
        with when.happened(when.at(activity.start or plan.period_start)):
            measures = [
                services.output_measure_create(
                    actor=None,
                    activity=activity,
                    name=name,
                    unit=unit,
                    target_per_quarter=Decimal(target),
                    counts_people=people,
                    order=i,
                )
                for i, (name, unit, target, people) in enumerate(MEASURES.get(activity.name, []), start=1)
            ]
        moved = [g for g in sub_goals if activity in g.activities.all()]
        for offset, quarter in enumerate(reversed(quarters)):
            if activity.name == MISSING_NOW and offset == 0:
                continue
            if activity not in selectors.running_activities(plan, quarter):
                continue  # the activity does not run in the quarter
            rag, reason, numbers = _story(activity, offset, quarter)
            submitted, accepted = (when.past(moment) for moment in _reported(quarter))
            with when.happened(submitted):
                report = services.progress_report_save(
                    actor=author,
                    activity=activity,
                    quarter=str(quarter),
                    outputs={m.pk: Decimal(v) for m, v in zip(measures, numbers, strict=False)},
                    goals=moved,
                    **services.ReportTexts(**TEXTS, rag=rag, rag_reason=reason),
                )
                if activity.name == DRAFT_NOW and offset == 0:
                    ProgressReport.objects.filter(pk=report.pk).update(updated_at=submitted)
                    continue  # written, not yet sent in: due by the quarter's deadline
                services.progress_report_submit(actor=author, report=report)
            ProgressReport.objects.filter(pk=report.pk).update(submitted_at=submitted, updated_at=submitted)
            if offset > 0 or activity.name == "Naboskabsdage":
                with when.happened(accepted):
                    services.progress_report_accept(actor=secretariat_user, report=report)
                ProgressReport.objects.filter(pk=report.pk).update(reviewed_at=accepted, updated_at=accepted)
    # The current quarter's deadline lies after the quarter; the collection page shows who is missing.
    with when.happened(when.at(now.start + dt.timedelta(days=2))):
        services.progress_collection_update(
            actor=None,
            plan=plan,
            quarter=now,
            deadline=max(now.end, when.today()) + dt.timedelta(days=14),
            remind_days_before=7,
        )
    _seed_pixi(ctx, quarters[:-1])


def _seed_pixi(ctx: dict[str, Any], past: list[Quarter]) -> None:
    """Published pixi reports for the past quarters, so the current one shows what has changed."""
    plan = ctx["plan"]
    for quarter in past:
        published = when.past(when.at(quarter.end + dt.timedelta(days=20), 12))
        with when.happened(published):
            publication = services.pixi_publish(actor=ctx["users"]["sekretariat"], plan=plan, quarter=quarter, note="")
        PixiPublication.objects.filter(pk=publication.pk).update(published_at=published)
