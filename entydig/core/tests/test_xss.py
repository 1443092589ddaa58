"""Stored XSS: names and texts with <script>, event handlers and htmx attributes are inert wherever they show."""

from __future__ import annotations

import io
import zipfile

from entydig.conftest import Cast
from entydig.core.tests.crawl import crawl
from entydig.meetings.tests.conftest import (
    Meetings,
    meetings,  # noqa: F401 (the meetings app's fixture, reused)
)
from entydig.organisation import services
from entydig.organisation.models import Organisation

SCRIPT = "<script>alert('xss')</script>"
IMG = "<img src=x onerror=alert('xss')>"
HTMX_ELEMENT = '<div hx-get="/accounts/logout/" hx-trigger="load">'
HTMX_ATTRIBUTE = '" hx-post="/accounts/logout/" hx-trigger="load" x="'
# What would reach the browser as markup if any of them were not escaped.
LIVE = ["<script>alert(", "<img src=x", 'hx-get="/accounts/logout/"', 'hx-post="/accounts/logout/"']


def test_it_renders_hostile_names_and_texts_as_inert_text_on_every_page(cast: Cast) -> None:
    plan = cast.plan
    partner = services.organisation_create(actor=None, name="Partner " + IMG, kind=Organisation.Kind.PARTNER)
    group = services.body_create(
        actor=None,
        plan=plan,
        kind="steering_group",
        name="Gruppe " + SCRIPT,
        responsibility="Ansvar " + HTMX_ELEMENT,
    )
    person = services.person_create(actor=None, name="Per " + HTMX_ATTRIBUTE, title=SCRIPT, email="per@example.dk")
    services.membership_create(actor=None, body=group, person=person, plan=plan, role="member", representation="staff")
    services.activity_create(
        actor=None,
        plan=plan,
        name="Indsats " + HTMX_ATTRIBUTE,
        description="Beskrivelse " + IMG + HTMX_ELEMENT,
        steering_group=group,
        responsible=person,
        partners=[partner],
    )
    services.plan_update(actor=None, plan=plan, description="Plan " + SCRIPT + HTMX_ELEMENT)

    client = cast.client("secretariat")
    pages = list(crawl(client, plan.get_absolute_url(), within=(plan.get_absolute_url(), "/persons/")))

    assert len(pages) > 5
    live = [(path, marker) for path, html in pages for marker in LIVE if marker in html]
    assert live == []
    shown = {path for path, html in pages if "&lt;script&gt;alert(" in html}
    assert shown, "the hostile names should show (escaped) on some page"
    assert any("hx-post=&quot;/accounts/logout/&quot;" in html for _, html in pages)


# Documents: the agenda, the minutes, the pixi report and the board pack ------------------------------------------

# Hostile texts for the documents; each must come out as the literal text, never as an element or attribute.
DOC_SCRIPT = "<script>alert(1)</script>"
DOC_IMG = "<img src=x onerror=alert(1)>"
DOC_HTMX = '<b hx-get="/x" hx-trigger="load">'
DOC_HOSTILE = [DOC_SCRIPT, DOC_IMG, DOC_HTMX]
# Whatever in a PDF could act (scripts, launching programs, forms, links to somewhere the text named).
PDF_ACTIVE = [b"/JavaScript", b"/JS", b"/Launch", b"/AcroForm", b"/SubmitForm", b"/URI (x)", b"/URI (/x)"]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    # Line breaks and wrapped lines are layout, not content: compare without white space.
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def _bare(text: str) -> str:
    return "".join(text.split())


def _assert_inert_pdf(data: bytes, *texts: str) -> None:
    assert data.startswith(b"%PDF-")
    shown = _pdf_text(data)
    for text in texts:
        assert _bare(text) in shown, f"{text!r} should show as literal text"
    assert [marker for marker in PDF_ACTIVE if marker in data] == []


def _assert_inert_docx(data: bytes, *texts: str) -> None:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = {name: archive.read(name) for name in names if name.endswith((".xml", ".rels"))}
    document = etree.fromstring(parts["word/document.xml"])
    # Only WordprocessingML and its relatives: no element that came from the text.
    namespaces = {etree.QName(element).namespace for element in document.iter(etree.Element)}
    assert all(
        ns and ns.startswith(("http://schemas.openxmlformats.org/", "http://schemas.microsoft.com/"))
        for ns in namespaces
    )
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    shown = "".join("".join(p.itertext()) for p in document.iter(f"{w}p"))
    for text in texts:
        assert text in shown, f"{text!r} should show as literal text"
    raw = parts["word/document.xml"].decode()
    assert "<script" not in raw and "<img" not in raw and "&lt;script&gt;" in raw
    # Nothing fetched from elsewhere when the document is opened, and no macros.
    assert not any(b'TargetMode="External"' in body for name, body in parts.items() if name.endswith(".rels"))
    assert not any(name.endswith((".bin", "vbaProject.bin")) for name in names)


def test_it_keeps_hostile_texts_inert_in_the_agenda_minutes_pixi_and_board_pack(cast: Cast, meetings: Meetings) -> None:  # noqa: F811
    from django.utils import timezone

    from entydig.core.quarters import Quarter
    from entydig.goals.models import Goal
    from entydig.meetings import services as meeting_services
    from entydig.meetings.models import Minutes
    from entydig.reports import services as report_services

    actor = cast.secretariat_user
    p = cast.plan.pk
    past, upcoming = meetings.past, meetings.upcoming
    meeting_services.meeting_update(actor=actor, meeting=upcoming, title="Møde " + DOC_SCRIPT)
    meeting_services.meeting_update(actor=actor, meeting=past, title="Referat " + DOC_HTMX)
    meeting_services.agenda_item_update(
        actor=actor,
        item=meetings.item,
        title="Punkt " + DOC_IMG,
        description="Sag " + DOC_HTMX,
        proposal="Indstilling " + DOC_SCRIPT,
    )
    decided = meetings.entry.item
    meeting_services.minutes_save(
        actor=actor,
        meeting=past,
        entries={decided.pk: {"discussion": "Drøftet " + DOC_IMG, "decision": "Besluttet " + DOC_SCRIPT}},
        notes="Noter " + DOC_HTMX,
        expected_version=Minutes.objects.get(meeting=past).row_version,
    )
    meeting_services.action_item_create(
        actor=actor,
        entry=meetings.entry,
        title="Handling " + DOC_HTMX,
        responsible=meetings.responsible,
        due=timezone.localdate(),
    )
    minutes = meeting_services.minutes_approve(actor=actor, minutes=Minutes.objects.get(meeting=past))
    meeting_services.minutes_amend(
        actor=actor, minutes=minutes, text="Rettelse " + DOC_IMG, reason="Fordi " + DOC_SCRIPT
    )
    quarter = Quarter.of(timezone.localdate())
    Goal.objects.create(plan=cast.plan, level=Goal.Level.STRATEGIC, title="Mål " + DOC_IMG, order=1)
    report_services.pixi_draft_save(
        actor=actor, plan=cast.plan, quarter=quarter, headline="Overblik " + DOC_HTMX + " " + DOC_SCRIPT
    )
    report_services.pixi_publish(actor=actor, plan=cast.plan, quarter=quarter)
    client = cast.client("secretariat")

    agenda = client.get(f"/plans/{p}/meetings/{upcoming.pk}/agenda.pdf")
    _assert_inert_pdf(agenda.content, "Møde " + DOC_SCRIPT, "Punkt " + DOC_IMG, "Sag " + DOC_HTMX)
    agenda_docx = client.get(f"/plans/{p}/meetings/{upcoming.pk}/agenda.docx")
    _assert_inert_docx(agenda_docx.content, "Møde " + DOC_SCRIPT, "Punkt " + DOC_IMG, "Sag " + DOC_HTMX)

    minutes_texts = ["Drøftet " + DOC_IMG, "Besluttet " + DOC_SCRIPT, "Handling " + DOC_HTMX, "Rettelse " + DOC_IMG]
    _assert_inert_pdf(client.get(f"/plans/{p}/meetings/{past.pk}/minutes.pdf").content, *minutes_texts)
    _assert_inert_docx(client.get(f"/plans/{p}/meetings/{past.pk}/minutes.docx").content, *minutes_texts)

    pixi = client.get(f"/plans/{p}/pixi.pdf?quarter={quarter}")
    _assert_inert_pdf(pixi.content, "Overblik " + DOC_HTMX, DOC_SCRIPT, "Mål " + DOC_IMG)

    pack = client.get(f"/plans/{p}/meetings/{upcoming.pk}/board-pack.pdf")
    _assert_inert_pdf(pack.content, "Møde " + DOC_SCRIPT, "Punkt " + DOC_IMG, "Overblik " + DOC_HTMX)
