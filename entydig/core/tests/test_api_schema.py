"""schemathesis against the API's own OpenAPI schema, logged in with a token on the demo data: for every
operation, generated requests never give a 500, and every answer matches the schema.

Not collected yet (the file name does not start with test_): on 27.11.2026 it found four real faults that belong
to other apps - POST /plans/{id}/activities with partner_ids beyond 64 bits (500), GET /plans/{id}/meetings?year=0
(500), POST /meetings/{id}/agenda-items with activity_ids beyond 64 bits (500), and answers that violate the
schema (the two enums named `Kind`, Meeting.Kind and AgendaItem.Kind, collapse into one schema component).
Rename it to test_api_schema.py when they are fixed; run it now with
`.venv/bin/python -m pytest entydig/core/tests/api_schema_check.py`.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from entydig.accounts.services import token_create
from entydig.api.api import api
from entydig.core.tests.routes import API_PARAMS, World
from entydig.core.tests.test_route_sweep import _module_world, world  # noqa: F401 (the demo world fixtures)

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = get_wsgi_application()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_it_answers_generated_requests_without_500s_and_as_the_schema_says(world: World, operation: Any) -> None:  # noqa: F811
    _token, raw = token_create(user=world.users["sekretariat"], name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}

    @hypothesis_settings(
        max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        calls = [dict(case.path_parameters or {})]
        # Random ids mostly miss; the same request on the demo data's real objects reaches the answers with data.
        if case.path_parameters:
            calls.append({name: API_PARAMS[name](world) for name in case.path_parameters})
        for parameters in calls:
            case.path_parameters = parameters
            response = case.call(headers=headers)
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}: {response.status_code}"
            )
            case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])

    check()
