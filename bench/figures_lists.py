"""The list figures of `make bench`: classifying every area of the national-scale plans on each of the bench's list
years (with the history each year needs) against the minimal page, and the query count for a few areas and all."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import figures as f  # the bench's own helpers (figures imports this module; used at call time)
from bench import generator
from entydig.monitoring.list_status import area_list_statuses
from entydig.organisation.models import Area, Plan

FEW = 10  # areas whose query count all areas' must equal
SAMPLES = 3


def _classify_all(areas: list[Area], years: list[int]) -> int:
    """Every area on every list year; returns how many areas were classified on a list (a status other than none)."""
    listed = 0
    for year in years:
        statuses = area_list_statuses(areas, list_year=year)
        listed += sum(1 for s in statuses.values() if s.result.status not in (None, "none"))
    return listed


def classify_areas(report: f.Report, plans: list[Plan], client: Client, minimal_url: str, years: int) -> None:
    areas = list(Area.objects.filter(plan__in=plans).order_by("pk"))
    list_years = list(range(generator.LAST_YEAR - years + 1, generator.LAST_YEAR + 1))
    listed = _classify_all(areas, list_years)  # warm, and a check that there is something to classify
    if listed == 0:
        raise RuntimeError("no area is on any list: the bench's list data is missing, and the figure would flatter")
    timings = []
    for _ in range(SAMPLES):
        t0 = time.perf_counter()
        _classify_all(areas, list_years)
        timings.append((time.perf_counter() - t0) * 1000)
    classify_ms = statistics.median(timings)
    [minimal_ms] = f.server_times(client, [minimal_url])
    report.add(
        f"classifying all {len(areas)} areas on {len(list_years)} list years ÷ minimal page server time (median)",
        f"{f.fmt(f.ratio(classify_ms, minimal_ms), 0)} ({f.fmt(classify_ms, 0)} ÷ {f.fmt(minimal_ms, 1)} ms)",
        "–",
        None,
    )
    counts = []
    for some in (areas[:FEW], areas):
        with CaptureQueriesContext(connection) as ctx:
            _classify_all(some, list_years)
        counts.append(len(ctx.captured_queries))
    report.add(
        f"SQL queries classifying {FEW} areas vs {len(areas)} areas on {len(list_years)} list years",
        f"{counts[0]} vs {counts[1]}",
        "equal",
        counts[0] == counts[1],
    )
    report.facts.append(
        f"Lists: each of the {len(areas)} areas has the six list inputs for {years} years; classifying them all on "
        f"each of the {len(list_years)} list years (each with the history of the years before, and a forecast) "
        f"put an area on a list {listed} times ({f.fmt(classify_ms / (len(areas) * len(list_years)), 3)} ms per "
        f"area and year)."
    )
