"""Template filters of the front page."""

from __future__ import annotations

from django import template

from entydig.core.quarters import Quarter

register = template.Library()


@register.filter
def quarter_label(code: str) -> str:
    """A stored quarter code such as `2026Q3` as the page says it: "3. kvartal 2026"."""
    return Quarter.parse(code).label
