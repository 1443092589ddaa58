"""The co-financing check against numbers worked out by hand: per year and over the period, cash and in kind, with
a funder that does not count, and exact sums of odd amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_django import Settings

from entydig.budget.cofinancing import Amount, cofinancing
from entydig.budget.money import kroner, percent, whole_percent

D = Decimal

# 2026: LBF 300.000, kommune 60.000 (cash), boligorganisation 40.000 in kind: 400.000, local 100.000 = 25 %.
# 2027: LBF 330.000, kommune 50.000, fond 20.000: 400.000, local 50.000 = 12,5 %, LBF 82,5 %.
BUDGET = [
    Amount(2026, "lbf", False, D("300000.00")),
    Amount(2026, "kommune", False, D("60000.00")),
    Amount(2026, "boligorganisation", True, D("40000.00")),
    Amount(2027, "lbf", False, D("330000.00")),
    Amount(2027, "kommune", False, D("50000.00")),
    Amount(2027, "fond", False, D("20000.00")),
]


def test_it_computes_the_local_and_lbf_shares_per_year_and_over_the_period() -> None:
    check = cofinancing(BUDGET)
    y2026, y2027 = check.years
    assert (y2026.total, y2026.local, y2026.lbf) == (D("400000.00"), D("100000.00"), D("300000.00"))
    assert (y2026.local_share, y2026.lbf_share) == (D("0.2500"), D("0.7500"))
    assert y2026.ok  # exactly at both limits
    assert (y2027.local_share, y2027.lbf_share) == (D("0.1250"), D("0.8250"))
    assert not y2027.meets_local_minimum and y2027.local_shortfall == D("50000.00")
    assert not y2027.lbf_within_maximum and y2027.lbf_excess == D("30000.00")
    period = check.period
    assert (period.total, period.local, period.lbf) == (D("800000.00"), D("150000.00"), D("630000.00"))
    assert (period.local_share, period.lbf_share) == (D("0.1875"), D("0.7875"))
    assert period.local_shortfall == D("50000.00") and period.lbf_excess == D("30000.00")
    assert not check.ok and check.short_years == [y2027]


def test_it_says_in_plain_danish_what_is_short(settings: Settings) -> None:
    messages = cofinancing(BUDGET).messages()
    assert messages[0] == (
        "Den lokale medfinansiering er 18,8 % over hele perioden – under kravet på mindst 25 %. "
        "Der mangler 50.000 kr. fra kommunen eller boligorganisationen (ved uændret samlet budget)."
    )
    assert messages[1] == "Landsbyggefondens andel er 78,8 % – over de højst 75 %; 30.000 kr. for meget."
    assert messages[2] == "2027: den lokale andel er 12,5 %; der mangler 50.000 kr."
    assert len(messages) == 3


def test_it_leaves_in_kind_out_when_the_setting_says_it_does_not_count(settings: Settings) -> None:
    settings.BUDGET_IN_KIND_COUNTS = False
    check = cofinancing(BUDGET)
    y2026 = check.years[0]
    # 2026 without the 40.000 in kind: 360.000, local 60.000 = 16,67 %; 25 % of 360.000 is 90.000.
    assert (y2026.total, y2026.local) == (D("360000.00"), D("60000.00"))
    assert y2026.local_share == D("0.1667") and y2026.local_shortfall == D("30000.00")
    assert y2026.in_kind_left_out == D("40000.00")
    assert "Naturalier for 40.000 kr. tæller ikke med i beregningen" in " ".join(check.messages())


def test_it_counts_only_the_funders_the_setting_names_as_local(settings: Settings) -> None:
    settings.BUDGET_LOCAL_FUNDERS = ("kommune",)
    y2026 = cofinancing(BUDGET).years[0]
    assert y2026.local == D("60000.00") and y2026.local_share == D("0.1500")
    settings.BUDGET_LOCAL_FUNDERS = ("kommune", "boligorganisation", "fond")
    y2027 = cofinancing(BUDGET).years[1]
    assert y2027.local == D("70000.00") and y2027.local_share == D("0.1750")
    settings.BUDGET_LOCAL_FUNDERS = ("kommune", "lbf")  # LBF is never local, whatever the setting says
    assert cofinancing(BUDGET).years[0].local == D("60000.00")


def test_it_sums_odd_amounts_exactly_and_compares_without_rounding() -> None:
    thirds = [Amount(2026, "kommune", False, D("33333.33"))] * 2 + [Amount(2026, "kommune", False, D("33333.34"))]
    check = cofinancing([*thirds, Amount(2026, "lbf", False, D("300000.00"))])
    assert check.period.local == D("100000.00")  # not 99999.99999999999
    assert check.period.local_share == D("0.2500") and check.period.meets_local_minimum
    dimes = [Amount(2026, "lbf", False, D("0.10"))] * 10
    assert cofinancing(dimes).period.total == D("1.00")
    # One øre short of the minimum is short, and says so to the øre.
    short = cofinancing([Amount(2026, "kommune", False, D("74999.99")), Amount(2026, "lbf", False, D("225000.01"))])
    assert short.period.total == D("300000.00")
    assert not short.period.meets_local_minimum and short.period.local_shortfall == D("0.01")
    assert short.period.local_share == D("0.2500")  # the rounded share hides it; the check does not


def test_it_shows_an_empty_year_and_an_empty_budget() -> None:
    check = cofinancing([Amount(2026, "lbf", False, D("100.00"))], years=[2025, 2026])
    assert [y.year for y in check.years] == [2025, 2026]
    assert check.years[0].total == 0 and check.years[0].ok and check.years[0].local_share is None
    assert cofinancing([]).messages() == ["Budgettet har endnu ingen beløb."]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1234567", "1.234.567 kr."),
        ("150000.50", "150.000,50 kr."),
        ("150000.00", "150.000 kr."),
        ("-1234", "-1.234 kr."),
        ("0.005", "0,01 kr."),
        ("999999999999.99", "999.999.999.999,99 kr."),
    ],
)
def test_it_writes_kroner_the_danish_way(amount: str, text: str) -> None:
    assert kroner(D(amount)) == text


def test_it_writes_shares_the_danish_way() -> None:
    assert percent(D("0.2731")) == "27,3 %"
    assert percent(D("0.25")) == "25,0 %"
    assert whole_percent(D("0.605")) == "61 %"
    assert percent(None) == "–"
