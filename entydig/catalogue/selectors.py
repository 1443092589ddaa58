"""Reads of the catalogue."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from entydig.catalogue.models import CatalogueIndicator


def catalogue_indicators(*, active_only: bool = False) -> QuerySet[CatalogueIndicator]:
    found = CatalogueIndicator.objects.all()
    return found.filter(active=True) if active_only else found


def catalogue_indicator(code: str) -> CatalogueIndicator:
    """The entry with this code, or 404 (inactive entries too: plans that adopted one still name it). A code with a
    NUL character names nothing (PostgreSQL would refuse to look it up)."""
    found = None if "\x00" in code else CatalogueIndicator.objects.filter(code=code).first()
    if found is None:
        raise Http404
    return found
