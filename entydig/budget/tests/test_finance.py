"""Spending against the budget, worked out by hand: budget to date, the forecast by pace or the owner's own, the
variance and its flag, the one line that says it, per activity and effort area; and who sees which posts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings

from entydig.budget import services, spending
from entydig.budget.access import money_access, whole_plan
from entydig.budget.finance import OVER, UNDER, FinanceReport, FinanceRow, default_year, finance_report, plan_finance
from entydig.budget.tests.conftest import Money
from entydig.conftest import Cast
from entydig.organisation import services as organisation
from entydig.organisation.access import plan_access
from entydig.organisation.models import EffortArea

D = Decimal


def _budget(cast: Cast, money: Money) -> None:
    """Lektiecafé 2026: 400.000 cash (LBF 300.000, kommune 100.000) and 50.000 in kind; Jobcafé 90.000."""
    money.lines(
        [
            money.spec(cast.activity, 2026, "lbf", "300000"),
            money.spec(cast.activity, 2026, "kommune", "100000", "aktiviteter"),
            money.spec(cast.activity, 2026, "kommune", "50000", "administration", in_kind=True),
            money.spec(cast.other_activity, 2026, "lbf", "90000"),
            money.spec("contingency", 2026, "lbf", "30000", "uforudset"),
        ]
    )
    money.approve()
    money.spend(cast.activity, 2026, 1, "100000", "lbf")
    money.spend(cast.activity, 2026, 2, "100000")
    money.spend(cast.other_activity, 2026, 3, "67500")  # the plan's accounts run through the third quarter


def _row(report: FinanceReport, name: str) -> FinanceRow:
    return next(r for r in report.rows if r.name == name)


def test_it_forecasts_by_the_spending_pace_and_flags_a_large_underspend(cast: Cast, money: Money) -> None:
    _budget(cast, money)
    report = plan_finance(cast.plan, 2026)
    assert report.quarter == 3 and report.quarter_label == "3. kvartal 2026"
    cafe = _row(report, "Lektiecafé")
    assert cafe.budget == D("400000.00")  # cash only: in kind never passes through the accounts
    assert cafe.budget_to_date == D("300000.00")
    assert cafe.spent == D("200000.00")
    assert (cafe.forecast, cafe.forecast_source) == (D("266666.67"), "pace")  # 200.000 / 3 × 4, to the øre
    assert cafe.variance == D("-133333.33") and cafe.flag == UNDER
    assert cafe.reason == "Lektiecafé har brugt 50 % af årets budget efter 3. kvartal; prognose 67 %."
    job = _row(report, "Jobcafé")
    assert (job.spent, job.forecast, job.variance, job.flag) == (D("67500.00"), D("90000.00"), D("0.00"), None)
    # The contingency is there to be left unspent: no finding.
    buffer = _row(report, "Uforudsete udgifter")
    assert buffer.forecast == D("0.00") and buffer.flag is None
    assert [r.name for r in report.findings] == ["Lektiecafé"]


def test_the_owners_forecast_replaces_the_pace(cast: Cast, money: Money) -> None:
    _budget(cast, money)
    post = services.post_for(actor=None, plan=cast.plan, target=cast.activity)
    spending.forecast_set(actor=cast.staff_user, post=post, year=2026, amount=D("380000"))
    cafe = _row(plan_finance(cast.plan, 2026), "Lektiecafé")
    assert (cafe.forecast, cafe.forecast_source, cafe.variance) == (D("380000.00"), "explicit", D("-20000.00"))
    assert cafe.flag is None  # 5 % under: within the threshold
    assert cafe.reason == "Lektiecafé har brugt 50 % af årets budget efter 3. kvartal; prognose 95 %."


def test_the_threshold_is_a_setting(cast: Cast, money: Money, settings: Settings) -> None:
    _budget(cast, money)
    post = services.post_for(actor=None, plan=cast.plan, target=cast.activity)
    spending.forecast_set(actor=None, post=post, year=2026, amount=D("420000"))
    assert _row(plan_finance(cast.plan, 2026), "Lektiecafé").flag is None  # 5 % over
    settings.BUDGET_VARIANCE_THRESHOLD = D("0.05")
    assert _row(plan_finance(cast.plan, 2026), "Lektiecafé").flag == OVER


def test_it_says_so_when_money_is_spent_without_a_budget_or_nothing_is_spent_yet(cast: Cast, money: Money) -> None:
    _budget(cast, money)
    money.spend("evaluation", 2026, 2, "12000")
    evaluation = _row(plan_finance(cast.plan, 2026), "Evaluering")
    assert evaluation.flag == OVER
    assert evaluation.reason == "Evaluering har brugt 12.000 kr. uden budget efter 3. kvartal."
    money.lines([money.spec(cast.activity, 2027, "lbf", "1000")])
    empty = _row(plan_finance(cast.plan, 2027), "Lektiecafé")
    assert (empty.budget, empty.forecast, empty.quarter) == (D("0.00"), None, None)  # the 2027 line is a draft


def test_it_sums_per_effort_area(cast: Cast, money: Money) -> None:
    area = EffortArea.objects.get(name="Uddannelse og livschancer")
    organisation.body_update(actor=None, body=cast.group, plan=cast.plan, effort_area=area)
    _budget(cast, money)
    report = plan_finance(cast.plan, 2026)
    names = [block.total.name for block in report.areas]
    assert names == ["Uddannelse og livschancer", "Fælles poster (sekretariat, evaluering, kommunikation, uforudset)"]
    education = report.areas[0].total
    assert (education.budget, education.spent) == (D("490000.00"), D("267500.00"))
    assert education.forecast == D("356666.67")  # 266.666,67 + 90.000
    assert (
        education.reason == "Uddannelse og livschancer har brugt 55 % af årets budget efter 3. kvartal; prognose 73 %."
    )
    assert report.total is not None and report.total.budget == D("520000.00")


def test_steering_groups_and_responsible_people_see_only_their_own_activities(cast: Cast, money: Money) -> None:
    _budget(cast, money)
    staff_access = plan_access(cast.staff_user, cast.plan)
    assert staff_access is not None
    staff = finance_report(money_access(staff_access), 2026)
    assert [r.name for r in staff.rows] == ["Lektiecafé"] and staff.total is None
    steering_access = plan_access(cast.steering_user, cast.plan)
    assert steering_access is not None
    steering = finance_report(money_access(steering_access), 2026)
    assert [r.name for r in steering.rows] == ["Jobcafé", "Lektiecafé"]
    board_access = plan_access(cast.board_user, cast.plan)
    assert board_access is not None
    board = finance_report(money_access(board_access), 2026)
    assert [r.name for r in board.rows] == ["Jobcafé", "Lektiecafé", "Uforudsete udgifter"]


def test_the_default_year_is_that_of_the_last_quarter_that_has_ended(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 2, 9, tzinfo=dt.UTC)):
        assert default_year(cast.plan) == 2026
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)):
        assert default_year(cast.plan) == 2026
    with time_machine.travel(dt.datetime(2030, 5, 1, 9, tzinfo=dt.UTC)):
        assert default_year(cast.plan) == 2027  # the plan's last year


def _activities_with_money(cast: Cast, money: Money, names: list[str]) -> None:
    specs = []
    for name in names:
        activity = organisation.activity_create(actor=None, plan=cast.plan, name=name, steering_group=cast.group)
        specs.append(money.spec(activity, 2026, "lbf", "1000"))
        specs.append(money.spec(activity, 2026, "kommune", "500", "aktiviteter", in_kind=True))
        money.spend(activity, 2026, 1, "100", "lbf")
    money.lines(specs)
    post = services.post_for(actor=None, plan=cast.plan, target=cast.activity)
    spending.forecast_set(actor=None, post=post, year=2026, amount=D("10"))


def test_the_finance_and_budget_pages_make_as_many_queries_for_50_activities_as_for_5(cast: Cast, money: Money) -> None:
    _activities_with_money(cast, money, [f"Indsats {i}" for i in range(5)])
    client = cast.client("board")
    pages = [reverse(f"budget:{name}", args=[cast.plan.pk]) for name in ("finance", "budget", "versions")]
    pages.append(reverse("budget:finance", args=[cast.plan.pk]) + "?format=xlsx")
    few = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        few.append(len(queries))
    _activities_with_money(cast, money, [f"Flere {i}" for i in range(45)])
    for page, count in zip(pages, few, strict=True):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200
        assert len(queries) == count, (page, count, len(queries))
    assert "Flere 44" in client.get(pages[0]).content.decode()
    assert len(finance_report(whole_plan(cast.plan), 2026).rows) == 52
