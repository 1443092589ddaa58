"""Progress reports as a source of suggestions for the board's agenda (registered with meetings in apps.py)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from entydig.core.quarters import Quarter
from entydig.meetings.models import AgendaItem, Meeting
from entydig.meetings.suggestions import Suggestion, Topic
from entydig.reports.models import ProgressReport


def red_activity_suggestions(meeting: Meeting, today: dt.date) -> list[Suggestion]:
    """An activity reported red in one of the last two quarters is a cooperation question for the board."""
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
    found: dict[int, Suggestion] = {}
    for r in reports:
        if r.activity_id in found:
            continue
        found[r.activity_id] = Suggestion(
            topic=Topic.RED_ACTIVITY,
            subject_id=r.activity_id,
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
