"""The quarterly pixi report: assembled from goals, indicators, progress reports and meetings as plain data.

`pixi_build(plan, quarter)` returns a JSON-friendly dict; the page, the PDF and the API render it, and
publishing stores it (with the charts as SVG) so a published report never changes afterwards.
Every figure carries the address of its source so the HTML version can link to it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entydig.organisation.models import Body, Plan
from entydig.reports import selectors
from entydig.reports.models import PixiDraft, PixiPublication, ProgressReport
from entydig.reports.quarters import Quarter

CHART_WIDTH = 190
CHART_HEIGHT = 58


# Goals and their key indicators ----------------------------------------------------------------------------------


def _statuses_as_of(plan: Plan, quarter: Quarter) -> tuple[dict[int, Any], dict[int, Any]]:
    """Every indicator of the plan with its status from the measurements up to the quarter's end (three queries)."""
    from entydig.monitoring.models import Indicator, Measurement
    from entydig.monitoring.status import indicator_status
    from entydig.organisation.models import Area

    indicators = {i.pk: i for i in Indicator.objects.filter(plan=plan)}
    if not indicators:
        return {}, {}
    by_indicator: dict[int, list[Any]] = defaultdict(list)
    for m in Measurement.objects.filter(
        indicator__plan=plan, series__in=["plan", "area"], period_start__lte=quarter.end
    ).only("indicator_id", "series", "area_id", "period", "period_start", "value", "n", "suppressed"):
        by_indicator[m.indicator_id].append(m)
    weights = dict(Area.objects.filter(plan=plan).values_list("pk", "residents"))
    statuses = {pk: indicator_status(i, by_indicator[pk], area_weights=weights) for pk, i in indicators.items()}
    return indicators, statuses


def _key_indicator(goal: Any, rollup: Any, indicators: dict[int, Any]) -> Any | None:
    """The indicator that drives the goal's status; else the goal's own first; else a sub-goal's first."""
    for pk in rollup.driving:
        if pk in indicators:
            return indicators[pk]
    own = list(goal.indicators.all())
    if own:
        return indicators.get(own[0].pk, own[0])
    for sub in goal.sub_goals.all():
        subs = list(sub.indicators.all())
        if subs:
            return indicators.get(subs[0].pk, subs[0])
    return None


def _tick_years(points: Any, target_period: str) -> list[dict[str, int]]:
    """Every year on the axis when the span is short, every second (ending with the last) when it is long."""
    from entydig.monitoring.periods import parse_period

    years = [parse_period(p).year for p, _v in points]
    if target_period:
        years.append(parse_period(target_period).year)
    first, last = min(years), max(years)
    step = 1 if last - first < 6 else 2
    return [{"year": y, "month": 7, "date": 1} for y in range(last, first - 1, -step)][::-1]


def pixi_chart_spec(indicator: Any, status: Any) -> dict[str, Any] | None:
    """A small Vega-Lite chart: the trend, the target as a dashed line and the projection towards it."""
    from entydig.monitoring.charts import PALETTE, SCHEMA, TARGET_COLOUR
    from entydig.monitoring.periods import parse_period
    from entydig.monitoring.status import format_value

    if status is None or not status.points:
        return None
    rows = [
        {"date": parse_period(p).middle.isoformat(), "value": float(v), "shown": format_value(v, indicator)}
        for p, v in status.points
    ]
    values: list[float] = [float(v) for _p, v in status.points]
    layers: list[dict[str, Any]] = []
    x: dict[str, Any] = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "axis": {
            "format": "%Y",
            "values": _tick_years(status.points, indicator.target_period),
            "labelOverlap": "greedy",
            "labelFontSize": 8,
            "grid": False,
            "domain": False,
            "ticks": False,
        },
    }
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": None}
    if status.target_value is not None:
        values.append(float(status.target_value))
    projection_rows = []
    if status.projection is not None and indicator.target_period:
        last_period, last_value = status.points[-1]
        projection_rows = [
            {"date": parse_period(last_period).middle.isoformat(), "value": float(last_value)},
            {"date": parse_period(indicator.target_period).middle.isoformat(), "value": float(status.projection)},
        ]
        values.append(float(status.projection))
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
    y["scale"] = {"domain": [low - pad, high + pad], "zero": False}
    y["axis"] = {
        "labelFontSize": 8,
        "tickCount": 3,
        "grid": True,
        "gridColor": "#e5e5e5",
        "domain": False,
        "ticks": False,
    }
    if status.target_value is not None:
        target = {"value": float(status.target_value), "label": _("mål")}
        layers.append(
            {
                "data": {"values": [target]},
                "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [4, 3], "strokeWidth": 1.2},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            }
        )
    if projection_rows:
        layers.append(
            {
                "data": {"values": projection_rows},
                "mark": {"type": "line", "strokeDash": [2, 2], "color": "#555555", "strokeWidth": 1.2},
                "encoding": {"x": x, "y": y},
            }
        )
    layers.append(
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"size": 14, "filled": True}, "color": PALETTE[0], "strokeWidth": 1.8},
            "encoding": {"x": x, "y": y, "tooltip": [{"field": "shown", "type": "nominal", "title": _("Værdi")}]},
        }
    )
    return {
        "$schema": SCHEMA,
        "description": _("Udvikling i %(name)s med mål (rød stiplet) og kurs (grå stiplet)") % {"name": indicator.name},
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "padding": 2,
        "view": {"stroke": None},
        "layer": layers,
        "config": {"font": "DejaVu Sans, Arial, sans-serif", "axis": {"labelColor": "#444444"}},
    }


def _goals(plan: Plan, quarter: Quarter, draft: PixiDraft | None) -> list[dict[str, Any]]:
    from entydig.goals.selectors import goal_tree
    from entydig.goals.status import goal_indicators, roll_up
    from entydig.monitoring.status import format_value

    indicators, statuses = _statuses_as_of(plan, quarter)
    overrides = draft.goal_reasons if draft else {}
    out = []
    for goal in goal_tree(plan):
        rollup = roll_up(goal_indicators(goal, include_sub_goals=True), statuses)
        key = _key_indicator(goal, rollup, indicators)
        status = statuses.get(key.pk) if key is not None else None
        indicator = None
        if key is not None:
            indicator = {
                "id": key.pk,
                "code": key.code,
                "name": key.name,
                "latest": format_value(status.latest_value, key)
                if status and status.latest_value is not None
                else None,
                "latest_period": _period_label(status.latest_period) if status else None,
                # Raw figures for comparing versions; the formatted ones depend on the language.
                "latest_value": str(status.latest_value) if status and status.latest_value is not None else None,
                "latest_period_code": status.latest_period if status else None,
                "target": format_value(key.target_value, key) if key.target_value is not None else None,
                "target_period": _period_label(key.target_period) if key.target_period else None,
                "projection": format_value(status.projection, key)
                if status and status.projection is not None
                else None,
                "status": status.status if status else None,
                "url": reverse("monitoring:indicator", args=[plan.pk, key.pk]),
            }
        auto_reason = rollup.reason
        if status is not None and status.reason:
            auto_reason = f"{status.reason}." if not status.reason.endswith(".") else status.reason
            if len(rollup.driving) > 1 or (rollup.counts and sum(rollup.counts.values()) > 1):
                auto_reason = rollup.reason
        out.append(
            {
                "id": goal.pk,
                "title": goal.title,
                "status": rollup.status.value,
                "status_label": str(rollup.status.label),
                "reason_auto": auto_reason,
                "reason": overrides.get(str(goal.pk)) or auto_reason,
                "indicator": indicator,
                "chart": pixi_chart_spec(key, status) if key is not None else None,
                "url": reverse("goals:dashboard", args=[plan.pk]) + f"#goal-{goal.pk}",
            }
        )
    return out


def _period_label(text: str | None) -> str | None:
    from entydig.monitoring.periods import parse_period

    return parse_period(text).label if text else None


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
    suggestion is left out when its strategic goal is already suggested.
    """
    try:
        from entydig.meetings.models import ActionItem, AgendaItem, Meeting
        from entydig.meetings.suggestions import SOURCES, next_board_meeting
    except ImportError:  # the meetings app is optional for the pixi report
        return {"meeting": None, "suggestions": [], "overdue": []}
    from entydig.goals.models import Goal

    meeting = next_board_meeting(plan)
    board = plan.bodies.filter(kind=Body.Kind.BOARD).first()
    probe = meeting or (Meeting(plan=plan, body=board) if board else None)
    found: list[Any] = []
    if probe is not None:
        for source in SOURCES:
            found.extend(
                s
                for s in source(probe, today)
                if s.kind in AgendaItem.DECISION_KINDS and not s.key.startswith(("overdue:", "progress-red:"))
            )
    reasons = {f"goal:{g['id']}": g["reason"] for g in goals}
    reasons.update(
        {
            f"progress-red:{a['id']}": _("Fremdriftsrapporten melder rød: %(reason)s.") % {"reason": a["reason"]}
            for a in activities["items"]
            if a["rag"] == "red"
        }
    )
    parents = dict(Goal.objects.filter(plan=plan, level=Goal.Level.SUB).values_list("pk", "parent_id"))
    keys = {s.key for s in found}
    url = (
        reverse("meetings:meeting", args=[plan.pk, meeting.pk])
        if meeting
        else reverse("meetings:annual_plan", args=[plan.pk])
    )
    suggestions = []
    for s in found:
        if s.key.startswith("goal:"):
            goal_id = int(s.key.split(":", 1)[1])
            if f"goal:{parents.get(goal_id)}" in keys:
                continue
        reason = reasons.get(s.key) or _first_sentences(s.reason)
        suggestions.append(
            {"key": s.key, "kind": s.kind, "kind_label": s.kind_label, "title": s.title, "reason": reason, "url": url}
        )
    # The report's own quarter decides which activities are red (the meetings engine looks at the latest reports).
    for a in activities["items"]:
        if a["rag"] == "red":
            suggestions.append(
                {
                    "key": f"progress-red:{a['id']}",
                    "kind": AgendaItem.Kind.COOPERATION.value,
                    "kind_label": str(AgendaItem.Kind.COOPERATION.label),
                    "title": _("Samarbejdsspørgsmål: %(activity)s er rød") % {"activity": a["name"]},
                    "reason": reasons[f"progress-red:{a['id']}"],
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
                _("Størst bekymring: «%(goal)s» er %(status)s.")
                % {"goal": worst["title"], "status": worst["status_label"].lower()}
            )
    acts = content["activities"]
    c = acts["counts"]
    reported = c["green"] + c["yellow"] + c["red"]
    if acts["total"]:
        sentence = _("%(reported)s af %(total)s indsatser har rapporteret: %(g)s grønne, %(y)s gule og %(r)s røde.") % {
            "reported": reported,
            "total": acts["total"],
            "g": c["green"],
            "y": c["yellow"],
            "r": c["red"],
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
        "activities": _activities(plan, quarter),
        "board": {},
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
    from entydig.monitoring.charts import spec_to_svg

    return {str(g["id"]): spec_to_svg(g["chart"]) for g in content["goals"] if g.get("chart")}


def red_activity_suggestions(meeting: Any, today: dt.date) -> list[Any]:
    """A suggestion source for the meetings engine: an activity reported red is a cooperation question."""
    from entydig.meetings.models import AgendaItem
    from entydig.meetings.suggestions import Suggestion

    recent = [str(q) for q in Quarter.of(today).back(2)]
    reports = (
        ProgressReport.objects.filter(
            activity__plan=meeting.plan,
            quarter__in=recent,
            rag=ProgressReport.Rag.RED,
            status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED],
        )
        .select_related("activity")
        .order_by("activity__name", "-quarter")
    )
    found: dict[int, Any] = {}
    for r in reports:
        if r.activity_id in found:
            continue
        found[r.activity_id] = Suggestion(
            key=f"progress-red:{r.activity_id}",
            kind=AgendaItem.Kind.COOPERATION,
            title=_("Samarbejdsspørgsmål: %(activity)s er rød") % {"activity": r.activity.name},
            reason=_(
                "Fremdriftsrapporten for %(quarter)s melder rød: %(reason)s. Håndbogen: når en indsats "
                "ikke leverer det aftalte, er det et spørgsmål for bestyrelsen."
            )
            % {"quarter": Quarter.parse(r.quarter).label, "reason": r.rag_reason},
            proposal=_(
                "Sekretariatet indstiller, at bestyrelsen drøfter, hvordan parterne kan få indsatsen på sporet."
            ),
            activities=[r.activity],
        )
    return list(found.values())
