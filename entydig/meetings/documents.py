"""Agenda and minutes as PDF (WeasyPrint) and DOCX (python-docx), laid out like a Danish board document."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from entydig.core.pdf import render_pdf


def _context(doc: dict[str, Any], *, minutes: bool) -> dict[str, Any]:
    start = dt.datetime.fromisoformat(doc["start"])
    end = start + dt.timedelta(minutes=doc.get("duration_minutes") or 0)
    items = []
    for item in doc["items"]:
        actions = [{**a, "due": dt.date.fromisoformat(a["due"])} for a in item.get("actions", [])]
        decided = [{**a, "due": dt.date.fromisoformat(a["due"])} for a in item.get("decided_actions", [])]
        items.append({**item, "actions": actions, "decided_actions": decided})
    return {
        "doc": doc,
        "start": start,
        "end": end,
        "deadline": dt.date.fromisoformat(doc["deadline"]),
        "items": items,
        "minutes": minutes,
        "approved_at": dt.datetime.fromisoformat(doc["approved_at"]) if doc.get("approved_at") else None,
        "amendments": [{**a, "at": dt.datetime.fromisoformat(a["at"])} for a in doc.get("amendments", [])],
    }


def _pdf(doc: dict[str, Any], *, minutes: bool) -> bytes:
    return render_pdf("meetings/document.html", _context(doc, minutes=minutes))


def agenda_pdf(doc: dict[str, Any]) -> bytes:
    return _pdf(doc, minutes=False)


def minutes_pdf(doc: dict[str, Any]) -> bytes:
    return _pdf(doc, minutes=True)


def _docx(doc: dict[str, Any], *, minutes: bool) -> bytes:
    ctx = _context(doc, minutes=minutes)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    logo = document.add_paragraph()
    logo.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = logo.add_run(_("[Plads til logo]"))
    run.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
    document.add_paragraph(doc["plan"]).runs[0].bold = True
    heading = _("Referat") if minutes else _("Dagsorden")
    document.add_heading(f"{heading}: {doc['title']}", level=0)
    if doc.get("version", 1) > 1 and not minutes:
        note = document.add_paragraph()
        note.add_run(
            _("Rettet dagsorden, version %(v)s: ændrede punkter er markeret.") % {"v": doc["version"]}
        ).bold = True
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    rows = [
        (_("Organ"), doc["body"]),
        (_("Mødetype"), doc["kind"]),
        (_("Dato"), ctx["start"].strftime("%d.%m.%Y")),
        (_("Tid"), f"{ctx['start']:%H.%M}–{ctx['end']:%H.%M}"),
        (_("Sted"), doc["place"] or "–"),
    ]
    if minutes:
        rows.append((_("Status"), doc.get("minutes_status", "")))
    else:
        rows.append((_("Udsendt senest"), ctx["deadline"].strftime("%d.%m.%Y")))
    for label, value in rows:
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(str(label)).bold = True
        cells[0].width = Cm(4)
        cells[1].text = str(value)
        cells[1].width = Cm(12)
    if minutes and doc.get("attendance"):
        document.add_heading(_("Deltagere"), level=2)
        for a in doc["attendance"]:
            document.add_paragraph(f"{a['name']} – {a['status']}", style="List Bullet")
    elif doc.get("members"):
        document.add_heading(_("Deltagere"), level=2)
        for m in doc["members"]:
            document.add_paragraph(f"{m['name']}, {m['role']}", style="List Bullet")
        for g in doc.get("guests", []):
            document.add_paragraph(
                f"{g['name']} ({_('gæst')}{', ' + g['reason'] if g['reason'] else ''})", style="List Bullet"
            )
    document.add_heading(_("Punkter"), level=1)
    for item in ctx["items"]:
        title = f"{item['number']}. {item['title']}"
        if item.get("changed") and not minutes:
            title += " " + _("(ændret)")
        document.add_heading(title, level=2)
        meta = document.add_paragraph()
        meta.add_run(item["kind_label"]).italic = True
        if item.get("presenter"):
            meta.add_run(" · " + _("Fremlægges af %(who)s") % {"who": item["presenter"]})
        if item.get("minutes_allotted"):
            meta.add_run(" · " + _("%(n)s min.") % {"n": item["minutes_allotted"]})
        if item.get("description"):
            document.add_paragraph(item["description"])
        for action in item["actions"]:
            late = " – " + _("over fristen") if action["overdue"] else ""
            document.add_paragraph(
                f"{action['title']} ({action['responsible']}, {_('frist')} {action['due']:%d.%m.%Y}{late})",
                style="List Bullet",
            )
        if item.get("proposal"):
            p = document.add_paragraph()
            p.add_run(_("Indstilling: ")).bold = True
            p.add_run(item["proposal"])
        if item.get("reallocations"):
            document.add_paragraph(_("Foreslåede omprioriteringer:")).runs[0].bold = True
            for move in item["reallocations"]:
                text = move["text"]
                if move["applied"]:
                    text += " – " + _("gennemført som budgetversion %(v)s") % {"v": move["version"]}
                document.add_paragraph(text, style="List Bullet")
        if item.get("attachments"):
            document.add_paragraph(_("Bilag: %(names)s") % {"names": ", ".join(item["attachments"])})
        if minutes:
            if item.get("discussion"):
                p = document.add_paragraph()
                p.add_run(_("Drøftelse: ")).bold = True
                p.add_run(item["discussion"])
            p = document.add_paragraph()
            p.add_run(_("Beslutning: ")).bold = True
            p.add_run(item.get("decision") or "–")
            for action in item["decided_actions"]:
                due = action["due"].strftime("%d.%m.%Y")
                line = f"{action['title']} – {action['responsible']}, {_('frist')} {due} ({action['status']})"
                document.add_paragraph(line, style="List Bullet")
    if minutes and doc.get("amendments"):
        document.add_heading(_("Rettelser efter godkendelse"), level=1)
        for a in ctx["amendments"]:
            document.add_paragraph(
                f"{a['at']:%d.%m.%Y %H.%M}, {a['by']}: {a['text']} ({_('begrundelse')}: {a['reason']})",
                style="List Bullet",
            )
    if minutes and ctx["approved_at"]:
        document.add_paragraph(
            _("Godkendt %(date)s (%(how)s).")
            % {"date": ctx["approved_at"].strftime("%d.%m.%Y"), "how": doc["approved_how"]}
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def agenda_docx(doc: dict[str, Any]) -> bytes:
    return _docx(doc, minutes=False)


def minutes_docx(doc: dict[str, Any]) -> bytes:
    return _docx(doc, minutes=True)
