"""The money API as its contract names it: amounts as decimal strings, shares as numbers between 0 and 1, lines
added and changed in the draft, approval, and spending against the budget per activity."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from entydig.budget.models import BudgetLine, BudgetVersion
from entydig.budget.tests.conftest import Money
from entydig.conftest import Cast

D = Decimal


def _send(cast: Cast, method: str, path: str, data: Any, role: str = "secretariat") -> Any:
    client = cast.client(role)
    return getattr(client, method)(
        f"/api/v1/plans/{cast.plan.pk}/{path}", json.dumps(data), content_type="application/json"
    )


def _errors(response: Any) -> dict[str, str]:
    return {e["field"]: e["msg"] for e in response.json()["detail"]}


@pytest.fixture
def lines(cast: Cast) -> list[dict[str, Any]]:
    return [
        {"activity_id": cast.activity.pk, "year": 2026, "funder": "lbf", "cost_type": "løn", "amount": "300000.00"},
        {"kind": "secretariat", "year": 2026, "funder": "kommune", "cost_type": "løn", "amount": 33333.33},
        {
            "activity_id": cast.activity.pk,
            "year": 2026,
            "funder": "boligorganisation",
            "cost_type": "administration",
            "in_kind": True,
            "amount": "66666.67",
        },
    ]


def test_it_adds_lines_and_answers_the_budget_as_the_contract_names_it(cast: Cast, lines: list[dict[str, Any]]) -> None:
    response = _send(cast, "post", "budget/lines", {"lines": lines})
    assert response.status_code == 201
    body = response.json()
    assert (body["version"], body["status"], body["complete"]) == (1, "draft", True)
    assert body["totals"] == {
        "total": "400000.00",
        "by_funder": {"lbf": "300000.00", "kommune": "33333.33", "boligorganisation": "66666.67"},
        "by_year": {"2026": "400000.00"},
    }
    assert body["cofinancing_share"] == 0.25 and body["lbf_share"] == 0.75
    line = next(ln for ln in body["lines"] if ln["in_kind"])
    assert {k: line[k] for k in ("activity_id", "year", "funder", "cost_type", "in_kind", "amount")} == {
        "activity_id": cast.activity.pk,
        "year": 2026,
        "funder": "boligorganisation",
        "cost_type": "administration",
        "in_kind": True,
        "amount": "66666.67",
    }
    assert body["cofinancing"]["years"][2]["year"] == 2026 and body["cofinancing"]["years"][2]["meets_minimum"]
    assert cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}/budget").json() == {**body}


def test_it_refuses_bad_lines_naming_each_field(cast: Cast, lines: list[dict[str, Any]]) -> None:
    _send(cast, "post", "budget/lines", {"lines": lines})
    duplicate = _send(cast, "post", "budget/lines", {"lines": lines[:1]})
    assert duplicate.status_code == 422
    assert _errors(duplicate) == {"lines.0": "Budgettet har allerede denne linje; ret beløbet i stedet."}
    other = [
        {**lines[0], "activity_id": 999999},
        {**lines[0], "cost_type": "kaffe"},
        {**lines[0], "year": 2031, "amount": "0.001"},
        {"year": 2026, "funder": "lbf", "cost_type": "løn", "amount": "1"},
    ]
    response = _send(cast, "post", "budget/lines", {"lines": other})
    assert response.status_code == 422
    assert _errors(response) == {
        "lines.0.activity_id": "Indsatsen findes ikke i denne helhedsplan.",
        "lines.1.cost_type": "Ukendt omkostningstype: kaffe",
        "lines.3.activity_id": "Angiv enten en indsats (activity_id) eller en fælles post (kind).",
    }
    service = _send(cast, "post", "budget/lines", {"lines": other[2:3]})
    assert _errors(service) == {
        "lines.0.year": "Året skal ligge i aftaleperioden (2024-2027).",
        "lines.0.amount": "Beløbet kan højst have to decimaler (øre).",
    }
    too_big = _send(cast, "post", "budget/lines", {"lines": [{**lines[0], "amount": "1e30"}]})
    assert too_big.status_code == 422 and "lines.0.amount" in _errors(too_big)
    assert BudgetLine.objects.count() == 3


def test_a_change_after_approval_is_a_new_version_and_a_stale_one_is_409(
    cast: Cast, lines: list[dict[str, Any]]
) -> None:
    added = _send(cast, "post", "budget/lines", {"lines": lines}).json()
    approved = _send(cast, "post", "budget/approve", {"approved_on": "2024-01-10"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["approved_on"] == "2024-01-10"
    again = _send(cast, "post", "budget/approve", {})
    assert again.status_code == 422 and _errors(again) == {"approved_on": "Der er ingen kladde at godkende."}
    first = added["lines"][0]
    seen = approved.json()["row_version"]
    changed = _send(cast, "patch", "budget/lines", {"lines": [{"id": first["id"], "amount": "0"}], "row_version": seen})
    assert changed.status_code == 200
    body = changed.json()
    assert (body["version"], body["status"]) == (2, "draft")
    assert len(body["lines"]) == 2 and first["id"] not in [ln["id"] for ln in body["lines"]]
    assert BudgetLine.objects.filter(version__number=1).count() == 3
    stale = _send(
        cast, "patch", "budget/lines", {"lines": [{"id": body["lines"][0]["id"], "amount": "5"}], "row_version": seen}
    )
    assert stale.status_code == 409
    unknown = _send(cast, "patch", "budget/lines", {"lines": [{"id": first["id"], "amount": "5"}]})
    assert _errors(unknown) == {"lines.0.id": f"{first['id']} er ikke en linje i budgettets nyeste version."}
    old = cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}/budget", {"version": 1}).json()
    assert old["version"] == 1 and len(old["lines"]) == 3
    missing = cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}/budget", {"version": 7})
    assert missing.status_code == 422 and _errors(missing) == {"version": "Budgettet har ingen version 7."}
    assert BudgetVersion.objects.count() == 2


def test_the_finance_endpoint_gives_budget_spending_forecast_and_variance_per_activity(
    cast: Cast, money: Money
) -> None:
    money.lines([money.spec(cast.activity, 2026, "lbf", "400000")])
    money.approve()
    money.spend(cast.activity, 2026, 1, "100000.00", "lbf")
    money.spend(cast.activity, 2026, 2, "50000.00", "lbf")
    money.spend(cast.activity, 2026, 3, "10000.00", "lbf")
    body = cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}/finance", {"year": 2026}).json()
    assert (body["year"], body["quarter"], body["quarter_label"], body["version"]) == (
        2026,
        "2026Q3",
        "3. kvartal 2026",
        1,
    )
    assert body["threshold"] == 0.2
    cafe = next(r for r in body["activities"] if r["name"] == "Lektiecafé")
    assert {k: cafe[k] for k in ("budget", "spent", "forecast", "variance", "flag", "forecast_source")} == {
        "budget": "400000.00",
        "spent": "160000.00",
        "forecast": "213333.33",
        "variance": "-186666.67",
        "flag": "under",
        "forecast_source": "pace",
    }
    assert cafe["reason"] == "Lektiecafé har brugt 40 % af årets budget efter 3. kvartal; prognose 53 %."
    outside = cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}/finance", {"year": 2031})
    assert outside.status_code == 422 and _errors(outside) == {"year": "Året skal ligge i aftaleperioden (2024-2027)."}
    staff = cast.client("staff").get(f"/api/v1/plans/{cast.plan.pk}/finance", {"year": 2026}).json()
    assert [r["name"] for r in staff["activities"]] == ["Lektiecafé"] and staff["total"] is None
