"""The demo's portfolio: the municipality's three plans, read by its director (login `kommune`), who reads nothing
else. The third plan, Østbyen, has its own secretariat and is calm: its one activity reports green and its pixi
report for the quarter that has just ended is published, so the director sees which of the plans is in trouble."""

from __future__ import annotations

import datetime as dt
from typing import Any

from entydig.accounts.models import User
from entydig.core import demo_dates as when
from entydig.core.quarters import Quarter
from entydig.organisation import services as org_services
from entydig.organisation.models import Organisation, Plan
from entydig.portfolio.services import portfolio_create, portfolio_plans_add
from entydig.reports import services as report_services
from entydig.reports.models import PixiPublication

PORTFOLIO_NAME = "Søby Kommunes helhedsplaner"
THIRD_PLAN_STEM = "Helhedsplan Østbyen"
THIRD_HEADLINE = (
    "Østbyens helhedsplan går som planlagt: Familiehuset Østbyen har haft flere familier end ventet, "
    "og der er intet, bestyrelsen skal tage stilling til ud over det faste."
)


def third_plan_name() -> str:
    return f"{THIRD_PLAN_STEM} {when.date(-1, 1, 1).year}-{when.plan_end().year}"


def _seed_third_plan(ctx: dict[str, Any]) -> Plan:
    start = when.date(-1, 1, 1)
    with when.happened(when.at(start - dt.timedelta(days=40))):
        housing = org_services.organisation_create(
            actor=None, name="Østbo Boligforening", kind=Organisation.Kind.HOUSING
        )
        plan = org_services.plan_create(
            actor=None,
            name=third_plan_name(),
            period_start=start,
            period_end=when.plan_end(),
            municipality=ctx["plan"].municipality,
            housing_organisations=[housing],
            status=Plan.Status.ACTIVE,
        )
        org_services.area_create(actor=None, plan=plan, name="Østbyen", code="oestbyen", residents=1210)
        activity = org_services.activity_create(actor=None, plan=plan, name="Familiehuset Østbyen", start=start)
    quarter = Quarter.current().previous()
    submitted = when.past(when.at(quarter.end + dt.timedelta(days=6)))
    with when.happened(submitted):
        report_services.progress_report_save(
            actor=None,
            activity=activity,
            quarter=str(quarter),
            submit=True,
            rag="green",
            rag_reason="Flere familier end ventet; alle aftaler holdt.",
            done="Åbent hus hver uge og forløb for 14 familier.",
        )
    published = when.past(when.at(quarter.end + dt.timedelta(days=18), 12))
    with when.happened(published):
        report_services.pixi_draft_save(actor=None, plan=plan, quarter=quarter, headline=THIRD_HEADLINE)
        publication = report_services.pixi_publish(actor=None, plan=plan, quarter=quarter)
    PixiPublication.objects.filter(pk=publication.pk).update(published_at=published)
    return plan


def seed(ctx: dict[str, Any]) -> None:
    ctx["third_plan"] = _seed_third_plan(ctx)
    director = User.objects.create_user(
        username="kommune",
        password="demo",  # noqa: S106 (the documented demo password)
        first_name="Birgitte",
        last_name="Holm",
        email="birgitte.holm@soeby.dk",
    )
    User.objects.filter(pk=director.pk).update(date_joined=when.at(when.plan_start()))
    ctx["users"]["kommune"] = director
    with when.happened(when.at(when.plan_start())):
        ctx["portfolio"] = portfolio_create(
            actor=None,
            name=PORTFOLIO_NAME,
            description="Kommunens boligsociale helhedsplaner, fulgt af kommunaldirektøren.",
            plans=[ctx["plan"], ctx["other_plan"]],
            readers=[director],
        )
    with when.happened(when.at(when.date(-1, 1, 1))):
        portfolio_plans_add(actor=None, portfolio=ctx["portfolio"], plans=[ctx["third_plan"]])
