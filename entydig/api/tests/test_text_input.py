"""One rule for text input: a NUL character is refused in every field of every API input, as the forms refuse it."""

from __future__ import annotations

import typing
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from ninja import Schema
from pydantic import BaseModel

from entydig.api.tests.conftest import db_state, post_json
from entydig.conftest import Cast
from entydig.core.api import InputSchema
from entydig.core.tests.routes import api_routes
from entydig.meetings.tests.conftest import (
    Meetings,
    meetings,  # noqa: F401 (a fixture)
)
from entydig.organisation.models import Activity

NUL_MESSAGE = "Null-tegn er ikke tilladte."  # Django's own message for the forms, in Danish


def _models_in(annotation: Any) -> set[type[BaseModel]]:
    """The pydantic models an annotation names, however deeply it nests them (lists, dicts, unions, Annotated)."""
    found: set[type[BaseModel]] = set()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.add(annotation)
        for field in annotation.model_fields.values():
            found |= _models_in(field.annotation)
    for arg in typing.get_args(annotation):
        found |= _models_in(arg)
    return found


def test_it_reads_every_api_input_through_the_shared_input_schema() -> None:
    """A new input schema that is a plain ninja Schema would skip the text rule: it must be an InputSchema."""
    inputs: set[type[BaseModel]] = set()
    for route in api_routes():
        for param_model in route.operation.signature.models:
            inputs |= _models_in(param_model) - {param_model}
    ours = {m for m in inputs if issubclass(m, Schema) and m.__module__.startswith("entydig.")}

    assert {m.__name__ for m in ours} >= {"ActivityIn", "MeasurementIn", "ProgressReportIn", "MinutesEntryIn"}
    assert sorted(m.__name__ for m in ours if not issubclass(m, InputSchema)) == []


def test_it_refuses_a_name_with_a_nul_character_with_the_forms_message(cast: Cast) -> None:
    before = db_state()
    api = post_json(
        cast.client("secretariat"),
        f"/api/v1/plans/{cast.plan.pk}/activities",
        {"name": "Lektie\x00café", "steering_group_id": cast.group.pk, "description": "ok"},
    )
    page = cast.client("secretariat").post(
        f"/plans/{cast.plan.pk}/activities/new/", {"name": "Lektie\x00café", "steering_group": cast.group.pk}
    )

    assert api.status_code == 422
    assert api.json()["detail"] == [{"loc": ["body", "payload", "name"], "field": "name", "msg": NUL_MESSAGE}]
    assert str(ProhibitNullCharactersValidator.message) in ("Null characters are not allowed.", NUL_MESSAGE)
    assert NUL_MESSAGE in page.content.decode()
    assert db_state() == before
    assert list(Activity.objects.filter(plan=cast.plan).values_list("name", flat=True)) == ["Jobcafé", "Lektiecafé"]


def test_it_names_the_field_of_a_nul_character_in_a_nested_input(cast: Cast, meetings: Meetings) -> None:  # noqa: F811
    entry = {"item_id": meetings.item.pk, "discussion": "God", "decision": "Ja\x00"}
    response = post_json(
        cast.client("secretariat"), f"/api/v1/meetings/{meetings.upcoming.pk}/minutes", {"entries": [entry]}
    )

    assert response.status_code == 422
    assert [(d["field"], d["msg"]) for d in response.json()["detail"]] == [("entries.0.decision", NUL_MESSAGE)]
    assert not hasattr(meetings.upcoming, "minutes") or not meetings.upcoming.minutes.entries.exists()
