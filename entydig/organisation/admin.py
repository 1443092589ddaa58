"""The organisation in the admin: read-only, except effort areas and funding rounds (LBF's data, shared by every
plan) and viewer grants, which go through the service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from entydig.core.admin import AuditedAdmin, ReadOnlyAdmin
from entydig.organisation import models, services


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in django-stubs only, no [] at runtime
    model = models.Membership
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["name", "municipality", "status", "period_start", "period_end"]
    list_filter = ["status"]
    search_fields = ["name"]


@admin.register(models.FundingRound)
class FundingRoundAdmin(AuditedAdmin):
    list_display = ["name", "first_year", "last_year", "source_url"]
    filter_horizontal = ["effort_areas"]


@admin.register(models.Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "plan"]
    list_filter = ["kind"]
    inlines = [MembershipInline]


@admin.register(models.Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "title", "organisation", "email"]
    search_fields = ["name", "email"]


@admin.register(models.Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "parent"]
    search_fields = ["name"]


@admin.register(models.Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["name", "plan", "steering_group", "responsible"]


@admin.register(models.Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "plan", "residents"]


@admin.register(models.EffortArea)
class EffortAreaAdmin(AuditedAdmin):
    list_display = ["name"]


@admin.register(models.PlanGrant)
class PlanGrantAdmin(ReadOnlyAdmin):
    """Access for someone outside the plan's bodies (an LBF consultant): granted and taken back through the
    service, so the plan's change log shows it."""

    list_display = ["user", "plan", "role"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.pk = services.plan_grant_create(actor=request.user, plan=obj.plan, user=obj.user, role=obj.role).pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.plan_grant_delete(actor=request.user, grant=obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for grant in queryset:
            services.plan_grant_delete(actor=request.user, grant=grant)
