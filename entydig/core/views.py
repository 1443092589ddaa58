"""The front page: the plans the user works in; the answer to a parameter a page cannot use."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import defaults

from entydig.core.params import InvalidParameter
from entydig.organisation import selectors
from entydig.organisation.access import BOARD, plan_access, plans_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = list(plans_for_user(request.user).select_related("municipality"))
    if len(plans) == 1:
        access = plan_access(request.user, plans[0])
        if access is not None and access.roles == {BOARD}:  # board members land on the goals dashboard
            return redirect("goals:dashboard", plan_pk=plans[0].pk)
        return redirect(plans[0])
    return render(
        request, "core/home.html", {"plans": plans, "can_create_plan": selectors.can_create_plan(request.user)}
    )


@login_required
def about(request: HttpRequest) -> HttpResponse:
    """A page with nothing but the base layout; the benchmark's floor for a logged-in page."""
    return render(request, "core/about.html")


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a parameter a page cannot use says which and why; any other bad request gets Django's own answer."""
    if not isinstance(exception, InvalidParameter):
        return defaults.bad_request(request, exception)
    page = request.path if request.method == "GET" else None  # a posted action has no page to show again
    return render(request, "core/bad_parameter.html", {"message": exception.message, "page": page}, status=400)
