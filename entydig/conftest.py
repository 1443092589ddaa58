"""The shared test cast: two plans and one user per role, reused by every app's tests."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation
from django.utils.text import slugify
from hypothesis import settings as hypothesis_settings
from pytest_django import Settings

from entydig.accounts.models import User
from entydig.organisation import services
from entydig.organisation.models import Activity, Body, Membership, Organisation, Person, Plan, PlanGrant

R = Membership.Representation

# CI runs Hypothesis with fixed examples so that a red run is reproducible; locally it explores at random.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@dataclass
class Cast:
    plan: Plan
    other_plan: Plan
    board: Body
    secretariat: Body
    group: Body
    other_group: Body
    activity: Activity
    other_activity: Activity
    municipality: Organisation
    housing: Organisation
    secretariat_user: User
    board_user: User
    steering_user: User
    staff_user: User
    viewer_user: User
    outsider: User

    def client(self, role: str | None) -> Client:
        """A client logged in as `role` (the attribute name without `_user`), or anonymous."""
        client = Client()
        if role is not None:
            user = getattr(self, role if role == "outsider" else f"{role}_user")
            client.force_login(user)
        return client


@pytest.fixture(autouse=True, scope="session")
def _media_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploaded and staged files go to a folder of the test run's own, never to var/media.

    Session-wide, because module-scoped worlds (the route sweep's) store attachments that later tests read.
    """
    from django.conf import settings

    original = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    yield
    settings.MEDIA_ROOT = original


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: rolled-back tests reuse plan ids, which cache keys contain."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _danish_after_each_test() -> Iterator[None]:
    """A test that switches to English must not leave it active for the next one."""
    yield
    translation.activate("da")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username: str, person: Person | None) -> User:
    return User.objects.create_user(username=username, password="pw-" + username, person=person, first_name=username)


@pytest.fixture
def cast(db: None) -> Cast:
    municipality = services.organisation_create(actor=None, name="Testby Kommune", kind=Organisation.Kind.MUNICIPALITY)
    housing = services.organisation_create(actor=None, name="Testbo", kind=Organisation.Kind.HOUSING)
    start, end = dt.date(2024, 1, 1), dt.date(2027, 12, 31)
    plan = services.plan_create(
        actor=None,
        name="Plan A",
        period_start=start,
        period_end=end,
        municipality=municipality,
        housing_organisations=[housing],
        status=Plan.Status.ACTIVE,
    )
    other_plan = services.plan_create(
        actor=None,
        name="Plan B",
        period_start=start,
        period_end=end,
        municipality=municipality,
        housing_organisations=[housing],
    )
    board = plan.bodies.get(kind=Body.Kind.BOARD)
    secretariat = services.body_create(actor=None, plan=plan, kind=Body.Kind.SECRETARIAT, name="Sekretariatet")
    group = services.body_create(actor=None, plan=plan, kind=Body.Kind.STEERING_GROUP, name="Styregruppe 1")
    other_group = services.body_create(actor=None, plan=other_plan, kind=Body.Kind.STEERING_GROUP, name="Styregruppe B")
    other_secretariat = services.body_create(
        actor=None, plan=other_plan, kind=Body.Kind.SECRETARIAT, name="Sekretariat B"
    )

    def person(name: str, body: Body | None, role: str = Membership.Role.MEMBER, rep: str = R.STAFF) -> Person:
        p = services.person_create(actor=None, name=name, email=f"{slugify(name)}@example.dk")
        if body is not None:
            services.membership_create(actor=None, body=body, person=p, plan=body.plan, role=role, representation=rep)
        return p

    leader = person("Sara Sekretær", secretariat, Membership.Role.SECRETARIAT_LEADER)
    board_member = person("Bo Bestyrelse", board, Membership.Role.MEMBER, R.MUNICIPAL_LEADERSHIP)
    steering_member = person("Stine Styregruppe", group, Membership.Role.MEMBER, R.RESIDENT)
    staff = person("Mads Medarbejder", None)
    outsider_person = person("Otto Udenfor", other_secretariat, Membership.Role.SECRETARIAT_LEADER)

    activity = services.activity_create(
        actor=None, plan=plan, name="Lektiecafé", steering_group=group, responsible=staff
    )
    other_activity = services.activity_create(actor=None, plan=plan, name="Jobcafé", steering_group=group)

    viewer = _user("viewer", None)
    PlanGrant.objects.create(user=viewer, plan=plan, role=PlanGrant.Role.VIEWER)
    return Cast(
        plan=plan,
        other_plan=other_plan,
        board=board,
        secretariat=secretariat,
        group=group,
        other_group=other_group,
        activity=activity,
        other_activity=other_activity,
        municipality=municipality,
        housing=housing,
        secretariat_user=_user("secretariat", leader),
        board_user=_user("board", board_member),
        steering_user=_user("steering", steering_member),
        staff_user=_user("staff", staff),
        viewer_user=viewer,
        outsider=_user("outsider", outsider_person),
    )
