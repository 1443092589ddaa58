"""schemathesis against the API's own OpenAPI schema, logged in with a token on the demo data.

For every operation, requests generated from the schema (and a few that break it) never give a 500, answer only
with the status codes the schema declares, with the declared content type and a body that matches the declared
schema. Each generated request is sent with its random ids (mostly a 404) and again with the ids of real demo
objects (the answers with data). The schema used is the one `/api/v1/openapi.json` serves to a token holder, and
every schema component has one definition (two enums both called `Kind` once overwrote each other, and answers
broke the published schema).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TypeVar

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from ninja.openapi.schema import OpenAPISchema
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.result import Err, Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from entydig.accounts.services import token_create
from entydig.api.api import api
from entydig.core.tests.routes import API_PARAMS, World
from entydig.core.tests.test_route_sweep import _module_world, world  # noqa: F401 (the demo world fixtures)

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = get_wsgi_application()
T = TypeVar("T")


def _ok(result: Ok[T] | Err[InvalidSchema]) -> T:
    assert isinstance(result, Ok), result.err()  # an operation the schema cannot describe fails the module
    return result.ok()


OPERATIONS = [_ok(result) for result in SCHEMA.get_all_operations()]
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": list(HealthCheck),
    "database": None,
    "derandomize": True,  # the same examples every run, so that a red run is reproducible
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def _keep_test_connection() -> Iterator[None]:
    """schemathesis calls the WSGI app directly; as Django's test client does, its requests must not close the
    test's database connection (PostgreSQL would lose the test's transaction with it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _bearer(demo: World) -> dict[str, str]:
    _token, raw = token_create(user=demo.users["sekretariat"], name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


def test_it_tests_the_schema_that_openapi_json_serves_to_a_token_holder(world: World) -> None:  # noqa: F811
    response = Client().get("/api/v1/openapi.json", headers=_bearer(world))

    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(api.get_openapi_schema()))
    assert len(OPERATIONS) == sum(len(methods) for methods in response.json()["paths"].values())


def test_it_gives_every_schema_component_one_definition(monkeypatch: pytest.MonkeyPatch) -> None:
    # ninja merges the components of all operations into one dict: a second model with the same name (e.g. an enum
    # `Kind` on two models) silently replaces the first, and answers of the first then violate the schema.
    seen: dict[str, set[str]] = {}
    merge = OpenAPISchema.add_schema_definitions

    def recording_merge(self: OpenAPISchema, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            seen.setdefault(name, set()).add(json.dumps(definition, sort_keys=True, default=str))
        merge(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", recording_merge)
    api.get_openapi_schema()

    assert "MeetingOut" in seen
    assert {name: len(definitions) for name, definitions in seen.items() if len(definitions) > 1} == {}


# POST /plans/{plan_id}/measurements/import is a multipart upload: schemathesis sends a generated (mostly empty)
# file, which exercises the refusal answers; real CSV/XLSX files are covered by the importer's own and fuzz tests.
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
@pytest.mark.usefixtures("_keep_test_connection")
def test_it_answers_generated_requests_without_500s_and_as_the_schema_says(world: World, operation: Any) -> None:  # noqa: F811
    headers = _bearer(world)
    sent: set[str] = set()

    def call(case: Any) -> None:
        calls = [dict(case.path_parameters or {})]
        # Random ids mostly miss; the same request on the demo data's real objects reaches the answers with data.
        if case.path_parameters:
            calls.append({name: API_PARAMS[name](world) for name in case.path_parameters})
        for parameters in calls:
            case.path_parameters = parameters
            # The same request twice tells nothing new (with real ids, a PDF endpoint would render on every example).
            key = repr((parameters, case.query, case.body, case.media_type))
            if key in sent:
                continue
            sent.add(key)
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

    # Requests the schema allows, then a few it does not (broken bodies, wrong types): those must answer 4xx as
    # declared, never 500. A few examples per operation keep the file within ~30 s on SQLite.
    for mode, examples in ((GenerationMode.POSITIVE, 8), (GenerationMode.NEGATIVE, 4)):
        run = given(case=operation.as_strategy(generation_mode=mode))(call)
        hypothesis_settings(max_examples=examples, **SETTINGS)(run)()
