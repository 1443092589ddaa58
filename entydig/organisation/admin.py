from django.contrib import admin

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
admin.site.register(models.Area)
admin.site.register(models.Activity)
admin.site.register(models.EffortArea)
admin.site.register(models.PlanGrant)
