"""The admin for administrators: domain data is read here and changed on the plan's pages (through the services,
which audit every write); reference data shared by all plans is changed here with an audit record."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from entydig.core.audit import audit_record, diff, snapshot
from entydig.core.changelog import model_name
from entydig.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # django-stubs' ModelAdmin is generic, ours is not
    """Domain data of a plan: visible to administrators, written only through the services (audited)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in django-stubs only, no [] at runtime
    """Reference data shared by every plan (effort areas, ...): each change is audited like a service's write,
    which also marks every plan's cached data out of date."""

    def _fields(self, obj: models.Model) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields if not f.primary_key]

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk), self._fields(obj)) if change else {}
        super().save_model(request, obj, form, change)
        after = snapshot(obj, self._fields(obj))
        action = AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE
        audit_record(actor=request.user, action=action, obj=obj, changes=diff(before, after) if change else after)

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(actor=request.user, action=AuditEvent.Action.DELETE, obj=obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit_record(actor=request.user, action=AuditEvent.Action.DELETE, obj=obj)
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "plan", "action", "what", "object_repr"]
    list_filter = ["action", "object_type"]

    @admin.display(description=AuditEvent._meta.get_field("object_type").verbose_name)
    def what(self, event: AuditEvent) -> str:
        return model_name(event.object_type)
