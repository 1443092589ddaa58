"""The goals demo: an approved and amended agreement with history, sub-agreements, goals and ownership."""

from __future__ import annotations

from entydig.goals import demo
from entydig.goals.checks import CANNOT_INFLUENCE, goal_checks
from entydig.goals.models import AgreementStatus, Goal, OwnershipCondition
from entydig.organisation import demo as organisation_demo


def test_it_seeds_the_agreement_goals_and_the_keys_monitoring_needs(db):
    ctx = organisation_demo.seed()
    demo.seed(ctx)
    agreement = ctx["agreement"]
    agreement.refresh_from_db()
    assert (agreement.version, agreement.status) == (2, AgreementStatus.LBF_APPROVED)
    frozen = agreement.versions.get()
    assert frozen.status == AgreementStatus.LBF_APPROVED
    assert "Flere unge i uddannelse" in [g["title"] for g in frozen.content["goals"]]
    assert set(ctx["goals"]) == {
        "safety",
        "crime",
        "education",
        "neighbourliness",
        "safe_outdoors",
        "youth_crime",
        "school_grades",
        "youth_education",
        "youth_jobs",
        "neighbour_contact",
        "volunteering",
    }
    assert ctx["goals"]["education"].title == "Flere unge i uddannelse og job"
    assert Goal.objects.filter(plan=ctx["plan"], level="strategic").count() == 4
    assert ctx["sub_agreements"]["education"].versions.count() == 1
    assert 0 < OwnershipCondition.objects.filter(fulfilled=True).count() < 10
    influence = next(c for c in goal_checks(ctx["plan"]) if c.code == CANNOT_INFLUENCE)
    assert [f.goal_id for f in influence.findings] == [ctx["goals"]["volunteering"].pk]
