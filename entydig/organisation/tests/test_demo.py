"""The demo organisation shows the advice feature with at least one piece of advice."""

from __future__ import annotations

from entydig.organisation import demo
from entydig.organisation.advice import plan_advice


def test_it_seeds_a_demo_plan_whose_chart_shows_advice(db):
    ctx = demo.seed()
    codes = [a.code for a in plan_advice(ctx["plan"])]
    assert "steering_chair_not_on_board" in codes
    assert "board_too_large" not in codes  # nine seated members: within the handbook's advice
    assert "board_without_leadership" not in codes
