"""Each person's front page: what they must do or know, across every plan they take part in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from entydig.organisation.access import BOARD, can_create_plan, plan_access, plans_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = list(plans_for_user(request.user).select_related("municipality"))
    if len(plans) == 1:
        access = plan_access(request.user, plans[0])
        if access is not None and access.roles == {BOARD}:  # board members land on the goals dashboard
            return redirect("goals:dashboard", plan_pk=plans[0].pk)
        return redirect(plans[0])
    return render(request, "home/home.html", {"plans": plans, "can_create_plan": can_create_plan(request.user)})
