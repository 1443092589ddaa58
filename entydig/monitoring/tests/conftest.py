"""Fixtures for the monitoring tests: two areas and two indicators in the cast's plan."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from entydig.conftest import Cast
from entydig.monitoring import services
from entydig.monitoring.models import Indicator
from entydig.organisation.models import Area
from entydig.organisation.services import area_create


@dataclass
class Monitoring:
    nordparken: Area
    skovhaven: Area
    ledighed: Indicator
    husstande: Indicator
    other_indicator: Indicator


@pytest.fixture
def mon(cast: Cast) -> Monitoring:
    nordparken = area_create(actor=None, plan=cast.plan, name="Nordparken", code="nordparken", residents=2000)
    skovhaven = area_create(actor=None, plan=cast.plan, name="Skovhaven", code="skovhaven", residents=1000)
    area_create(actor=None, plan=cast.other_plan, name="Vestbyen", code="vestbyen", residents=500)
    ledighed = services.indicator_create(
        actor=None,
        plan=cast.plan,
        code="ledighed",
        name="Ledighed blandt 16-64-årige",
        unit="percent",
        direction="lower",
        baseline_value=Decimal("13"),
        baseline_period="2022",
        target_value=Decimal("10"),
        target_period="2026",
    )
    husstande = services.indicator_create(
        actor=None, plan=cast.plan, code="husstande", name="Husstande i alt", unit="count", decimals=0
    )
    other = services.indicator_create(actor=None, plan=cast.other_plan, code="ledighed", name="Ledighed (Vestbyen)")
    return Monitoring(nordparken, skovhaven, ledighed, husstande, other)
