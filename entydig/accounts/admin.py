from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from entydig.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]  # generic in django-stubs only, no [] at runtime
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]  # the stubs allow None; UserAdmin sets it
        ("Entydig", {"fields": ("person",)}),
    )
    raw_id_fields = ["person"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in django-stubs only, no [] at runtime
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["token_hash"]
