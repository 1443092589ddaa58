"""Fixtures for the reports tests: output measures, sub-goals and a few reports on the shared cast."""

from __future__ import annotations

from decimal import Decimal

import pytest

from entydig.goals.models import Goal, SubAgreement
from entydig.organisation.models import EffortArea
from entydig.reports import services
from entydig.reports.models import OutputMeasure

QUARTER = "2026Q3"


@pytest.fixture
def measures(cast) -> list[OutputMeasure]:
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
def sub_goal(cast) -> Goal:
    area, _ = EffortArea.objects.get_or_create(name="Uddannelse")
    sub_agreement = SubAgreement.objects.create(plan=cast.plan, effort_area=area, steering_group=cast.group)
    strategic = Goal.objects.create(plan=cast.plan, level=Goal.Level.STRATEGIC, title="Flere unge i uddannelse")
    return Goal.objects.create(
        plan=cast.plan, level=Goal.Level.SUB, parent=strategic, sub_agreement=sub_agreement, title="Bedre karakterer"
    )


@pytest.fixture
def submitted(cast, measures):
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
