"""What every app's views share: htmx or not, the answer after a write, and a service's errors on a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

from entydig.core.params import next_url


def is_htmx(request: HttpRequest) -> bool:
    """The request comes from htmx (an inline form or a partial), which gets a fragment or an instruction back."""
    return request.headers.get("HX-Request") == "true"


def done(request: HttpRequest, to: Any, *, trigger: str | None = None) -> HttpResponse:
    """The answer after a successful write.

    A page gets a redirect to the posted `next` (a path on this site) or else to `to`. htmx gets 204: with
    `trigger`, an event that refreshes the parts of the page listening for it; without, an instruction to load
    the target afresh.
    """
    url = resolve_url(to)
    if is_htmx(request):
        headers = {"HX-Trigger": trigger} if trigger else {"HX-Redirect": url}
        return HttpResponse(status=204, headers=headers)
    return HttpResponseRedirect(next_url(request, url))


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Puts a service's validation errors on the form's fields, or on the form itself for the others."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def error_text(exc: ValidationError) -> str:
    """A service's validation errors as one line, for a message shown above the page."""
    return " ".join(str(m) for m in exc.messages)
