"""Goals fixtures on top of the shared cast: an agreement, a sub-agreement and goals in `cast.plan`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from entydig.conftest import Cast
from entydig.goals import services
from entydig.goals.models import Goal, StrategicAgreement, SubAgreement
from entydig.monitoring.models import Indicator
from entydig.organisation.models import EffortArea, Plan


@dataclass
class GoalSet:
    agreement: StrategicAgreement
    sub: SubAgreement
    safety: Goal
    education: Goal
    homework: Goal


@pytest.fixture
def goalset(cast: Cast) -> GoalSet:
    agreement = services.agreement_create(
        actor=None,
        plan=cast.plan,
        title="Strategisk samarbejdsaftale",
        problem_understanding="Mange unge står uden uddannelse.",
        organisation_text="Bestyrelse og styregrupper.",
        strategic_goals_text="Tryghed og uddannelse.",
    )
    sub = services.sub_agreement_create(
        actor=None,
        plan=cast.plan,
        effort_area=EffortArea.objects.get(name="Uddannelse og livschancer"),
        steering_group=cast.group,
        text="Lektiehjælp og vejledning.",
    )
    safety = services.goal_create(actor=None, plan=cast.plan, level=Goal.Level.STRATEGIC, title="Mere tryghed")
    education = services.goal_create(
        actor=None, plan=cast.plan, level=Goal.Level.STRATEGIC, title="Flere unge i uddannelse"
    )
    homework = services.goal_create(
        actor=None,
        plan=cast.plan,
        level=Goal.Level.SUB,
        title="Bedre karakterer i 9. klasse",
        parent=education,
        sub_agreement=sub,
        activities=[cast.activity],
    )
    return GoalSet(agreement, sub, safety, education, homework)


def make_indicator(plan: Plan, code: str, *goals: Goal, complete: bool = True) -> Indicator:
    indicator = Indicator.objects.create(
        plan=plan,
        code=code,
        name=f"Indikator {code}",
        baseline_value=Decimal("40") if complete else None,
        baseline_period="2022" if complete else "",
        target_value=Decimal("50") if complete else None,
        target_period="2026" if complete else "",
    )
    indicator.goals.set(goals)
    return indicator
