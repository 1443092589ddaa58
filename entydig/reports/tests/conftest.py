"""Fixtures for the reports tests: output measures, sub-goals and a few reports on the shared cast."""

from __future__ import annotations

from decimal import Decimal

import pytest

from entydig.conftest import Cast
from entydig.goals.models import Goal, SubAgreement
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import EffortArea
from entydig.reports import services
from entydig.reports.models import OutputMeasure, ProgressReport

QUARTER = "2026Q3"


@pytest.fixture
def measures(cast: Cast) -> list[OutputMeasure]:
    return [
        services.output_measure_create(
            actor=None, activity=cast.activity, name="Deltagere", unit="børn", target_per_quarter=Decimal(40)
        ),
        services.output_measure_create(
            actor=None,
            activity=cast.activity,
            name="Gange afholdt",
            unit="gange",
            target_per_quarter=Decimal(48),
            counts_people=False,
        ),
    ]


@pytest.fixture
def sub_goal(cast: Cast) -> Goal:
    area, _ = EffortArea.objects.get_or_create(name="Uddannelse")
    sub_agreement = SubAgreement.objects.create(plan=cast.plan, effort_area=area, steering_group=cast.group)
    strategic = Goal.objects.create(plan=cast.plan, level=Goal.Level.STRATEGIC, title="Flere unge i uddannelse")
    return Goal.objects.create(
        plan=cast.plan, level=Goal.Level.SUB, parent=strategic, sub_agreement=sub_agreement, title="Bedre karakterer"
    )


@pytest.fixture
def submitted(cast: Cast, measures: list[OutputMeasure]) -> ProgressReport:
    report = services.progress_report_save(
        actor=cast.staff_user,
        activity=cast.activity,
        quarter=QUARTER,
        outputs={measures[0].pk: Decimal(35), measures[1].pk: Decimal(46)},
        rag="yellow",
        rag_reason="Færre deltagere end planlagt",
        done="Lektiehjælp fire dage om ugen",
    )
    return services.progress_report_submit(actor=cast.staff_user, report=report)


# The pixi report builds on goals, indicators and meetings -------------------------------------------------------

from entydig.meetings.tests.conftest import meetings  # noqa: E402, F401 (the meetings app's fixture, reused)


@pytest.fixture
def goal_with_indicator(cast: Cast) -> tuple[Goal, Indicator]:
    """A strategic goal measured by an indicator that is off track, with one suppressed measurement."""
    import datetime as dt

    goal = Goal.objects.create(plan=cast.plan, level=Goal.Level.STRATEGIC, title="Flere unge i uddannelse", order=1)
    indicator = Indicator.objects.create(
        plan=cast.plan,
        code="udd",
        name="Unge i uddannelse",
        unit=Indicator.Unit.PERCENT,
        target_value=Decimal(60),
        target_period="2027",
        baseline_value=Decimal(50),
        baseline_period="2023",
    )
    indicator.goals.add(goal)
    for year, value, n in [(2023, 50, 200), (2024, 49, 210), (2025, 48, 205), (2026, 70, 3)]:
        Measurement.objects.create(
            indicator=indicator,
            series=Measurement.Series.PLAN,
            period=str(year),
            period_start=dt.date(year, 1, 1),
            value=Decimal(value),
            n=n,
        )
    return goal, indicator


@pytest.fixture
def red_report(cast: Cast, measures: list[OutputMeasure]) -> ProgressReport:
    report = services.progress_report_save(
        actor=None,
        activity=cast.activity,
        quarter=QUARTER,
        outputs={measures[0].pk: Decimal(2)},
        rag="red",
        rag_reason="Skolen har trukket sig",
    )
    return services.progress_report_submit(actor=None, report=report)
