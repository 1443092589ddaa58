"""Meetings of a plan's bodies: agendas on time, minutes as a checklist, action items that get carried out."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entydig.budget.models import DECIMAL_PLACES, MAX_DIGITS, BudgetPost, Funder
from entydig.budget.money import kroner
from entydig.core.dates import FIRST_YEAR, LAST_YEAR
from entydig.meetings.workdays import DEFAULT_DISPATCH_DAYS, DEFAULT_MATERIAL_DAYS, WARNING_WINDOW_DAYS


def validate_meeting_year(value: Any) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Året skal ligge fra %(first)s til %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class CalendarSettings(models.Model):
    """An organisation's extra days off besides weekends and public holidays (the plan's municipality decides)."""

    organisation = models.OneToOneField(
        "organisation.Organisation",
        on_delete=models.CASCADE,
        related_name="calendar_settings",
        verbose_name=_("organisation"),
    )
    constitution_day_off = models.BooleanField(_("grundlovsdag er fridag"), default=True)
    christmas_eve_off = models.BooleanField(_("juleaftensdag er fridag"), default=True)
    new_years_eve_off = models.BooleanField(_("nytårsaftensdag er fridag"), default=True)

    class Meta:
        verbose_name = _("kalenderindstilling")
        verbose_name_plural = _("kalenderindstillinger")

    def __str__(self) -> str:
        return str(self.organisation)


class BodyDeadlines(models.Model):
    """How many working days before a body's meetings the agenda goes out, and when to start warning."""

    body = models.OneToOneField(
        "organisation.Body", on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("organ")
    )
    dispatch_days = models.PositiveSmallIntegerField(
        _("udsendelsesfrist (arbejdsdage)"),
        default=DEFAULT_DISPATCH_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Dagsorden og bilag udsendes senest dette antal arbejdsdage før mødet."),
    )
    warning_days = models.PositiveSmallIntegerField(
        _("varsling (arbejdsdage)"),
        default=WARNING_WINDOW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Dagsordenen vises som snart forfalden fra dette antal arbejdsdage før mødet."),
    )
    material_days = models.PositiveSmallIntegerField(
        _("frist for materiale (arbejdsdage før udsendelse)"),
        default=DEFAULT_MATERIAL_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )

    class Meta:
        verbose_name = _("mødefrist")
        verbose_name_plural = _("mødefrister")
        constraints = [
            models.CheckConstraint(
                condition=Q(warning_days__gte=F("dispatch_days")), name="bodydeadlines_warning_ge_dispatch"
            ),
            models.CheckConstraint(condition=Q(dispatch_days__gte=1), name="bodydeadlines_dispatch_at_least_one"),
        ]

    def __str__(self) -> str:
        return str(self.body)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinært møde")
        EXTRAORDINARY = "extraordinary", _("Ekstraordinært møde")
        JOINT = "joint", _("Fællesmøde med styregrupper")
        PRE_MEETING = "pre_meeting", _("Formøde")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Afholdt")
        CANCELLED = "cancelled", _("Aflyst")

    plan = models.ForeignKey(
        "organisation.Plan", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("helhedsplan")
    )
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.RESTRICT, related_name="meetings", verbose_name=_("organ")
    )
    kind = models.CharField(_("mødetype"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    start = models.DateTimeField(_("tidspunkt"), validators=[validate_meeting_year])
    duration_minutes = models.PositiveIntegerField(
        _("varighed (minutter)"), default=120, validators=[MinValueValidator(15), MaxValueValidator(12 * 60)]
    )
    place = models.CharField(_("sted"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    invited_bodies = models.ManyToManyField(
        "organisation.Body", blank=True, related_name="invited_to", verbose_name=_("inviterede organer")
    )
    # The agenda version being worked on; a dispatch freezes it, a later change starts the next one.
    agenda_version = models.PositiveIntegerField(_("dagsordensversion"), default=1)
    changed_after_dispatch = models.BooleanField(_("ændret efter udsendelse"), default=False)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        indexes = [models.Index(fields=["plan", "start"], name="meeting_plan_start_idx")]

    def __str__(self) -> str:
        return self.title or f"{self.body} {timezone.localtime(self.start):%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.plan_id, self.pk])


class MeetingGuest(models.Model):
    """Someone invited besides the body's members, e.g. a steering-group chair for one item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("møde"))
    person = models.ForeignKey(
        "organisation.Person", on_delete=models.CASCADE, related_name="guest_at", verbose_name=_("person")
    )
    reason = models.CharField(_("anledning"), max_length=200, blank=True, help_text=_("fx »til punkt 3«"))

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("gæst")
        verbose_name_plural = _("gæster")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="meetingguest_unique_person")]

    def __str__(self) -> str:
        return str(self.person)


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Til stede")
        ABSENT = "absent", _("Afbud")
        OBSERVER = "observer", _("Observatør")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("møde"))
    person = models.ForeignKey(
        "organisation.Person", on_delete=models.CASCADE, related_name="attendance", verbose_name=_("person")
    )
    status = models.CharField(_("fremmøde"), max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøder")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Beslutning: strategisk spørgsmål")
        COOPERATION = "cooperation", _("Beslutning: samarbejdsspørgsmål")
        PRIORITISATION = "prioritisation", _("Beslutning: prioriteringsspørgsmål")
        DISCUSSION = "discussion", _("Drøftelse")
        ORIENTATION = "orientation", _("Orientering")
        APPROVAL = "approval", _("Godkendelse af regnskab eller budget")
        FOLLOW_UP = "follow_up", _("Opfølgning på handlingspunkter")
        PREVIOUS_MINUTES = "previous_minutes", _("Godkendelse af referat")

    ACTING_KINDS = frozenset({"strategic", "cooperation", "prioritisation", "discussion"})
    DECISION_KINDS = frozenset({"strategic", "cooperation", "prioritisation"})
    # Items the system puts on an agenda, at most one of each per meeting.
    SYSTEM_KINDS = frozenset({"follow_up", "previous_minutes"})

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("møde"))
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("overskrift"), max_length=300)
    kind = models.CharField(_("punkttype"), max_length=20, choices=Kind.choices, default=Kind.ORIENTATION)
    description = models.TextField(_("sagsfremstilling"), blank=True)
    proposal = models.TextField(_("indstilling"), blank=True, help_text=_("Det, bestyrelsen bedes beslutte."))
    presenter = models.ForeignKey(
        "organisation.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presents",
        verbose_name=_("fremlægges af"),
    )
    owner = models.ForeignKey(
        "organisation.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owns_agenda_items",
        verbose_name=_("ansvarlig for materiale"),
    )
    minutes_allotted = models.PositiveIntegerField(_("tid (minutter)"), null=True, blank=True)
    goals = models.ManyToManyField("goals.Goal", blank=True, related_name="agenda_items", verbose_name=_("mål"))
    indicators = models.ManyToManyField(
        "monitoring.Indicator", blank=True, related_name="agenda_items", verbose_name=_("indikatorer")
    )
    activities = models.ManyToManyField(
        "organisation.Activity", blank=True, related_name="agenda_items", verbose_name=_("indsatser")
    )
    # Where a suggested item came from ("goal:12"), so the same suggestion is not offered twice.
    suggestion_key = models.CharField(max_length=60, blank=True)
    changed_in_version = models.PositiveIntegerField(_("ændret i version"), default=1)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(kind="follow_up"), name="agendaitem_one_follow_up_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(kind="previous_minutes"),
                name="agendaitem_one_previous_minutes_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def asks_to_act(self) -> bool:
        return self.kind in self.ACTING_KINDS


def _attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: the original name is kept in the database and never used on disk.
    return f"meetings/{instance.item.meeting_id}/{secrets.token_hex(16)}"


class Attachment(models.Model):
    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"
        PPTX = "pptx", "PowerPoint (PPTX)"
        PNG = "png", _("Billede (PNG)")
        JPEG = "jpeg", _("Billede (JPEG)")
        GIF = "gif", _("Billede (GIF)")
        WEBP = "webp", _("Billede (WebP)")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("punkt"))
    file = models.FileField(_("fil"), upload_to=_attachment_path)
    name = models.CharField(_("filnavn"), max_length=200)
    file_type = models.CharField(_("filtype"), max_length=10, choices=FileType.choices)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploadet"), auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:attachment", args=[self.item.meeting.plan_id, self.pk])


class AgendaDispatch(models.Model):
    """One sent version of an agenda: frozen content, who got it and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="dispatches", verbose_name=_("møde"))
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("indhold"), default=dict)
    sent_at = models.DateTimeField(_("udsendt"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["meeting", "version"]
        verbose_name = _("udsendelse")
        verbose_name_plural = _("udsendelser")
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="agendadispatch_unique_version")]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"


class DispatchRecipient(models.Model):
    dispatch = models.ForeignKey(AgendaDispatch, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey("organisation.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("som"), max_length=40)

    class Meta:
        ordering = ["dispatch", "name"]
        verbose_name = _("modtager")
        verbose_name_plural = _("modtagere")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Minutes(models.Model):
    """The minutes of a meeting: a draft, then approved and locked (a database guard keeps them so).

    Approval "at the next meeting" is a state of its own: the minutes await the body's next meeting, whose agenda
    gets an item for them, and become approved when that meeting's minutes are approved (`approved_in`).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Udkast")
        PENDING = "pending", _("Afventer godkendelse på næste møde")
        APPROVED = "approved", _("Godkendt")

    class ApprovedHow(models.TextChoices):
        CHAIR = "chair", _("Godkendt af formanden")
        BOARD = "board", _("Godkendt på næste møde")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("møde"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("generelle bemærkninger"), blank=True)
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_how = models.CharField(_("godkendt af"), max_length=20, choices=ApprovedHow.choices, blank=True)
    # The later meeting whose approved minutes approved these (approval at the next meeting).
    approved_in = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_earlier_minutes",
        verbose_name=_("godkendt på mødet"),
    )
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("referat")
        verbose_name_plural = _("referater")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False), name="minutes_approved_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(approved_how="board", approved_at__isnull=True),
                name="minutes_pending_awaits_the_next_meeting",
            ),
            models.CheckConstraint(
                condition=Q(approved_in__isnull=True) | Q(status="approved", approved_how="board"),
                name="minutes_approved_in_only_at_the_next_meeting",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Referat: %(meeting)s") % {"meeting": self.meeting})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class MinutesEntry(models.Model):
    """The discussion in brief and the decision on one agenda item."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes_entry")
    discussion = models.TextField(_("drøftelse"), blank=True)
    decision = models.TextField(_("beslutning"), blank=True)

    class Meta:
        ordering = ["item__order", "item__pk"]
        verbose_name = _("referatpunkt")
        verbose_name_plural = _("referatpunkter")

    def __str__(self) -> str:
        return str(self.item)


class MinutesAmendment(models.Model):
    """A correction to approved minutes: the text stays, the correction is recorded with who, when and why."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("rettelse"))
    reason = models.TextField(_("begrundelse"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        ordering = ["minutes", "created_at"]
        verbose_name = _("rettelse")
        verbose_name_plural = _("rettelser")

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Udført")
        DROPPED = "dropped", _("Opgivet")

    plan = models.ForeignKey("organisation.Plan", on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("møde"))
    entry = models.ForeignKey(
        MinutesEntry, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("beslutning")
    )
    title = models.CharField(_("handlingspunkt"), max_length=300)
    responsible = models.ForeignKey(
        "organisation.Person", on_delete=models.PROTECT, related_name="action_items", verbose_name=_("ansvarlig")
    )
    due = models.DateField(_("frist"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("bemærkning"), blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("handlingspunkt")
        verbose_name_plural = _("handlingspunkter")
        indexes = [models.Index(fields=["plan", "status", "due"], name="actionitem_plan_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | ~Q(status="open"),
                name="actionitem_open_not_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A secret address of an iCalendar feed: the user's own meetings, or one body's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="calendarfeed_unique_user_body"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(body__isnull=True), name="calendarfeed_one_own_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.body or '—'}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:feed", args=[self.token])


class Reallocation(models.Model):
    """Money a prioritisation item proposes to move (from → to, year, funder, amount); applied to the budget as a
    new version when the minutes that decide the item are approved (`budget_version`).

    Each end is an activity, or a plan-level post named by its kind (`from_activity` empty).
    """

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="reallocations", verbose_name=_("dagsordenspunkt")
    )
    # An activity named in a board decision is not deleted with it; the plan's deletion takes both.
    from_activity = models.ForeignKey(
        "organisation.Activity",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fra indsats"),
    )
    from_kind = models.CharField(
        _("fra post"), max_length=20, choices=BudgetPost.Kind.choices, default=BudgetPost.Kind.ACTIVITY
    )
    to_activity = models.ForeignKey(
        "organisation.Activity",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("til indsats"),
    )
    to_kind = models.CharField(
        _("til post"), max_length=20, choices=BudgetPost.Kind.choices, default=BudgetPost.Kind.ACTIVITY
    )
    year = models.PositiveSmallIntegerField(_("år"))
    funder = models.CharField(_("finansieringskilde"), max_length=20, choices=Funder.choices)
    amount = models.DecimalField(_("beløb"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    budget_version = models.ForeignKey(
        "budget.BudgetVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("budgetversion"),
    )
    applied_at = models.DateTimeField(_("gennemført"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("omprioritering")
        verbose_name_plural = _("omprioriteringer")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reallocation_amount_positive"),
            models.CheckConstraint(
                condition=(Q(from_kind="activity") & Q(from_activity__isnull=False))
                | (~Q(from_kind="activity") & Q(from_activity__isnull=True)),
                name="reallocation_from_activity_iff_activity_kind",
            ),
            models.CheckConstraint(
                condition=(Q(to_kind="activity") & Q(to_activity__isnull=False))
                | (~Q(to_kind="activity") & Q(to_activity__isnull=True)),
                name="reallocation_to_activity_iff_activity_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_name} → {self.to_name} {self.year}: {kroner(self.amount)}"

    @property
    def from_name(self) -> str:
        return _post_name(self.from_activity, self.from_kind)

    @property
    def to_name(self) -> str:
        return _post_name(self.to_activity, self.to_kind)

    @property
    def summary(self) -> str:
        """ "150.000 kr. fra Forældrenetværk til Lektiecafé i 2026 (kommunen)"."""
        return str(_("%(amount)s fra %(source)s til %(target)s i %(year)s (%(funder)s)")) % {
            "amount": kroner(self.amount),
            "source": self.from_name,
            "target": self.to_name,
            "year": self.year,
            "funder": str(Funder(self.funder).label),
        }

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None

    @property
    def from_target(self) -> Any:
        """The source as the budget's services name it: the activity, or the plan-level post's kind."""
        return self.from_activity if self.from_activity is not None else self.from_kind

    @property
    def to_target(self) -> Any:
        return self.to_activity if self.to_activity is not None else self.to_kind


def _post_name(activity: Any, kind: str) -> str:
    return str(activity.name) if activity is not None else str(BudgetPost.Kind(kind).label)
