"""The pixi report shows a target moved after the agreement's approval, with the version and the date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine

from entydig.conftest import Cast
from entydig.core.quarters import Quarter
from entydig.goals import services as goal_services
from entydig.goals.models import Goal
from entydig.monitoring import services as monitoring_services
from entydig.monitoring.models import Indicator
from entydig.reports.pixi import pixi_build
from entydig.reports.tests.conftest import QUARTER

Q = Quarter.parse(QUARTER)


def _approved_agreement(cast: Cast) -> None:
    agreement = goal_services.agreement_create(actor=None, plan=cast.plan, title="Aftalen")
    goal_services.agreement_approve(actor=None, agreement=agreement, by="board", on=dt.date(2024, 2, 1))
    goal_services.agreement_approve(actor=None, agreement=agreement, by="lbf", on=dt.date(2024, 3, 1))


def test_it_lists_a_target_moved_after_approval_with_version_and_date(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator]
) -> None:
    _, indicator = goal_with_indicator
    _approved_agreement(cast)
    with time_machine.travel(dt.datetime(2026, 8, 3, 9, tzinfo=dt.UTC), tick=False):
        monitoring_services.indicator_update(actor=None, indicator=indicator, target_value=Decimal(55))
    [change] = pixi_build(cast.plan, Q)["target_changes"]
    assert (change["old"], change["new"]) == ("60 % (2027)", "55 % (2027)")
    assert (change["changed_on"], change["version"], change["pending"]) == ("03.08.2026", 2, True)
    page = cast.client("board").get(f"/plans/{cast.plan.pk}/pixi/?quarter={QUARTER}").content.decode()
    assert "målet ændret fra 60 % (2027) til 55 % (2027) den 03.08.2026 – version 2 af den strategiske" in page
    # A change after the quarter is not in that quarter's report.
    assert pixi_build(cast.plan, Quarter.parse("2026Q2"))["target_changes"] == []


def test_it_lists_nothing_when_no_target_moved_after_approval(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator]
) -> None:
    _, indicator = goal_with_indicator
    monitoring_services.indicator_update(actor=None, indicator=indicator, target_value=Decimal(55))  # no agreement
    _approved_agreement(cast)
    assert pixi_build(cast.plan, Q)["target_changes"] == []
    assert (
        "Mål flyttet efter godkendelsen"
        not in cast.client("board").get(f"/plans/{cast.plan.pk}/pixi/?quarter={QUARTER}").content.decode()
    )
