"""Indicators, their targets and the measurements that show whether goals move."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entydig.catalogue.models import Direction, Unit
from entydig.core.periods import validate_period
from entydig.core.suppression import default_threshold


class Indicator(models.Model):
    # The catalogue's choices: an adopted indicator keeps the catalogue's unit and direction.
    Unit = Unit
    Direction = Direction

    class Source(models.TextChoices):
        LBF = "lbf", _("LBF's registerdata")
        MUNICIPAL = "municipal", _("Kommunale data")
        HOUSING = "housing", _("Boligorganisationens data")
        DST = "dst", _("Danmarks Statistik")
        SURVEY = "survey", _("Egen undersøgelse")
        ACTIVITY = "activity", _("Aktivitetsdata")

    class Frequency(models.TextChoices):
        YEAR = "year", _("År")
        HALF_YEAR = "half_year", _("Halvår")
        QUARTER = "quarter", _("Kvartal")
        MONTH = "month", _("Måned")

    plan = models.ForeignKey("organisation.Plan", on_delete=models.CASCADE, related_name="indicators")
    # Set when the plan adopted the indicator from the national catalogue; empty for the plan's own indicators.
    catalogue = models.ForeignKey(
        "catalogue.CatalogueIndicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_indicators",
        verbose_name=_("katalogindikator"),
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("navn"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("enhed"), max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    direction = models.CharField(_("retning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices, default=Source.LBF)
    frequency = models.CharField(_("hyppighed"), max_length=20, choices=Frequency.choices, default=Frequency.YEAR)
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=1)
    suppression_threshold = models.PositiveSmallIntegerField(
        _("diskretionsgrænse"),
        default=default_threshold,
        help_text=_("Værdier med færre end så mange personer vises aldrig"),
    )
    goals = models.ManyToManyField("goals.Goal", blank=True, related_name="indicators", verbose_name=_("mål"))
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(_("baselineperiode"), max_length=10, blank=True, validators=[validate_period])
    target_value = models.DecimalField(_("mål"), max_digits=14, decimal_places=4, null=True, blank=True)
    target_period = models.CharField(_("målperiode"), max_length=10, blank=True, validators=[validate_period])

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_unique_code_in_plan"),
            models.UniqueConstraint(fields=["plan", "catalogue"], name="indicator_unique_catalogue_in_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Milestone(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="milestones")
    period = models.CharField(_("periode"), max_length=10, validators=[validate_period])
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("delmål for indikator")
        verbose_name_plural = _("delmål for indikatorer")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="milestone_unique_period")]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class Measurement(models.Model):
    """One value of an indicator for an area, or for a series without an area (the plan, national, ...)."""

    class Series(models.TextChoices):
        AREA = "area", _("Boligområde")
        PLAN = "plan", _("Hele helhedsplanen")
        NATIONAL = "national", _("Landsplan")
        COMPARABLE = "comparable", _("Sammenlignelige områder")
        MUNICIPALITY = "municipality", _("Kommunen")

    # No index of its own: measurement_ind_period_idx and both unique constraints start with the indicator.
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements", db_index=False)
    series = models.CharField(_("serie"), max_length=20, choices=Series.choices, default=Series.AREA)
    area = models.ForeignKey(
        "organisation.Area", on_delete=models.CASCADE, null=True, blank=True, related_name="measurements"
    )
    period = models.CharField(
        _("periode"), max_length=10, help_text=_("2024, 2024H1, 2024Q3 eller 2024-05"), validators=[validate_period]
    )
    period_start = models.DateField(_("periodens start"))
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=4, null=True, blank=True)
    n = models.PositiveIntegerField(_("antal personer (n)"), null=True, blank=True)
    numerator = models.DecimalField(
        _("tæller"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Fx antal unge sigtet, eller summen af karaktererne"),
    )
    denominator = models.DecimalField(
        _("nævner"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_("Fx antal unge i alt, eller antal elever"),
    )
    suppressed = models.BooleanField(
        _("diskretioneret ved kilden"), default=False, help_text=_("Kilden har skjult tallet, fx »<5«")
    )
    source_note = models.CharField(_("kilde"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    class Meta:
        ordering = ["indicator", "series", "area", "period_start"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(series="area", area__isnull=False) | (~Q(series="area") & Q(area__isnull=True)),
                name="measurement_area_iff_area_series",
            ),
            models.CheckConstraint(
                condition=(Q(numerator__isnull=True) | Q(numerator__gte=0))
                & (Q(denominator__isnull=True) | Q(denominator__gt=0)),
                name="measurement_counts_not_negative",
            ),
            models.UniqueConstraint(
                fields=["indicator", "area", "period"],
                condition=Q(area__isnull=False),
                name="measurement_unique_area_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "series", "period"],
                condition=Q(area__isnull=True),
                name="measurement_unique_series_period",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period_start"], name="measurement_ind_period_idx")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area or self.series} {self.period}"
