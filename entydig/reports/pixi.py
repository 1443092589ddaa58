"""The quarterly pixi report: assembled from goals, indicators, progress reports and meetings as plain data.

`pixi_build(plan, quarter)` returns a JSON-friendly dict; the page, the PDF and the API render it, and
publishing stores it (with the charts as SVG) so a published report never changes afterwards.
Every figure carries the address of its source so the HTML version can link to it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entydig.core.quarters import Quarter
from entydig.goals.models import Goal
from entydig.goals.selectors import GoalView, goal_views, target_changes
from entydig.meetings.models import ActionItem, AgendaItem, Meeting
from entydig.meetings.suggestions import Suggestion, Topic, next_board_meeting
from entydig.meetings.suggestions import sources as suggestion_sources
from entydig.monitoring.charts import spec_to_svg
from entydig.monitoring.selectors import IndicatorFigures, indicator_figures
from entydig.organisation.models import Body, Plan
from entydig.reports import selectors
from entydig.reports.economy import economy_section
from entydig.reports.models import PixiDraft, PixiPublication

# The agenda item a published report is attached under is marked with this key and the quarter (`pixi:2026Q3`).
PIXI_ITEM_KEY = "pixi:"


def pixi_item_key(quarter: str) -> str:
    return PIXI_ITEM_KEY + quarter


# Goals and their key indicators ----------------------------------------------------------------------------------


def _key_indicator(view: GoalView, figures: dict[int, IndicatorFigures]) -> IndicatorFigures | None:
    """The indicator that drives the goal's status; else the goal's own first; else a sub-goal's first."""
    for pk in view.rollup.driving:
        if pk in figures:
            return figures[pk]
    own = list(view.goal.indicators.all())
    if own:
        return figures.get(own[0].pk)
    for sub in view.goal.sub_goals.all():
        subs = list(sub.indicators.all())
        if subs:
            return figures.get(subs[0].pk)
    return None


def _indicator(plan: Plan, key: IndicatorFigures) -> dict[str, Any]:
    status = key.status
    return {
        "id": key.indicator.pk,
        "code": key.indicator.code,
        "name": key.indicator.name,
        "latest": key.latest,
        "latest_period": key.latest_period,
        # Raw figures for comparing versions; the formatted ones depend on the language.
        "latest_value": str(status.latest_value) if status.latest_value is not None else None,
        "latest_period_code": status.latest_period,
        "target": key.target,
        "target_period": key.target_period,
        "projection": key.projection,
        "status": status.status,
        "url": reverse("monitoring:indicator", args=[plan.pk, key.indicator.pk]),
    }


def _goals(plan: Plan, quarter: Quarter, draft: PixiDraft | None) -> list[dict[str, Any]]:
    """Each strategic goal as it stood at the quarter's end: its status, its key indicator and a chart of it."""
    figures = indicator_figures(plan, as_of=quarter.end)
    statuses = {pk: f.status for pk, f in figures.items()}
    overrides = draft.goal_reasons if draft else {}
    out = []
    for view in goal_views(plan, statuses=statuses):
        rollup = view.rollup
        key = _key_indicator(view, figures)
        status = key.status if key is not None else None
        auto_reason = rollup.reason
        if status is not None and status.reason:
            auto_reason = f"{status.reason}." if not status.reason.endswith(".") else status.reason
            if len(rollup.driving) > 1 or (rollup.counts and sum(rollup.counts.values()) > 1):
                auto_reason = rollup.reason
        out.append(
            {
                "id": view.goal.pk,
                "title": view.goal.title,
                "status": rollup.status.value,
                "status_label": str(rollup.status.label),
                "reason_auto": auto_reason,
                "reason": overrides.get(str(view.goal.pk)) or auto_reason,
                "indicator": _indicator(plan, key) if key is not None else None,
                "chart": key.chart if key is not None else None,
                "url": reverse("goals:dashboard", args=[plan.pk]) + f"#goal-{view.goal.pk}",
            }
        )
    return out


# Activities at a glance ------------------------------------------------------------------------------------------


def _activities(plan: Plan, quarter: Quarter) -> dict[str, Any]:
    _coll, rows = selectors.collection(plan, quarter)
    counts = {"green": 0, "yellow": 0, "red": 0, "missing": 0}
    items = []
    for row in rows:
        rag = row.report.rag if row.has_reported and row.report else "missing"
        counts[rag] += 1
        items.append(
            {
                "id": row.activity.pk,
                "name": row.activity.name,
                "rag": rag,
                "reason": row.report.rag_reason if row.has_reported and row.report else "",
                "responsible": row.activity.responsible.name if row.activity.responsible else "",
                "url": reverse("reports:report", args=[plan.pk, str(quarter), row.activity.pk]),
            }
        )
    return {"total": len(rows), "counts": counts, "items": items}


# What the board must act on --------------------------------------------------------------------------------------


def _board(plan: Plan, today: dt.date, goals: list[dict[str, Any]], activities: dict[str, Any]) -> dict[str, Any]:
    """Meetings' suggested decision items, kept short: one per goal family, with the pixi report's own reasons.

    Overdue action items are listed in their own table, so their suggestions are not repeated; a sub-goal's
    suggestion is left out when its strategic goal is already suggested; red activities are the report's own
    quarter's, not the latest reports' (the meetings engine's).
    """
    meeting = next_board_meeting(plan)
    board = plan.bodies.filter(kind=Body.Kind.BOARD).first()
    probe = meeting or (Meeting(plan=plan, body=board) if board else None)
    found: list[Suggestion] = []
    if probe is not None:
        for source in suggestion_sources():
            found.extend(
                s
                for s in source(probe, today)
                if s.kind in AgendaItem.DECISION_KINDS and s.topic not in (Topic.OVERDUE, Topic.RED_ACTIVITY)
            )
    goal_reasons = {g["id"]: g["reason"] for g in goals}
    red = [a for a in activities["items"] if a["rag"] == "red"]
    parents = dict(Goal.objects.filter(plan=plan, level=Goal.Level.SUB).values_list("pk", "parent_id"))
    suggested_goals = {s.subject_id for s in found if s.topic is Topic.GOAL}
    url = (
        reverse("meetings:meeting", args=[plan.pk, meeting.pk])
        if meeting
        else reverse("meetings:annual_plan", args=[plan.pk])
    )
    suggestions = []
    for s in found:
        reason = None
        if s.topic is Topic.GOAL:
            if parents.get(s.subject_id) in suggested_goals:
                continue
            reason = goal_reasons.get(s.subject_id)
        suggestions.append(
            {
                "key": s.key,
                "kind": s.kind,
                "kind_label": s.kind_label,
                "title": s.title,
                "reason": reason or _first_sentences(s.reason),
                "url": url,
            }
        )
    for a in red:
        suggestions.append(
            {
                "key": f"{Topic.RED_ACTIVITY.value}:{a['id']}",
                "kind": AgendaItem.Kind.COOPERATION.value,
                "kind_label": str(AgendaItem.Kind.COOPERATION.label),
                "title": _("Samarbejdsspørgsmål: %(activity)s er rød") % {"activity": a["name"]},
                "reason": _("Fremdriftsrapporten melder rød: %(reason)s.") % {"reason": a["reason"]},
                "url": url,
            }
        )
    overdue = [
        {
            "id": a.pk,
            "title": a.title,
            "responsible": a.responsible.name,
            "due": a.due.isoformat(),
            "days_over": (today - a.due).days,
            "url": reverse("meetings:follow_up", args=[plan.pk]) + f"#action-{a.pk}",
        }
        for a in ActionItem.objects.filter(plan=plan, status=ActionItem.Status.OPEN, due__lt=today)
        .select_related("responsible")
        .order_by("due")
    ]
    return {
        "meeting": {
            "id": meeting.pk,
            "title": str(meeting),
            "start": timezone.localtime(meeting.start).date().isoformat(),
            "start_label": timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
            "url": reverse("meetings:meeting", args=[plan.pk, meeting.pk]),
        }
        if meeting
        else None,
        "suggestions": suggestions,
        "overdue": overdue,
    }


def _first_sentences(text: str, n: int = 1) -> str:
    """The first sentence(s); a full stop after a digit ("4. kvartal") does not end a sentence."""
    parts = re.split(r"(?<=[^\d\s])\. ", text)
    return ". ".join(parts[:n]).rstrip(".") + "."


# Changes since the previous pixi report --------------------------------------------------------------------------


def previous_publication(plan: Plan, quarter: Quarter) -> PixiPublication | None:
    return PixiPublication.objects.filter(plan=plan, quarter__lt=str(quarter)).order_by("-quarter", "-version").first()


def _measured(indicator: dict[str, Any] | None, *, raw: bool = True) -> tuple[Any, ...]:
    if not indicator:
        return (None, None, None)
    if not raw:
        return (indicator.get("id"), indicator.get("latest"), indicator.get("latest_period"))
    return (indicator.get("id"), indicator.get("latest_value"), indicator.get("latest_period_code"))


def _new_measurement(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    # Reports published before raw figures were stored are compared on their formatted figures.
    raw = bool(old) and "latest_value" in (old or {})
    return _measured(old, raw=raw) != _measured(new, raw=raw)


def _changes(content: dict[str, Any], previous: PixiPublication | None) -> dict[str, Any]:
    if previous is None:
        return {"previous": None, "items": []}
    before = previous.content
    items: list[str] = []
    old_goals = {g["id"]: g for g in before.get("goals", [])}
    for g in content["goals"]:
        old = old_goals.get(g["id"])
        if old is None:
            items.append(_("Nyt mål: %(goal)s") % {"goal": g["title"]})
        elif old["status"] != g["status"]:
            items.append(
                _("%(goal)s: fra %(old)s til %(new)s")
                % {"goal": g["title"], "old": old["status_label"].lower(), "new": g["status_label"].lower()}
            )
        elif g.get("indicator") and _new_measurement(old.get("indicator"), g["indicator"]):
            ind = g["indicator"]
            items.append(
                _("Ny måling af %(name)s: %(value)s (%(period)s)")
                % {"name": ind["name"], "value": ind["latest"], "period": ind["latest_period"]}
            )
    old_acts = {a["id"]: a["rag"] for a in before.get("activities", {}).get("items", [])}
    rag_words = {"green": _("grøn"), "yellow": _("gul"), "red": _("rød"), "missing": _("ikke rapporteret")}
    for a in content["activities"]["items"]:
        old_rag = old_acts.get(a["id"])
        if old_rag and old_rag != a["rag"]:
            items.append(
                _("%(name)s: fra %(old)s til %(new)s")
                % {"name": a["name"], "old": rag_words[old_rag], "new": rag_words[a["rag"]]}
            )
    old_overdue = len(before.get("board", {}).get("overdue", []))
    new_overdue = len(content["board"]["overdue"])
    if old_overdue != new_overdue:
        items.append(
            _("Handlingspunkter over fristen: %(old)s før, %(new)s nu") % {"old": old_overdue, "new": new_overdue}
        )
    return {
        "previous": {
            "quarter": previous.quarter,
            "quarter_label": Quarter.parse(previous.quarter).label,
            "version": previous.version,
            "published_at": previous.published_at.date().isoformat(),
        },
        "items": items,
    }


# The headline --------------------------------------------------------------------------------------------------------


def draft_sentences(content: dict[str, Any]) -> list[str]:
    """Three to five sentences written from the figures, offered to the secretariat as a start."""
    sentences = []
    goals = content["goals"]
    if goals:
        good = sum(1 for g in goals if g["status"] in ("achieved", "on_track"))
        bad = [g for g in goals if g["status"] in ("off_track", "at_risk")]
        sentences.append(
            _(
                "I %(q)s er %(good)s af %(n)s overordnede mål nået eller på vej, "
                "og %(bad)s er i risiko eller ikke på vej."
            )
            % {"q": content["quarter_label"], "good": good, "n": len(goals), "bad": len(bad)}
        )
        worst = next((g for g in goals if g["status"] == "off_track"), None) or (bad[0] if bad else None)
        if worst is not None:
            sentences.append(
                _("Størst bekymring: »%(goal)s« er %(status)s.")
                % {"goal": worst["title"], "status": worst["status_label"].lower()}
            )
    acts = content["activities"]
    c = acts["counts"]
    reported = c["green"] + c["yellow"] + c["red"]
    if acts["total"]:
        sentence = _("%(reported)s af %(total)s indsatser har rapporteret: %(g)s, %(y)s og %(r)s.") % {
            "reported": reported,
            "total": acts["total"],
            "g": ngettext("%(n)s grøn", "%(n)s grønne", c["green"]) % {"n": c["green"]},
            "y": ngettext("%(n)s gul", "%(n)s gule", c["yellow"]) % {"n": c["yellow"]},
            "r": ngettext("%(n)s rød", "%(n)s røde", c["red"]) % {"n": c["red"]},
        }
        reds = [a for a in acts["items"] if a["rag"] == "red"]
        if reds:
            sentence += " " + _("%(name)s er rød: %(reason)s.") % {
                "name": reds[0]["name"],
                "reason": reds[0]["reason"].rstrip(".").lower() if reds[0]["reason"] else "",
            }
        sentences.append(sentence)
    board = content["board"]
    n_sug, n_over = len(board["suggestions"]), len(board["overdue"])
    if n_sug or n_over:
        sentences.append(
            ngettext(
                "Bestyrelsen bedes tage stilling til %(n)d spørgsmål",
                "Bestyrelsen bedes tage stilling til %(n)d spørgsmål",
                n_sug,
            )
            % {"n": n_sug}
            + (
                ngettext(
                    " og følge op på %(m)d handlingspunkt over fristen.",
                    " og følge op på %(m)d handlingspunkter over fristen.",
                    n_over,
                )
                % {"m": n_over}
                if n_over
                else "."
            )
        )
    return sentences[:5]


# Build and publish ---------------------------------------------------------------------------------------------------


def pixi_build(plan: Plan, quarter: Quarter, *, today: dt.date | None = None) -> dict[str, Any]:
    """The pixi report for the quarter as plain data, with the secretariat's draft edits applied."""
    today = today or timezone.localdate()
    draft = PixiDraft.objects.filter(plan=plan, quarter=str(quarter)).first()
    content: dict[str, Any] = {
        "plan": {"id": plan.pk, "name": plan.name},
        "quarter": str(quarter),
        "quarter_label": quarter.label,
        "built_on": today.isoformat(),
        "goals": _goals(plan, quarter, draft),
        "target_changes": target_changes(plan, until=quarter.end),
        "activities": _activities(plan, quarter),
        "board": {},
        "economy": economy_section(plan, quarter),
        "progress_url": reverse("reports:collection", args=[plan.pk]) + f"?quarter={quarter}",
    }
    content["board"] = _board(plan, today, content["goals"], content["activities"])
    content["changes"] = _changes(content, previous_publication(plan, quarter))
    content["headline_draft"] = draft_sentences(content)
    content["headline"] = draft.headline if draft and draft.headline else " ".join(content["headline_draft"])
    content["headline_edited"] = bool(draft and draft.headline)
    return content


def render_charts(content: dict[str, Any]) -> dict[str, str]:
    """Each goal's chart as SVG (vector, for the PDF and the frozen copy)."""
    return {str(g["id"]): spec_to_svg(g["chart"]) for g in content["goals"] if g.get("chart")}
