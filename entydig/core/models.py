"""The audit trail shared by every app: who changed what, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Oprettet")
        UPDATE = "update", _("Ændret")
        DELETE = "delete", _("Slettet")
        IMPORT = "import", _("Importeret")
        APPROVE = "approve", _("Godkendt")
        AMEND = "amend", _("Rettelse tilføjet")
        OTHER = "other", _("Andet")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(
        "organisation.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events"
    )
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    # The model's label (`app_label.modelname`); the log shows the model's name in the reader's language.
    object_type = models.CharField(_("objekttype"), max_length=60)
    object_id = models.CharField(_("objekt-id"), max_length=40, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=200)
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("logpost")
        verbose_name_plural = _("ændringslog")
        indexes = [models.Index(fields=["plan", "-created_at"], name="audit_plan_created_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_repr}"


class DataStamp(models.Model):
    """A token that every audited write replaces: one per plan, and one for data shared by every plan.

    Caches of what is computed from a plan's data (statuses, the rendered goals dashboard) are keyed by it
    (entydig/core/stamps.py), so every server process agrees on what is current. The token is random rather than
    a counter, so a stale write can never bring back a key whose cached value is out of date.
    """

    key = models.CharField(_("nøgle"), max_length=40, primary_key=True)
    token = models.CharField(_("stempel"), max_length=32)

    class Meta:
        verbose_name = _("datastempel")
        verbose_name_plural = _("datastempler")

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"
