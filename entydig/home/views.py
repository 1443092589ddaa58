"""Each person's front page: what they must do or know, across every plan they take part in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from entydig.home.selectors import front_page
from entydig.organisation.access import can_create_plan
from entydig.portfolio.access import portfolios_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    fronts = front_page(request.user)
    plan_ids = [f.plan.pk for f in fronts]
    return render(
        request,
        "home/home.html",
        {
            "fronts": fronts,
            # The secretariat of a plan may create plans (`can_create_plan`); the fronts already say who is.
            "can_create_plan": any(f.access.can_write for f in fronts) or can_create_plan(request.user),
            "portfolios": list(portfolios_for_user(request.user, plan_ids).order_by("name", "pk")),
            "today": timezone.localdate(),
        },
    )
