"""Every write to progress reports and pixi reports: transactional and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entydig.core.audit import Actor, actor_id, audit_record, diff, snapshot
from entydig.core.quarters import Quarter
from entydig.goals.models import Goal
from entydig.meetings import services as meeting_services
from entydig.meetings.models import AgendaItem
from entydig.organisation.models import Activity, Membership, Plan
from entydig.reports.models import (
    OutputMeasure,
    OutputValue,
    PixiDraft,
    PixiPublication,
    ProgressCollection,
    ProgressReminder,
    ProgressReport,
)
from entydig.reports.pixi import pixi_build, pixi_item_key, render_charts
from entydig.reports.selectors import collection_for, missing_activities, overlaps

REPORT_TEXT_FIELDS = ["rag", "rag_reason", "done", "challenges", "next_steps", "staff_feedback"]
REPORT_FIELDS = ["quarter", "status", *REPORT_TEXT_FIELDS, "review_comment"]
MEASURE_FIELDS = ["name", "unit", "target_per_quarter", "counts_people", "order"]


# Output measures -----------------------------------------------------------------------------------------------


@transaction.atomic
def output_measure_create(*, actor: Actor, activity: Activity, **values: Any) -> OutputMeasure:
    measure = OutputMeasure(activity=activity, **values)
    measure.full_clean()
    measure.save()
    audit_record(
        actor=actor, action="create", obj=measure, plan=activity.plan, changes=snapshot(measure, MEASURE_FIELDS)
    )
    return measure


@transaction.atomic
def output_measure_update(*, actor: Actor, measure: OutputMeasure, **values: Any) -> OutputMeasure:
    before = snapshot(measure, MEASURE_FIELDS)
    for name, value in values.items():
        setattr(measure, name, value)
    measure.full_clean()
    measure.save()
    changes = diff(before, snapshot(measure, MEASURE_FIELDS))
    if changes:
        audit_record(actor=actor, action="update", obj=measure, plan=measure.activity.plan, changes=changes)
    return measure


@transaction.atomic
def output_measure_delete(*, actor: Actor, measure: OutputMeasure) -> None:
    audit_record(actor=actor, action="delete", obj=measure, plan=measure.activity.plan)
    measure.delete()


# Progress reports ----------------------------------------------------------------------------------------------


def _report_snapshot(report: ProgressReport) -> dict[str, Any]:
    data = snapshot(report, REPORT_FIELDS)
    if report.pk:
        data["goals"] = sorted(str(g) for g in report.goals.all())
        data["outputs"] = {str(v.measure_id): str(v.value) for v in report.output_values.all()}
    return data


def _day(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def progress_report_quarter_check(*, activity: Activity, quarter: Quarter) -> None:
    """A progress report is for a quarter of the plan's grant period in which the activity runs.

    The same quarters as `running_activities`: the ones the collection page asks reports for.
    """
    plan = activity.plan
    if not overlaps(quarter, plan.period_start, plan.period_end):
        raise ValidationError(
            {
                "quarter": [
                    _("%(quarter)s ligger uden for helhedsplanens aftaleperiode (%(start)s til %(end)s).")
                    % {"quarter": quarter.label, "start": _day(plan.period_start), "end": _day(plan.period_end)}
                ]
            },
            code="quarter_outside_plan",
        )
    if not overlaps(quarter, activity.start, activity.end):
        period = " ".join(
            [
                _("fra %(day)s") % {"day": _day(activity.start)} if activity.start else "",
                _("til %(day)s") % {"day": _day(activity.end)} if activity.end else "",
            ]
        ).strip()
        raise ValidationError(
            {
                "quarter": [
                    _("Indsatsen kører ikke i %(quarter)s; den kører %(period)s.")
                    % {"quarter": quarter.label, "period": period}
                ]
            },
            code="quarter_outside_activity",
        )


class ReportTexts(TypedDict, total=False):
    rag: str
    rag_reason: str
    done: str
    challenges: str
    next_steps: str
    staff_feedback: str


@transaction.atomic
def progress_report_save(
    *,
    actor: Actor,
    activity: Activity,
    quarter: str,
    outputs: Mapping[int, Decimal | None] | None = None,
    goals: Iterable[Goal] | None = None,
    submit: bool = False,
    **values: Unpack[ReportTexts],
) -> ProgressReport:
    """Creates or changes the activity's report for the quarter while it is a draft or returned; with `submit`, also
    sends it to the secretariat, both or neither (the page's and the API's "save and send")."""
    quarter = str(Quarter.parse(quarter))
    report = ProgressReport.objects.select_for_update().filter(activity=activity, quarter=quarter).first()
    created = report is None
    if report is None:
        progress_report_quarter_check(activity=activity, quarter=Quarter.parse(quarter))
        report = ProgressReport(activity=activity, quarter=quarter, author_id=actor_id(actor))
    elif not report.editable:
        raise ValidationError(
            _("Rapporten er %(status)s og kan ikke længere rettes") % {"status": report.get_status_display().lower()},
            code="locked",
        )
    before = {} if created else _report_snapshot(report)
    for name, value in values.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    if goals is not None:
        goals = list(goals)
        bad = [g for g in goals if g.plan_id != activity.plan_id or g.level != "sub"]
        if bad:
            raise ValidationError({"goals": [_("Vælg delmål fra helhedsplanen")]}, code="unknown_goal")
        report.goals.set(goals)
    if outputs is not None:
        _save_outputs(report, activity, outputs)
    after = _report_snapshot(report)
    if created:
        audit_record(actor=actor, action="create", obj=report, plan=activity.plan, changes=after)
    elif changes := diff(before, after):
        audit_record(actor=actor, action="update", obj=report, plan=activity.plan, changes=changes)
    if submit:
        report = progress_report_submit(actor=actor, report=report)
    return report


def _save_outputs(report: ProgressReport, activity: Activity, outputs: Mapping[int, Decimal | None]) -> None:
    measures = {m.pk: m for m in activity.output_measures.all()}
    for measure_id, value in outputs.items():
        if int(measure_id) not in measures:
            raise ValidationError({"outputs": [_("Ukendt resultatmål")]})
        if value is None or value == "":
            OutputValue.objects.filter(report=report, measure_id=measure_id).delete()
            continue
        value = Decimal(value)
        if value < 0:
            raise ValidationError({"outputs": [_("Resultater kan ikke være negative")]})
        OutputValue.objects.update_or_create(report=report, measure_id=measure_id, defaults={"value": value})


def _transition(report: ProgressReport, *, actor: Actor, allowed: set[str], to: str, **values: Any) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().select_related("activity__plan").get(pk=report.pk)
    if report.status not in allowed:
        raise ValidationError(
            _("Rapporten er %(status)s; det kan ikke lade sig gøre nu")
            % {"status": report.get_status_display().lower()},
            code="wrong_state",
        )
    before = snapshot(report, REPORT_FIELDS)
    report.status = to
    for name, value in values.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="update",
        obj=report,
        plan=report.activity.plan,
        changes=diff(before, snapshot(report, REPORT_FIELDS)),
    )
    return report


@transaction.atomic
def progress_report_submit(*, actor: Actor, report: ProgressReport) -> ProgressReport:
    missing = {}
    if not report.rag:
        missing["rag"] = [_("Vælg en status før rapporten sendes ind")]
    if not report.rag_reason.strip():
        missing["rag_reason"] = [_("Begrund status før rapporten sendes ind")]
    if missing:
        raise ValidationError(missing)
    return _transition(
        report,
        actor=actor,
        allowed={ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED},
        to=ProgressReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


@transaction.atomic
def progress_report_accept(*, actor: Actor, report: ProgressReport, comment: str = "") -> ProgressReport:
    return _transition(
        report,
        actor=actor,
        allowed={ProgressReport.Status.SUBMITTED},
        to=ProgressReport.Status.ACCEPTED,
        reviewed_at=timezone.now(),
        reviewed_by_id=actor_id(actor),
        review_comment=comment,
    )


@transaction.atomic
def progress_report_return(*, actor: Actor, report: ProgressReport, comment: str) -> ProgressReport:
    if not comment.strip():
        raise ValidationError({"comment": [_("Skriv hvorfor rapporten sendes retur")]})
    return _transition(
        report,
        actor=actor,
        allowed={ProgressReport.Status.SUBMITTED},
        to=ProgressReport.Status.RETURNED,
        reviewed_at=timezone.now(),
        reviewed_by_id=actor_id(actor),
        review_comment=comment,
    )


# Collection: deadline and reminders ----------------------------------------------------------------------------


@transaction.atomic
def progress_collection_update(
    *, actor: Actor, plan: Plan, quarter: Quarter, deadline: dt.date, remind_days_before: int
) -> ProgressCollection:
    collection = collection_for(plan, quarter)
    fields = ["deadline", "remind_days_before"]
    before = snapshot(collection, fields) if collection.pk else {}
    collection.deadline = deadline
    collection.remind_days_before = remind_days_before
    collection.full_clean()
    collection.save()
    audit_record(
        actor=actor,
        action="update" if before else "create",
        obj=collection,
        plan=plan,
        changes=diff(before, snapshot(collection, fields)),
    )
    return collection


def reminder_recipients(activity: Activity) -> list[str]:
    """The responsible person; without one, the chair of the activity's steering group."""
    if activity.responsible and activity.responsible.email:
        return [activity.responsible.email]
    if activity.steering_group_id:
        chairs = Membership.objects.filter(
            body_id=activity.steering_group_id, role=Membership.Role.CHAIR, person__email__gt=""
        ).values_list("person__email", flat=True)
        return list(chairs)
    return []


@transaction.atomic
def progress_reminders_send(*, actor: Actor, plan: Plan, quarter: Quarter) -> list[ProgressReminder]:
    """E-mails every activity that has not yet submitted its report; returns the reminders sent."""
    collection = collection_for(plan, quarter)
    sent: list[ProgressReminder] = []
    for activity in missing_activities(plan, quarter):
        recipients = reminder_recipients(activity)
        if not recipients:
            continue
        subject = _("Påmindelse: fremdriftsrapport for %(activity)s, %(quarter)s") % {
            "activity": activity.name,
            "quarter": quarter.label,
        }
        body = _(
            "Kære ansvarlige for %(activity)s\n\nFremdriftsrapporten for %(quarter)s i %(plan)s mangler. "
            "Fristen er %(deadline)s.\n\nSkriv rapporten i Entydig under Fremdrift.\n\nVenlig hilsen sekretariatet"
        ) % {
            "activity": activity.name,
            "quarter": quarter.label,
            "plan": plan.name,
            "deadline": collection.deadline.strftime("%d.%m.%Y"),
        }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        reminder = ProgressReminder.objects.create(
            activity=activity, quarter=str(quarter), sent_to=", ".join(recipients)[:300]
        )
        audit_record(actor=actor, action="create", obj=reminder, plan=plan, changes={"sent_to": reminder.sent_to})
        sent.append(reminder)
    return sent


def reminders_due(plan: Plan, quarter: Quarter, today: dt.date) -> bool:
    """Inside the reminder window before the deadline, and not reminded already today."""
    collection = collection_for(plan, quarter)
    window_start = collection.deadline - dt.timedelta(days=collection.remind_days_before)
    if not (window_start <= today <= collection.deadline):
        return False
    return not ProgressReminder.objects.filter(
        activity__plan=plan, quarter=str(quarter), sent_at__date__gte=today
    ).exists()


# Pixi draft ------------------------------------------------------------------------------------------------------


@transaction.atomic
def pixi_draft_save(
    *, actor: Actor, plan: Plan, quarter: Quarter, headline: str, goal_reasons: Mapping[str, str] | None = None
) -> PixiDraft:
    draft, created = PixiDraft.objects.select_for_update().get_or_create(plan=plan, quarter=str(quarter))
    before = snapshot(draft, ["headline", "goal_reasons"])
    draft.headline = headline.strip()
    if goal_reasons is not None:
        draft.goal_reasons = {str(k): v.strip() for k, v in goal_reasons.items() if v and v.strip()}
    draft.full_clean()
    draft.save()
    changes = diff(before, snapshot(draft, ["headline", "goal_reasons"]))
    if changes or created:
        audit_record(actor=actor, action="create" if created else "update", obj=draft, plan=plan, changes=changes)
    return draft


# Pixi publication ----------------------------------------------------------------------------------------------------


@transaction.atomic
def pixi_publish(*, actor: Actor, plan: Plan, quarter: Quarter, note: str = "") -> PixiPublication:
    """Freezes the quarter's pixi report as it is now: content and SVG charts; a new version needs a note."""
    last = (
        PixiPublication.objects.select_for_update().filter(plan=plan, quarter=str(quarter)).order_by("-version").first()
    )
    if last is not None and not note.strip():
        raise ValidationError({"note": [_("Skriv hvad der er ændret i den nye version")]})
    content = pixi_build(plan, quarter)
    publication = PixiPublication(
        plan=plan,
        quarter=str(quarter),
        version=(last.version + 1) if last else 1,
        content=content,
        charts=render_charts(content),
        note=note.strip(),
        published_by_id=actor_id(actor),
        published_at=timezone.now(),
    )
    publication.full_clean()
    publication.save()
    audit_record(
        actor=actor,
        action="create",
        obj=publication,
        plan=plan,
        changes={"quarter": publication.quarter, "version": publication.version, "note": publication.note},
    )
    return publication


@transaction.atomic
def pixi_attach_to_meeting(*, actor: Actor, publication: PixiPublication, meeting: Any, pdf: bytes) -> Any:
    """Puts the published pixi report on the meeting's agenda as an attachment, under its own orientation item."""
    key = pixi_item_key(publication.quarter)
    item = meeting.items.filter(suggestion_key=key).first()
    if item is None:
        item = meeting_services.agenda_item_create(
            actor=actor,
            meeting=meeting,
            title=_("Pixi-rapport for %(q)s") % {"q": Quarter.parse(publication.quarter).label},
            kind=AgendaItem.Kind.ORIENTATION,
            proposal=_("Sekretariatet indstiller, at bestyrelsen tager pixi-rapporten til efterretning."),
            suggestion_key=key,
        )
    name = f"pixi-{publication.quarter}-v{publication.version}.pdf"
    if item.attachments.filter(name=name).exists():
        raise ValidationError(_("Denne version er allerede vedhæftet mødet"))
    return meeting_services.attachment_add(
        actor=actor, item=item, file=SimpleUploadedFile(name, pdf, content_type="application/pdf")
    )
