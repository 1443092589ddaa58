"""The board pack: one PDF with cover, agenda, pixi report, the budget overview when the agenda has a budget item,
and every PDF attachment, with bookmarks and page numbers."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject

from entydig.core.pdf import render_pdf
from entydig.core.quarters import Quarter
from entydig.meetings.documents import agenda_pdf
from entydig.meetings.models import Meeting
from entydig.meetings.selectors import agenda_document, agenda_items
from entydig.reports.economy import budget_overview_pdf, has_budget_item
from entydig.reports.models import PixiPublication
from entydig.reports.pixi import PIXI_ITEM_KEY
from entydig.reports.render import pixi_for, pixi_pdf


@dataclass
class Part:
    title: str
    pdf: bytes
    group: str = ""  # parts with a group are bookmarked under it
    start: int = 0  # first page, 1-based, filled in when assembling
    pages: int = 0


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _pixi_for_meeting(meeting: Meeting) -> tuple[dict[str, Any], dict[str, str], PixiPublication | None]:
    """The latest published pixi report for a quarter up to the meeting's; else the live report of its quarter."""
    quarter = Quarter.of(timezone.localtime(meeting.start).date())
    publication = (
        PixiPublication.objects.filter(plan=meeting.plan, quarter__lte=str(quarter))
        .order_by("-quarter", "-version")
        .first()
    )
    if publication is not None:
        return publication.content, publication.charts, publication
    return pixi_for(meeting.plan, quarter, live=True)


def board_pack(meeting: Meeting, *, base_url: str) -> bytes:
    """Assembles the pack; attachments that are not PDF (or cannot be read) are listed on the cover with a link."""
    parts = [Part(_("Dagsorden"), agenda_pdf(agenda_document(meeting)))]
    content, charts, publication = _pixi_for_meeting(meeting)
    parts.append(
        Part(_("Pixi-rapport: %(q)s") % {"q": content["quarter_label"]}, pixi_pdf(content, charts, publication))
    )
    items = agenda_items(meeting)
    if has_budget_item(items):
        parts.append(Part(_("Budgetoversigt"), budget_overview_pdf(meeting.plan)))
    listed: list[dict[str, Any]] = []
    for number, item in enumerate(items, start=1):
        if item.suggestion_key.startswith(PIXI_ITEM_KEY):
            continue  # the pixi report is already in the pack
        for attachment in item.attachments.all():
            label = _("Punkt %(n)s: %(name)s") % {"n": number, "name": attachment.name}
            url = base_url + attachment.get_absolute_url()
            if attachment.file_type != "pdf":
                listed.append({"label": label, "url": url, "why": attachment.get_file_type_display()})
                continue
            try:
                with attachment.file.open("rb") as fh:
                    data = fh.read()
                if _reader(data).is_encrypted:
                    raise ValueError("encrypted")
                parts.append(Part(label, data, group=_("Bilag")))
            except Exception:  # noqa: BLE001 - an unreadable attachment is listed, never breaks the pack
                listed.append({"label": label, "url": url, "why": _("kunne ikke læses som PDF")})
    for part in parts:
        part.pages = len(_reader(part.pdf).pages)

    def cover(offset: int) -> bytes:
        page = offset + 1
        for part in parts:
            part.start = page
            page += part.pages
        return render_pdf(
            "reports/pdf/board_pack_cover.html",
            {"meeting": meeting, "start": timezone.localtime(meeting.start), "parts": parts, "listed": listed},
        )

    cover_pdf = cover(1)
    cover_pages = len(_reader(cover_pdf).pages)
    if cover_pages != 1:
        cover_pdf = cover(cover_pages)
    all_parts = [Part(_("Forside"), cover_pdf, start=1, pages=cover_pages), *parts]

    writer = PdfWriter()
    groups: dict[str, Any] = {}
    for part in all_parts:
        first = len(writer.pages)
        writer.append(_reader(part.pdf), import_outline=False)
        parent = None
        if part.group:
            if part.group not in groups:
                groups[part.group] = writer.add_outline_item(title=part.group, page_number=first)
            parent = groups[part.group]
        writer.add_outline_item(title=part.title, page_number=first, parent=parent)
    _number_pages(writer, _("Bestyrelsespakke"))
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": _("Bestyrelsespakke: %(m)s") % {"m": str(meeting)}})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _number_pages(writer: PdfWriter, label: str) -> None:
    """Stamps "label · side n af N" in the top right corner of every page, whatever its size."""
    total = len(writer.pages)
    stamps = render_pdf("reports/pdf/page_numbers.html", {"total": total, "label": label, "pages": range(total)})
    stamp_pages = PdfReader(io.BytesIO(stamps)).pages
    for page, stamp in zip(writer.pages, stamp_pages, strict=True):
        box = RectangleObject(page.mediabox)
        stamp_box = RectangleObject(stamp.mediabox)
        # Align the stamp's top right corner with the page's.
        dx = float(box.right) - float(stamp_box.right)
        dy = float(box.top) - float(stamp_box.top)
        page.merge_transformed_page(stamp, Transformation().translate(dx, dy))
