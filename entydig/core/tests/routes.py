"""Every route of the site and the API, and the table that says how the route sweep calls each one.

A route missing from the table fails the sweep (test_route_sweep.py): whoever adds a route adds a line here,
saying what kind of route it is, how to build its URL from the demo data, and which parameters its view reads by
hand from the query string (`query`) or the posted form (`posted`) besides its Django form. The sweep records the
parameters each view reads and fails on one the table does not list; it tries every listed one with bad values.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver

from entydig.api.api import api

# Kinds of page routes.
READ = "read"  # a page or file every role in the plan may read; POST changes nothing
FORM = "form"  # GET shows a form, POST writes
ACTION = "action"  # POST only, writes
USER = "user"  # needs a login but belongs to no plan (the user's own pages); shows nothing of other plans
PUBLIC = "public"  # open to everybody, with the reason in `note`
ADMIN = "admin"  # Django's admin: staff only


@dataclass(frozen=True)
class PageRoute:
    name: str
    pattern: str
    params: tuple[str, ...]


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str  # as in the OpenAPI schema, with {params}
    params: tuple[str, ...]
    operation: Any = field(compare=False, hash=False, repr=False)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def page_routes() -> list[PageRoute]:
    """Every named URL pattern outside the API, found by walking the resolver."""
    found: list[PageRoute] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                walk(p, prefix + str(p.pattern), f"{namespace}:{ns}" if namespace and ns else (ns or namespace))
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
                pattern = prefix + str(p.pattern)
                found.append(PageRoute(name, pattern, tuple(_params(pattern))))

    walk(get_resolver(), "", None)
    return found


def _params(pattern: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", pattern) + re.findall(r"\(\?P<(\w+)>", pattern)


def api_routes() -> list[ApiRoute]:
    """Every operation of the NinjaAPI, found by walking its routers."""
    found: list[ApiRoute] = []

    def walk(router: Any, prefix: str) -> None:
        for path, path_view in router.path_operations.items():
            full = (prefix + path).replace("//", "/")
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append(ApiRoute(method, full, tuple(re.findall(r"\{(\w+)\}", full)), operation))
        for sub_prefix, sub in getattr(router, "_routers", []):
            walk(sub, prefix + sub_prefix)

    for prefix, router in api._routers:
        walk(router, "/" + prefix.strip("/") if prefix.strip("/") else "")
    return found


def api_path_view(callback: Callable[..., Any]) -> Any | None:
    """The ninja PathView behind a resolver entry of the API, if it is one."""
    return inspect.getclosurevars(callback).nonlocals.get("self") if callable(callback) else None


# --- how to fill in URL parameters from the demo world ----------------------------------------------------------


def first_pk(model: type[Model], **filters: Any) -> int:
    obj = model._default_manager.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo data has no {model.__name__} with {filters}: add one in the sweep's world"
    return int(obj.pk)


@dataclass
class World:
    """The demo data (both plans, every app's demo module) plus the few things the demo has no example of."""

    plan: Any
    other_plan: Any
    users: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    def pk(self, dotted: str, **filters: Any) -> int:
        from django.apps import apps

        return first_pk(apps.get_model(dotted), **filters)


K = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Page:
    kind: str
    kwargs: K | None = None  # besides plan_pk, which is always the demo plan
    writers: frozenset[str] = frozenset()  # read-only demo roles that may nevertheless write here
    note: str = ""
    query: tuple[str, ...] = ()  # parameters the view reads from the query string
    posted: tuple[str, ...] = ()  # parameters the view reads by hand from the posted form (`*`: any suffix)
    ignored: frozenset[str] = frozenset()  # of those, the ones where a bad value is ignored (the same answer)
    wildcard: Callable[[World], str] | None = None  # what `*` in a posted name stands for in the sweep


def P(
    kind: str,
    kwargs: K | None = None,
    *,
    writers: tuple[str, ...] = (),
    note: str = "",
    query: tuple[str, ...] = (),
    posted: tuple[str, ...] = (),
    ignored: tuple[str, ...] = (),
    wildcard: Callable[[World], str] | None = None,
) -> Page:
    return Page(kind, kwargs, frozenset(writers), note, query, posted, frozenset(ignored), wildcard)


class _Next(TypedDict):
    posted: tuple[str, ...]
    ignored: tuple[str, ...]


# A redirect target after a posted action: a bad one is ignored (the action is done; the default page follows).
NEXT: _Next = {"posted": ("next",), "ignored": ("next",)}


def _meeting(w: World) -> int:
    """A board meeting of the demo plan that has minutes, items and action items."""
    return w.pk("meetings.Meeting", plan=w.plan, minutes__isnull=False, items__isnull=False)


def _item(w: World) -> dict[str, int]:
    meeting = _meeting(w)
    return {"pk": meeting, "item_pk": w.pk("meetings.AgendaItem", meeting_id=meeting)}


def _prioritisation(w: World) -> dict[str, int]:
    """The demo's prioritisation item whose decided reallocation is in the budget."""
    item = w.pk("meetings.AgendaItem", meeting__plan=w.plan, kind="prioritisation", reallocations__isnull=False)
    return {"pk": w.pk("meetings.Meeting", items=item), "item_pk": item}


def _reallocation(w: World) -> dict[str, int]:
    found = _prioritisation(w)
    return {**found, "move_pk": w.pk("meetings.Reallocation", item_id=found["item_pk"])}


def _version(w: World) -> int:
    from entydig.goals.models import AgreementVersion

    v = AgreementVersion.objects.filter(agreement__plan=w.plan).order_by("number").first()
    assert v is not None, "the demo plan has no approved agreement version"
    return int(v.number)


def _sub_version(w: World) -> dict[str, int]:
    from entydig.goals.models import AgreementVersion

    v = AgreementVersion.objects.filter(sub_agreement__plan=w.plan).order_by("pk").first()
    assert v is not None, "the demo plan has no approved sub-agreement version"
    assert v.sub_agreement_id is not None  # a sub-agreement's version, as filtered
    return {"pk": int(v.sub_agreement_id), "number": int(v.number)}


def _quarter(w: World) -> str:
    from entydig.reports.models import PixiPublication

    p = PixiPublication.objects.filter(plan=w.plan).order_by("-pk").first()
    assert p is not None, "the demo plan has no published pixi report"
    return str(p.quarter)


def _person_only_in_plan(w: World) -> int:
    """Lone Brix: sits only in a steering group of the demo plan, so the other plan's users cannot see her."""
    return w.pk("organisation.Person", name="Lone Brix")


PAGES: dict[str, Page] = {
    # core and accounts
    "home": P(USER),
    # portfolios: seen by their readers and by whoever reads one of their plans, showing only the plans they read
    "portfolio:list": P(USER),
    "portfolio:detail": P(
        USER, lambda w: {"pk": w.pk("portfolio.Portfolio")}, query=("format", "sort", "dir", "show", "q")
    ),
    "portfolio:pixi": P(USER, lambda w: {"pk": w.pk("portfolio.Portfolio")}, query=("quarter",)),
    "portfolio:pixi_pdf": P(USER, lambda w: {"pk": w.pk("portfolio.Portfolio")}, query=("quarter",)),
    "portfolio:compare": P(USER, lambda w: {"pk": w.pk("portfolio.Portfolio")}, query=("indicator",)),
    "about": P(USER),
    "healthz": P(PUBLIC, note="load balancers' health check; says only 'ok'"),
    "favicon": P(PUBLIC, note="a redirect to the static icon; says nothing about the plans"),
    "login": P(PUBLIC, note="the login page"),
    "logout": P(PUBLIC, note="logging out ends one's own session only"),
    "profile": P(USER),
    "token_revoke": P(USER, lambda w: {"pk": w.extra["token_pk"]}, note="the secretariat user's token"),
    "set_language": P(PUBLIC, note="Django's language switch; changes only the visitor's own cookie"),
    "api:openapi-json": P(USER, note="the API schema, for logged-in users and token holders"),
    "api:openapi-view": P(USER, note="the interactive API docs, for logged-in users"),
    "api:api-root": P(PUBLIC, note="django-ninja's root: an empty 404, nothing behind it"),
    # organisation
    "organisation:plan_create": P(USER, note="any secretariat may create a plan; others get 403 (organisation tests)"),
    "organisation:plan": P(READ),
    "organisation:plan_edit": P(FORM),
    "organisation:chart": P(READ),
    "organisation:log": P(READ, query=("side",), ignored=("side",), note="Django's paginator: a bad page is page 1"),
    "organisation:area_create": P(FORM),
    "organisation:area_edit": P(FORM, lambda w: {"pk": w.pk("organisation.Area", plan=w.plan)}),
    "organisation:area_delete": P(
        ACTION, lambda w: {"pk": w.pk("organisation.Area", plan=w.plan)}, posted=("next",), ignored=("next",)
    ),
    "organisation:organisations": P(READ),
    "organisation:organisation_create": P(FORM),
    "organisation:organisation_edit": P(
        FORM, lambda w: {"pk": w.pk("organisation.Organisation", name="Nordparkskolen")}
    ),
    "organisation:body_create": P(FORM),
    "organisation:body": P(READ, lambda w: {"pk": w.pk("organisation.Body", plan=w.plan, kind="steering_group")}),
    "organisation:body_edit": P(FORM, lambda w: {"pk": w.pk("organisation.Body", plan=w.plan, kind="steering_group")}),
    "organisation:body_delete": P(
        ACTION,
        lambda w: {"pk": w.pk("organisation.Body", plan=w.plan, kind="steering_group")},
        posted=("next",),
        ignored=("next",),
    ),
    "organisation:membership_create": P(
        FORM, lambda w: {"body_pk": w.pk("organisation.Body", plan=w.plan, kind="board")}
    ),
    "organisation:membership_edit": P(FORM, lambda w: _membership(w)),
    "organisation:membership_end": P(FORM, lambda w: _membership(w)),
    "organisation:membership_delete": P(ACTION, lambda w: _membership(w), posted=("next",), ignored=("next",)),
    "organisation:activity_create": P(FORM, query=("group",)),
    "organisation:activity": P(READ, lambda w: {"pk": w.pk("organisation.Activity", plan=w.plan)}),
    "organisation:activity_edit": P(FORM, lambda w: {"pk": w.pk("organisation.Activity", plan=w.plan)}),
    "organisation:activity_delete": P(
        ACTION, lambda w: {"pk": w.pk("organisation.Activity", plan=w.plan)}, posted=("next",), ignored=("next",)
    ),
    "organisation:person": P(READ, lambda w: {"pk": _person_only_in_plan(w)}),
    "organisation:person_edit": P(FORM, lambda w: {"pk": _person_only_in_plan(w)}),
    # goals
    "goals:dashboard": P(READ),
    "goals:goal_new": P(FORM, query=("sub_agreement", "level"), posted=("sub_agreement", "next"), ignored=("next",)),
    "goals:goal_edit": P(FORM, lambda w: {"pk": w.pk("goals.Goal", plan=w.plan)}, **NEXT),
    "goals:goal_delete": P(ACTION, lambda w: {"pk": w.pk("goals.Goal", plan=w.plan)}, **NEXT),
    "goals:goal_move": P(
        ACTION, lambda w: {"pk": w.pk("goals.Goal", plan=w.plan)}, posted=("direction", "next"), ignored=("next",)
    ),
    "goals:checks": P(READ),
    "goals:checks_partial": P(READ),
    "goals:ownership": P(READ),
    "goals:agreement": P(READ),
    "goals:agreement_edit": P(FORM),
    "goals:agreement_approve": P(ACTION),
    "goals:goal_editor_partial": P(READ),
    "goals:agreement_versions": P(READ),
    "goals:agreement_version": P(READ, lambda w: {"number": _version(w)}),
    "goals:agreement_diff": P(READ, query=("a", "b")),
    "goals:sub_agreements_export": P(READ, lambda w: {"fmt": "pdf"}),
    "goals:sub_agreement_new": P(FORM),
    "goals:sub_agreement": P(READ, lambda w: {"pk": w.pk("goals.SubAgreement", plan=w.plan)}),
    "goals:sub_agreement_edit": P(FORM, lambda w: {"pk": w.pk("goals.SubAgreement", plan=w.plan)}),
    "goals:sub_agreement_approve": P(ACTION, lambda w: {"pk": w.pk("goals.SubAgreement", plan=w.plan)}),
    "goals:sub_goal_editor_partial": P(READ, lambda w: {"pk": w.pk("goals.SubAgreement", plan=w.plan)}),
    "goals:sub_agreement_versions": P(READ, lambda w: {"pk": w.pk("goals.SubAgreement", plan=w.plan)}),
    "goals:sub_agreement_version": P(READ, _sub_version),
    "goals:sub_agreement_diff": P(READ, lambda w: {"pk": w.pk("goals.SubAgreement", plan=w.plan)}, query=("a", "b")),
    # monitoring
    "monitoring:indicators": P(READ, query=("format",)),
    "monitoring:indicator_create": P(FORM),
    "monitoring:catalogue": P(READ),
    "monitoring:indicator_adopt": P(ACTION, lambda w: {"code": _not_adopted(w)}),
    "monitoring:indicator": P(READ, lambda w: {"pk": w.pk("monitoring.Indicator", plan=w.plan)}, query=("format",)),
    "monitoring:indicator_edit": P(FORM, lambda w: {"pk": w.pk("monitoring.Indicator", plan=w.plan)}),
    "monitoring:indicator_delete": P(ACTION, lambda w: {"pk": w.pk("monitoring.Indicator", plan=w.plan)}),
    "monitoring:indicator_compare": P(
        READ, lambda w: {"pk": w.pk("monitoring.Indicator", plan=w.plan)}, query=("format",)
    ),
    "monitoring:measurement_create": P(FORM, lambda w: {"pk": w.pk("monitoring.Indicator", plan=w.plan)}),
    "monitoring:measurement_edit": P(FORM, lambda w: _measurement(w), posted=("delete",)),
    "monitoring:import": P(
        FORM,
        posted=("confirm", "token"),
        ignored=("confirm", "token"),
        note="confirming without a previewed file (or with another token) shows the upload form again",
    ),
    # reports
    "reports:collection": P(READ, query=("quarter",)),
    "reports:collection_update": P(ACTION, lambda w: {"quarter": _quarter(w)}),
    "reports:remind": P(ACTION, lambda w: {"quarter": _quarter(w)}),
    "reports:quarter_pdf": P(READ, lambda w: {"quarter": _quarter(w)}),
    "reports:report": P(
        FORM,
        lambda w: {"quarter": _quarter(w), "activity_pk": w.pk("organisation.Activity", plan=w.plan)},
        posted=("action",),
    ),
    "reports:review": P(
        ACTION, lambda w: {"pk": w.pk("reports.ProgressReport", activity__plan=w.plan)}, posted=("action",)
    ),
    "reports:outputs": P(FORM, lambda w: {"activity_pk": w.pk("organisation.Activity", plan=w.plan)}),
    "reports:output_delete": P(ACTION, lambda w: _output(w)),
    "reports:pixi": P(READ, query=("quarter", "version", "live")),
    "reports:pixi_pdf": P(READ, query=("quarter", "version", "live")),
    "reports:pixi_edit": P(ACTION, lambda w: {"quarter": _quarter(w)}),
    "reports:pixi_publish": P(ACTION, lambda w: {"quarter": _quarter(w)}),
    "reports:pixi_attach": P(ACTION, lambda w: {"quarter": _quarter(w)}, posted=("meeting",)),
    "reports:board_pack": P(READ, lambda w: {"pk": _meeting(w)}),
    # money (budget)
    "budget:budget": P(READ, query=("version", "format")),
    "budget:edit": P(FORM),
    "budget:check": P(READ, note="the editor's live co-financing check (htmx): computes, stores nothing; secretariat"),
    "budget:line_add": P(ACTION),
    "budget:approve": P(ACTION),
    "budget:sent": P(ACTION),
    "budget:discard": P(ACTION),
    "budget:versions": P(READ),
    "budget:compare": P(READ, query=("a", "b")),
    "budget:numbers": P(FORM),
    "budget:finance": P(READ, query=("year", "format")),
    "budget:forecast": P(FORM, lambda w: _forecast(w)),
    "budget:actuals": P(FORM, query=("year",)),
    "budget:import": P(
        FORM,
        posted=("confirm", "token"),
        ignored=("confirm", "token"),
        note="confirming without a previewed file (or with another token) shows the upload form again",
    ),
    # meetings
    "meetings:annual_plan": P(READ, query=("year",)),
    "meetings:meeting_new": P(FORM),
    "meetings:deadlines": P(READ),
    "meetings:settings": P(FORM),
    "meetings:feed_create": P(
        ACTION, writers=("laeser", "bestyrelse"), note="anyone in the plan gets a feed", posted=("body", "renew")
    ),
    "meetings:meeting": P(READ, lambda w: {"pk": _meeting(w)}),
    "meetings:meeting_edit": P(FORM, lambda w: {"pk": _meeting(w)}),
    "meetings:guest_add": P(ACTION, lambda w: {"pk": _meeting(w)}),
    "meetings:attendance": P(
        ACTION,
        lambda w: {"pk": _meeting(w)},
        posted=("attendance_*",),
        wildcard=lambda w: str(_attendee(w)),
        note="attendance_<person id> per member and guest",
    ),
    "meetings:item_new": P(FORM, lambda w: {"pk": _meeting(w)}),
    "meetings:item_edit": P(FORM, _item),
    "meetings:item_delete": P(ACTION, _item),
    "meetings:attachment_upload": P(ACTION, _item),
    "meetings:reallocation_add": P(ACTION, lambda w: _prioritisation(w)),
    "meetings:reallocation_delete": P(ACTION, lambda w: _reallocation(w)),
    "meetings:suggestion_add": P(ACTION, lambda w: {"pk": _meeting(w)}, posted=("key",)),
    "meetings:dispatch": P(ACTION, lambda w: {"pk": _meeting(w)}),
    "meetings:agenda_file": P(READ, lambda w: {"pk": _meeting(w), "fmt": "pdf"}, query=("version",)),
    "meetings:minutes": P(FORM, lambda w: {"pk": _meeting(w)}),
    "meetings:minutes_file": P(READ, lambda w: {"pk": _meeting(w), "fmt": "docx"}),
    "meetings:minutes_approve": P(ACTION, lambda w: {"pk": _meeting(w)}),
    "meetings:minutes_amend": P(ACTION, lambda w: {"pk": _meeting(w)}),
    "meetings:action_new": P(ACTION, lambda w: {"pk": _meeting(w)}),
    "meetings:attachment": P(READ, lambda w: {"pk": w.extra["attachment_pk"]}),
    "meetings:attachment_delete": P(ACTION, lambda w: {"pk": w.extra["attachment_pk"]}),
    "meetings:follow_up": P(READ, query=("by",)),
    "meetings:action_update": P(ACTION, lambda w: {"pk": w.pk("meetings.ActionItem", plan=w.plan)}, **NEXT),
    "meetings:my_tasks": P(USER),
    "meetings:feed": P(
        PUBLIC,
        lambda w: {"token": w.extra["feed_token"]},
        note="iCalendar feed behind a secret, revocable URL (calendar apps cannot log in); wrong tokens get 404",
    ),
}


def _attendee(w: World) -> int:
    """A member of the body of the meeting `_meeting` gives."""
    from entydig.meetings.models import Meeting
    from entydig.organisation.models import Membership

    meeting = Meeting.objects.get(pk=_meeting(w))
    return int(Membership.objects.filter(body_id=meeting.body_id).order_by("pk").values_list("person_id", flat=True)[0])


def _membership(w: World) -> dict[str, int]:
    body = w.pk("organisation.Body", plan=w.plan, kind="board")
    return {"body_pk": body, "pk": w.pk("organisation.Membership", body_id=body)}


def _measurement(w: World) -> dict[str, int]:
    indicator = w.pk("monitoring.Indicator", plan=w.plan, measurements__isnull=False)
    return {"pk": indicator, "measurement_pk": w.pk("monitoring.Measurement", indicator_id=indicator)}


def _not_adopted(w: World) -> str:
    """A catalogue indicator the demo plan has not taken in use."""
    from entydig.catalogue.models import CatalogueIndicator

    entry = CatalogueIndicator.objects.filter(active=True).exclude(plan_indicators__plan=w.plan).order_by("pk").first()
    assert entry is not None, "the demo plan has taken every catalogue indicator in use"
    return entry.code


def _forecast(w: World) -> dict[str, int]:
    """An activity's post of the demo plan, in the year of the accounts."""
    from entydig.budget.finance import default_year

    return {"year": default_year(w.plan), "post_pk": w.pk("budget.BudgetPost", plan=w.plan, activity__isnull=False)}


def _budget_line(w: World) -> dict[str, Any]:
    from entydig.budget.selectors import newest_version

    version = newest_version(w.plan)
    assert version is not None, "the demo plan has no budget"
    line = version.lines.order_by("pk").first()
    assert line is not None
    return {"lines": [{"id": line.pk, "amount": str(line.amount)}]}


def _output(w: World) -> dict[str, int]:
    activity = w.pk("organisation.Activity", plan=w.plan, output_measures__isnull=False)
    return {"activity_pk": activity, "pk": w.pk("reports.OutputMeasure", activity_id=activity)}


# The API: path parameters by name, and the operations where a read-only demo role may write.
API_PARAMS: dict[str, Callable[[World], int | str]] = {
    "plan_id": lambda w: int(w.plan.pk),
    "body_id": lambda w: w.pk("organisation.Body", plan=w.plan, kind="board"),
    "person_id": _person_only_in_plan,
    "activity_id": lambda w: w.pk("organisation.Activity", plan=w.plan),
    "indicator_id": lambda w: w.pk("monitoring.Indicator", plan=w.plan),
    "meeting_id": _meeting,
    "item_id": lambda w: _item(w)["item_pk"],
    "action_id": lambda w: w.pk("meetings.ActionItem", plan=w.plan),
    "reallocation_id": lambda w: _reallocation(w)["move_pk"],
    "area_id": lambda w: w.pk("organisation.Area", plan=w.plan),
    "code": lambda w: "beskaeftigede-18-64",
    "portfolio_id": lambda w: w.pk("portfolio.Portfolio"),
}
API: dict[str, frozenset[str]] = {
    "GET /plans": frozenset(),
    "GET /portfolios": frozenset(),
    "GET /portfolios/{portfolio_id}": frozenset(),
    "GET /portfolios/{portfolio_id}/compare": frozenset(),
    "GET /plans/{plan_id}": frozenset(),
    "GET /plans/{plan_id}/bodies": frozenset(),
    "POST /plans/{plan_id}/bodies": frozenset(),
    "GET /bodies/{body_id}/members": frozenset(),
    "GET /plans/{plan_id}/activities": frozenset(),
    "POST /plans/{plan_id}/activities": frozenset(),
    "GET /organisations": frozenset(),
    "GET /persons/{person_id}": frozenset(),
    "GET /activities/{activity_id}/progress-reports": frozenset(),
    "POST /activities/{activity_id}/progress-reports": frozenset(),
    "GET /plans/{plan_id}/progress": frozenset(),
    "GET /plans/{plan_id}/pixi": frozenset(),
    "GET /plans/{plan_id}/pixi.pdf": frozenset(),
    "POST /plans/{plan_id}/pixi/publish": frozenset(),
    "GET /meetings/{meeting_id}/board-pack.pdf": frozenset(),
    "GET /plans/{plan_id}/advice": frozenset(),
    "GET /plans/{plan_id}/goals": frozenset(),
    "GET /plans/{plan_id}/status": frozenset(),
    "GET /plans/{plan_id}/goal-checks": frozenset(),
    "GET /plans/{plan_id}/indicators": frozenset(),
    "GET /indicators/{indicator_id}": frozenset(),
    "GET /indicators/{indicator_id}/measurements": frozenset(),
    "POST /indicators/{indicator_id}/measurements": frozenset(),
    "GET /plans/{plan_id}/areas": frozenset(),
    "GET /areas/{area_id}/list-status": frozenset(),
    "POST /plans/{plan_id}/measurements/import": frozenset(),
    "GET /plans/{plan_id}/meetings": frozenset(),
    "POST /plans/{plan_id}/meetings": frozenset(),
    "GET /meetings/{meeting_id}": frozenset(),
    "GET /meetings/{meeting_id}/agenda-items": frozenset(),
    "POST /meetings/{meeting_id}/agenda-items": frozenset(),
    "PATCH /meetings/{meeting_id}/agenda-items/{item_id}": frozenset(),
    "GET /meetings/{meeting_id}/agenda-items/{item_id}/reallocations": frozenset(),
    "POST /meetings/{meeting_id}/agenda-items/{item_id}/reallocations": frozenset(),
    "DELETE /meetings/{meeting_id}/agenda-items/{item_id}/reallocations/{reallocation_id}": frozenset(),
    "GET /meetings/{meeting_id}/suggestions": frozenset(),
    "POST /meetings/{meeting_id}/dispatch": frozenset(),
    "GET /meetings/{meeting_id}/minutes": frozenset(),
    "POST /meetings/{meeting_id}/minutes": frozenset(),
    "POST /meetings/{meeting_id}/minutes/approve": frozenset(),
    "GET /action-items/{action_id}": frozenset(),
    "PATCH /action-items/{action_id}": frozenset(),
    "GET /plans/{plan_id}/action-items": frozenset(),
    "GET /calendar/deadline": frozenset(),
    "GET /plans/{plan_id}/budget": frozenset(),
    "POST /plans/{plan_id}/budget/lines": frozenset(),
    "PATCH /plans/{plan_id}/budget/lines": frozenset(),
    "POST /plans/{plan_id}/budget/approve": frozenset(),
    "POST /plans/{plan_id}/budget/sent": frozenset(),
    "GET /plans/{plan_id}/finance": frozenset(),
    "POST /plans/{plan_id}/actuals/import": frozenset(),
    "GET /catalogue/indicators": frozenset(),
    "GET /catalogue/indicators/{code}": frozenset(),
    "POST /lists/classify": frozenset({"laeser", "bestyrelse"}),  # a calculator: reads and writes nothing
}
# Values the schema cannot express (the service checks them), so that a write reaches its access check.
API_BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "POST /plans/{plan_id}/activities": lambda w: {
        "steering_group_id": w.pk("organisation.Body", plan=w.plan, kind="steering_group")
    },
    "POST /plans/{plan_id}/bodies": lambda w: {"kind": "steering_group"},
    "POST /activities/{activity_id}/progress-reports": lambda w: {"quarter": _quarter(w)},
    "POST /plans/{plan_id}/pixi/publish": lambda w: {"quarter": _quarter(w)},
    "POST /plans/{plan_id}/budget/lines": lambda w: {
        "lines": [
            {
                "activity_id": w.pk("organisation.Activity", plan=w.plan),
                "year": w.plan.period_start.year,
                "funder": "lbf",
                "cost_type": "løn",
                "amount": "1000.00",
            }
        ]
    },
    "PATCH /plans/{plan_id}/budget/lines": _budget_line,
    "POST /meetings/{meeting_id}/agenda-items/{item_id}/reallocations": lambda w: {
        "from_activity_id": w.pk("organisation.Activity", plan=w.plan),
        "to_activity_id": w.pk("organisation.Activity", plan=w.plan, name="Forældrenetværk"),
        "year": w.plan.period_end.year,
        "funder": "lbf",
        "amount": "1000.00",
    },
    "POST /plans/{plan_id}/meetings": lambda w: {
        "kind": "ordinary",
        "body_id": w.pk("organisation.Body", plan=w.plan, kind="board"),
    },
    "POST /lists/classify": lambda w: {"ruleset": "2021", "list_year": 2024, "residents": 1500, "history": []},
}
# API operations that belong to no plan (the user's own lists, a calculator): outsiders get 200 without plan data.
API_USER = {
    "GET /plans",
    "GET /portfolios",  # only portfolios the caller reads or reads a plan of
    "GET /portfolios/{portfolio_id}",  # only the plans the caller may read
    "GET /portfolios/{portfolio_id}/compare",  # only the plans the caller may read
    "GET /organisations",
    "GET /calendar/deadline",
    "GET /catalogue/indicators",
    "GET /catalogue/indicators/{code}",
    "POST /lists/classify",
}
