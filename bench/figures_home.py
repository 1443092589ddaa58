"""The front page figures of `make bench`: the secretariat's front page when it serves every plan at national scale,
against the minimal page, and its query count when it serves one plan and when it serves them all."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from bench import figures as f  # the bench's own helpers (figures imports this module; used at call time)
from entydig.accounts.models import User
from entydig.organisation.models import Body, Membership, Person, Plan


def _secretariat_user(name: str, home: Plan, serves: list[Plan]) -> User:
    """A secretariat leader of a shared secretariat placed in `home` that also serves `serves`."""
    with transaction.atomic():
        body = Body.objects.create(plan=home, kind=Body.Kind.SECRETARIAT, name=f"Fælles sekretariat ({name})")
        body.also_serves.set([p for p in serves if p.pk != home.pk])
        person = Person.objects.create(name=f"Sekretariatsleder {name}", email=f"{name}@bench.example.dk")
        Membership.objects.create(
            person=person,
            body=body,
            role=Membership.Role.SECRETARIAT_LEADER,
            representation=Membership.Representation.STAFF,
        )
        user, _created = User.objects.get_or_create(username=f"bench-{name}", defaults={"person": person})
    return user


def front_page(report: f.Report, plan0: Plan, minimal_url: str) -> None:
    plans = list(Plan.objects.order_by("pk"))
    url = reverse("home")
    every = f.client_for(_secretariat_user("alle", plan0, plans))
    one = f.client_for(_secretariat_user("en", plan0, [plan0]))
    front_ms, minimal_ms = f.server_times(every, [url, minimal_url])
    report.add(
        f"secretariat's front page, serving all {len(plans)} plans ÷ minimal page server time (median)",
        f"{f.fmt(f.ratio(front_ms, minimal_ms))} ({f.fmt(front_ms, 1)} ÷ {f.fmt(minimal_ms, 1)} ms)",
        "≤ 5",
        f.ratio(front_ms, minimal_ms) <= 5,
    )
    few, many = f.query_count(one, url), f.query_count(every, url)
    report.add(
        f"SQL queries of the secretariat's front page, 1 plan vs {len(plans)} plans",
        f"{few} vs {many}",
        "equal",
        few == many,
    )
