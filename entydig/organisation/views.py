"""Pages of a plan's organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entydig.organisation.access import plan_for_user


@login_required
def plan_overview(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    return render(request, "organisation/plan.html", {"plan": access.plan, "access": access, "section": "overview"})


@login_required
def chart(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    return render(
        request, "organisation/chart.html", {"plan": access.plan, "access": access, "section": "organisation"}
    )
