"""An area near a list becomes a suggested strategic question for the board (meetings.suggestions.areas_near_a_list),
against hand-computed margins under the 2021 rules (almenboligloven § 61 a: more than 40 pct. outside work and
education). The plan's measurements of a criterion are the list's own figures (the 2-year averages), so this
year's list reads this year's value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from pytest_django import Settings

from entydig.catalogue.models import CatalogueIndicator
from entydig.conftest import Cast
from entydig.meetings.suggestions import Topic, areas_near_a_list, suggestions_for
from entydig.meetings.tests.conftest import Meetings
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import Area, Plan

TODAY = dt.date(2026, 6, 1)


def _measure(plan: Plan, area: Area, code: str, values: dict[int, str], national: dict[int, str] | None = None) -> None:
    entry = CatalogueIndicator.objects.get(code=code)
    indicator = Indicator.objects.create(plan=plan, catalogue=entry, code=code, name=entry.name)
    for series, by_year in (("area", values), ("national", national or {})):
        for year, value in by_year.items():
            Measurement.objects.create(
                indicator=indicator,
                series=series,
                area=area if series == "area" else None,
                period=str(year),
                period_start=dt.date(year, 1, 1),
                value=D(value),
            )


def _area(cast: Cast, labour: dict[int, str]) -> Area:
    area = Area.objects.create(plan=cast.plan, name="Lyngbakken", code="lyngbakken", residents=1500)
    _measure(cast.plan, area, "liste-uden-job-uddannelse", labour)
    _measure(cast.plan, area, "liste-ikkevestlige", {2025: "40", 2026: "40"})  # 10 points below 50
    _measure(cast.plan, area, "liste-grundskole-30-59", {2025: "50", 2026: "50"})  # 10 points below 60
    _measure(cast.plan, area, "liste-indkomst-region", {2025: "70", 2026: "70"})  # 15 points above 55
    _measure(cast.plan, area, "liste-domte", {2025: "1", 2026: "1"}, national={2025: "1", 2026: "1"})  # 3 × 1
    return area


def test_a_criterion_within_the_margin_makes_the_area_a_strategic_question(cast: Cast, meetings: Meetings) -> None:
    # Outside work and education 39,5 % on the list of 2026: 0,5 points from "more than 40 %".
    area = _area(cast, {2025: "39.6", 2026: "39.5"})
    [found] = [s for s in suggestions_for(meetings.upcoming, TODAY) if s.topic is Topic.LIST]
    assert found.subject_id == area.pk and found.key == f"list:{area.pk}"
    assert found.title == "Strategisk spørgsmål: Lyngbakken og listerne 1. december"
    assert "Uden for arbejde og uddannelse: 0,5 procentpoint fra grænsen." in found.reason
    assert "Entydigs egen standard, ikke en regel" in found.reason
    assert found.reason.startswith("Lyngbakken, listen 1. december 2026: Ikke på listerne.")
    assert "grundskole" not in found.reason.lower()  # 10 points away is not near


def test_the_margin_is_a_setting_and_an_area_far_from_every_threshold_is_not_suggested(
    cast: Cast, meetings: Meetings, settings: Settings
) -> None:
    _area(cast, {2025: "39.6", 2026: "39.5"})
    settings.LIST_NEAR_MARGIN_PP = D("0.4")
    assert areas_near_a_list(meetings.upcoming, TODAY) == []
    settings.LIST_NEAR_MARGIN_PP = D("0.5")
    assert len(areas_near_a_list(meetings.upcoming, TODAY)) == 1


def test_an_area_the_trend_puts_on_a_list_next_december_is_suggested(cast: Cast, meetings: Meetings) -> None:
    # Outside work and education rising 4 points a year: 34, 38 → 42 in 2027, with crime (3 × national) met: two
    # criteria, so an udsat boligområde on the list of 1 December 2027, though 38 % today is 2 points away.
    area = _area(cast, {2025: "34", 2026: "38"})
    Measurement.objects.filter(area=area, indicator__code="liste-domte").update(value=D(3))
    [found] = areas_near_a_list(meetings.upcoming, TODAY)
    assert "Tendensen i kriterierne peger på udsat boligområde på listen 1. december 2027." in found.reason
