"""The goals demo: an approved and amended agreement with history, sub-agreements, goals and ownership."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entydig.core.models import AuditEvent
from entydig.goals import demo
from entydig.goals.checks import CANNOT_INFLUENCE, goal_checks
from entydig.goals.models import AgreementStatus, Goal, OwnershipCondition, TargetChange
from entydig.monitoring import demo as monitoring_demo
from entydig.organisation import demo as organisation_demo


def test_it_seeds_the_agreement_goals_and_the_keys_monitoring_needs(db: None) -> None:
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


@time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=ZoneInfo("Europe/Copenhagen")))
def test_it_tells_the_agreements_story_relative_to_today(db: None) -> None:
    ctx = organisation_demo.seed()
    demo.seed(ctx)
    agreement = ctx["agreement"]
    agreement.refresh_from_db()
    assert agreement.title == "Strategisk samarbejdsaftale for Nordparken og Skovhaven 2025-2029"
    assert (agreement.board_approved_on, agreement.lbf_approved_on) == (dt.date(2027, 6, 10), dt.date(2027, 8, 19))
    assert "Midtvejsevalueringen 2027" in agreement.problem_understanding
    frozen = agreement.versions.get()
    assert (frozen.content["board_approved_on"], frozen.content["lbf_approved_on"]) == ("2025-02-14", "2025-03-20")
    assert timezone.localtime(frozen.created_at).date() == dt.date(2027, 5, 4)
    approvals = AuditEvent.objects.filter(
        object_type="goals.strategicagreement", changes__approved_on__1__isnull=False
    ).order_by("pk")
    assert [timezone.localtime(e.created_at).date().isoformat() for e in approvals] == [
        e.changes["approved_on"][1] for e in approvals
    ]
    assert len(approvals) == 4


def test_the_demo_moves_a_target_after_approval_and_the_dashboard_shows_it(db: None, client: Client) -> None:
    ctx = organisation_demo.seed()
    demo.seed(ctx)
    monitoring_demo.seed(ctx)
    change = TargetChange.objects.get(plan=ctx["plan"])
    assert (change.indicator.code, change.old_value, change.new_value) == ("tryghed", Decimal(70), Decimal(72))
    agreement = ctx["agreement"]
    agreement.refresh_from_db()
    assert (agreement.version, agreement.status, change.version) == (3, AgreementStatus.DRAFT, 3)
    assert agreement.versions.get(number=2).status == AgreementStatus.LBF_APPROVED
    client.force_login(ctx["users"]["sekretariat"])
    page = client.get(reverse("goals:dashboard", args=[ctx["plan"].pk])).content.decode()
    assert "Tryghedsindeks: målet ændret fra 70 (" in page and "version 3 af den strategiske" in page
