"""The cached statuses and goals dashboard are never stale: every write path bumps the plan's data stamp.

Each staleness test renders the dashboard (which fills the cache), writes through one path, renders again and
asserts that the page shows the new value or status.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from entydig.conftest import Cast
from entydig.core.stamps import stamp
from entydig.goals import services as goal_services
from entydig.goals.models import Goal
from entydig.goals.tests.conftest import GoalSet
from entydig.monitoring import services
from entydig.monitoring.cache import cached_plan_statuses
from entydig.monitoring.importing import import_measurements
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation import services as org_services
from entydig.organisation.models import Area, EffortArea, Plan


def _page(cast: Cast, role: str = "board", plan: Plan | None = None) -> str:
    plan = plan or cast.plan
    response = cast.client(role).get(reverse("goals:dashboard", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def tracked(goalset: GoalSet, cast: Cast) -> Indicator:
    """An indicator under "Flere unge i uddannelse" with one plan value: 43,7 % in 2023 (too little data)."""
    indicator = services.indicator_create(
        actor=None,
        plan=cast.plan,
        goals=[goalset.education],
        code="udd",
        name="Unge i uddannelse",
        baseline_value=Decimal("40"),
        baseline_period="2022",
        target_value=Decimal("50"),
        target_period="2026",
    )
    services.measurement_save(actor=None, indicator=indicator, series="plan", period="2023", value=Decimal("43.7"))
    return indicator


def _areas(cast: Cast, indicator: Indicator) -> tuple[Area, Area]:
    """Two areas whose weighted mean is the status series (no plan value): 20 % with 100, 60 % with 300 residents."""
    Measurement.objects.filter(indicator=indicator).delete()  # before the cache is filled by the caller
    north = org_services.area_create(actor=None, plan=cast.plan, name="Nordby", code="nordby", residents=100)
    south = org_services.area_create(actor=None, plan=cast.plan, name="Sydby", code="sydby", residents=300)
    for area, value in ((north, "20"), (south, "60")):
        services.measurement_save(
            actor=None, indicator=indicator, series="area", area=area, period="2023", value=Decimal(value)
        )
    return north, south


# --- measurements ---------------------------------------------------------------------------------------------


def test_it_shows_a_new_measurement_saved_after_the_dashboard_was_cached(tracked: Indicator, cast: Cast) -> None:
    before = _page(cast)
    assert "43,7 %" in before and "Kun én måling" in before
    services.measurement_save(actor=None, indicator=tracked, series="plan", period="2024", value=Decimal("55"))
    after = _page(cast)
    assert "55 %" in after and "har nået målet" in after


def test_it_shows_a_measurement_replaced_through_save(tracked: Indicator, cast: Cast) -> None:
    assert "43,7 %" in _page(cast)
    services.measurement_save(actor=None, indicator=tracked, series="plan", period="2023", value=Decimal("41.2"))
    after = _page(cast)
    assert "41,2 %" in after and "43,7 %" not in after


def test_it_shows_a_measurement_changed_through_update(tracked: Indicator, cast: Cast) -> None:
    assert "43,7 %" in _page(cast)
    measurement = Measurement.objects.get(indicator=tracked)
    services.measurement_update(actor=None, measurement=measurement, value=Decimal("47.9"))
    after = _page(cast)
    assert "47,9 %" in after and "43,7 %" not in after


def test_it_forgets_a_deleted_measurement(tracked: Indicator, cast: Cast) -> None:
    assert "43,7 %" in _page(cast)
    services.measurement_delete(actor=None, measurement=Measurement.objects.get(indicator=tracked))
    after = _page(cast)
    assert "43,7 %" not in after and "Ingen målinger endnu" in after


def test_it_shows_imported_measurements(tracked: Indicator, cast: Cast) -> None:
    assert "43,7 %" in _page(cast)
    import_measurements(actor=None, plan=cast.plan, data=b"indicator;area;period;value\nudd;plan;2024;52,3\n")
    after = _page(cast)
    assert "52,3 %" in after and "har nået målet" in after


def test_an_import_builds_the_dashboard_so_its_first_request_is_served_from_the_cache(
    tracked: Indicator, cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    url = reverse("goals:dashboard", args=[cast.plan.pk])
    clients = {role: cast.client(role) for role in ("board", "secretariat")}
    clients["english"] = cast.client("board")
    clients["english"].cookies["django_language"] = "en"
    cached = {}
    for name, client in clients.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)  # nothing changed: served from the cache
        cached[name] = len(queries)
    with django_capture_on_commit_callbacks(execute=True):
        import_measurements(actor=None, plan=cast.plan, data=b"indicator;area;period;value\nudd;plan;2024;52,3\n")
    for name, client in clients.items():
        with CaptureQueriesContext(connection) as first:
            response = client.get(url)
        new_value = "52.3 %" if name == "english" else "52,3 %"
        assert new_value in response.content.decode()  # the imported value, not a stale page
        assert len(first) <= cached[name], (name, [q["sql"][:80] for q in first.captured_queries])


def test_it_keeps_the_stamp_when_an_import_changes_nothing(tracked: Indicator, cast: Cast) -> None:
    data = b"indicator;area;period;value\nudd;plan;2023;43,7\n"
    _page(cast)
    token = stamp(cast.plan.pk)
    result = import_measurements(actor=None, plan=cast.plan, data=data)
    assert (result.new, result.changed, result.unchanged) == (0, 0, 1)
    assert stamp(cast.plan.pk) == token


# --- indicators -----------------------------------------------------------------------------------------------


def test_it_shows_a_new_indicator_linked_to_a_goal(tracked: Indicator, goalset: GoalSet, cast: Cast) -> None:
    assert "Tryghedsmåling" not in _page(cast)
    services.indicator_create(actor=None, plan=cast.plan, goals=[goalset.safety], code="tryg", name="Tryghedsmåling")
    assert "Tryghedsmåling" in _page(cast)


def test_it_shows_an_indicator_renamed_and_its_new_target(tracked: Indicator, cast: Cast) -> None:
    before = _page(cast)
    assert "Unge i uddannelse" in before and "50 %" in before
    services.indicator_update(actor=None, indicator=tracked, name="Unge under uddannelse", target_value=Decimal("42"))
    after = _page(cast)
    assert "Unge under uddannelse" in after and "42 %" in after and "har nået målet" in after


def test_it_applies_a_raised_suppression_threshold(tracked: Indicator, cast: Cast) -> None:
    measurement = Measurement.objects.get(indicator=tracked)
    services.measurement_update(actor=None, measurement=measurement, n=8)
    assert "43,7 %" in _page(cast)
    services.indicator_update(actor=None, indicator=tracked, suppression_threshold=10)
    after = _page(cast)
    assert "43,7 %" not in after and "Ingen målinger endnu" in after


def test_it_moves_an_indicator_to_another_goal(tracked: Indicator, goalset: GoalSet, cast: Cast) -> None:
    def goal_card(page: str, title: str) -> str:
        start = page.index(title)
        return page[start : page.find("</section>", start)]

    assert "Unge i uddannelse" not in goal_card(_page(cast), "Mere tryghed")
    services.indicator_update(actor=None, indicator=tracked, goals=[goalset.safety])
    after = _page(cast)
    assert "Unge i uddannelse" in goal_card(after, "Mere tryghed")
    assert "Unge i uddannelse" not in goal_card(after, "Flere unge i uddannelse")


def test_it_bumps_the_stamp_when_milestones_change(tracked: Indicator, cast: Cast) -> None:
    _page(cast)
    token = stamp(cast.plan.pk)
    services.indicator_update(actor=None, indicator=tracked, milestones=[("2024", Decimal("45"))])
    assert stamp(cast.plan.pk) != token


def test_it_forgets_a_deleted_indicator(tracked: Indicator, cast: Cast) -> None:
    assert "Unge i uddannelse" in _page(cast)
    services.indicator_delete(actor=None, indicator=tracked)
    assert "Unge i uddannelse" not in _page(cast)


# --- goals ----------------------------------------------------------------------------------------------------


def test_it_shows_a_new_goal(tracked: Indicator, cast: Cast) -> None:
    assert "Flere i job" not in _page(cast)
    goal_services.goal_create(actor=None, plan=cast.plan, level=Goal.Level.STRATEGIC, title="Flere i job")
    assert "Flere i job" in _page(cast)


def test_it_shows_a_goal_renamed(tracked: Indicator, goalset: GoalSet, cast: Cast) -> None:
    assert "Mere tryghed" in _page(cast)
    goal_services.goal_update(actor=None, goal=goalset.safety, title="Tryghed for alle")
    after = _page(cast)
    assert "Tryghed for alle" in after and "Mere tryghed" not in after


def test_it_bumps_the_stamp_when_a_goals_activities_change(tracked: Indicator, goalset: GoalSet, cast: Cast) -> None:
    _page(cast)
    token = stamp(cast.plan.pk)
    goal_services.goal_update(actor=None, goal=goalset.homework, activities=[cast.activity, cast.other_activity])
    assert stamp(cast.plan.pk) != token


def test_it_forgets_a_deleted_goal(tracked: Indicator, goalset: GoalSet, cast: Cast) -> None:
    assert "Mere tryghed" in _page(cast)
    goal_services.goal_delete(actor=None, goal=goalset.safety)
    assert "Mere tryghed" not in _page(cast)


def test_it_shows_goals_in_their_new_order(tracked: Indicator, goalset: GoalSet, cast: Cast) -> None:
    before = _page(cast)
    assert before.index("Mere tryghed") < before.index("Flere unge i uddannelse")
    goal_services.goal_move(actor=None, goal=goalset.education, direction="up")
    after = _page(cast)
    assert after.index("Flere unge i uddannelse") < after.index("Mere tryghed")


# --- the agreement --------------------------------------------------------------------------------------------


def test_it_names_an_agreement_created_after_the_dashboard_was_cached(cast: Cast) -> None:
    goal_services.goal_create(actor=None, plan=cast.plan, level=Goal.Level.STRATEGIC, title="Mere tryghed")
    assert "Strategisk samarbejdsaftale:" not in _page(cast)
    goal_services.agreement_create(actor=None, plan=cast.plan, title="Aftale 2026")
    assert "Aftale 2026" in _page(cast)


def test_it_shows_an_agreement_retitled_and_approved(tracked: Indicator, goalset: GoalSet, cast: Cast) -> None:
    before = _page(cast)
    assert "Strategisk samarbejdsaftale</a>" in before and "kladde" in before
    goal_services.agreement_update(actor=None, agreement=goalset.agreement, title="Fælles aftale")
    assert "Fælles aftale</a>" in _page(cast)
    goal_services.agreement_approve(actor=None, agreement=goalset.agreement, by="board", on=dt.date(2024, 3, 1))
    after = _page(cast)
    assert "01.03.2024" in after and "kladde" not in after


# --- areas ----------------------------------------------------------------------------------------------------


def test_it_weighs_areas_by_their_new_residents(tracked: Indicator, cast: Cast) -> None:
    north, _south = _areas(cast, tracked)
    assert "Seneste måling 50 % (2023)" in _page(cast)  # (20 × 100 + 60 × 300) ÷ 400
    org_services.area_update(actor=None, area=north, residents=300)
    after = _page(cast)
    assert "Kun én måling (40 % i 2023)" in after  # (20 × 300 + 60 × 300) ÷ 600


def test_it_forgets_a_deleted_area(tracked: Indicator, cast: Cast) -> None:
    north, _south = _areas(cast, tracked)
    assert "Seneste måling 50 %" in _page(cast)
    org_services.area_delete(actor=None, area=north)
    assert "Seneste måling 60 %" in _page(cast)


def test_it_bumps_the_stamp_when_an_area_is_created(tracked: Indicator, cast: Cast) -> None:
    _page(cast)
    token = stamp(cast.plan.pk)
    org_services.area_create(actor=None, plan=cast.plan, name="Østby", code="ostby", residents=10)
    assert stamp(cast.plan.pk) != token


@pytest.fixture
def superuser_client(cast: Cast) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def test_it_weighs_areas_by_residents_changed_on_the_plans_page(tracked: Indicator, cast: Cast) -> None:
    north, _south = _areas(cast, tracked)
    assert "Seneste måling 50 %" in _page(cast)
    response = cast.client("secretariat").post(
        reverse("organisation:area_edit", args=[cast.plan.pk, north.pk]),
        {"name": north.name, "code": north.code, "residents": 300, "afdelinger": ""},
    )
    assert response.status_code == 302
    assert Area.objects.get(pk=north.pk).residents == 300
    assert "Kun én måling (40 % i 2023)" in _page(cast)


def test_it_leaves_areas_to_the_plans_pages_in_the_admin(
    tracked: Indicator, cast: Cast, superuser_client: Client
) -> None:
    """The admin shows a plan's areas but changes and deletes them only through the plan's pages (audited)."""
    north, _south = _areas(cast, tracked)
    change = superuser_client.post(
        reverse("admin:organisation_area_change", args=[north.pk]),
        {"plan": cast.plan.pk, "name": north.name, "code": north.code, "residents": 300, "afdelinger": ""},
    )
    delete = superuser_client.post(reverse("admin:organisation_area_delete", args=[north.pk]), {"post": "yes"})
    bulk = superuser_client.post(
        reverse("admin:organisation_area_changelist"),
        {"action": "delete_selected", "_selected_action": [north.pk], "post": "yes"},
    )
    assert (change.status_code, delete.status_code) == (403, 403)
    assert bulk.status_code in (200, 302, 403)
    assert Area.objects.get(pk=north.pk).residents == 100
    assert "Seneste måling 50 %" in _page(cast)


def test_it_shows_an_effort_area_renamed_in_the_admin(
    tracked: Indicator, goalset: GoalSet, cast: Cast, superuser_client: Client
) -> None:
    assert "Uddannelse og livschancer" in _page(cast)
    effort_area = goalset.sub.effort_area
    response = superuser_client.post(
        reverse("admin:organisation_effortarea_change", args=[effort_area.pk]),
        {"name": "Uddannelse, job og livschancer", "order": getattr(effort_area, "order", 0)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EffortArea.objects.get(pk=effort_area.pk).name == "Uddannelse, job og livschancer"
    assert "Uddannelse, job og livschancer" in _page(cast)


# --- plans, languages, roles and queries ----------------------------------------------------------------------


def test_it_answers_404_for_a_deleted_plan_whose_dashboard_was_cached(tracked: Indicator, cast: Cast) -> None:
    _page(cast)
    plan_pk = cast.plan.pk
    cast.plan.delete()
    assert cast.client("board").get(reverse("goals:dashboard", args=[plan_pk])).status_code == 404


def test_it_leaves_another_plans_stamp_alone(tracked: Indicator, cast: Cast) -> None:
    other = services.indicator_create(actor=None, plan=cast.other_plan, code="udd", name="Andet")
    _page(cast)
    mine, theirs = stamp(cast.plan.pk), stamp(cast.other_plan.pk)
    services.measurement_save(actor=None, indicator=other, series="plan", period="2024", value=Decimal("1"))
    goal_services.goal_create(actor=None, plan=cast.other_plan, level=Goal.Level.STRATEGIC, title="Andet mål")
    org_services.area_create(actor=None, plan=cast.other_plan, name="Andetby", code="andetby", residents=5)
    assert stamp(cast.plan.pk) == mine
    assert stamp(cast.other_plan.pk) != theirs


def test_it_keeps_each_language_apart(tracked: Indicator, cast: Cast) -> None:
    assert "Kun én måling (43,7 % i 2023)" in _page(cast)
    client = cast.client("board")
    client.cookies["django_language"] = "en"
    with translation.override(None):  # the request activates English; later tests must not inherit it
        english = client.get(reverse("goals:dashboard", args=[cast.plan.pk])).content.decode()
    assert "Only one measurement (43.7 % in 2023)" in english and "Kun én måling" not in english
    assert "Kun én måling (43,7 % i 2023)" in _page(cast)


def test_it_shows_the_create_link_only_to_roles_that_may_write(cast: Cast) -> None:
    link = "Opret målene i samarbejdsaftalen"
    assert link in _page(cast, "secretariat")
    assert link not in _page(cast, "board")
    assert link in _page(cast, "secretariat")


def test_it_computes_statuses_once_per_stamp(
    tracked: Indicator, cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    cached_plan_statuses(cast.plan)
    with django_assert_num_queries(1):  # the stamp
        statuses = cached_plan_statuses(cast.plan)
    assert statuses[tracked.pk].latest_value == Decimal("43.7")
    services.measurement_save(actor=None, indicator=tracked, series="plan", period="2024", value=Decimal("44"))
    with django_assert_num_queries(4):  # the stamp, then the three of plan_indicator_statuses
        assert cached_plan_statuses(cast.plan)[tracked.pk].latest_value == Decimal("44")


def test_it_renders_the_cached_dashboard_in_fewer_queries_than_a_cold_one(tracked: Indicator, cast: Cast) -> None:
    client = cast.client("board")
    url = reverse("goals:dashboard", args=[cast.plan.pk])
    client.get(url)  # session and stamp exist
    services.measurement_save(actor=None, indicator=tracked, series="plan", period="2024", value=Decimal("44"))
    with CaptureQueriesContext(connection) as cold:
        assert "44 %" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        assert "44 %" in client.get(url).content.decode()
    tables = " ".join(q["sql"] for q in warm.captured_queries)
    assert "monitoring_measurement" not in tables and "goals_goal" not in tables
    assert "monitoring_measurement" in " ".join(q["sql"] for q in cold.captured_queries)
    assert (
        len(warm.captured_queries) == len(cold.captured_queries) - 8
    )  # goal tree, statuses, agreement, target changes
