"""The activity page shows the sub-goals the activity serves (a section the goals app adds)."""

from __future__ import annotations

from django.urls import reverse

from entydig.conftest import Cast
from entydig.goals.tests.conftest import GoalSet


def test_it_shows_the_sub_goals_an_activity_serves(cast: Cast, goalset: GoalSet) -> None:
    url = reverse("organisation:activity", args=[cast.plan.pk, cast.activity.pk])
    page = cast.client("board").get(url).content.decode()
    assert "Mål, indsatsen bærer" in page
    assert "Bedre karakterer i 9. klasse" in page
    assert "Flere unge i uddannelse" in page


def test_it_says_so_when_an_activity_serves_no_goal(cast: Cast, goalset: GoalSet) -> None:
    url = reverse("organisation:activity", args=[cast.plan.pk, cast.other_activity.pk])
    page = cast.client("board").get(url).content.decode()
    assert "Indsatsen er endnu ikke knyttet til et delmål" in page
    assert "Bedre karakterer i 9. klasse" not in page
