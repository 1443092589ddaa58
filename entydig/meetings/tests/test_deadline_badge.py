"""The dispatch deadline's badge: words a secretariat uses, "Frist i dag" rather than "0 arbejdsdage tilbage"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize(
    ("state", "left", "overdue", "text"),
    [
        ("soon", 0, 0, "Frist i dag"),
        ("soon", 1, 0, "1 arbejdsdag tilbage"),
        ("open", 6, 0, "6 arbejdsdage tilbage"),
        ("overdue", -2, 2, "Over fristen (2 arbejdsdage)"),
        ("sent", 0, 0, "Udsendt"),
    ],
)
def test_the_badge_says_how_long_is_left(state: str, left: int, overdue: int, text: str) -> None:
    d = SimpleNamespace(state=state, working_days_left=left, days_overdue=overdue)
    html = render_to_string("meetings/_deadline.html", {"d": d})
    assert text in html
    assert "0 arbejdsdage" not in html
