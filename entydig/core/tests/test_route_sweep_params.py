"""The route sweep, second part: bad parameters on every route, as the secretariat (who may do everything).

- the table in routes.py lists every parameter each view reads by hand (recorded while the sweep calls it);
- every such parameter, every query parameter of the API (from its OpenAPI schema) and every id in a path is tried
  with out-of-range and non-numeric values: never a 500, but 400/404/422 with nothing changed, or, where the
  table says a bad value is ignored (or the value is a valid one), the same answer as without it;
- text with a NUL character in any field of any API input is refused with 422 naming the field, as the forms do.
"""

from __future__ import annotations

import fnmatch
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.contrib import messages
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.http import HttpResponseBase, QueryDict
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from entydig.api.api import api
from entydig.core.tests import routes
from entydig.core.tests.fingerprint import changed_models, database_fingerprint
from entydig.core.tests.routes import ACTION, API_PARAMS, FORM, PAGES, PUBLIC, READ, USER, World
from entydig.core.tests.test_route_sweep import (
    _admin,
    _api_kwargs,
    _api_namespace,
    _apis,
    _call,
    _check,
    _client,
    _module_world,  # noqa: F401 (the demo world, as a fixture)
    _page_key,
    _pages,
    _sample,
    world,  # noqa: F401 (the demo world fixture)
)

BAD = ["0", "-1", "10000", "9" * 20, "abc", "0000Q1", "", "\x00"]
# Values that are valid for a parameter of that name: they get the answer the page or endpoint gives without it.
VALID = {"live": {"0"}, "current": {"0"}, "delete": {"0"}, "renew": {"0"}}
REFUSED = {400, 404, 422}
# Free-text parameters (a search in names): every value but one with a NUL character is a valid search, answered 200.
FREE_TEXT = {"q"}


# --- which parameters the views read ----------------------------------------------------------------------------


class _Reads:
    """The names entydig's own code (not Django's forms or middleware) looks up in request.GET and request.POST."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, str]] = []

    def names(self, data: QueryDict) -> set[str]:
        return {name for ident, name in self.seen if ident == id(data)}


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Reads]:
    found = _Reads()

    def recording(original: Any) -> Any:
        def method(self: QueryDict, key: Any, *args: Any) -> Any:
            module = sys._getframe(1).f_globals.get("__name__", "")
            if module.startswith("entydig.") and not module.endswith(".forms"):
                found.seen.append((id(self), str(key)))
            return original(self, key, *args)

        return method

    for name in ("get", "getlist", "__getitem__", "__contains__"):
        monkeypatch.setattr(QueryDict, name, recording(getattr(QueryDict, name)))
    yield found


def _listed(name: str, listed: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in listed)


@pytest.fixture
def _media(tmp_path: Path) -> Iterator[None]:
    """Posted actions run for real (each rolled back); the files they delete or write are a throwaway copy."""
    copy = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT, copy)
    with override_settings(MEDIA_ROOT=copy):
        yield


def _rolled_back(client: Client, method: str, path: str, **kwargs: Any) -> tuple[Any, list[str]]:
    """The response and the tables written to; whatever the request changed is undone."""
    with transaction.atomic():
        response, writes = _call(client, method, path, **kwargs)
        transaction.set_rollback(True)
    return response, writes


@pytest.mark.usefixtures("_media")
def test_it_knows_every_parameter_each_view_reads(world: World, reads: _Reads) -> None:  # noqa: F811
    """A view that reads a parameter the table in routes.py does not list fails here."""
    client = _client(world, "sekretariat")
    problems: list[str] = []
    for name, page, path in _pages(world, READ, FORM, ACTION, USER, PUBLIC):
        methods = ["GET"] if page.kind in (READ, PUBLIC) else ["GET", "POST"]
        for method in methods:
            reads.seen.clear()
            response, _writes = _rolled_back(client, method, path)
            request = response.wsgi_request
            unknown = sorted(n for n in reads.names(request.GET) if n not in page.query)
            unknown += sorted(n for n in reads.names(request.POST) if not _listed(n, page.posted))
            if unknown:
                problems.append(f"{method} {name} reads {unknown}: list them in routes.py (query=/posted=)")
    _check(problems)


# --- bad values in parameters of the pages ---------------------------------------------------------------------


def _error_messages(response: Any) -> list[str]:
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return [str(m) for m in queued if m.level == messages.ERROR]


def _same(response: HttpResponseBase, baseline: HttpResponseBase) -> bool:
    return response.status_code == baseline.status_code and response.get("Location") == baseline.get("Location")


def _judge(
    response: Any, writes: list[str], baseline: Any, name: str, value: str, *, ignored: bool, sent: str = ""
) -> str | None:
    """What is wrong with the answer to `name=value` (sent as `sent`, when `name` is a pattern), if anything."""
    status = response.status_code
    if writes and status != baseline.status_code:
        return f"{status} but wrote to {writes}"
    if ignored or value == "" or value in VALID.get(name, set()):
        return None if _same(response, baseline) else f"{status}, not the answer without it ({baseline.status_code})"
    if name in FREE_TEXT and "\x00" not in value:
        return None if status == 200 and not writes else f"{status} to a search for {value!r}, expected 200"
    if writes:
        return f"{status} and wrote to {writes}"
    if status == 400:
        shown = response.content.decode()
        return None if f"»{sent or name}«" in shown else "400 without a message naming the parameter"
    if status in REFUSED or (status == 302 and _error_messages(response)):
        return None
    return f"{status}, expected 400/404/422 (or a redirect with an error message)"


@pytest.mark.usefixtures("_media")
def test_it_answers_bad_parameters_of_the_pages_with_400_404_or_422(world: World) -> None:  # noqa: F811
    before = database_fingerprint()
    client = _client(world, "sekretariat")
    problems: list[str] = []
    for name, page, path in _pages(world, READ, FORM, ACTION, USER, PUBLIC):
        if page.query:
            baseline = client.get(path)
            for param in page.query:
                for value in BAD:
                    response, writes = _call(client, "GET", path + "?" + urlencode({param: value}))
                    problem = _judge(response, writes, baseline, param, value, ignored=param in page.ignored)
                    if problem:
                        problems.append(f"GET {name} ?{param}={value!r}: {problem}")
        if page.posted:
            baseline, _writes = _rolled_back(client, "POST", path)
            for pattern in page.posted:
                param = pattern.replace("*", page.wildcard(world)) if page.wildcard else pattern
                for value in BAD:
                    response, writes = _rolled_back(client, "POST", path, data={param: value})
                    ignored = pattern in page.ignored
                    problem = _judge(response, writes, baseline, pattern, value, ignored=ignored, sent=param)
                    if problem:
                        problems.append(f"POST {name} {param}={value!r}: {problem}")
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []


def _converter_values(route: routes.PageRoute, page: routes.Page, w: World, param: str) -> Iterator[str]:
    """The path with `param` replaced by each bad value its URL converter lets through."""
    kwargs = page.kwargs(w) if page.kwargs else {}
    if "plan_pk" in route.params:
        kwargs["plan_pk"] = w.plan.pk
    for value in BAD:
        try:
            yield reverse(route.name, kwargs={**kwargs, param: value})
        except NoReverseMatch:
            continue


@pytest.mark.usefixtures("_media")
def test_it_answers_bad_ids_in_page_paths_with_404(world: World) -> None:  # noqa: F811
    before = database_fingerprint()
    client = _client(world, "sekretariat")
    problems: list[str] = []
    for route in routes.page_routes():
        if _admin(route) or _api_namespace(route) or not route.params:
            continue
        page = PAGES[_page_key(route)]
        for param in route.params:
            for path in _converter_values(route, page, world, param):
                method = "POST" if page.kind == ACTION else "GET"
                response, writes = _call(client, method, path)
                if response.status_code == 405:  # a page of the user's own that is only posted to
                    method = "POST"
                    response, writes = _call(client, method, path)
                if response.status_code not in REFUSED or writes:
                    problems.append(f"{method} {path!r} ({param}): {response.status_code} {writes}")
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []


# --- bad values in the API's parameters --------------------------------------------------------------------------


def _operation(route: routes.ApiRoute) -> dict[str, Any]:
    operation: dict[str, Any] = api.get_openapi_schema()["paths"]["/api/v1" + route.path][route.method.lower()]
    return operation


def _names_the_field(response: Any, name: str) -> bool:
    try:
        detail = response.json()["detail"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(detail, list) and any(d.get("field") == name for d in detail)


def test_it_answers_bad_query_parameters_of_the_api_with_422_naming_them(world: World) -> None:  # noqa: F811
    before = database_fingerprint()
    client = _client(world, "sekretariat")
    problems: list[str] = []
    for route, path in _apis(world):
        query = [p for p in _operation(route).get("parameters", []) if p["in"] == "query"]
        if not query:
            continue
        kwargs = _api_kwargs(world, route)
        good = dict(kwargs.pop("query_params", {}))
        baseline, _writes = _call(client, route.method, path, QUERY_STRING=urlencode(good), **kwargs)
        for param in query:
            name = param["name"]
            for value in BAD:
                response, writes = _call(
                    client, route.method, path, QUERY_STRING=urlencode({**good, name: value}), **kwargs
                )
                status = response.status_code
                if writes:
                    problems.append(f"API {route.key} ?{name}={value!r}: {status}, wrote to {writes}")
                elif value in VALID.get(name, set()) or (value == "" and status == baseline.status_code):
                    if status != baseline.status_code:
                        problems.append(f"API {route.key} ?{name}={value!r}: {status}, expected {baseline}")
                elif status != 422 or not _names_the_field(response, name):
                    problems.append(f"API {route.key} ?{name}={value!r}: {status} {response.content[:160]!r}")
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []


def test_it_answers_bad_ids_in_api_paths_with_404_or_422(world: World) -> None:  # noqa: F811
    before = database_fingerprint()
    client = _client(world, "sekretariat")
    problems: list[str] = []
    for route in routes.api_routes():
        kwargs = _api_kwargs(world, route)
        query = kwargs.pop("query_params", {})
        for param in route.params:
            for value in BAD:
                values = {p: str(API_PARAMS[p](world)) for p in route.params}
                values[param] = quote(value, safe="")
                path = "/api/v1" + route.path.format(**values)
                response, writes = _call(client, route.method, path, QUERY_STRING=urlencode(query), **kwargs)
                status = response.status_code
                if status not in (404, 422) or writes or (status == 422 and not _names_the_field(response, param)):
                    problems.append(f"API {route.key} {param}={value!r}: {status} {writes}")
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []


# --- one rule for text: no NUL characters, in any field of any API input -----------------------------------------


def _text_fields(
    schema: dict[str, Any], components: dict[str, Any], at: tuple[Any, ...] = ()
) -> Iterator[tuple[Any, ...]]:
    """The paths of every text field of a request body schema, into nested objects and (one item of) lists."""
    if "$ref" in schema:
        yield from _text_fields(components[schema["$ref"].rsplit("/", 1)[1]], components, at)
        return
    for union in ("anyOf", "oneOf", "allOf"):
        if union in schema:
            for option in schema[union]:
                if option.get("type") != "null":
                    yield from _text_fields(option, components, at)
                    return
    kind = schema.get("type")
    if kind == "object":
        for name, prop in schema.get("properties", {}).items():
            yield from _text_fields(prop, components, (*at, name))
    elif kind == "array":
        yield from _text_fields(schema.get("items", {}), components, (*at, 0))
    elif kind == "string" and "enum" not in schema and schema.get("format") not in ("date", "date-time", "binary"):
        yield at


def _with_nul(payload: Any, at: tuple[Any, ...], schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """`payload` with the text at `at` set to one with a NUL character (lists on the way get one sample item)."""
    if not at:
        return "Sweep\x00tekst"
    head, rest = at[0], at[1:]
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    for union in ("anyOf", "oneOf", "allOf"):
        if union in schema:
            schema = next(s for s in schema[union] if s.get("type") != "null")
            if "$ref" in schema:
                schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if head == 0:
        item_schema = schema.get("items", {})
        return [_with_nul(_sample(item_schema, components), rest, item_schema, components)]
    prop = schema["properties"][head]
    return {**payload, head: _with_nul(payload.get(head), rest, prop, components)}


def test_it_refuses_nul_characters_in_every_text_field_of_the_api_and_names_the_field(world: World) -> None:  # noqa: F811
    before = database_fingerprint()
    client = _client(world, "sekretariat")
    components = api.get_openapi_schema()["components"]["schemas"]
    with translation.override("da"):
        message = str(ProhibitNullCharactersValidator.message)  # what the forms say
    problems: list[str] = []
    tried = 0
    for route, path in _apis(world):
        body = _operation(route).get("requestBody")
        if not body or "application/json" not in body["content"]:
            continue
        schema = body["content"]["application/json"]["schema"]
        payload = json.loads(_api_kwargs(world, route)["data"])
        for at in _text_fields(schema, components):
            tried += 1
            field = ".".join(str(part) for part in at)
            data = json.dumps(_with_nul(payload, at, schema, components))
            response, writes = _call(client, route.method, path, data=data, content_type="application/json")
            detail = response.json().get("detail") if response.status_code == 422 else None
            if writes or not detail or not any(d["field"] == field and d["msg"] == message for d in detail):
                problems.append(f"API {route.key} {field}: {response.status_code} {writes} {response.content[:200]!r}")
    assert tried > 20, "the sweep found too few text fields: is the schema walk broken?"
    _check(problems)
    assert changed_models(before, database_fingerprint()) == []
