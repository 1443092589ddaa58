"""The route sweep: every URL pattern and every API operation, called as every kind of visitor.

- anonymous: pages send to the login page, the API answers 401;
- a user of the other plan: 404 (the same as missing), and nothing in the database changes;
- read-only roles (a viewer and a board member): 403 on every write, and nothing changes;
- the secretariat: every read answers 200, and no GET changes the database;
- a browser session without a CSRF token: every write is refused, and nothing changes.
The table in routes.py says how to call each route; a route the table does not know fails the sweep.
Bad parameters and ids on every route are the second part of the sweep, in test_route_sweep_params.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from entydig.api.api import api
from entydig.core.tests import routes
from entydig.core.tests.fingerprint import changed_models, database_fingerprint
from entydig.core.tests.routes import (
    ACTION,
    API,
    API_BODIES,
    API_PARAMS,
    API_USER,
    FORM,
    PAGES,
    PUBLIC,
    READ,
    USER,
    World,
)

READ_ONLY = ("laeser", "bestyrelse")  # a viewer grant, and a board member (the board reads; the secretariat writes)
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Tables that change with every request or login without being data anyone edits.
VOLATILE_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@pytest.fixture(scope="module")
def _module_world(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The demo world, built once for the module inside a transaction that is rolled back at its end.

    Each test still runs in its own savepoint (the `db` fixture), so tests cannot see each other's changes.
    """
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world: World, db: None) -> World:
    return _module_world


def _build_world() -> World:
    """Both demo plans with every app's demo data, a token, an attachment and a calendar feed."""
    from entydig.accounts.services import token_create
    from entydig.home.demo import seed_all
    from entydig.meetings import services as meetings
    from entydig.meetings.models import AgendaItem

    ctx = seed_all()
    w = World(plan=ctx["plan"], other_plan=ctx["other_plan"], users=ctx["users"])
    secretariat = w.users["sekretariat"]
    token, _raw = token_create(user=secretariat, name="Sweep")
    w.extra["token_pk"] = token.pk
    item = AgendaItem.objects.get(pk=routes._item(w)["item_pk"])
    pdf = SimpleUploadedFile("bilag.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    w.extra["attachment_pk"] = meetings.attachment_add(actor=secretariat, item=item, file=pdf).pk
    w.extra["feed_token"] = meetings.calendar_feed_get_or_create(user=w.users["bestyrelse"]).token
    return w


def _client(w: World, username: str | None, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if username is not None:
        client.force_login(w.users[username])
    return client


def _writes(queries: list[dict[str, Any]]) -> list[str]:
    # A statement the database refused before running it (PostgreSQL: an id beyond 64 bits) is recorded without SQL.
    tables = [m.group(1) for q in queries if (m := WRITE_SQL.match(q["sql"] or ""))]
    return sorted({t for t in tables if t not in VOLATILE_TABLES})


def _call(client: Client, method: str, path: str, **kwargs: Any) -> tuple[Any, list[str]]:
    """The response and the tables the request wrote to."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method.lower())(path, **kwargs)
    return response, _writes(queries.captured_queries)


def _is_login_redirect(response: HttpResponseBase, login: str = "/accounts/login/") -> bool:
    return response.status_code == 302 and response["Location"].startswith(login)


# --- which routes exist, and what the table says about them -------------------------------------------------------


def _page_key(route: routes.PageRoute) -> str:
    return route.name or route.pattern


def _admin(route: routes.PageRoute) -> bool:
    return route.pattern.startswith("admin/")


def _api_namespace(route: routes.PageRoute) -> bool:
    return route.name.startswith("api:") and route.name not in PAGES


def test_it_knows_how_to_call_every_route() -> None:
    """A new route must be added to the table in routes.py (with its kind and parameters)."""
    missing = [
        _page_key(r)
        for r in routes.page_routes()
        if not _admin(r) and not _api_namespace(r) and _page_key(r) not in PAGES
    ]
    missing += [r.key for r in routes.api_routes() if r.key not in API]
    assert missing == [], "Routes missing from entydig/core/tests/routes.py:\n" + "\n".join(missing)
    names = {_page_key(r) for r in routes.page_routes()}
    stale = [name for name in PAGES if name not in names]
    stale += [key for key in API if key not in {r.key for r in routes.api_routes()}]
    assert stale == [], f"The table lists routes that no longer exist: {stale}"


def test_it_finds_every_api_operation_of_the_schema() -> None:
    schema = api.get_openapi_schema()
    prefix = "/api/v1"
    in_schema = {f"{m.upper()} {p.removeprefix(prefix)}" for p, ops in schema["paths"].items() for m in ops}
    assert in_schema == {r.key for r in routes.api_routes()}


def _pages(w: World, *kinds: str) -> Iterator[tuple[str, routes.Page, str]]:
    """(name, table entry, path) of the page routes of the given kinds."""
    for route in routes.page_routes():
        if _admin(route) or _api_namespace(route):
            continue
        page = PAGES[_page_key(route)]
        if page.kind not in kinds:
            continue
        kwargs = page.kwargs(w) if page.kwargs else {}
        if "plan_pk" in route.params:
            kwargs["plan_pk"] = w.plan.pk
        yield route.name, page, reverse(route.name, kwargs=kwargs)


def _apis(w: World) -> Iterator[tuple[routes.ApiRoute, str]]:
    for route in routes.api_routes():
        values = {p: API_PARAMS[p](w) for p in route.params}
        yield route, "/api/v1" + route.path.format(**values)


# --- API request bodies, made from the OpenAPI schema --------------------------------------------------------------


def _sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A value that passes the schema's validation (not the service's): enough to reach the access check."""
    if "$ref" in schema:
        return _sample(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for union in ("anyOf", "oneOf", "allOf"):
        if union in schema:
            options = [s for s in schema[union] if s.get("type") != "null"]
            return _sample(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "examples" in schema:  # a value only the database can check (a catalogue code): the schema's example
        return schema["examples"][0]
    kind = schema.get("type")
    if kind == "object":
        return {k: _sample(v, components) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return False
    fmt = schema.get("format")
    return {"date": "2026-12-01", "date-time": "2026-12-01T10:00:00+01:00", "email": "a@example.dk"}.get(
        fmt or "", "Sweep"
    )


def _api_kwargs(w: World, route: routes.ApiRoute) -> dict[str, Any]:
    """Query parameters or a request body that pass the schema's validation."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    operation = schema["paths"]["/api/v1" + route.path][route.method.lower()]
    query = {
        p["name"]: _sample(p["schema"], components)
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    body = operation.get("requestBody")
    if not body:
        return {"query_params": query} if query else {}
    content = body["content"]
    if "multipart/form-data" in content:
        data = {}
        for name, prop in content["multipart/form-data"]["schema"]["properties"].items():
            if prop.get("format") == "binary":
                data[name] = SimpleUploadedFile("data.csv", b"indikator;aar;vaerdi\n", content_type="text/csv")
            else:
                data[name] = _sample(prop, components)
        return {"data": data}
    payload = _sample(content["application/json"]["schema"], components)
    if route.key in API_BODIES:
        payload.update(API_BODIES[route.key](w))
    return {"data": json.dumps(payload), "content_type": "application/json"}


# --- the sweep ----------------------------------------------------------------------------------------------------


def _check(problems: list[str]) -> None:
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_it_sends_anonymous_visitors_to_the_login_page_or_answers_401(world: World) -> None:
    client = _client(world, None)
    problems: list[str] = []
    for name, _page, path in _pages(world, READ, FORM, ACTION, USER):
        seen = [_call(client, m, path)[0] for m in ("GET", "POST")]
        ok = [r for r in seen if _is_login_redirect(r) or r.status_code in (401, 405)]
        if len(ok) != 2 or all(r.status_code == 405 for r in seen):
            problems.append(f"{name} {path}: {[r.status_code for r in seen]}")
    for route, path in _apis(world):
        response, writes = _call(client, route.method, path, **_api_kwargs(world, route))
        if response.status_code != 401 or writes:
            problems.append(f"API {route.key}: {response.status_code} {writes}")
    _check(problems)


def test_it_answers_404_to_users_of_another_plan_and_changes_nothing(world: World) -> None:
    before = database_fingerprint()
    client = _client(world, "anden")
    plan_name = world.plan.name
    problems: list[str] = []
    for name, _page, path in _pages(world, READ, FORM, ACTION):
        seen = []
        for method in ("GET", "POST"):
            response, writes = _call(client, method, path)
            seen.append(response.status_code)
            if writes:
                problems.append(f"{method} {name}: wrote to {writes}")
        if not set(seen) <= {404, 405} or 404 not in seen:
            problems.append(f"{name} {path}: {seen}")
    for name, _page, path in _pages(world, USER):
        for method in ("GET", "POST"):
            response, writes = _call(client, method, path)
            body = b"" if getattr(response, "streaming", False) else response.content
            if response.status_code >= 500 or writes or plan_name.encode() in body:
                problems.append(
                    f"{method} {name}: {response.status_code} {writes} shows the plan: {plan_name.encode() in body}"
                )
    for route, path in _apis(world):
        response, writes = _call(client, route.method, path, **_api_kwargs(world, route))
        expected = 200 if route.key in API_USER else 404
        if response.status_code != expected or writes or plan_name.encode() in response.content:
            problems.append(f"API {route.key}: {response.status_code} {writes}")
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []


@pytest.mark.parametrize("role", READ_ONLY)
def test_it_answers_403_to_read_only_roles_on_every_write_and_changes_nothing(world: World, role: str) -> None:
    before = database_fingerprint()
    client = _client(world, role)
    problems: list[str] = []
    for name, page, path in _pages(world, FORM, ACTION):
        if role in page.writers:
            continue
        response, writes = _call(client, "POST", path)
        if response.status_code != 403 or writes:
            problems.append(f"POST {name} {path}: {response.status_code} {writes}")
    for route, path in _apis(world):
        if route.method not in WRITE_METHODS or role in API[route.key]:
            continue
        response, writes = _call(client, route.method, path, **_api_kwargs(world, route))
        if response.status_code != 403 or writes:
            problems.append(f"API {route.key}: {response.status_code} {writes} {response.content[:200]!r}")
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []


@pytest.mark.parametrize("role", ["sekretariat", "laeser"])
def test_it_never_changes_data_on_get(world: World, role: str) -> None:
    """Every GET of every route, by the secretariat (who may do everything) and by a viewer."""
    before = database_fingerprint()
    client = _client(world, role)
    problems: list[str] = []
    for name, page, path in _pages(world, READ, FORM, ACTION, USER, PUBLIC):
        response, writes = _call(client, "GET", path)
        if writes:
            problems.append(f"GET {name} {path} wrote to {writes}")
        if role == "sekretariat":
            expected = {
                READ: {200},
                FORM: {200},
                ACTION: {405},
                USER: {200, 302, 405},
                PUBLIC: {200, 301, 302, 404, 405},
            }[page.kind]
            if response.status_code not in expected:
                problems.append(f"GET {name} {path}: {response.status_code}, expected {sorted(expected)}")
    for route, path in _apis(world):
        if route.method != "GET":
            continue
        response, writes = _call(client, "GET", path, **_api_kwargs(world, route))
        if writes or (role == "sekretariat" and response.status_code != 200):
            problems.append(f"API {route.key}: {response.status_code} {writes}")
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []


def test_it_refuses_writes_without_a_csrf_token_and_changes_nothing(world: World) -> None:
    before = database_fingerprint()
    client = _client(world, "sekretariat", csrf=True)
    problems: list[str] = []
    for name, _page, path in _pages(world, FORM, ACTION, USER):
        response, writes = _call(client, "POST", path)
        if response.status_code != 403 or writes:
            problems.append(f"POST {name} {path}: {response.status_code} {writes}")
    for route, path in _apis(world):
        if route.method not in WRITE_METHODS:
            continue
        response, writes = _call(client, route.method, path, **_api_kwargs(world, route))
        if response.status_code not in (401, 403) or writes:
            problems.append(f"API {route.key}: {response.status_code} {writes}")
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []


def test_it_keeps_the_admin_for_staff_only(world: World) -> None:
    problems: list[str] = []
    for username in (None, "anden", "laeser", "sekretariat"):
        client = _client(world, username)
        for route in routes.page_routes():
            if not _admin(route) or route.name in ("admin:login", "admin:logout"):
                continue
            path = "/" + _concrete(route.pattern)
            for method in ("GET", "POST"):
                response, writes = _call(client, method, path)
                if not _is_login_redirect(response, "/admin/login/") or writes:
                    problems.append(f"{username} {method} {path}: {response.status_code} {writes}")
    _check(problems)


def _concrete(pattern: str) -> str:
    """A path that matches a URL pattern: parameters become 1, regex alternatives their first choice."""
    path = re.sub(r"<(?:\w+:)?\w+>", "1", pattern)
    path = re.sub(r"\(\?P<\w+>([^|)]*)[^)]*\)", lambda m: m.group(1) if m.group(1) != ".*" else "x/", path)
    return path.replace("^", "").replace("$", "")


def test_it_serves_the_calendar_feed_only_for_a_valid_secret(world: World) -> None:
    client = _client(world, None)
    good = client.get(reverse("meetings:feed", kwargs={"token": world.extra["feed_token"]}))
    bad = client.get(reverse("meetings:feed", kwargs={"token": "x" * 43}))
    assert good.status_code == 200 and b"BEGIN:VCALENDAR" in good.content
    assert bad.status_code == 404
