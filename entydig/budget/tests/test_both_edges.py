"""The budget's rules through both edges: the page's forms and the API refuse the same input with the same message and
change nothing, and both accept the input that keeps the rule.

The page's form for a new line offers only the plan's years and posts, so it refuses another year before the service
is asked; the API leaves that to the service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django import forms
from django.urls import reverse

from entydig.budget.models import BudgetLine, BudgetPost, BudgetVersion, CostType
from entydig.budget.tests.conftest import Money
from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.core.tests.edges import api_call, api_client, api_errors, page_errors, shown
from entydig.organisation import services

TODAY = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


def _state() -> tuple[object, ...]:
    """Everything a budget write could change."""
    return (
        list(BudgetVersion.objects.values_list("number", "status", "approved_on", "row_version").order_by("pk")),
        list(BudgetLine.objects.values_list("version_id", "post_id", "year", "funder", "amount").order_by("pk")),
        BudgetPost.objects.count(),
        AuditEvent.objects.count(),
    )


def _page_line(cast: Cast, funder: str, amount: str, year: int = 2026) -> dict[str, Any]:
    """The page's form for a new line: Lektiecafé's wages."""
    return {
        "new-target": f"a{cast.activity.pk}",
        "new-year": year,
        "new-funder": funder,
        "new-cost_type": CostType.objects.get(code="løn").pk,
        "new-amount": amount,
    }


def _api_lines(cast: Cast, funder: str, amount: str, year: int = 2026) -> dict[str, Any]:
    """The API's input for the same line."""
    line = {"activity_id": cast.activity.pk, "year": year, "funder": funder, "cost_type": "løn", "amount": amount}
    return {"lines": [line]}


def _draft_amounts() -> list[tuple[str, str]]:
    draft = BudgetVersion.objects.get(status=BudgetVersion.Status.DRAFT)
    return sorted((line.funder, f"{line.amount:.2f}") for line in draft.lines.all())


@pytest.mark.parametrize(
    ("on_page", "in_api", "message"),
    [
        ("1.000,555", "1000.555", "Beløbet kan højst have to decimaler (øre)."),
        ("-1.000", "-1000", "Beløbet kan ikke være negativt."),
    ],
)
def test_it_takes_amounts_in_whole_ore_and_never_negative_on_both_edges(
    cast: Cast, on_page: str, in_api: str, message: str
) -> None:
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url, path = reverse("budget:line_add", args=[cast.plan.pk]), f"/plans/{cast.plan.pk}/budget/lines"
    before = _state()

    refused = page.post(url, _page_line(cast, "lbf", on_page))
    assert page_errors(refused, "line_form") == {"amount": message}
    assert api_errors(api_call(api, "post", path, _api_lines(cast, "lbf", in_api))) == {"lines.0.amount": message}
    assert _state() == before

    assert page.post(url, _page_line(cast, "lbf", "1.000,55")).status_code == 302
    assert api_call(api, "post", path, _api_lines(cast, "kommune", "2000.50")).status_code == 201
    assert _draft_amounts() == [("kommune", "2000.50"), ("lbf", "1000.55")]


def test_it_refuses_to_add_a_line_the_budget_has_on_both_edges(cast: Cast, money: Money) -> None:
    """A line already in the budget is changed, not added again."""
    message = "Budgettet har allerede denne linje; ret beløbet i stedet."
    money.lines([money.spec(cast.activity, 2026, "lbf", "300000")])
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url, path = reverse("budget:line_add", args=[cast.plan.pk]), f"/plans/{cast.plan.pk}/budget/lines"
    before = _state()

    refused = page.post(url, _page_line(cast, "lbf", "100"))
    assert page_errors(refused, "line_form") == {"__all__": message}
    assert api_errors(api_call(api, "post", path, _api_lines(cast, "lbf", "100"))) == {"lines.0": message}
    assert _state() == before

    assert page.post(url, _page_line(cast, "kommune", "100")).status_code == 302
    assert api_call(api, "post", path, _api_lines(cast, "boligorganisation", "200")).status_code == 201
    assert _draft_amounts() == [("boligorganisation", "200.00"), ("kommune", "100.00"), ("lbf", "300000.00")]


def test_it_puts_lines_only_in_the_plans_years_on_both_edges(cast: Cast) -> None:
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url, path = reverse("budget:line_add", args=[cast.plan.pk]), f"/plans/{cast.plan.pk}/budget/lines"
    before = _state()

    refused = page.post(url, _page_line(cast, "lbf", "100", year=2028))
    not_offered = str(forms.ChoiceField.default_error_messages["invalid_choice"]) % {"value": "2028"}
    assert page_errors(refused, "line_form") == {"year": not_offered}
    answer = api_call(api, "post", path, _api_lines(cast, "lbf", "100", year=2028))
    assert api_errors(answer) == {"lines.0.year": "Året skal ligge i aftaleperioden (2024-2027)."}
    assert _state() == before

    assert page.post(url, _page_line(cast, "lbf", "100", year=2027)).status_code == 302
    assert api_call(api, "post", path, _api_lines(cast, "lbf", "100", year=2024)).status_code == 201
    assert sorted(BudgetLine.objects.values_list("year", flat=True)) == [2024, 2027]


def test_it_puts_lines_only_on_the_plans_own_activities_on_both_edges(cast: Cast) -> None:
    """The page offers only the plan's posts; the API passes another plan's activity on and the service refuses it.
    Neither edge names the other plan's activity."""
    foreign = services.activity_create(actor=None, plan=cast.other_plan, name="Fremmed indsats")
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url, path = reverse("budget:line_add", args=[cast.plan.pk]), f"/plans/{cast.plan.pk}/budget/lines"
    line = {**_api_lines(cast, "lbf", "100")["lines"][0], "activity_id": foreign.pk}
    before = _state()

    refused = page.post(url, {**_page_line(cast, "lbf", "100"), "new-target": f"a{foreign.pk}"})
    not_offered = str(forms.ChoiceField.default_error_messages["invalid_choice"]) % {"value": f"a{foreign.pk}"}
    assert page_errors(refused, "line_form") == {"target": not_offered}
    answer = api_call(api, "post", path, {"lines": [line]})
    assert api_errors(answer) == {"lines.0.activity_id": "Indsatsen findes ikke i denne helhedsplan."}
    unknown = api_call(api, "post", path, {"lines": [{**line, "activity_id": 999999}]})
    assert api_errors(unknown) == api_errors(answer)  # an id of another plan cannot be told from no id at all
    assert foreign.name not in refused.content.decode() + answer.content.decode()
    assert _state() == before


@time_machine.travel(TODAY, tick=False)
def test_it_records_the_boards_approval_on_no_later_day_than_today_on_both_edges(cast: Cast, money: Money) -> None:
    message = "Datoen ligger i fremtiden."
    money.lines([money.spec(cast.activity, 2026, "lbf", "100")])
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url, path = reverse("budget:approve", args=[cast.plan.pk]), f"/plans/{cast.plan.pk}/budget/approve"
    before = _state()

    assert shown(page.post(url, {"approved_on": "2026-12-08"}, follow=True), message)
    assert api_errors(api_call(api, "post", path, {"approved_on": "2026-12-08"})) == {"approved_on": message}
    assert _state() == before

    assert shown(page.post(url, {"approved_on": "2026-12-07"}, follow=True), "Version 1 er godkendt af bestyrelsen.")
    money.lines([money.spec(cast.activity, 2026, "lbf", "200")])
    answer = api_call(api, "post", path, {"approved_on": "2026-12-07"})
    assert answer.status_code == 200 and (answer.json()["version"], answer.json()["status"]) == (2, "approved")
    assert list(BudgetVersion.objects.values_list("number", "status", "approved_on").order_by("number")) == [
        (1, "approved", dt.date(2026, 12, 7)),
        (2, "approved", dt.date(2026, 12, 7)),
    ]
