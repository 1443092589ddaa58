"""Money in the admin: cost types are reference data shared by every plan (changed here, audited); a plan's
budgets, spending and forecasts are read here and changed on the plan's pages."""

from __future__ import annotations

from django.contrib import admin

from entydig.budget import models
from entydig.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(models.CostType)
class CostTypeAdmin(AuditedAdmin):
    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(models.BudgetVersion)
class BudgetVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "status", "approved_on", "sent_on"]
    list_filter = ["status"]


@admin.register(models.BudgetPost)
class BudgetPostAdmin(ReadOnlyAdmin):
    list_display = ["plan", "kind", "activity", "number"]


@admin.register(models.Actual)
class ActualAdmin(ReadOnlyAdmin):
    list_display = ["plan", "post", "year", "quarter", "funder", "amount"]
