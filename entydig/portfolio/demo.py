"""The demo's portfolio: the municipality's plans, read by its director (login `kommune`), who reads nothing else."""

from __future__ import annotations

from typing import Any

from entydig.accounts.models import User
from entydig.core import demo_dates as when
from entydig.portfolio.services import portfolio_create

PORTFOLIO_NAME = "Søby Kommunes helhedsplaner"


def seed(ctx: dict[str, Any]) -> None:
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
