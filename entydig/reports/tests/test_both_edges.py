"""Progress reports through both edges: saving and sending in one step goes through the same service on the page and
in the API, gives the same sent report as saving and sending in two, and an incomplete report is refused by both with
nothing of it saved; a report is only for a quarter in which the plan and the activity run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.core.tests.edges import api_call, api_client, api_errors, page_errors
from entydig.goals.models import Goal
from entydig.organisation import services as organisation
from entydig.reports import services
from entydig.reports.models import OutputMeasure, OutputValue, ProgressReport

TEXTS = {
    "rag": "yellow",
    "rag_reason": "Færre deltagere end planlagt",
    "done": "Lektiehjælp fire dage om ugen",
    "challenges": "",
    "next_steps": "Flere frivillige",
    "staff_feedback": "Godt samarbejde med skolen",
}
INCOMPLETE = {**TEXTS, "rag": "", "rag_reason": " "}
MISSING = {
    "rag": "Vælg en status før rapporten sendes ind",
    "rag_reason": "Begrund status før rapporten sendes ind",
}


def _url(cast: Cast, quarter: str) -> str:
    return reverse("reports:report", args=[cast.plan.pk, quarter, cast.activity.pk])


def _path(cast: Cast) -> str:
    return f"/activities/{cast.activity.pk}/progress-reports"


def _state() -> tuple[object, ...]:
    """Everything a write of a progress report could change."""
    return (
        list(
            ProgressReport.objects.values_list("quarter", "status", "rag", "rag_reason", "done", "next_steps").order_by(
                "pk"
            )
        ),
        list(OutputValue.objects.values_list("report_id", "measure_id", "value").order_by("pk")),
        AuditEvent.objects.count(),
    )


def _sent(report: ProgressReport) -> dict[str, Any]:
    """A report as sent, apart from its quarter and the moment."""
    events = AuditEvent.objects.filter(object_type="reports.progressreport", object_id=str(report.pk)).order_by("pk")
    return {
        "status": report.status,
        "texts": {name: getattr(report, name) for name in TEXTS},
        "author": report.author_id,
        "goals": [g.pk for g in report.goals.all()],
        "outputs": {v.measure_id: v.value for v in report.output_values.all()},
        "submitted": report.submitted_at is not None,
        # Created, then sent: a second save of the same content adds no change of its own.
        "log": [(e.action, e.changes if e.action == "update" else None) for e in events],
    }


def test_it_sends_a_report_saved_and_sent_in_one_step_or_two_the_same_on_both_edges(
    cast: Cast, measures: list[OutputMeasure], sub_goal: Goal
) -> None:
    page, api = cast.client("staff"), api_client(cast.staff_user)
    form = {**TEXTS, f"output_{measures[0].pk}": "38", f"output_{measures[1].pk}": "47", "goals": [sub_goal.pk]}
    body = {**TEXTS, "outputs": {str(measures[0].pk): 38, str(measures[1].pk): 47}, "goals": [sub_goal.pk]}

    # One step.
    assert page.post(_url(cast, "2026Q1"), {**form, "action": "submit"}).status_code == 302
    answer = api_call(api, "post", _path(cast), {**body, "quarter": "2026Q2", "submit": True})
    assert answer.status_code == 201 and answer.json()["status"] == ProgressReport.Status.SUBMITTED
    # Two steps: a draft, then sending it as it is.
    assert page.post(_url(cast, "2026Q3"), {**form, "action": "save"}).status_code == 302
    assert ProgressReport.objects.get(quarter="2026Q3").status == ProgressReport.Status.DRAFT
    assert page.post(_url(cast, "2026Q3"), {**form, "action": "submit"}).status_code == 302
    answer = api_call(api, "post", _path(cast), {**body, "quarter": "2026Q4", "submit": False})
    assert answer.status_code == 201 and answer.json()["status"] == ProgressReport.Status.DRAFT
    answer = api_call(api, "post", _path(cast), {**body, "quarter": "2026Q4", "submit": True})
    assert answer.status_code == 200 and answer.json()["status"] == ProgressReport.Status.SUBMITTED

    reports = ProgressReport.objects.filter(activity=cast.activity).order_by("quarter")
    assert [r.quarter for r in reports] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    expected = {
        "status": ProgressReport.Status.SUBMITTED,
        "texts": TEXTS,
        "author": cast.staff_user.pk,
        "goals": [sub_goal.pk],
        "outputs": {measures[0].pk: Decimal(38), measures[1].pk: Decimal(47)},
        "submitted": True,
        "log": [("create", None), ("update", {"status": ["draft", "submitted"]})],
    }
    assert [_sent(r) for r in reports] == [expected] * 4


def test_it_refuses_to_send_an_incomplete_report_on_both_edges_and_keeps_nothing_of_it(
    cast: Cast, measures: list[OutputMeasure]
) -> None:
    page, api = cast.client("staff"), api_client(cast.staff_user)
    output = {f"output_{measures[0].pk}": "12"}
    outputs = {"outputs": {str(measures[0].pk): 12}}

    # A new report: not even a draft is left behind.
    before = _state()
    refused = page.post(_url(cast, "2026Q3"), {**INCOMPLETE, **output, "action": "submit"})
    assert refused.status_code == 422 and page_errors(refused) == MISSING
    answer = api_call(api, "post", _path(cast), {**INCOMPLETE, **outputs, "quarter": "2026Q3", "submit": True})
    assert api_errors(answer) == MISSING
    assert _state() == before

    # A draft: the save that came with the refused sending is undone, the draft stays as it was.
    services.progress_report_save(actor=cast.staff_user, activity=cast.activity, quarter="2026Q2", done="Kladde")
    before = _state()
    changed = {**INCOMPLETE, "done": "Ny tekst"}
    refused = page.post(_url(cast, "2026Q2"), {**changed, **output, "action": "submit"})
    assert refused.status_code == 422 and page_errors(refused) == MISSING
    answer = api_call(api, "post", _path(cast), {**changed, **outputs, "quarter": "2026Q2", "submit": True})
    assert api_errors(answer) == MISSING
    assert _state() == before

    # Complete, each edge sends its report.
    assert page.post(_url(cast, "2026Q3"), {**TEXTS, **output, "action": "submit"}).status_code == 302
    answer = api_call(api, "post", _path(cast), {**TEXTS, **outputs, "quarter": "2026Q2", "submit": True})
    assert answer.status_code == 200
    reports = ProgressReport.objects.order_by("quarter")
    assert [(r.quarter, r.status, r.done) for r in reports] == [
        ("2026Q2", ProgressReport.Status.SUBMITTED, TEXTS["done"]),
        ("2026Q3", ProgressReport.Status.SUBMITTED, TEXTS["done"]),
    ]


def test_it_takes_reports_only_for_quarters_in_which_the_plan_and_the_activity_run_on_both_edges(cast: Cast) -> None:
    """The page has no report to show for such a quarter (404); the API names the quarter (422)."""
    organisation.activity_update(actor=None, activity=cast.activity, start=dt.date(2025, 1, 1))
    page, api = cast.client("staff"), api_client(cast.staff_user)
    before = _state()

    for quarter, message in [
        ("2024Q4", "Indsatsen kører ikke i 4. kvartal 2024; den kører fra 01.01.2025."),
        ("2028Q1", "1. kvartal 2028 ligger uden for helhedsplanens aftaleperiode (01.01.2024 til 31.12.2027)."),
    ]:
        assert page.post(_url(cast, quarter), {**TEXTS, "action": "save"}).status_code == 404
        answer = api_call(api, "post", _path(cast), {**TEXTS, "quarter": quarter})
        assert api_errors(answer) == {"quarter": message}
    assert _state() == before

    assert page.post(_url(cast, "2025Q1"), {**TEXTS, "action": "save"}).status_code == 302
    assert api_call(api, "post", _path(cast), {**TEXTS, "quarter": "2027Q4"}).status_code == 201
    assert sorted(ProgressReport.objects.values_list("quarter", flat=True)) == ["2025Q1", "2027Q4"]
