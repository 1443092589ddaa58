"""The strategic agreement, its sub-agreements and the goals the board steers by."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    BOARD_APPROVED = "board_approved", _("Godkendt af bestyrelsen")
    LBF_APPROVED = "lbf_approved", _("Godkendt af Landsbyggefonden")


class SubAgreementStatus(models.TextChoices):
    """A sub-agreement is the board's (or, delegated, its steering group's) to approve; LBF does not approve it."""

    DRAFT = "draft", _("Kladde")
    APPROVED = "approved", _("Godkendt")


class Approver(models.TextChoices):
    BOARD = "board", _("Bestyrelsen")
    STEERING_GROUP = "steering_group", _("Styregruppen")


class StrategicAgreement(models.Model):
    """The strategisk samarbejdsaftale between municipality and housing organisation(s); one per plan."""

    plan = models.OneToOneField(
        "organisation.Plan", on_delete=models.CASCADE, related_name="agreement", verbose_name=_("helhedsplan")
    )
    title = models.CharField(_("titel"), max_length=200)
    problem_understanding = models.TextField(_("problemforståelse"), blank=True)
    organisation_text = models.TextField(_("organisering"), blank=True)
    strategic_goals_text = models.TextField(_("strategiske mål"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    board_approved_on = models.DateField(_("godkendt af bestyrelsen"), null=True, blank=True)
    lbf_approved_on = models.DateField(_("godkendt af LBF"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    steering_groups_approve_sub_agreements = models.BooleanField(
        _("styregrupperne godkender delaftalerne"),
        default=False,
        help_text=_(
            "Bestyrelsen har delegeret godkendelsen af delaftalerne til styregrupperne. Indstillingen er ikke en "
            "del af aftalens indhold og starter ikke en ny version."
        ),
    )

    class Meta:
        verbose_name = _("strategisk samarbejdsaftale")
        verbose_name_plural = _("strategiske samarbejdsaftaler")

    def __str__(self) -> str:
        return self.title


class SubAgreement(models.Model):
    """A delaftale: one per effort area, owned by a steering group."""

    plan = models.ForeignKey(
        "organisation.Plan", on_delete=models.CASCADE, related_name="sub_agreements", verbose_name=_("helhedsplan")
    )
    effort_area = models.ForeignKey(
        "organisation.EffortArea",
        on_delete=models.PROTECT,
        related_name="sub_agreements",
        verbose_name=_("indsatsområde"),
    )
    steering_group = models.ForeignKey(
        "organisation.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_agreements",
        verbose_name=_("styregruppe"),
    )
    text = models.TextField(_("tekst"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SubAgreementStatus.choices, default=SubAgreementStatus.DRAFT
    )
    approved_on = models.DateField(_("godkendt"), null=True, blank=True)
    approved_by = models.CharField(_("godkendt af"), max_length=20, choices=Approver.choices, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["plan", "effort_area__name"]
        verbose_name = _("delaftale")
        verbose_name_plural = _("delaftaler")
        constraints = [
            models.UniqueConstraint(fields=["plan", "effort_area"], name="subagreement_one_per_effort_area"),
        ]

    def __str__(self) -> str:
        return str(self.effort_area)


class AgreementVersion(models.Model):
    """A frozen earlier version of an agreement or a sub-agreement, readable and diffable."""

    agreement = models.ForeignKey(
        StrategicAgreement, on_delete=models.CASCADE, null=True, blank=True, related_name="versions"
    )
    sub_agreement = models.ForeignKey(
        SubAgreement, on_delete=models.CASCADE, null=True, blank=True, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20)
    content = models.JSONField(_("indhold"), default=dict)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("gemt"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("aftaleversion")
        verbose_name_plural = _("aftaleversioner")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False, sub_agreement__isnull=True)
                | Q(agreement__isnull=True, sub_agreement__isnull=False),
                name="agreementversion_exactly_one_parent",
            ),
            models.UniqueConstraint(fields=["agreement", "number"], name="agreementversion_unique_number"),
            models.UniqueConstraint(fields=["sub_agreement", "number"], name="subagreementversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class Goal(models.Model):
    class Level(models.TextChoices):
        STRATEGIC = "strategic", _("Overordnet mål")
        SUB = "sub", _("Delmål")

    plan = models.ForeignKey("organisation.Plan", on_delete=models.CASCADE, related_name="goals")
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_goals",
        limit_choices_to={"level": "strategic"},
        verbose_name=_("overordnet mål"),
    )
    sub_agreement = models.ForeignKey(
        SubAgreement, on_delete=models.CASCADE, null=True, blank=True, related_name="goals", verbose_name=_("delaftale")
    )
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)
    activities = models.ManyToManyField(
        "organisation.Activity", blank=True, related_name="goals", verbose_name=_("indsatser, der bærer målet")
    )

    class Meta:
        ordering = ["plan", "level", "order", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="strategic", parent__isnull=True, sub_agreement__isnull=True)
                | Q(level="sub", parent__isnull=False, sub_agreement__isnull=False),
                name="goal_level_matches_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OwnershipCondition(models.Model):
    """One of the handbook's five conditions for ownership, recorded per party by the secretariat."""

    class Condition(models.TextChoices):
        FORMULATED = "formulated", _("Har været med til at formulere målene")
        DECIDED_HOW = "decided_how", _("Har været med til at beslutte, hvordan målene nås")
        BOUND = "bound", _("Er forpligtet på målene")
        INVESTED = "invested", _("Har investeret medarbejdere eller penge")
        ROOM_TO_STEER = "room_to_steer", _("Har reelt råderum til at styre")

    plan = models.ForeignKey("organisation.Plan", on_delete=models.CASCADE, related_name="ownership_conditions")
    party = models.ForeignKey(
        "organisation.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("part")
    )
    condition = models.CharField(_("betingelse"), max_length=20, choices=Condition.choices)
    fulfilled = models.BooleanField(_("opfyldt"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("ejerskabsbetingelse")
        verbose_name_plural = _("ejerskabsbetingelser")
        constraints = [
            models.UniqueConstraint(fields=["plan", "party", "condition"], name="ownership_unique_condition_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_condition_display()}"


class TargetChange(models.Model):
    """An indicator's target or target period moved after its agreement was approved: the board must see it.

    Recorded by the goals layer when monitoring reports the change (see `entydig.goals.indicator_changes`), with
    the agreement version the change started and the day it was made.
    """

    plan = models.ForeignKey("organisation.Plan", on_delete=models.CASCADE, related_name="target_changes")
    indicator = models.ForeignKey(
        "monitoring.Indicator", on_delete=models.CASCADE, related_name="target_changes", verbose_name=_("indikator")
    )
    agreement = models.ForeignKey(
        StrategicAgreement, on_delete=models.CASCADE, null=True, blank=True, related_name="target_changes"
    )
    sub_agreement = models.ForeignKey(
        SubAgreement, on_delete=models.CASCADE, null=True, blank=True, related_name="target_changes"
    )
    version = models.PositiveIntegerField(_("version"))
    changed_on = models.DateField(_("ændret"))
    old_value = models.DecimalField(_("tidligere mål"), max_digits=14, decimal_places=4, null=True, blank=True)
    new_value = models.DecimalField(_("nyt mål"), max_digits=14, decimal_places=4, null=True, blank=True)
    old_period = models.CharField(_("tidligere målperiode"), max_length=10, blank=True)
    new_period = models.CharField(_("ny målperiode"), max_length=10, blank=True)
    changed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("ændret mål")
        verbose_name_plural = _("ændrede mål")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False, sub_agreement__isnull=True)
                | Q(agreement__isnull=True, sub_agreement__isnull=False),
                name="targetchange_exactly_one_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.old_value} → {self.new_value}"
