"""The national indicator catalogue seen from a plan: browse it, and adopt an entry as a plan indicator."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.catalogue.models import CatalogueIndicator
from entydig.catalogue.selectors import catalogue_indicator
from entydig.monitoring import services
from entydig.monitoring.models import Indicator
from entydig.organisation.access import plan_for_user

SECTION = "indicators"


@dataclass(frozen=True)
class CatalogueRow:
    entry: CatalogueIndicator
    adopted: Indicator | None


@login_required
def catalogue(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    adopted = {i.catalogue_id: i for i in Indicator.objects.filter(plan=access.plan, catalogue__isnull=False)}
    entries = CatalogueIndicator.objects.all()
    rows = [CatalogueRow(e, adopted.get(e.pk)) for e in entries if e.active or e.pk in adopted]
    return render(
        request,
        "monitoring/catalogue.html",
        {"plan": access.plan, "access": access, "section": SECTION, "rows": rows},
    )


@login_required
@require_POST
def indicator_adopt(request: HttpRequest, plan_pk: int, code: str) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    entry = catalogue_indicator(code)
    try:
        indicator = services.indicator_adopt(actor=request.user, plan=access.plan, catalogue_indicator=entry)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("monitoring:catalogue", access.plan.pk)
    messages.success(request, _("Indikatoren er taget i brug. Angiv baseline, mål og hvilke mål den måler."))
    return redirect("monitoring:indicator_edit", access.plan.pk, indicator.pk)
