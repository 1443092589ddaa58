"""Every goals page: anonymous → login, outsider → 404, read-only → 403 on writes, allowed → content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from entydig.conftest import Cast
from entydig.goals import services
from entydig.goals.models import AgreementStatus, AgreementVersion, Goal, OwnershipCondition, StrategicAgreement
from entydig.goals.tests.conftest import GoalSet, make_indicator
from entydig.organisation.models import EffortArea


def _read_pages(goalset: GoalSet, cast: Cast) -> list[tuple[str, str]]:
    p = cast.plan.pk
    return [
        (reverse("goals:dashboard", args=[p]), "Mere tryghed"),
        (reverse("goals:agreement", args=[p]), "Strategisk samarbejdsaftale"),
        (reverse("goals:agreement_versions", args=[p]), "Version 1"),
        (reverse("goals:agreement_version", args=[p, 1]), "Mange unge står uden uddannelse."),
        (reverse("goals:agreement_diff", args=[p]) + "?a=1&b=1", "Problemforståelse"),
        (reverse("goals:sub_agreement", args=[p, goalset.sub.pk]), "Bedre karakterer i 9. klasse"),
        (reverse("goals:sub_agreement_versions", args=[p, goalset.sub.pk]), "Version 1"),
        (reverse("goals:sub_agreement_version", args=[p, goalset.sub.pk, 1]), "Lektiehjælp og vejledning."),
        (reverse("goals:sub_agreement_diff", args=[p, goalset.sub.pk]), "Delaftalens tekst"),
        (reverse("goals:checks", args=[p]), "Undgå mål, der ikke kan påvirkes"),
        (reverse("goals:checks_partial", args=[p]), "Håndbogens tjek af målene"),
        (reverse("goals:ownership", args=[p]), "Har investeret medarbejdere eller penge"),
    ]


def _write_pages(goalset: GoalSet, cast: Cast) -> list[str]:
    p = cast.plan.pk
    return [
        reverse("goals:agreement_edit", args=[p]),
        reverse("goals:goal_new", args=[p]),
        reverse("goals:goal_edit", args=[p, goalset.safety.pk]),
        reverse("goals:sub_agreement_new", args=[p]),
        reverse("goals:sub_agreement_edit", args=[p, goalset.sub.pk]),
        reverse("goals:goal_editor_partial", args=[p]),
        reverse("goals:sub_goal_editor_partial", args=[p, goalset.sub.pk]),
    ]


def _writes(goalset: GoalSet, cast: Cast) -> list[tuple[str, dict[str, object]]]:
    p = cast.plan.pk
    return [
        (reverse("goals:agreement_edit", args=[p]), {"title": "Hacket"}),
        (reverse("goals:agreement_approve", args=[p]), {"by": "board", "on": "2024-01-01"}),
        (reverse("goals:goal_new", args=[p]), {"title": "Nyt"}),
        (reverse("goals:goal_edit", args=[p, goalset.safety.pk]), {"title": "Hacket"}),
        (reverse("goals:goal_delete", args=[p, goalset.safety.pk]), {}),
        (reverse("goals:goal_move", args=[p, goalset.education.pk]), {"direction": "up"}),
        (reverse("goals:sub_agreement_new", args=[p]), {"effort_area": 1, "text": "Hacket"}),
        (reverse("goals:sub_agreement_edit", args=[p, goalset.sub.pk]), {"text": "Hacket"}),
        (reverse("goals:sub_agreement_approve", args=[p, goalset.sub.pk]), {"by": "board", "on": "2024-01-01"}),
        (reverse("goals:ownership", args=[p]), {f"{cast.municipality.pk}__bound": "on"}),
    ]


def _assert_unchanged(goalset: GoalSet, cast: Cast) -> None:
    assert list(Goal.objects.filter(level="strategic").order_by("order").values_list("title", flat=True)) == [
        "Mere tryghed",
        "Flere unge i uddannelse",
    ]
    agreement = StrategicAgreement.objects.get()
    assert (agreement.title, agreement.status) == ("Strategisk samarbejdsaftale", AgreementStatus.DRAFT)
    goalset.sub.refresh_from_db()
    assert (goalset.sub.text, goalset.sub.status) == ("Lektiehjælp og vejledning.", AgreementStatus.DRAFT)
    assert cast.plan.sub_agreements.count() == 1
    assert not OwnershipCondition.objects.exists()


def test_it_sends_anonymous_users_to_login(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client(None)
    for url, _text in _read_pages(goalset, cast):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url, data in _writes(goalset, cast):
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    _assert_unchanged(goalset, cast)


def test_it_answers_404_to_outsiders_on_every_page_and_write(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client("outsider")
    for url, _text in _read_pages(goalset, cast):
        assert client.get(url).status_code == 404, url
    for url in _write_pages(goalset, cast):
        assert client.get(url).status_code == 404, url
    for url, data in _writes(goalset, cast):
        assert client.post(url, data).status_code == 404, url
    _assert_unchanged(goalset, cast)


@pytest.mark.parametrize("role", ["board", "steering", "staff", "viewer"])
def test_it_lets_read_only_roles_read_but_answers_403_on_writes(goalset: GoalSet, cast: Cast, role: str) -> None:
    client = cast.client(role)
    for url, text in _read_pages(goalset, cast):
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
    for url in _write_pages(goalset, cast):
        assert client.get(url).status_code == 403, url
    for url, data in _writes(goalset, cast):
        assert client.post(url, data).status_code == 403, url
    _assert_unchanged(goalset, cast)
    p = cast.plan.pk
    # Read-only users see no edit buttons.
    page = client.get(reverse("goals:agreement", args=[p])).content.decode()
    assert "Ret aftalens tekst" not in page and "Tilføj mål" not in page


def test_it_lets_the_secretariat_see_the_edit_pages(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client("secretariat")
    for url in _write_pages(goalset, cast):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("goals:agreement", args=[cast.plan.pk])).content.decode()
    assert "Ret aftalens tekst" in page and "Håndbogens tjek af målene" in page


def test_it_saves_an_approved_agreement_as_a_new_version_and_shows_the_diff(goalset: GoalSet, cast: Cast) -> None:
    services.agreement_approve(actor=None, agreement=goalset.agreement, by="board", on=dt.date(2024, 2, 1))
    client = cast.client("secretariat")
    data = {
        "title": "Strategisk samarbejdsaftale",
        "problem_understanding": "Mange unge står uden job.",
        "organisation_text": "Bestyrelse og styregrupper.",
        "strategic_goals_text": "Tryghed og uddannelse.",
    }
    response = client.post(reverse("goals:agreement_edit", args=[cast.plan.pk]), data, follow=True)
    assert "gemt som version 2" in response.content.decode()
    assert AgreementVersion.objects.get().content["problem_understanding"] == "Mange unge står uden uddannelse."
    diff = client.get(reverse("goals:agreement_diff", args=[cast.plan.pk]) + "?a=1&b=2").content.decode()
    assert '<del><span class="sr-only">slettet: </span>uddannelse.</del>' in diff
    assert '<ins><span class="sr-only">indsat: </span>job.</ins>' in diff
    versions = client.get(reverse("goals:agreement_versions", args=[cast.plan.pk])).content.decode()
    assert "Godkendt af bestyrelsen" in versions and "gældende" in versions


def test_it_shows_form_errors_and_changes_nothing_on_bad_input(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client("secretariat")
    response = client.post(reverse("goals:agreement_approve", args=[cast.plan.pk]), {"by": "lbf", "on": "2024-01-01"})
    assert response.status_code == 422
    assert "Bestyrelsen skal godkende aftalen" in response.content.decode()
    assert StrategicAgreement.objects.get().status == AgreementStatus.DRAFT
    response = client.post(
        reverse("goals:goal_new", args=[cast.plan.pk]) + f"?sub_agreement={goalset.sub.pk}", {"title": ""}
    )
    assert response.status_code == 422
    assert Goal.objects.count() == 3


def test_it_creates_edits_moves_and_deletes_goals(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client("secretariat")
    p = cast.plan.pk
    client.post(reverse("goals:goal_new", args=[p]), {"title": "Stærkere naboskab"})
    new = Goal.objects.get(title="Stærkere naboskab")
    assert new.level == "strategic" and new.order == 3
    response = client.post(
        reverse("goals:goal_new", args=[p]) + f"?sub_agreement={goalset.sub.pk}",
        {
            "title": "Flere i job",
            "parent": goalset.education.pk,
            "sub_agreement": goalset.sub.pk,
            "activities": [cast.other_activity.pk],
        },
    )
    assert response.status_code == 302
    sub_goal = Goal.objects.get(title="Flere i job")
    assert (sub_goal.parent, sub_goal.sub_agreement, list(sub_goal.activities.all())) == (
        goalset.education,
        goalset.sub,
        [cast.other_activity],
    )
    client.post(reverse("goals:goal_edit", args=[p, new.pk]), {"title": "Stærkt naboskab", "description": "x"})
    new.refresh_from_db()
    assert new.title == "Stærkt naboskab"
    response = client.post(reverse("goals:goal_move", args=[p, new.pk]), {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Trigger"] == "goals-changed"
    new.refresh_from_db()
    assert new.order == 2
    client.post(reverse("goals:goal_delete", args=[p, new.pk]))
    assert not Goal.objects.filter(pk=new.pk).exists()


def test_it_refreshes_the_checks_partial_with_the_current_goals(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client("secretariat")
    for i in range(4):
        client.post(reverse("goals:goal_new", args=[cast.plan.pk]), {"title": f"Mål {i}"}, HTTP_HX_REQUEST="true")
    partial = client.get(reverse("goals:checks_partial", args=[cast.plan.pk])).content.decode()
    assert "Aftalen har 6 overordnede mål; højst 5 anbefales." in partial
    assert 'hx-trigger="goals-changed from:body"' in partial


def test_it_creates_a_sub_agreement_and_records_ownership(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client("secretariat")
    area = EffortArea.objects.get(name="Beskæftigelse")
    response = client.post(
        reverse("goals:sub_agreement_new", args=[cast.plan.pk]),
        {"effort_area": area.pk, "steering_group": cast.group.pk, "text": "Job"},
    )
    assert response.status_code == 302
    assert cast.plan.sub_agreements.filter(effort_area=area, steering_group=cast.group).exists()
    client.post(
        reverse("goals:ownership", args=[cast.plan.pk]),
        {f"{cast.municipality.pk}__invested": "on", f"{cast.municipality.pk}__invested__note": "2 medarbejdere"},
    )
    row = OwnershipCondition.objects.get()
    assert (row.party, row.condition, row.fulfilled, row.note) == (
        cast.municipality,
        "invested",
        True,
        "2 medarbejdere",
    )
    page = cast.client("board").get(reverse("goals:ownership", args=[cast.plan.pk])).content.decode()
    assert "1 af 5 opfyldt" in page and "2 medarbejdere" in page


def _add_goals(cast: Cast, goalset: GoalSet, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        goal = services.goal_create(actor=None, plan=cast.plan, level="strategic", title=f"Mål {i}")
        make_indicator(cast.plan, f"s{i}", goal)
        sub = services.goal_create(
            actor=None,
            plan=cast.plan,
            level="sub",
            title=f"Delmål {i}",
            parent=goal,
            sub_agreement=goalset.sub,
            activities=[cast.activity],
        )
        make_indicator(cast.plan, f"d{i}", sub)


def test_it_renders_goal_pages_in_a_fixed_number_of_queries(goalset: GoalSet, cast: Cast) -> None:
    client = cast.client("secretariat")
    p = cast.plan.pk
    urls = [
        reverse("goals:dashboard", args=[p]),
        reverse("goals:agreement", args=[p]),
        reverse("goals:sub_agreement", args=[p, goalset.sub.pk]),
        reverse("goals:checks", args=[p]),
        reverse("goals:checks_partial", args=[p]),
        f"/api/v1/plans/{p}/goals",
        f"/api/v1/plans/{p}/status",
        f"/api/v1/plans/{p}/goal-checks",
    ]
    for url in urls:
        client.get(url)  # warm up session and caches
    # The first request after a write is cold (the write bumped the plan's data stamp, so statuses and the
    # dashboard's goal section are computed afresh); the second is served from the cache. Both are counted.
    counts: dict[tuple[str, str], int] = {}
    for n, start, marks in (
        (2, 0, ("Mål 1", "Indikator s1", '"total": 4')),
        (8, 2, ("Mål 7", "Indikator s7", '"total": 12')),
    ):
        _add_goals(cast, goalset, n, start=start)
        for url in urls:
            for state in ("cold", "warm"):
                with CaptureQueriesContext(connection) as queries:
                    page = client.get(url).content.decode()
                assert any(t in page for t in marks), url
                if start == 0:
                    counts[url, state] = len(queries.captured_queries)
                    assert counts[url, state] <= 20, (url, [q["sql"] for q in queries.captured_queries])
                else:
                    assert len(queries.captured_queries) == counts[url, state], (url, state)
    dashboard = urls[0]
    assert (
        counts[dashboard, "warm"] == counts[dashboard, "cold"] - 8
    )  # goal tree (3), statuses (3), agreement, target changes


def test_it_shows_the_board_each_goal_with_status_text_reason_and_sub_goals(goalset: GoalSet, cast: Cast) -> None:
    make_indicator(cast.plan, "karakter", goalset.homework)
    page = cast.client("board").get(reverse("goals:dashboard", args=[cast.plan.pk])).content.decode()
    assert "Flere unge i uddannelse" in page
    assert "Bedre karakterer i 9. klasse" in page
    assert "Indikator karakter" in page
    assert "Ingen indikator" in page  # safety has none: status in words, not only colour
    assert "Sådan beregnes målenes status" in page


def test_it_shows_board_members_the_goals_on_their_front_page(goalset: GoalSet, cast: Cast) -> None:
    page = cast.client("board").get("/").content.decode()
    assert reverse("goals:dashboard", args=[cast.plan.pk]) + f"#goal-{goalset.education.pk}" in page
    assert "Flere unge i uddannelse" in page


def test_it_renders_the_goals_an_activity_serves_for_the_activity_page(
    goalset: GoalSet, cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    from django.template.loader import render_to_string

    from entydig.goals.selectors import activity_goals_section
    from entydig.organisation.access import plan_access
    from entydig.organisation.sections import activity_sections

    assert activity_goals_section in activity_sections()  # registered by the goals app
    access = plan_access(cast.secretariat_user, cast.plan)
    assert access is not None
    template = activity_goals_section.template
    with django_assert_num_queries(1):
        data = activity_goals_section.context(cast.activity, access)
        html = render_to_string(template, {"activity": cast.activity, "data": data})
    assert "Bedre karakterer i 9. klasse" in html and "Flere unge i uddannelse" in html
    data = activity_goals_section.context(cast.other_activity, access)
    html = render_to_string(template, {"activity": cast.other_activity, "data": data})
    assert "endnu ikke knyttet til et delmål" in html
