"""Which quarters a progress report can be for: the plan's agreement period, while the activity runs (pages and API)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.core.quarters import Quarter
from entydig.organisation import services as org_services
from entydig.reports import services
from entydig.reports.models import ProgressReport
from entydig.reports.selectors import running_activities
from entydig.reports.tests.conftest import QUARTER

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # the test client's response, stub-only

FORM = {"rag": "green", "rag_reason": "Alt kører", "done": "Lektiehjælp", "action": "save"}

# The cast's plan runs 2024-01-01 to 2027-12-31.
OUTSIDE_THE_PLAN = {
    "2023Q4": "4. kvartal 2023 ligger uden for helhedsplanens aftaleperiode (01.01.2024 til 31.12.2027).",
    "2028Q1": "1. kvartal 2028 ligger uden for helhedsplanens aftaleperiode (01.01.2024 til 31.12.2027).",
}


def _page(cast: Cast, quarter: str) -> str:
    return f"/plans/{cast.plan.pk}/progress/{quarter}/activities/{cast.activity.pk}/"


def _api(cast: Cast, quarter: str) -> TestResponse:
    return cast.client("staff").post(
        f"/api/v1/activities/{cast.activity.pk}/progress-reports",
        json.dumps({"quarter": quarter, "rag": "green", "rag_reason": "Alt kører"}),
        content_type="application/json",
    )


def _field_messages(response: TestResponse) -> dict[str, str]:
    return {d["field"]: d["msg"] for d in response.json()["detail"]}


@pytest.mark.parametrize(("quarter", "message"), OUTSIDE_THE_PLAN.items())
def test_it_refuses_a_report_for_a_quarter_outside_the_plan_on_the_page_and_in_the_api(
    cast: Cast, quarter: str, message: str
) -> None:
    client = cast.client("staff")

    assert client.get(_page(cast, quarter)).status_code == 404
    assert client.post(_page(cast, quarter), FORM).status_code == 404
    response = _api(cast, quarter)

    assert response.status_code == 422
    assert _field_messages(response) == {"quarter": message}
    assert not ProgressReport.objects.exists()
    assert not AuditEvent.objects.filter(object_type="reports.progressreport").exists()


def test_it_refuses_a_report_for_a_quarter_after_the_activity_has_ended(cast: Cast) -> None:
    org_services.activity_update(
        actor=None, activity=cast.activity, start=dt.date(2024, 3, 1), end=dt.date(2026, 6, 30)
    )
    client = cast.client("staff")

    assert client.get(_page(cast, "2026Q3")).status_code == 404
    response = _api(cast, "2026Q3")

    assert response.status_code == 422
    assert _field_messages(response) == {
        "quarter": "Indsatsen kører ikke i 3. kvartal 2026; den kører fra 01.03.2024 til 30.06.2026."
    }
    assert client.get(_page(cast, "2026Q2")).status_code == 200  # its last quarter
    assert client.post(_page(cast, "2026Q2"), FORM).status_code == 302
    assert list(ProgressReport.objects.values_list("quarter", flat=True)) == ["2026Q2"]


@pytest.mark.parametrize("quarter", ["1800Q1", "0000Q1", "9999Q4"])
def test_it_refuses_quarters_of_years_the_app_does_not_keep(cast: Cast, quarter: str) -> None:
    assert cast.client("staff").get(_page(cast, quarter)).status_code == 404
    response = _api(cast, quarter)

    assert response.status_code == 422
    assert _field_messages(response) == {"quarter": "Kvartalets år skal ligge fra 1950 til 2100."}
    with pytest.raises(ValidationError):
        services.progress_report_save(actor=None, activity=cast.activity, quarter=quarter, rag="green")
    assert not ProgressReport.objects.exists()


def test_it_keeps_a_report_written_before_the_activity_was_shortened_readable_and_editable(cast: Cast) -> None:
    services.progress_report_save(actor=None, activity=cast.activity, quarter=QUARTER, rag="green")
    org_services.activity_update(actor=None, activity=cast.activity, end=dt.date(2025, 12, 31))

    page = cast.client("staff").get(_page(cast, QUARTER))

    assert page.status_code == 200 and 'name="rag_reason"' in page.content.decode()
    services.progress_report_save(actor=None, activity=cast.activity, quarter=QUARTER, rag_reason="Rettet")
    assert ProgressReport.objects.get().rag_reason == "Rettet"


def test_it_asks_no_reports_for_a_quarter_outside_the_plan(cast: Cast) -> None:
    page = cast.client("secretariat").get(f"/plans/{cast.plan.pk}/progress/?quarter=2028Q1")

    assert page.status_code == 200
    assert "Lektiecafé" not in page.content.decode()
    assert running_activities(cast.plan, Quarter.parse("2028Q1")).count() == 0
    assert services.progress_reminders_send(actor=None, plan=cast.plan, quarter=Quarter.parse("2028Q1")) == []
    assert running_activities(cast.plan, Quarter.parse("2027Q4")).count() == 2
