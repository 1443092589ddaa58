"""Progress reports: writing, the review workflow, the collection page, reminders, PDF and access."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pytest_django import DjangoAssertNumQueries, Settings

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.core.quarters import Quarter
from entydig.goals.models import Goal
from entydig.organisation import services as org_services
from entydig.organisation.models import Activity
from entydig.reports import services
from entydig.reports.models import OutputMeasure, OutputValue, ProgressCollection, ProgressReminder, ProgressReport
from entydig.reports.tests.conftest import QUARTER


def _url(cast: Cast, activity: Activity | None = None, quarter: str = QUARTER) -> str:
    activity = activity or cast.activity
    return f"/plans/{cast.plan.pk}/progress/{quarter}/activities/{activity.pk}/"


FORM = {
    "rag": "green",
    "rag_reason": "Alt kører",
    "done": "Lektiehjælp",
    "challenges": "",
    "next_steps": "Flere frivillige",
    "staff_feedback": "Godt samarbejde med skolen",
}


def test_it_parses_quarters_and_their_dates() -> None:
    q = Quarter.parse("2026q3")
    assert str(q) == "2026Q3"
    assert (q.start, q.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert str(Quarter.parse("2026Q1").previous()) == "2025Q4"
    assert [str(x) for x in q.back(3)] == ["2026Q1", "2026Q2", "2026Q3"]
    with pytest.raises(ValidationError):
        Quarter.parse("2026-3")


def test_it_lets_the_responsible_person_write_and_submit_a_report(
    cast: Cast, measures: list[OutputMeasure], sub_goal: Goal
) -> None:
    client = cast.client("staff")
    data = {**FORM, f"output_{measures[0].pk}": "38", f"output_{measures[1].pk}": "47", "goals": [sub_goal.pk]}
    response = client.post(_url(cast), {**data, "action": "submit"}, follow=True)
    assert "Rapporten er sendt til sekretariatet" in response.content.decode()
    report = ProgressReport.objects.get(activity=cast.activity, quarter=QUARTER)
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.rag == "green" and report.author == cast.staff_user
    assert list(report.goals.all()) == [sub_goal]
    assert {v.measure.name: v.value for v in report.output_values.all()} == {
        "Deltagere": Decimal(38),
        "Gange afholdt": Decimal(47),
    }
    assert AuditEvent.objects.filter(object_type="reports.progressreport", object_id=str(report.pk)).count() >= 2


def test_it_refuses_a_crafted_post_for_someone_elses_activity(cast: Cast) -> None:
    response = cast.client("staff").post(_url(cast, cast.other_activity), {**FORM, "action": "submit"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("role", ["board", "viewer"])
def test_it_refuses_writes_from_read_only_roles(cast: Cast, role: str) -> None:
    response = cast.client(role).post(_url(cast), {**FORM, "action": "save"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_it_lets_the_steering_group_write_its_activities_reports(cast: Cast) -> None:
    response = cast.client("steering").post(_url(cast, cast.other_activity), {**FORM, "action": "save"}, follow=True)
    assert "Kladden er gemt" in response.content.decode()
    assert ProgressReport.objects.get(activity=cast.other_activity).status == ProgressReport.Status.DRAFT


def test_it_answers_404_to_outsiders_and_sends_anonymous_to_login(cast: Cast, submitted: ProgressReport) -> None:
    assert cast.client("outsider").get(_url(cast)).status_code == 404
    assert cast.client("outsider").post(_url(cast), {**FORM, "action": "save"}).status_code == 404
    response = cast.client(None).get(_url(cast))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    submitted.refresh_from_db()
    assert submitted.rag == "yellow"


def test_it_requires_status_and_reason_to_submit(cast: Cast) -> None:
    response = cast.client("staff").post(_url(cast), {**FORM, "rag": "", "rag_reason": "", "action": "submit"})
    assert response.status_code == 422
    assert "Vælg en status" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_it_shows_suppressed_small_numbers_as_less_than_five(cast: Cast, measures: list[OutputMeasure]) -> None:
    report = services.progress_report_save(
        actor=None,
        activity=cast.activity,
        quarter=QUARTER,
        outputs={measures[0].pk: Decimal(3), measures[1].pk: Decimal(2)},
        rag="red",
        rag_reason="Få deltagere",
    )
    services.progress_report_submit(actor=None, report=report)
    html = cast.client("board").get(_url(cast)).content.decode()
    assert "&lt; 5" in html
    # Sessions held are not people: shown as they are.
    assert ">2<" in html.replace(" ", "").replace("\n", "")


def test_it_lets_the_secretariat_return_and_then_accept(cast: Cast, submitted: ProgressReport) -> None:
    client = cast.client("secretariat")
    review_url = f"/plans/{cast.plan.pk}/progress/reports/{submitted.pk}/review/"
    response = client.post(review_url, {"action": "return", "comment": ""}, follow=True)
    assert "Skriv hvorfor" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ProgressReport.Status.SUBMITTED
    client.post(review_url, {"action": "return", "comment": "Tilføj tal for oktober"})
    submitted.refresh_from_db()
    assert submitted.status == ProgressReport.Status.RETURNED
    assert "Tilføj tal for oktober" in cast.client("staff").get(_url(cast)).content.decode()
    cast.client("staff").post(_url(cast), {**FORM, "action": "submit"})
    client.post(review_url, {"action": "accept", "comment": ""})
    submitted.refresh_from_db()
    assert submitted.status == ProgressReport.Status.ACCEPTED
    assert submitted.reviewed_by == cast.secretariat_user


@pytest.mark.parametrize("role", ["staff", "steering", "board"])
def test_it_lets_only_the_secretariat_review(cast: Cast, submitted: ProgressReport, role: str) -> None:
    response = cast.client(role).post(
        f"/plans/{cast.plan.pk}/progress/reports/{submitted.pk}/review/", {"action": "accept"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ProgressReport.Status.SUBMITTED


def test_it_locks_an_accepted_report(cast: Cast, submitted: ProgressReport) -> None:
    services.progress_report_accept(actor=None, report=submitted)
    with pytest.raises(ValidationError):
        services.progress_report_save(actor=None, activity=cast.activity, quarter=QUARTER, done="Ændret")
    response = cast.client("staff").post(_url(cast), {**FORM, "done": "Ændret", "action": "save"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.done == "Lektiehjælp fire dage om ugen"


def test_it_shows_who_has_reported_on_the_collection_page(
    cast: Cast, submitted: ProgressReport, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("board")
    url = f"/plans/{cast.plan.pk}/progress/?quarter={QUARTER}"
    client.get(url)
    with django_assert_num_queries(15):  # the access of the request in two (its grants, seats and tasks; portfolios)
        html = client.get(url).content.decode()
    assert "1 af 2 indsatser har rapporteret" in html
    assert "Færre deltagere end planlagt" in html
    assert "Mangler" in html
    for i in range(5):
        org_services.activity_create(actor=None, plan=cast.plan, name=f"Ekstra {i}", steering_group=cast.group)
    with django_assert_num_queries(15):  # the access of the request in two (its grants, seats and tasks; portfolios)
        html = client.get(url).content.decode()
    assert "1 af 7 indsatser har rapporteret" in html
    assert "Send påmindelse" not in html


def test_it_hides_the_collection_page_from_outsiders(cast: Cast) -> None:
    assert cast.client("outsider").get(f"/plans/{cast.plan.pk}/progress/").status_code == 404
    assert cast.client(None).get(f"/plans/{cast.plan.pk}/progress/").status_code == 302


def test_it_sends_reminders_to_the_responsible_of_missing_reports(cast: Cast) -> None:
    client = cast.client("secretariat")
    response = client.post(f"/plans/{cast.plan.pk}/progress/{QUARTER}/remind/", follow=True)
    # Lektiecafé has a responsible person; Jobcafé has none and its steering group no chair.
    assert "Der er sendt 1 påmindelser" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mads-medarbejder@example.dk"]
    assert "Lektiecafé" in mail.outbox[0].subject
    assert ProgressReminder.objects.get().activity == cast.activity


@pytest.mark.parametrize("role", ["staff", "board", "steering", "viewer"])
def test_it_lets_only_the_secretariat_send_reminders_and_set_the_deadline(cast: Cast, role: str) -> None:
    client = cast.client(role)
    assert client.post(f"/plans/{cast.plan.pk}/progress/{QUARTER}/remind/").status_code == 403
    response = client.post(
        f"/plans/{cast.plan.pk}/progress/{QUARTER}/deadline/", {"deadline": "2026-10-20", "remind_days_before": 5}
    )
    assert response.status_code == 403
    assert not mail.outbox and not ProgressCollection.objects.exists()
    assert cast.client("outsider").post(f"/plans/{cast.plan.pk}/progress/{QUARTER}/remind/").status_code == 404


def test_it_lets_the_secretariat_set_the_deadline(cast: Cast) -> None:
    client = cast.client("secretariat")
    client.post(
        f"/plans/{cast.plan.pk}/progress/{QUARTER}/deadline/", {"deadline": "2026-10-20", "remind_days_before": 5}
    )
    collection = ProgressCollection.objects.get(plan=cast.plan, quarter=QUARTER)
    assert collection.deadline == dt.date(2026, 10, 20) and collection.remind_days_before == 5
    response = client.post(
        f"/plans/{cast.plan.pk}/progress/{QUARTER}/deadline/", {"deadline": "", "remind_days_before": 5}
    )
    assert response.status_code == 422
    collection.refresh_from_db()
    assert collection.deadline == dt.date(2026, 10, 20)


@time_machine.travel(dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC), tick=False)  # inside the cast's plan (2024-2027)
def test_it_sends_reminders_from_the_command_only_inside_the_window(cast: Cast, settings: Settings) -> None:
    quarter = Quarter.current()
    services.progress_collection_update(
        actor=None,
        plan=cast.plan,
        quarter=quarter,
        deadline=dt.date.today() + dt.timedelta(days=20),
        remind_days_before=7,
    )
    call_command("send_progress_reminders")
    assert not mail.outbox
    services.progress_collection_update(
        actor=None,
        plan=cast.plan,
        quarter=quarter,
        deadline=dt.date.today() + dt.timedelta(days=3),
        remind_days_before=7,
    )
    call_command("send_progress_reminders")
    assert len(mail.outbox) == 1
    call_command("send_progress_reminders")
    assert len(mail.outbox) == 1, "not twice on one day"


def test_it_renders_the_whole_quarter_as_one_pdf(cast: Cast, submitted: ProgressReport) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    response = cast.client("board").get(f"/plans/{cast.plan.pk}/progress/{QUARTER}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Lektiecafé" in text and "Færre deltagere end planlagt" in text and "Jobcafé" in text
    assert cast.client("outsider").get(f"/plans/{cast.plan.pk}/progress/{QUARTER}/report.pdf").status_code == 404


def test_it_manages_output_measures_for_editors_only(cast: Cast) -> None:
    url = f"/plans/{cast.plan.pk}/activities/{cast.activity.pk}/outputs/"
    response = cast.client("staff").post(
        url, {"name": "Deltagere", "unit": "børn", "target_per_quarter": "30", "counts_people": "on"}, follow=True
    )
    assert "Resultatmålet er tilføjet" in response.content.decode()
    measure = cast.activity.output_measures.get()
    assert measure.target_per_quarter == Decimal(30)
    assert cast.client("board").post(url, {"name": "X"}).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404
    other = f"/plans/{cast.plan.pk}/activities/{cast.other_activity.pk}/outputs/"
    assert cast.client("staff").post(other, {"name": "X"}).status_code == 403
    delete = f"{url}{measure.pk}/delete/"
    assert cast.client("board").post(delete).status_code == 403
    cast.client("staff").post(delete)
    assert not cast.activity.output_measures.exists()
    assert OutputValue.objects.count() == 0
