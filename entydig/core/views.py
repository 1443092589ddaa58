"""Pages of no single plan: the minimal page, the health check, and the answer to a parameter a page cannot use."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views import defaults

from entydig.core.params import InvalidParameter


@login_required
def about(request: HttpRequest) -> HttpResponse:
    """A page with nothing but the base layout; the benchmark's floor for a logged-in page."""
    return render(request, "core/about.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; the icon is an SVG among the static files."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a parameter a page cannot use says which and why; any other bad request gets Django's own answer."""
    if not isinstance(exception, InvalidParameter):
        return defaults.bad_request(request, exception)
    page = request.path if request.method == "GET" else None  # a posted action has no page to show again
    return render(request, "core/bad_parameter.html", {"message": exception.message, "page": page}, status=400)
