"""The download of the sub-agreements as they stand today (PDF or DOCX), for anyone who may read the plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from entydig.core.pdf import pdf_response
from entydig.goals.export import sub_agreements_docx, sub_agreements_pdf, sub_agreements_today
from entydig.organisation.access import plan_for_user

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def sub_agreements_export(request: HttpRequest, plan_pk: int, fmt: str) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    today = timezone.localdate()
    data = sub_agreements_today(access.plan, today)
    name = f"delaftaler-{today.isoformat()}"
    if fmt == "pdf":
        return pdf_response(sub_agreements_pdf(data), f"{name}.pdf")
    response = HttpResponse(sub_agreements_docx(data), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
