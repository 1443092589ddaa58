from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from entydig.monitoring.cache import bump_plans
from entydig.organisation import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "status", "period_start", "period_end"]
    list_filter = ["status"]
    search_fields = ["name"]


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "plan"]
    list_filter = ["kind"]
    inlines = [MembershipInline]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "email"]
    search_fields = ["name", "email"]


admin.site.register(models.Organisation)
admin.site.register(models.Activity)
admin.site.register(models.PlanGrant)


# Writes in the admin bypass the services, so these two bump the data stamp of the plans whose goals dashboard
# they change (residents weigh statuses; effort area names are shown under sub-goals; see monitoring/cache.py).
@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        bump_plans([obj.plan_id])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        bump_plans([obj.plan_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        plan_ids = list(queryset.values_list("plan_id", flat=True))
        super().delete_queryset(request, queryset)
        bump_plans(plan_ids)


@admin.register(models.EffortArea)
class EffortAreaAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        bump_plans(obj.sub_agreements.values_list("plan_id", flat=True))
