"""The sub-agreements as they stand today ("delaftaler pr. i dag"), as PDF and DOCX, for LBF on request.

LBF does not approve sub-agreements, but the current versions must be available whenever it asks; this is that
document: every sub-agreement of the plan in its current version, with its status and approval.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from entydig.core.pdf import render_pdf
from entydig.goals.models import SubAgreement
from entydig.goals.services import sub_agreement_content
from entydig.goals.versions import Version, section_text
from entydig.organisation.models import Plan


def sub_agreements_today(plan: Plan, today: dt.date) -> dict[str, Any]:
    """Every sub-agreement of the plan in its current version, as plain data for the PDF and the DOCX."""
    subs = (
        SubAgreement.objects.filter(plan=plan)
        .select_related("effort_area", "steering_group")
        .order_by("effort_area__name")
    )
    rows = []
    for sub in subs:
        content = sub_agreement_content(sub)
        version = Version(sub.version, sub.status, content, is_current=True)
        rows.append(
            {
                "effort_area": content["effort_area"],
                "steering_group": content["steering_group"] or "–",
                "version": sub.version,
                "status": version.status_label,
                "approved": version.approved_text,
                "text": content["text"],
                "goals": section_text(content, "goals"),
            }
        )
    return {"plan": plan.name, "today": today, "subs": rows}


def sub_agreements_pdf(data: dict[str, Any]) -> bytes:
    return render_pdf("goals/pdf/sub_agreements.html", data)


def sub_agreements_docx(data: dict[str, Any]) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(_("Delaftaler pr. %(date)s") % {"date": data["today"].strftime("%d.%m.%Y")}, level=0)
    document.add_paragraph(data["plan"])
    for sub in data["subs"]:
        document.add_heading(sub["effort_area"], level=1)
        document.add_paragraph(
            _("Styregruppe: %(group)s. Version %(n)s, %(status)s; godkendt: %(approved)s.")
            % {
                "group": sub["steering_group"],
                "n": sub["version"],
                "status": sub["status"],
                "approved": sub["approved"],
            }
        )
        document.add_heading(_("Delaftalens tekst"), level=2)
        document.add_paragraph(sub["text"] or "–")
        document.add_heading(_("Delmål"), level=2)
        document.add_paragraph(sub["goals"] or "–")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
