"""The organisation of a helhedsplan (handbook figure 1): plans, areas, organisations, people, bodies, activities."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class EffortArea(models.Model):
    """An indsatsområde; LBF's lists per grant period are loaded as presets."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    period = models.CharField(_("LBF-periode"), max_length=20, blank=True, help_text=_("fx 2019-2026"))
    is_preset = models.BooleanField(_("LBF-forslag"), default=False)

    class Meta:
        ordering = ["-period", "name"]
        verbose_name = _("indsatsområde")
        verbose_name_plural = _("indsatsområder")

    def __str__(self) -> str:
        return self.name


class FundingRound(models.Model):
    """An LBF funding round (fx »2019-26-midlerne«): its bevillingsperiode, the effort areas it offers and its words.

    A round is data: a new round is a new row (a data migration or the admin), not code. `terms` holds the round's
    own words where they differ from Entydig's (key: Entydig's concept, value: the round's word); `source` cites
    where the facts come from and says what could not be confirmed.
    """

    code = models.CharField(_("kode"), max_length=40, unique=True, help_text=_("fx 2019-26-midlerne"))
    name = models.CharField(_("navn"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("bevillingsperiodens første år"))
    last_year = models.PositiveSmallIntegerField(_("bevillingsperiodens sidste år"))
    effort_areas = models.ManyToManyField(
        EffortArea, blank=True, related_name="funding_rounds", verbose_name=_("indsatsområder")
    )
    terms = models.JSONField(_("rundens begreber"), default=dict, blank=True)
    source_url = models.URLField(_("kilde (adresse)"), max_length=300, blank=True)
    source = models.TextField(_("kilde"), blank=True)

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("pulje")
        verbose_name_plural = _("puljer")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="fundinground_last_year_after_first"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def term(self, concept: str) -> str | None:
        """The round's own word for one of Entydig's concepts (»plan«, »agreement«), or None where it uses ours."""
        word = self.terms.get(concept) if isinstance(self.terms, dict) else None
        return str(word) if word else None


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        HOUSING = "housing", _("Boligorganisation")
        PARTNER = "partner", _("Samarbejdspartner")

    class Unit(models.TextChoices):
        MAIN = "main", _("Hovedorganisation")
        DEPARTMENT = "department", _("Forvaltning")
        INSTITUTION = "institution", _("Institution")
        ADMINISTRATION = "administration", _("Administration")
        OPERATIONS = "operations", _("Drift")
        RESIDENT_BOARD = "resident_board", _("Beboerdemokrati")
        ASSOCIATION = "association", _("Forening")
        SCHOOL = "school", _("Skole")
        POLICE = "police", _("Politi")
        OTHER = "other", _("Andet")

    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    unit = models.CharField(_("enhed"), max_length=20, choices=Unit.choices, default=Unit.MAIN)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="units", verbose_name=_("hører under")
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="organisation_unique_name_in_parent"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="organisation_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id and self.parent else self.name


class Plan(models.Model):
    class Status(models.TextChoices):
        PREPARATION = "preparation", _("Under forberedelse")
        ACTIVE = "active", _("Aktiv")
        ENDED = "ended", _("Afsluttet")

    name = models.CharField(_("navn"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARATION)
    # The plan's own dates are its aftaleperiode; the bevillingsperiode is the funding round's.
    period_start = models.DateField(_("aftaleperiode start"))
    period_end = models.DateField(_("aftaleperiode slut"))
    funding_round = models.ForeignKey(
        FundingRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("pulje"),
        help_text=_("Den LBF-pulje, planen er bevilget af"),
    )
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="municipal_plans",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY, "parent": None},
        verbose_name=_("kommune"),
    )
    housing_organisations = models.ManyToManyField(
        Organisation,
        related_name="housing_plans",
        limit_choices_to={"kind": Organisation.Kind.HOUSING, "parent": None},
        verbose_name=_("boligorganisationer"),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    # Organisations the plan works with besides its parties, partners and people's employers, e.g. a partner
    # created from the plan's pages before an activity names it (selectors.organisations_of).
    other_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="other_plans", verbose_name=_("øvrige organisationer")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("helhedsplan")
        verbose_name_plural = _("helhedsplaner")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="plan_period_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:plan", args=[self.pk])

    @property
    def kind_word(self) -> str:
        """What the plan is called: its funding round's word (2019-26: »boligsocial indsats«), else »helhedsplan«."""
        word = self.funding_round.term("plan") if self.funding_round_id and self.funding_round else None
        return word or str(_("helhedsplan"))


class Area(models.Model):
    """A boligområde: one or more afdelinger of a housing organisation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas", verbose_name=_("helhedsplan"))
    name = models.CharField(_("navn"), max_length=200)
    code = models.SlugField(_("kode"), max_length=40, help_text=_("Bruges i import af målinger, fx »nordby«"))
    residents = models.PositiveIntegerField(_("antal beboere"), null=True, blank=True)
    afdelinger = models.CharField(
        _("afdelinger"),
        max_length=300,
        blank=True,
        help_text=_("Adskilt af komma, fx »Afd. 12, Afd. 14« – med boligorganisationen foran, hvis planen har flere"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("boligområde")
        verbose_name_plural = _("boligområder")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="area_unique_code_in_plan")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person in the organisation; deliberately only what the work needs (no CPR)."""

    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:person", args=[self.pk])


class Body(models.Model):
    """A board, secretariat, steering group or pre-meeting group."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Bestyrelse")
        SECRETARIAT = "secretariat", _("Sekretariat")
        STEERING_GROUP = "steering_group", _("Styregruppe")
        PRE_MEETING_GROUP = "pre_meeting_group", _("Formødegruppe")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("helhedsplan"))
    # A secretariat may serve further plans besides its own (as in Copenhagen and Aarhus).
    also_serves = models.ManyToManyField(Plan, blank=True, related_name="served_by", verbose_name=_("betjener også"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    effort_area = models.ForeignKey(
        EffortArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("indsatsområde"),
    )
    responsibility = models.TextField(_("ansvar"), blank=True)
    # Organisation advice on the body's own party (pre-meeting groups speak for one party).
    party = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("part")
    )

    class Meta:
        ordering = ["plan", "kind", "name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organer")
        constraints = [
            models.UniqueConstraint(fields=["plan"], condition=Q(kind="board"), name="body_one_board_per_plan"),
            models.UniqueConstraint("plan", Lower("name"), name="body_unique_name_in_plan"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:body", args=[self.plan_id, self.pk])


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Formand")
        VICE_CHAIR = "vice_chair", _("Næstformand")
        MEMBER = "member", _("Medlem")
        OBSERVER = "observer", _("Observatør")
        SECRETARY = "secretary", _("Sekretær")
        SECRETARIAT_LEADER = "secretariat_leader", _("Sekretariatsleder")

    class Representation(models.TextChoices):
        MUNICIPAL_LEADERSHIP = "municipal_leadership", _("Kommunal ledelse")
        HOUSING_LEADERSHIP = "housing_leadership", _("Boligorganisationens ledelse")
        RESIDENT = "resident", _("Beboerrepræsentant")
        MUNICIPAL_DEPARTMENT = "municipal_department", _("Kommunal forvaltning")
        INSTITUTION = "institution", _("Institution")
        STAFF = "staff", _("Medarbejder")
        PARTNER = "partner", _("Samarbejdspartner")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organ"))
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    representation = models.CharField(_("repræsenterer"), max_length=30, choices=Representation.choices)
    start = models.DateField(_("fra"), null=True, blank=True)
    end = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "person__name"]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(fields=["person", "body", "start"], name="membership_unique_person_body_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.body} ({self.get_role_display()})"


class Activity(models.Model):
    """An indsats, owned by a steering group and carried out by staff and partners."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("helhedsplan"))
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    steering_group = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        limit_choices_to={"kind": Body.Kind.STEERING_GROUP},
        verbose_name=_("styregruppe"),
    )
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("ansvarlig"),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="activities", verbose_name=_("udførende partnere")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slut"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "name"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="activity_end_after_start",
            ),
            models.UniqueConstraint("plan", Lower("name"), name="activity_unique_name_in_plan"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:activity", args=[self.plan_id, self.pk])


class PlanGrant(models.Model):
    """Access for someone outside the plan's bodies, e.g. an LBF consultant who reads."""

    class Role(models.TextChoices):
        VIEWER = "viewer", _("Læser")
        SECRETARIAT = "secretariat", _("Sekretariat")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="plan_grants")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("adgang")
        verbose_name_plural = _("adgange")
        constraints = [models.UniqueConstraint(fields=["user", "plan"], name="plangrant_unique_user_plan")]

    def __str__(self) -> str:
        return f"{self.user} → {self.plan} ({self.get_role_display()})"
