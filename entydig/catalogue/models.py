"""The national indicator catalogue: indicators with one definition shared by every plan, so plans can be compared.

The catalogue is reference data (shipped in a data migration, changed in the admin); a plan adopts an entry as
its own indicator (`monitoring.Indicator.catalogue`) and keeps its own baseline, targets and goal links.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    """The unit of an indicator's values; plan indicators use the same choices."""

    PERCENT = "percent", _("Procent")
    COUNT = "count", _("Antal")
    RATE = "rate_per_1000", _("Pr. 1.000")
    SCORE = "score", _("Score")
    DKK = "dkk", _("Kroner")


class Direction(models.TextChoices):
    """Which way is better; plan indicators use the same choices."""

    HIGHER = "higher", _("Højere er bedre")
    LOWER = "lower", _("Lavere er bedre")


class CatalogueIndicator(models.Model):
    class Kind(models.TextChoices):
        SHARE = "share", _("Andel")
        RATE = "rate_per_1000", _("Rate pr. 1.000")
        AVERAGE = "average", _("Gennemsnit")
        COUNT = "count", _("Antal")
        AMOUNT = "amount", _("Beløb")

    class Source(models.TextChoices):
        BOLIGSOCIALE_DATA = "boligsociale_data", _("Boligsociale Data (Landsbyggefonden)")
        DST = "dst", _("Danmarks Statistik")
        MUNICIPALITY = "municipality", _("Kommunen")
        SURVEY = "survey", _("Planens egen undersøgelse")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("enhed"), max_length=20, choices=Unit.choices)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    numerator = models.CharField(_("tæller"), max_length=300, blank=True, help_text=_("Hvad tælleren tæller"))
    denominator = models.CharField(_("nævner"), max_length=300, blank=True, help_text=_("Hvad nævneren tæller"))
    direction = models.CharField(_("retning"), max_length=10, choices=Direction.choices)
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    source_reference = models.CharField(
        _("kildehenvisning"), max_length=300, blank=True, help_text=_("Hvor definitionen er slået op")
    )
    disclosure = models.TextField(_("diskretionering"), blank=True, help_text=_("Hvornår et tal ikke må vises"))
    active = models.BooleanField(_("aktiv"), default=True, help_text=_("Kun aktive indikatorer kan tages i brug"))
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("katalogindikator")
        verbose_name_plural = _("katalogindikatorer")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
