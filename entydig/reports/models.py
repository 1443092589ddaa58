"""Progress reports per activity and quarter, and the quarterly pixi report the board reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entydig.core.quarters import validate_quarter


class OutputMeasure(models.Model):
    """One of an activity's own output figures (participants, sessions held, ...) with its quarterly target."""

    activity = models.ForeignKey(
        "organisation.Activity", on_delete=models.CASCADE, related_name="output_measures", verbose_name=_("indsats")
    )
    name = models.CharField(_("navn"), max_length=120)
    unit = models.CharField(_("enhed"), max_length=40, blank=True, help_text=_("fx deltagere, forløb, gange"))
    target_per_quarter = models.DecimalField(
        _("mål pr. kvartal"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    counts_people = models.BooleanField(
        _("tæller personer"),
        default=True,
        help_text=_("Tal om færre end 5 personer vises aldrig (diskretion)"),
    )
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["activity", "order", "pk"]
        verbose_name = _("resultatmål")
        verbose_name_plural = _("resultatmål")
        constraints = [
            models.UniqueConstraint(fields=["activity", "name"], name="outputmeasure_unique_name_in_activity"),
            models.CheckConstraint(
                condition=Q(target_per_quarter__isnull=True) | Q(target_per_quarter__gte=0),
                name="outputmeasure_target_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with its unit, "Lektiecaféer (gange)", but not "Deltagende børn (børn)": a unit the name already
        says is not repeated."""
        if not self.unit or self.unit.casefold() in self.name.casefold().split():
            return self.name
        return f"{self.name} ({self.unit})"


class ProgressReport(models.Model):
    """A fremdriftsrapport: one activity's account of one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Indsendt")
        ACCEPTED = "accepted", _("Godkendt")
        RETURNED = "returned", _("Sendt retur")

    class Rag(models.TextChoices):
        GREEN = "green", _("Grøn: går som planlagt")
        YELLOW = "yellow", _("Gul: udfordringer")
        RED = "red", _("Rød: kræver handling")

    activity = models.ForeignKey(
        "organisation.Activity", on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("indsats")
    )
    quarter = models.CharField(_("kvartal"), max_length=6, validators=[validate_quarter])
    status = models.CharField(_("behandling"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    rag = models.CharField(_("status"), max_length=10, choices=Rag.choices, blank=True)
    rag_reason = models.CharField(_("begrundelse for status"), max_length=300, blank=True)
    done = models.TextField(_("hvad er gjort"), blank=True)
    challenges = models.TextField(_("udfordringer"), blank=True)
    next_steps = models.TextField(_("næste skridt"), blank=True)
    staff_feedback = models.TextField(_("feedback fra medarbejderne"), blank=True)
    goals = models.ManyToManyField(
        "goals.Goal",
        blank=True,
        related_name="progress_reports",
        limit_choices_to={"level": "sub"},
        verbose_name=_("delmål, indsatsen har flyttet"),
    )
    review_comment = models.TextField(_("sekretariatets kommentar"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    class Meta:
        ordering = ["-quarter", "activity__name"]
        verbose_name = _("fremdriftsrapport")
        verbose_name_plural = _("fremdriftsrapporter")
        constraints = [
            models.UniqueConstraint(fields=["activity", "quarter"], name="progressreport_one_per_activity_quarter"),
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(rag=""), name="progressreport_status_set_when_submitted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.activity.plan_id, self.quarter, self.activity_id])

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class OutputValue(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="output_values")
    measure = models.ForeignKey(OutputMeasure, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["report", "measure__order", "measure_id"]
        verbose_name = _("resultat")
        verbose_name_plural = _("resultater")
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="outputvalue_one_per_measure"),
            models.CheckConstraint(condition=Q(value__gte=0), name="outputvalue_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value}"


class ProgressCollection(models.Model):
    """The secretariat's collection of one quarter's reports: deadline and reminders."""

    plan = models.ForeignKey("organisation.Plan", on_delete=models.CASCADE, related_name="progress_collections")
    quarter = models.CharField(_("kvartal"), max_length=6, validators=[validate_quarter])
    deadline = models.DateField(_("frist"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("påmind dage før fristen"), default=7, help_text=_("Påmindelser sendes automatisk så mange dage før fristen")
    )

    class Meta:
        ordering = ["plan", "-quarter"]
        verbose_name = _("indsamling af fremdriftsrapporter")
        verbose_name_plural = _("indsamlinger af fremdriftsrapporter")
        constraints = [models.UniqueConstraint(fields=["plan", "quarter"], name="progresscollection_one_per_quarter")]

    def __str__(self) -> str:
        return f"{self.plan} {self.quarter}"


class ProgressReminder(models.Model):
    activity = models.ForeignKey("organisation.Activity", on_delete=models.CASCADE, related_name="progress_reminders")
    quarter = models.CharField(_("kvartal"), max_length=6)
    sent_to = models.CharField(_("sendt til"), max_length=300)
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")

    def __str__(self) -> str:
        return f"{self.activity} {self.quarter} → {self.sent_to}"


class PixiDraft(models.Model):
    """The secretariat's edits of a quarter's pixi report before it is published."""

    plan = models.ForeignKey("organisation.Plan", on_delete=models.CASCADE, related_name="pixi_drafts")
    quarter = models.CharField(_("kvartal"), max_length=6, validators=[validate_quarter])
    headline = models.TextField(_("overblik"), blank=True, help_text=_("Tre til fem sætninger til bestyrelsen"))
    goal_reasons = models.JSONField(_("begrundelser pr. mål"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pixi-rapport (kladde)")
        verbose_name_plural = _("pixi-rapporter (kladder)")
        constraints = [models.UniqueConstraint(fields=["plan", "quarter"], name="pixidraft_one_per_quarter")]

    def __str__(self) -> str:
        return f"{self.plan} {self.quarter}"


class PixiPublication(models.Model):
    """A published, frozen pixi report: its content and charts as they were when published."""

    plan = models.ForeignKey("organisation.Plan", on_delete=models.CASCADE, related_name="pixi_publications")
    quarter = models.CharField(_("kvartal"), max_length=6, validators=[validate_quarter])
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("indhold"))
    charts = models.JSONField(_("grafer (SVG)"), default=dict, blank=True)
    note = models.CharField(_("note til versionen"), max_length=300, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("offentliggjort"))

    class Meta:
        ordering = ["plan", "-quarter", "-version"]
        verbose_name = _("offentliggjort pixi-rapport")
        verbose_name_plural = _("offentliggjorte pixi-rapporter")
        constraints = [
            models.UniqueConstraint(fields=["plan", "quarter", "version"], name="pixipublication_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="pixipublication_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.quarter} v{self.version}"
