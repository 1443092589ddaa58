"""Template helpers for other apps' pages that show goals."""

from __future__ import annotations

from django import template

from entydig.goals.models import Goal
from entydig.organisation.models import Activity

register = template.Library()


@register.simple_tag
def activity_goals(activity: Activity) -> list[Goal]:
    """The goals an activity serves, with their strategic goal and sub-agreement, in one query."""
    return list(activity.goals.select_related("parent", "sub_agreement__effort_area").order_by("level", "order", "pk"))
