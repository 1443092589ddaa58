"""The catalogue in the admin: reference data shared by every plan, changed here with an audit record."""

from __future__ import annotations

from django.contrib import admin

from entydig.catalogue.models import CatalogueIndicator
from entydig.core.admin import AuditedAdmin


@admin.register(CatalogueIndicator)
class CatalogueIndicatorAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "unit", "direction", "source", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["source", "kind", "active"]
    search_fields = ["code", "name", "definition"]
