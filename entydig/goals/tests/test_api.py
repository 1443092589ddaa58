"""The goals API: anonymous 401, outsider 404, members 200 with the goal tree, status counts and checks."""

from __future__ import annotations

from django.test import Client

from entydig.accounts.services import token_create
from entydig.conftest import Cast
from entydig.goals.tests.conftest import GoalSet, make_indicator


def _urls(cast: Cast) -> list[str]:
    p = cast.plan.pk
    return [f"/api/v1/plans/{p}/goals", f"/api/v1/plans/{p}/status", f"/api/v1/plans/{p}/goal-checks"]


def test_it_answers_401_to_anonymous_callers(goalset: GoalSet, cast: Cast) -> None:
    for url in _urls(cast):
        assert Client().get(url).status_code == 401, url


def test_it_answers_404_to_outsiders_and_for_unknown_plans(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client("outsider")
    for url in _urls(cast):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Mere tryghed" not in response.content.decode()
    assert client.get("/api/v1/plans/999999/goals").status_code == 404


def test_it_lists_the_strategic_goals_with_status_and_nested_sub_goals(goalset: GoalSet, cast: Cast) -> None:
    make_indicator(cast.plan, "karakter", goalset.homework)
    body = cast.client("viewer").get(f"/api/v1/plans/{cast.plan.pk}/goals").json()
    assert [g["title"] for g in body] == ["Mere tryghed", "Flere unge i uddannelse"]
    safety, education = body
    assert (safety["status"], safety["status_label"]) == ("no_indicator", "Ingen indikator")
    assert safety["sub_goals"] == []
    assert education["status"] == "too_little_data"
    assert [i["code"] for i in education["indicators"]] == ["karakter"]
    assert education["indicators"][0]["drives_goal"] is True
    sub = education["sub_goals"][0]
    assert sub["title"] == "Bedre karakterer i 9. klasse"
    assert sub["effort_area"] == "Uddannelse og livschancer"
    assert sub["activity_ids"] == [cast.activity.pk]


def test_it_summarises_the_plan_status_with_counts(goalset: GoalSet, cast: Cast) -> None:
    make_indicator(cast.plan, "karakter", goalset.homework)
    _token, raw = token_create(user=cast.board_user, name="t")
    body = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(f"/api/v1/plans/{cast.plan.pk}/status").json()
    assert body["agreement"]["status"] == "draft"
    assert body["strategic_goals"]["total"] == 2
    assert body["strategic_goals"]["by_status"]["no_indicator"] == 1
    assert body["strategic_goals"]["by_status"]["too_little_data"] == 1
    assert body["sub_goals"] == {"total": 1, "by_status": body["sub_goals"]["by_status"]}
    assert body["indicators"]["total"] == 1


def test_it_gives_the_goal_checks_with_reasons_fixes_and_ownership(goalset: GoalSet, cast: Cast) -> None:
    body = cast.client("steering").get(f"/api/v1/plans/{cast.plan.pk}/goal-checks").json()
    assert body["limits"] == {"strategic_goals": 5, "sub_goals": 4, "indicators_per_goal": 3}
    checks = {c["code"]: c for c in body["checks"]}
    assert set(checks) == {"too_many_goals", "unclear_goals", "cannot_influence", "indicator_overload"}
    assert checks["too_many_goals"]["passed"] is True
    influence = checks["cannot_influence"]
    assert influence["passed"] is False
    assert influence["findings"][0]["goal_id"] == goalset.safety.pk
    assert "Knyt de indsatser" in influence["findings"][0]["fix"]
    assert "virkemidler" in influence["reason"]
    assert [p["party"] for p in body["ownership"]] == ["Testby Kommune", "Testbo"]
    assert len(body["ownership"][0]["conditions"]) == 5
