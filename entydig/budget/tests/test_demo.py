"""The demo plan's money, loaded today and on a new year's day: a budget of about 20 million kroner with LBF at
72-75 %, spending through the last quarter that has ended, one activity clearly under-spent, history in the past."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from entydig.budget.finance import default_year, plan_finance
from entydig.budget.models import Actual, BudgetVersion, Forecast
from entydig.budget.selectors import budget_overview
from entydig.core.models import AuditEvent
from entydig.core.quarters import Quarter

CPH = ZoneInfo("Europe/Copenhagen")
MOMENTS = [None, "2027-01-02T00:30"]


@pytest.fixture(scope="module", params=MOMENTS, ids=[m or "today" for m in MOMENTS])
def demo(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[dict[str, Any]]:
    from entydig.home.demo import seed_all

    moment = request.param
    travel = (
        time_machine.travel(dt.datetime.fromisoformat(moment).replace(tzinfo=CPH))
        if moment
        else contextlib.nullcontext()
    )
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    quick_pdf = mock.patch("entydig.meetings.documents.render_pdf", return_value=b"%PDF-1.4 demo")
    with travel, fast, quick_pdf, django_db_blocker.unblock(), transaction.atomic():
        yield seed_all()
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestTheDemoBudget:
    def test_it_has_a_budget_of_about_20_million_with_lbf_at_72_to_75_percent(self, demo: dict[str, Any]) -> None:
        overview = budget_overview(demo["plan"])
        # The board's reallocation in past minutes (the meetings' demo) is the version in force, linked to it.
        version = overview.version
        assert version is not None and version.status == BudgetVersion.Status.APPROVED
        assert version.decision_label.endswith(": Flere midler til forældrenetværk")
        assert "/minutes/#item-" in version.decision_url
        assert Decimal(18_000_000) <= overview.totals.total <= Decimal(22_000_000)
        share = overview.check.period.lbf_share
        assert share is not None and Decimal("0.72") <= share <= Decimal("0.75")
        assert overview.check.ok
        assert set(overview.totals.by_funder) == {"lbf", "kommune", "boligorganisation"}
        assert overview.totals.in_kind > 0
        assert list(BudgetVersion.objects.filter(plan=demo["plan"]).values_list("number", "status")) == [
            (3, "approved"),
            (2, "sent"),
            (1, "sent"),
        ]

    def test_it_has_spending_through_the_last_quarter_and_one_activity_clearly_under_spent(
        self, demo: dict[str, Any]
    ) -> None:
        plan = demo["plan"]
        last = Quarter.current().previous()
        newest = Actual.objects.filter(plan=plan).order_by("-year", "-quarter").first()
        assert newest is not None and (newest.year, newest.quarter) == (last.year, last.q)
        report = plan_finance(plan)
        assert report.year == default_year(plan) == last.year and report.quarter == last.q
        assert [(r.name, r.flag) for r in report.findings] == [("Lys og stier", "under")]
        forecast = Forecast.objects.get(post__plan=plan)
        assert forecast.post.name == "Lektiecafé" and forecast.updated_by == demo["users"]["medarbejder"]

    def test_it_dates_the_money_history_in_the_past(self, demo: dict[str, Any]) -> None:
        records = AuditEvent.objects.filter(plan=demo["plan"], object_type__startswith="budget.")
        stamps = list(records.values_list("created_at", flat=True))
        assert stamps and max(stamps) < timezone.now()
        assert min(stamps).date() < demo["plan"].period_start
        imports = AuditEvent.objects.filter(plan=demo["plan"], action="import", changes__file__startswith="regnskab-")
        assert imports.count() == len({(a.year, a.quarter) for a in Actual.objects.filter(plan=demo["plan"])})

    def test_the_demo_logins_see_the_money_their_roles_allow(self, demo: dict[str, Any]) -> None:
        plan, users = demo["plan"], demo["users"]
        finance = reverse("budget:finance", args=[plan.pk])
        pages = {}
        for name in ("sekretariat", "bestyrelse", "medarbejder", "anden"):
            client = Client()
            client.force_login(users[name])
            pages[name] = client.get(finance)
        assert "stort mindreforbrug" in pages["bestyrelse"].content.decode()
        own = pages["medarbejder"].content.decode()
        assert "Lektiecafé" in own and "Lys og stier" not in own and "Ret prognose" in own
        assert pages["anden"].status_code == 404
