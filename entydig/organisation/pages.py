"""The organisation's page furniture: the plan context, saving a form through a service, the one form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entydig.core.http import apply_errors, is_htmx
from entydig.organisation.access import PlanAccess


def plan_context(access: PlanAccess, section: str, **extra: Any) -> dict[str, Any]:
    return {"plan": access.plan, "access": access, "section": section, **extra}


def submit(request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], Any]) -> Any:
    """Saves a valid POSTed form through `save` (a service call); on bad input the form carries the errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def form_page(
    request: HttpRequest,
    access: PlanAccess | None,
    form: BaseForm,
    *,
    title: str,
    back: str,
    section: str = "organisation",
    **extra: Any,
) -> HttpResponse:
    """The one form page: a heading, the fields, save and cancel, and a delete button where one applies."""
    ctx: dict[str, Any] = {"form": form, "title": title, "back": back, **extra}
    if access is not None:
        ctx.update(plan_context(access, section))
    if is_htmx(request):
        return render(request, "organisation/partials/_form.html", {**ctx, "inline": True})
    return render(request, "organisation/form.html", ctx)
