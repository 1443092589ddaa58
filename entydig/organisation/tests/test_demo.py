"""The demo organisation shows the advice feature with at least one piece of advice."""

from __future__ import annotations

from entydig.organisation import demo
from entydig.organisation.advice import plan_advice


def test_it_seeds_a_demo_plan_whose_chart_shows_advice(db: None) -> None:
    ctx = demo.seed()
    codes = [a.code for a in plan_advice(ctx["plan"])]
    assert "steering_chair_not_on_board" in codes
    assert "board_too_large" not in codes  # nine seated members: within the handbook's advice
    assert "board_without_leadership" not in codes


def test_the_demo_plan_belongs_to_the_2019_26_round_and_its_effort_areas_fit(db: None) -> None:
    ctx = demo.seed()
    assert ctx["plan"].funding_round.code == "2019-26-midlerne"
    assert "effort_area_not_in_funding_round" not in [a.code for a in plan_advice(ctx["plan"])]
