"""Each rule of the organisation lives in its service: the page and the API give the same answer, and so does the
database where it can hold the rule itself."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from entydig.conftest import Cast
from entydig.organisation import services
from entydig.organisation.models import Activity, Body, Organisation


def _api(cast: Cast, path: str, data: dict[str, object]) -> tuple[int, dict[str, str]]:
    response = cast.client("secretariat").post(
        f"/api/v1/plans/{cast.plan.pk}/{path}", json.dumps(data), content_type="application/json"
    )
    detail = response.json().get("detail", []) if response.status_code == 422 else []
    return response.status_code, {e["field"]: e["msg"] for e in detail}


def test_it_refuses_an_activity_name_the_plan_has_in_another_case_on_the_page_and_in_the_api(cast: Cast) -> None:
    page = cast.client("secretariat").post(
        reverse("organisation:activity_create", args=[cast.plan.pk]), {"name": "LEKTIECAFÉ"}
    )
    assert page.status_code == 200
    assert "Der findes allerede en indsats med dette navn i planen." in page.content.decode()
    status, errors = _api(cast, "activities", {"name": "lektiecafé"})
    assert status == 422 and errors["name"] == "Der findes allerede en indsats med dette navn i planen."
    assert Activity.objects.filter(plan=cast.plan, name__iexact="lektiecafé").count() == 1
    # The database holds the rule too (SQLite folds the case of ASCII letters only).
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(plan=cast.plan, name="LEKTIEcafé")


def test_it_refuses_a_body_name_the_plan_has_in_another_case_on_the_page_and_in_the_api(cast: Cast) -> None:
    page = cast.client("secretariat").post(
        reverse("organisation:body_create", args=[cast.plan.pk]), {"name": "STYREGRUPPE 1", "kind": "steering_group"}
    )
    assert page.status_code == 200
    assert "Der findes allerede et organ med dette navn i planen." in page.content.decode()
    status, errors = _api(cast, "bodies", {"name": "styregruppe 1", "kind": "steering_group"})
    assert status == 422 and errors["name"] == "Der findes allerede et organ med dette navn i planen."
    assert Body.objects.filter(plan=cast.plan, name__iexact="styregruppe 1").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(plan=cast.plan, name="StyreGruppe 1", kind=Body.Kind.STEERING_GROUP)


def test_it_refuses_a_partner_from_a_plan_the_user_does_not_work_in_in_the_service_and_the_api(cast: Cast) -> None:
    stranger = services.organisation_create(actor=None, name="Fremmed forening", kind=Organisation.Kind.PARTNER)
    services.activity_create(actor=None, plan=cast.other_plan, name="Andet sted", partners=[stranger])
    status, errors = _api(cast, "activities", {"name": "Ny", "partner_ids": [stranger.pk]})
    assert status == 422 and errors["partner_ids"] == f"Ukendte organisationer: {stranger.pk}"
    page = cast.client("secretariat").post(
        reverse("organisation:activity_create", args=[cast.plan.pk]), {"name": "Ny", "partners": [stranger.pk]}
    )
    assert page.status_code == 200 and not Activity.objects.filter(name="Ny").exists()


def test_it_reports_every_problem_of_an_activity_at_once(cast: Cast) -> None:
    status, errors = _api(
        cast,
        "activities",
        {"name": "Jobcafé", "steering_group_id": cast.board.pk, "start": "2026-05-01", "end": "2026-01-01"},
    )
    assert status == 422 and set(errors) == {"name", "steering_group_id", "end"}
