"""A portfolio: a named group of plans (a municipality's, a shared secretariat's) with readers given access
explicitly; a reader reads the portfolio's plans and nothing else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Portfolio(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    plans = models.ManyToManyField("organisation.Plan", related_name="portfolios", blank=True, verbose_name=_("planer"))
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="portfolios", blank=True, verbose_name=_("læsere")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("portefølje")
        verbose_name_plural = _("porteføljer")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:detail", args=[self.pk])
