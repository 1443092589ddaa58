"""The pixi report: assembled content, editing, freezing on publish, PDF, attaching, board pack and access."""

from __future__ import annotations

import datetime as dt
import io
import json
import typing
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Destination
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.core.quarters import Quarter
from entydig.goals.models import Goal
from entydig.meetings.tests.conftest import Meetings
from entydig.monitoring.models import Indicator, Measurement
from entydig.reports import services
from entydig.reports.models import PixiDraft, PixiPublication, ProgressReport
from entydig.reports.pixi import pixi_build
from entydig.reports.tests.conftest import QUARTER

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # the test client's response, stub-only

Q = Quarter.parse(QUARTER)


def _page(cast: Cast, role: str = "board", extra: str = "") -> TestResponse:
    return cast.client(role).get(f"/plans/{cast.plan.pk}/pixi/?quarter={QUARTER}{extra}")


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def test_it_assembles_goals_activities_and_what_the_board_must_act_on(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator], red_report: ProgressReport, meetings: Meetings
) -> None:
    goal, indicator = goal_with_indicator
    content = pixi_build(cast.plan, Q)
    [g] = content["goals"]
    assert g["title"] == goal.title and g["status"] == "off_track"
    # The 2026 value rests on 3 people: suppressed, so the latest shown value is 2025's.
    assert g["indicator"]["latest"] == "48 %" and g["indicator"]["latest_period"] == "2025"
    assert g["chart"]["layer"] and "70" not in json.dumps(g["chart"]["layer"])
    assert content["activities"]["counts"] == {"green": 0, "yellow": 0, "red": 1, "missing": 1}
    [red] = [a for a in content["activities"]["items"] if a["rag"] == "red"]
    assert red["reason"] == "Skolen har trukket sig" and red["url"].endswith(f"/activities/{cast.activity.pk}/")
    titles = [s["title"] for s in content["board"]["suggestions"]]
    assert any("Flere unge i uddannelse" in t for t in titles)
    assert any("Lektiecafé er rød" in t for t in titles)
    assert [a["title"] for a in content["board"]["overdue"]] == ["Skaf lokaler"]
    assert 3 <= len(content["headline_draft"]) <= 5
    headline = " ".join([content["headline"], *content["headline_draft"]])
    assert "1 rød" in headline and "1 røde" not in headline  # one red, in the singular


def test_it_shows_the_report_with_links_to_every_source(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator], red_report: ProgressReport, meetings: Meetings
) -> None:
    html = _page(cast).content.decode()
    goal, indicator = goal_with_indicator
    assert "Ikke på vej" in html and "Skolen har trukket sig" in html and "Skaf lokaler" in html
    assert f"/plans/{cast.plan.pk}/indicators/{indicator.pk}/" in html
    assert f"/plans/{cast.plan.pk}/progress/{QUARTER}/activities/{cast.activity.pk}/" in html
    assert f"/plans/{cast.plan.pk}/follow-up/#action-{meetings.action.pk}" in html
    assert "data:image/svg+xml;base64," in html
    assert f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/board-pack.pdf" in html
    day = timezone.localtime(meetings.upcoming.start).strftime("%d.%m.%Y")
    assert f"{meetings.upcoming}</a>, {day}" in html  # the next board meeting with its date
    assert "Redigér og offentliggør" not in html


def test_it_lets_the_secretariat_edit_the_headline_and_a_reason(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator]
) -> None:
    goal, _indicator = goal_with_indicator
    client = cast.client("secretariat")
    assert "Forslag skrevet ud fra tallene" in _page(cast, "secretariat").content.decode()
    client.post(
        f"/plans/{cast.plan.pk}/pixi/{QUARTER}/edit/",
        {"headline": "Planen går godt, men uddannelse halter.", f"reason_{goal.pk}": "Færre unge end håbet."},
    )
    draft = PixiDraft.objects.get(plan=cast.plan, quarter=QUARTER)
    assert draft.goal_reasons == {str(goal.pk): "Færre unge end håbet."}
    html = _page(cast).content.decode()
    assert "Planen går godt, men uddannelse halter." in html and "Færre unge end håbet." in html


def test_it_freezes_a_published_report_when_the_data_changes(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator], red_report: ProgressReport, meetings: Meetings
) -> None:
    goal, indicator = goal_with_indicator
    publication = services.pixi_publish(actor=cast.secretariat_user, plan=cast.plan, quarter=Q)
    frozen = json.dumps(publication.content, sort_keys=True)
    frozen_charts = dict(publication.charts)
    assert frozen_charts[str(goal.pk)].startswith("<svg")
    pdf_before = _pdf_text(cast.client("board").get(f"/plans/{cast.plan.pk}/pixi.pdf?quarter={QUARTER}").content)[1]

    # The data changes after publishing: a new measurement, a report turns green, the action item is done,
    # the goal is renamed.
    Measurement.objects.create(
        indicator=indicator, series="plan", period="2026Q2", period_start=dt.date(2026, 4, 1), value=Decimal(59), n=300
    )
    ProgressReport.objects.filter(pk=red_report.pk).update(rag="green", rag_reason="Alt er godt igen")
    meetings.action.status = "done"
    meetings.action.closed_at = timezone.now()
    meetings.action.save()
    goal.title = "Omdøbt mål"
    goal.save()

    publication.refresh_from_db()
    assert json.dumps(publication.content, sort_keys=True) == frozen
    assert publication.charts == frozen_charts
    html = _page(cast).content.decode()
    assert "Flere unge i uddannelse" in html and "Skolen har trukket sig" in html and "48 %" in html
    assert "Omdøbt mål" not in html and "Alt er godt igen" not in html
    pdf_after = _pdf_text(cast.client("board").get(f"/plans/{cast.plan.pk}/pixi.pdf?quarter={QUARTER}").content)[1]
    assert pdf_after == pdf_before
    api = cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}/pixi?quarter={QUARTER}").json()
    assert api["published"] is True and api["content"]["goals"][0]["title"] == "Flere unge i uddannelse"
    # The live draft shows today's figures.
    live = _page(cast, "secretariat", "&live=1").content.decode()
    assert "Omdøbt mål" in live and "Skolen har trukket sig" not in live and "59 %" in live


def test_it_publishes_a_new_version_only_with_a_note(cast: Cast, goal_with_indicator: tuple[Goal, Indicator]) -> None:
    client = cast.client("secretariat")
    client.post(f"/plans/{cast.plan.pk}/pixi/{QUARTER}/publish/", {"note": ""})
    response = client.post(f"/plans/{cast.plan.pk}/pixi/{QUARTER}/publish/", {"note": ""}, follow=True)
    assert "Skriv hvad der er ændret" in response.content.decode()
    assert PixiPublication.objects.filter(plan=cast.plan, quarter=QUARTER).count() == 1
    client.post(f"/plans/{cast.plan.pk}/pixi/{QUARTER}/publish/", {"note": "Rettet tal for lektiecaféen"})
    assert list(PixiPublication.objects.filter(plan=cast.plan).values_list("version", "note")) == [
        (2, "Rettet tal for lektiecaféen"),
        (1, ""),
    ]
    html = _page(cast).content.decode()
    assert "Offentliggjort, version 2" in html and "Rettet tal for lektiecaféen" in html
    assert "Offentliggjort, version 1" in _page(cast, extra="&version=1").content.decode()


def test_it_lists_what_changed_since_the_previous_report(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator], red_report: ProgressReport
) -> None:
    _goal, indicator = goal_with_indicator
    services.pixi_publish(actor=None, plan=cast.plan, quarter=Q.previous())
    content = pixi_build(cast.plan, Q)
    assert content["changes"]["previous"]["quarter"] == str(Q.previous())
    assert content["changes"]["items"] == ["Lektiecafé: fra ikke rapporteret til rød"]
    Measurement.objects.create(
        indicator=indicator, series="plan", period="2026Q3", period_start=dt.date(2026, 7, 1), value=Decimal(52), n=300
    )
    items = pixi_build(cast.plan, Q)["changes"]["items"]
    assert "Ny måling af Unge i uddannelse: 52 % (3. kvartal 2026)" in items


@pytest.mark.parametrize("role", ["board", "steering", "staff", "viewer"])
def test_it_lets_only_the_secretariat_edit_and_publish(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator], role: str
) -> None:
    client = cast.client(role)
    assert client.post(f"/plans/{cast.plan.pk}/pixi/{QUARTER}/edit/", {"headline": "x"}).status_code == 403
    assert client.post(f"/plans/{cast.plan.pk}/pixi/{QUARTER}/publish/", {"note": "x"}).status_code == 403
    response = client.post(
        f"/api/v1/plans/{cast.plan.pk}/pixi/publish", json.dumps({"quarter": QUARTER}), content_type="application/json"
    )
    assert response.status_code == 403
    assert not PixiDraft.objects.exists() and not PixiPublication.objects.exists()


def test_it_hides_the_pixi_report_from_outsiders_and_anonymous_users(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator]
) -> None:
    base = f"/plans/{cast.plan.pk}"
    outsider = cast.client("outsider")
    for url in [f"{base}/pixi/", f"{base}/pixi.pdf", f"/api/v1/plans/{cast.plan.pk}/pixi"]:
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"{base}/pixi/{QUARTER}/publish/", {"note": ""}).status_code == 404
    response = outsider.post(
        f"/api/v1/plans/{cast.plan.pk}/pixi/publish", json.dumps({"quarter": QUARTER}), content_type="application/json"
    )
    assert response.status_code == 404
    assert not PixiPublication.objects.exists()
    anonymous = cast.client(None)
    assert anonymous.get(f"{base}/pixi/").status_code == 302
    assert anonymous.get(f"{base}/pixi.pdf").status_code == 302
    assert anonymous.get(f"/api/v1/plans/{cast.plan.pk}/pixi").status_code == 401
    assert anonymous.get(f"/api/v1/plans/{cast.plan.pk}/pixi.pdf").status_code == 401


def test_it_publishes_and_serves_the_report_through_the_api(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator]
) -> None:
    client = cast.client("secretariat")
    response = client.post(
        f"/api/v1/plans/{cast.plan.pk}/pixi/publish",
        json.dumps({"quarter": QUARTER, "note": ""}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["version"] == 1
    again = client.post(
        f"/api/v1/plans/{cast.plan.pk}/pixi/publish", json.dumps({"quarter": QUARTER}), content_type="application/json"
    )
    assert again.status_code == 422 and "note" in json.dumps(again.json())
    pdf = cast.client("viewer").get(f"/api/v1/plans/{cast.plan.pk}/pixi.pdf?quarter={QUARTER}")
    assert pdf["Content-Type"] == "application/pdf"
    pages, text = _pdf_text(pdf.content)
    assert "Flere unge i uddannelse" in text


def test_it_fits_the_pdf_on_at_most_two_pages_with_vector_charts(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator], red_report: ProgressReport, meetings: Meetings
) -> None:
    response = cast.client("board").get(f"/plans/{cast.plan.pk}/pixi.pdf?quarter={QUARTER}&live=1")
    pages, text = _pdf_text(response.content)
    assert pages <= 2
    assert "Pixi-rapport" in text and "Bestyrelsen skal tage stilling til" in text
    # Vector: the chart is drawn as paths in the page content, not embedded as a raster image.
    reader = PdfReader(io.BytesIO(response.content))
    assert not any(
        obj.get("/Subtype") == "/Image"
        for page in reader.pages
        for obj in (page.get("/Resources", {}).get("/XObject", {}) or {}).values()
        if hasattr(obj, "get")
    )


def test_it_attaches_the_published_report_to_a_board_meeting_in_one_click(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator], meetings: Meetings
) -> None:
    services.pixi_publish(actor=None, plan=cast.plan, quarter=Q)
    url = f"/plans/{cast.plan.pk}/pixi/{QUARTER}/attach/"
    assert cast.client("board").post(url, {"meeting": meetings.upcoming.pk}).status_code == 403
    assert cast.client("outsider").post(url, {"meeting": meetings.upcoming.pk}).status_code == 404
    assert not meetings.upcoming.items.filter(suggestion_key__startswith="pixi:").exists()
    response = cast.client("secretariat").post(url, {"meeting": meetings.upcoming.pk}, follow=True)
    assert "vedhæftet dagsordenen" in response.content.decode()
    item = meetings.upcoming.items.get(suggestion_key=f"pixi:{QUARTER}")
    [attachment] = item.attachments.all()
    assert attachment.name == f"pixi-{QUARTER}-v1.pdf" and attachment.file_type == "pdf"
    response = cast.client("secretariat").post(url, {"meeting": meetings.upcoming.pk}, follow=True)
    assert "allerede vedhæftet" in response.content.decode()
    assert item.attachments.count() == 1


def _blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Budget")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_it_assembles_the_board_pack_with_bookmarks_and_page_numbers(
    cast: Cast, goal_with_indicator: tuple[Goal, Indicator], meetings: Meetings, settings: Settings, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from entydig.meetings import services as meeting_services
    from entydig.meetings.documents import agenda_pdf
    from entydig.meetings.selectors import agenda_document

    settings.MEDIA_ROOT = tmp_path
    services.pixi_publish(actor=None, plan=cast.plan, quarter=Quarter.of(timezone.localdate()))
    meeting_services.attachment_add(
        actor=None, item=meetings.item, file=SimpleUploadedFile("notat.pdf", _blank_pdf(3), "application/pdf")
    )
    meeting_services.attachment_add(
        actor=None,
        item=meetings.item,
        file=SimpleUploadedFile(
            "budget.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
    )
    agenda_pages = len(PdfReader(io.BytesIO(agenda_pdf(agenda_document(meetings.upcoming)))).pages)

    response = cast.client("board").get(f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/board-pack.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    pixi_pages = len(reader.pages) - 1 - agenda_pages - 3
    assert 1 <= pixi_pages <= 2
    outline = reader.outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    assert titles[2] is not None
    assert titles[:2] == ["Forside", "Dagsorden"] and titles[2].startswith("Pixi-rapport") and titles[3] == "Bilag"
    children = typing.cast(list[Destination], outline[-1])  # the attachments' bookmarks, one level below "Bilag"
    assert [c.title for c in children] == ["Punkt 2: notat.pdf"] or [c.title for c in children] == [
        "Punkt 1: notat.pdf"
    ]
    assert isinstance(outline[1], Destination)
    assert reader.get_destination_page_number(outline[1]) == 1
    assert reader.get_destination_page_number(children[0]) == len(reader.pages) - 3
    total = len(reader.pages)
    assert f"side 1 af {total}" in reader.pages[0].extract_text()
    assert f"side {total} af {total}" in reader.pages[-1].extract_text()
    cover = reader.pages[0].extract_text()
    assert "budget.docx" in cover and "Bilag, der ikke er PDF" in cover
    api = cast.client("viewer").get(f"/api/v1/meetings/{meetings.upcoming.pk}/board-pack.pdf")
    assert len(PdfReader(io.BytesIO(api.content)).pages) == total


def test_it_hides_the_board_pack_from_outsiders(cast: Cast, meetings: Meetings) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/board-pack.pdf"
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client(None).get(url).status_code == 302
    assert cast.client("outsider").get(f"/api/v1/meetings/{meetings.upcoming.pk}/board-pack.pdf").status_code == 404
    assert cast.client(None).get(f"/api/v1/meetings/{meetings.upcoming.pk}/board-pack.pdf").status_code == 401


def test_it_names_red_activities_of_the_reports_own_quarter_only(
    cast: Cast, red_report: ProgressReport, meetings: Meetings
) -> None:
    earlier = pixi_build(cast.plan, Q.previous())
    assert earlier["activities"]["counts"]["red"] == 0
    assert not any("er rød" in s["title"] for s in earlier["board"]["suggestions"])
    titles = [s["title"] for s in pixi_build(cast.plan, Q)["board"]["suggestions"]]
    assert titles.count("Samarbejdsspørgsmål: Lektiecafé er rød") == 1
