"""The budget's rules in its services: versions (a change after approval is a new version, every version kept),
approval and sending, budget numbers, spending, forecasts, and the board's reallocations with their checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entydig.budget import reallocation, selectors, services, spending
from entydig.budget.access import whole_plan
from entydig.budget.models import Actual, BudgetLine, BudgetPost, BudgetVersion, Forecast
from entydig.budget.tests.conftest import Money
from entydig.conftest import Cast
from entydig.core.errors import ConflictError
from entydig.core.models import AuditEvent
from entydig.organisation import services as organisation

D = Decimal
TODAY = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


def _amounts(version: BudgetVersion) -> dict[tuple[str, int, str, str, bool], Decimal]:
    return {
        (ln.post.name, ln.year, ln.funder, ln.cost_type.code, ln.in_kind): ln.amount
        for ln in version.lines.select_related("post__activity", "cost_type")
    }


def test_it_keeps_every_version_and_starts_a_new_one_for_a_change_after_approval(cast: Cast, money: Money) -> None:
    v1 = money.lines(
        [money.spec(cast.activity, 2026, "lbf", "300000"), money.spec("secretariat", 2026, "kommune", "50000")]
    )
    assert (v1.number, v1.status) == (1, "draft")
    money.approve("2024-01-15")
    v2 = money.lines([money.spec(cast.activity, 2026, "lbf", "250000")])
    assert (v2.number, v2.status) == (2, "draft")
    assert _amounts(BudgetVersion.objects.get(pk=v1.pk))[("Lektiecafé", 2026, "lbf", "løn", False)] == D("300000.00")
    assert _amounts(v2) == {
        ("Lektiecafé", 2026, "lbf", "løn", False): D("250000.00"),
        ("Sekretariat", 2026, "kommune", "løn", False): D("50000.00"),
    }
    # A second change goes into the same draft.
    assert money.lines([money.spec(cast.activity, 2026, "lbf", "260000")]).pk == v2.pk
    comparison = selectors.compare(whole_plan(cast.plan), v1, BudgetVersion.objects.get(pk=v2.pk))
    assert [(d.post.name, d.before, d.after) for d in comparison.differences] == [
        ("Lektiecafé", D("300000.00"), D("260000.00"))
    ]
    assert selectors.version_in_force(cast.plan) == v1  # the draft is not in force before the board approves it
    created = AuditEvent.objects.filter(object_type="budget.budgetversion", action="create")
    assert sorted(e.changes["number"] for e in created) == [1, 2]


def test_it_refuses_an_edit_begun_on_an_older_state_of_the_budget(cast: Cast, money: Money) -> None:
    draft = money.lines([money.spec(cast.activity, 2026, "lbf", "100000")])
    begun = (draft.number, draft.row_version)
    money.lines([money.spec(cast.activity, 2026, "lbf", "110000")], expected=begun)  # nobody else: saved
    with pytest.raises(ConflictError):
        money.lines([money.spec(cast.activity, 2026, "lbf", "120000")], expected=begun)
    assert BudgetLine.objects.get().amount == D("110000.00")


def test_it_reports_every_problem_of_the_lines_at_once_and_stores_nothing(cast: Cast, money: Money) -> None:
    elsewhere = organisation.activity_create(actor=None, plan=cast.other_plan, name="Andetsteds")
    with pytest.raises(ValidationError) as caught:
        money.lines(
            [
                money.spec(cast.activity, 2030, "lbf", "100"),
                money.spec(elsewhere, 2026, "lbf", "100"),
                money.spec(cast.activity, 2026, "lbf", "100.005"),
                money.spec(cast.activity, 2026, "kommune", "-1"),
                money.spec("no-such-post", 2026, "lbf", "1"),
            ]
        )
    assert caught.value.message_dict == {
        "lines.0.year": ["Året skal ligge i aftaleperioden (2024-2027)."],
        "lines.1.activity": ["Indsatsen findes ikke i denne helhedsplan."],
        "lines.2.amount": ["Beløbet kan højst have to decimaler (øre)."],
        "lines.3.amount": ["Beløbet kan ikke være negativt."],
        "lines.4.kind": ["Ukendt budgetpost."],
    }
    assert not BudgetVersion.objects.exists() and not BudgetPost.objects.exists()


def test_it_adds_only_new_lines_when_asked_and_takes_a_line_out_at_0(cast: Cast, money: Money) -> None:
    money.lines([money.spec(cast.activity, 2026, "lbf", "100")])
    with pytest.raises(ValidationError) as caught:
        money.lines([money.spec(cast.activity, 2026, "lbf", "200")], add_only=True)
    assert caught.value.message_dict == {"lines.0": ["Budgettet har allerede denne linje; ret beløbet i stedet."]}
    with pytest.raises(ValidationError) as caught:
        money.lines([money.spec(cast.activity, 2027, "lbf", "1"), money.spec(cast.activity, 2027, "lbf", "2")])
    assert caught.value.message_dict == {"lines.1": ["Samme linje står to gange."]}
    draft = money.lines([money.spec(cast.activity, 2026, "lbf", "0")])
    assert not draft.lines.exists()
    assert AuditEvent.objects.filter(object_type="budget.budgetline", action="delete").count() == 1


def test_the_database_holds_one_draft_per_plan_and_no_negative_budget(cast: Cast, money: Money) -> None:
    draft = money.lines([money.spec(cast.activity, 2026, "lbf", "100")])
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetVersion.objects.create(plan=cast.plan, number=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(version=draft).update(amount=D("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetVersion.objects.filter(pk=draft.pk).update(status="approved")  # approved needs its date


@time_machine.travel(TODAY)
def test_it_approves_the_draft_and_records_its_sending_to_lbf_with_their_dates(cast: Cast, money: Money) -> None:
    user, plan = cast.secretariat_user, cast.plan
    with pytest.raises(ValidationError, match="Der er ingen kladde at godkende."):
        services.budget_approve(actor=user, plan=plan, approved_on=dt.date(2026, 12, 1))
    money.lines([money.spec(cast.activity, 2026, "lbf", "100")])
    with pytest.raises(ValidationError, match="Datoen ligger i fremtiden."):
        services.budget_approve(actor=user, plan=plan, approved_on=dt.date(2026, 12, 8))
    with pytest.raises(ValidationError, match="Der er ingen godkendt version, der ikke er sendt."):
        services.budget_mark_sent(actor=user, plan=plan, sent_on=dt.date(2026, 12, 2))
    version = services.budget_approve(actor=user, plan=plan, approved_on=dt.date(2026, 12, 1))
    assert (version.status, version.approved_on) == ("approved", dt.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="før bestyrelsen har godkendt det"):
        services.budget_mark_sent(actor=user, plan=plan, sent_on=dt.date(2026, 11, 30))
    version = services.budget_mark_sent(actor=user, plan=plan, sent_on=dt.date(2026, 12, 3))
    assert (version.status, version.sent_on) == ("sent", dt.date(2026, 12, 3))
    assert AuditEvent.objects.filter(object_type="budget.budgetversion", action="approve").count() == 1


def test_it_discards_a_draft_and_keeps_the_versions_before_it(cast: Cast, money: Money) -> None:
    money.lines([money.spec(cast.activity, 2026, "lbf", "100")])
    money.approve()
    money.lines([money.spec(cast.activity, 2026, "lbf", "999")])
    services.budget_draft_discard(actor=cast.secretariat_user, plan=cast.plan)
    assert list(BudgetVersion.objects.values_list("number", "status")) == [(1, "approved")]
    assert BudgetLine.objects.get().amount == D("100.00")
    with pytest.raises(ValidationError, match="Der er ingen kladde at kassere."):
        services.budget_draft_discard(actor=cast.secretariat_user, plan=cast.plan)


def test_it_keeps_budget_numbers_unique_in_the_plan_whatever_the_case_and_lets_two_posts_swap(cast: Cast) -> None:
    user, plan = cast.secretariat_user, cast.plan
    services.budget_numbers_set(actor=user, plan=plan, numbers=[(cast.activity, "A-1"), (cast.other_activity, "2")])
    assert BudgetPost.objects.get(activity=cast.activity).number == "A-1"  # a post without money gets its number
    with pytest.raises(ValidationError) as caught:
        services.budget_numbers_set(actor=user, plan=plan, numbers=[("secretariat", "a-1")])
    assert caught.value.message_dict == {"numbers.0": ["Budgetnummeret bruges af en anden post i planen."]}
    services.budget_numbers_set(actor=user, plan=plan, numbers=[(cast.activity, "2"), (cast.other_activity, "A-1")])
    assert BudgetPost.objects.get(activity=cast.other_activity).number == "A-1"
    assert BudgetPost.objects.get(activity=cast.activity).number == "2"


def test_it_keeps_an_activity_with_money_from_being_deleted(cast: Cast, money: Money) -> None:
    money.lines([money.spec(cast.activity, 2026, "lbf", "100")])
    with pytest.raises(ValidationError, match="Lektiecafé kan ikke slettes, fordi der hører budgetposter til."):
        organisation.activity_delete(actor=cast.secretariat_user, activity=cast.activity)
    assert BudgetLine.objects.exists()


def test_it_sets_spending_per_quarter_and_funder_and_refuses_a_quarter_outside_the_plan(
    cast: Cast, money: Money
) -> None:
    money.spend(cast.activity, 2026, 3, "1000.50", "lbf")
    money.spend(cast.activity, 2026, 3, "-200", "lbf", note="Tilbagebetalt")  # replaces: one figure per quarter
    assert list(Actual.objects.values_list("amount", "note")) == [(D("-200.00"), "Tilbagebetalt")]
    with pytest.raises(ValidationError) as caught:
        money.spend(cast.activity, 2028, 1, "1")
    assert caught.value.message_dict == {
        "quarter": ["Kvartalet ligger uden for aftaleperioden (01.01.2024-31.12.2027)."]
    }


def test_it_keeps_the_owners_forecast_and_takes_it_back(cast: Cast, money: Money) -> None:
    post = services.post_for(actor=None, plan=cast.plan, target=cast.activity)
    spending.forecast_set(actor=cast.staff_user, post=post, year=2026, amount=D("350000"), note="Ekstra hold")
    forecast = Forecast.objects.get()
    assert (forecast.amount, forecast.note, forecast.updated_by) == (D("350000.00"), "Ekstra hold", cast.staff_user)
    spending.forecast_set(actor=cast.staff_user, post=post, year=2026, amount=None)
    assert not Forecast.objects.exists()
    with pytest.raises(ValidationError):
        spending.forecast_set(actor=cast.staff_user, post=post, year=2023, amount=D("1"))


# --- reallocations ------------------------------------------------------------------------------------------------


def _two_activities(cast: Cast, money: Money) -> BudgetVersion:
    """Lektiecafé 2026: LBF 300.000 løn + 20.000 aktiviteter, kommune 80.000 cash; Jobcafé LBF 100.000; approved."""
    money.lines(
        [
            money.spec(cast.activity, 2026, "lbf", "300000"),
            money.spec(cast.activity, 2026, "lbf", "20000", "aktiviteter"),
            money.spec(cast.activity, 2026, "kommune", "80000"),
            money.spec(cast.activity, 2026, "kommune", "50000", "administration", in_kind=True),
            money.spec(cast.other_activity, 2026, "lbf", "100000"),
        ]
    )
    return money.approve()


def _check(cast: Cast, amount: str, **kwargs: Any) -> reallocation.ReallocationCheck:
    values: dict[str, Any] = {
        "plan": cast.plan,
        "from_activity": cast.activity,
        "to_activity": cast.other_activity,
        "year": 2026,
        "funder": "lbf",
        "amount": D(amount),
        **kwargs,
    }
    return reallocation.reallocation_check(**values)


def test_it_counts_the_money_a_post_still_has_from_a_funder(cast: Cast, money: Money) -> None:
    _two_activities(cast, money)
    money.spend(cast.activity, 2026, 1, "50000", "lbf")  # named: all from LBF
    money.spend(cast.activity, 2026, 2, "40000")  # unnamed: LBF's share of the cash budget, 320/400 = 32.000
    check = _check(cast, "238000")
    # LBF's cash budget 320.000 - 50.000 - 32.000 = 238.000 left; in kind is no money to move.
    assert check.ok and check.available == D("238000.00")
    refused = _check(cast, "238000.01")
    assert refused.errors == {
        "amount": [
            "Lektiecafé har kun 238.000 kr. til rådighed fra Landsbyggefonden i 2026 (budget 320.000 kr., "
            "brugt 82.000 kr.), så der kan ikke flyttes 238.000,01 kr."
        ]
    }
    # Moving neither changes the shares: the move keeps its year and funder.
    assert check.after is not None and check.before is not None
    assert check.after.period.local_share == check.before.period.local_share


def test_it_refuses_a_reallocation_that_names_no_real_move(cast: Cast, money: Money) -> None:
    _two_activities(cast, money)
    assert _check(cast, "0").errors == {"amount": ["Beløbet skal være større end 0."]}
    assert _check(cast, "1", to_activity=cast.activity).errors == {
        "to_activity": ["Pengene skal flyttes til en anden post."]
    }
    assert set(_check(cast, "1", year=2031, funder="bank").errors) == {"year", "funder"}
    nothing = _check(cast, "1", from_activity="contingency")
    assert "Uforudsete udgifter har kun 0 kr. til rådighed" in nothing.errors["amount"][0]


def test_a_reallocation_is_a_new_approved_version_linked_to_the_decision(cast: Cast, money: Money) -> None:
    v1 = _two_activities(cast, money)
    decision = reallocation.DecisionRef(
        "Bestyrelsesmøde 12.03.2026, punkt 4", "/meetings/7/#punkt-4", dt.date(2026, 3, 12)
    )
    v2 = reallocation.budget_reallocate(
        actor=cast.secretariat_user,
        plan=cast.plan,
        from_activity=cast.activity,
        to_activity=cast.other_activity,
        year=2026,
        funder="lbf",
        amount=D("310000"),
        decision=decision,
    )
    assert (v2.number, v2.status, v2.approved_on) == (2, "approved", dt.date(2026, 3, 12))
    assert (v2.decision_label, v2.decision_url) == (decision.label, decision.url)
    assert v2.reason == "310.000 kr. fra Lektiecafé til Jobcafé i 2026 (Landsbyggefonden)"
    # Taken from the largest line first (løn 300.000, then 10.000 of aktiviteter), given under the same cost types.
    after = _amounts(v2)
    assert after[("Lektiecafé", 2026, "lbf", "løn", False)] == D("0.00")
    assert after[("Lektiecafé", 2026, "lbf", "aktiviteter", False)] == D("10000.00")
    assert after[("Jobcafé", 2026, "lbf", "løn", False)] == D("400000.00")
    assert after[("Jobcafé", 2026, "lbf", "aktiviteter", False)] == D("10000.00")
    assert sum(after.values()) == sum(_amounts(v1).values())
    assert _amounts(BudgetVersion.objects.get(pk=v1.pk))[("Lektiecafé", 2026, "lbf", "løn", False)] == D("300000.00")
    assert selectors.version_in_force(cast.plan) == v2


def test_a_reallocation_while_a_draft_is_open_comes_before_it_and_is_made_in_it_too(cast: Cast, money: Money) -> None:
    _two_activities(cast, money)
    draft = money.lines([money.spec(cast.other_activity, 2027, "lbf", "5000")])
    assert draft.number == 2
    reallocation.budget_reallocate(
        actor=None,
        plan=cast.plan,
        from_activity=cast.activity,
        to_activity=cast.other_activity,
        year=2026,
        funder="lbf",
        amount=D("1000"),
    )
    versions = dict(BudgetVersion.objects.values_list("number", "status"))
    assert versions == {1: "approved", 2: "approved", 3: "draft"}
    draft_after = _amounts(BudgetVersion.objects.get(status="draft"))
    assert draft_after[("Jobcafé", 2026, "lbf", "løn", False)] == D("101000.00")
    assert draft_after[("Jobcafé", 2027, "lbf", "løn", False)] == D("5000.00")


def test_a_reallocation_before_any_approval_is_made_in_the_draft(cast: Cast, money: Money) -> None:
    money.lines([money.spec(cast.activity, 2026, "lbf", "1000")])
    version = reallocation.budget_reallocate(
        actor=None,
        plan=cast.plan,
        from_activity=cast.activity,
        to_activity="contingency",
        year=2026,
        funder="lbf",
        amount=D("400"),
    )
    assert (version.number, version.status) == (1, "draft")
    assert _amounts(version)[("Uforudsete udgifter", 2026, "lbf", "løn", False)] == D("400.00")


def test_a_refused_reallocation_changes_nothing(cast: Cast, money: Money) -> None:
    _two_activities(cast, money)
    with pytest.raises(ValidationError) as caught:
        reallocation.budget_reallocate(
            actor=None,
            plan=cast.plan,
            from_activity=cast.other_activity,
            to_activity=cast.activity,
            year=2026,
            funder="kommune",
            amount=D("1"),
        )
    assert list(caught.value.message_dict) == ["amount"]
    assert BudgetVersion.objects.count() == 1


def test_the_change_log_names_money_the_danish_way(money: Money) -> None:
    from entydig.budget.models import BudgetLine

    version = money.lines([money.spec(money.cast.activity, 2026, "lbf", "150000")])
    line = BudgetLine.objects.get(version=version)
    assert str(line).endswith(": 150.000 kr.")
    assert "150000.00" not in str(line)
