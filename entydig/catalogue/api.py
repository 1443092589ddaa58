"""Catalogue endpoints of the REST API: the national indicators, for every logged-in user (no plan data)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from entydig.catalogue import selectors
from entydig.catalogue.models import CatalogueIndicator, Direction, Unit
from entydig.core.api import READ_ERRORS, api_user, choices

router = Router(tags=["catalogue"])


class CatalogueIndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: Annotated[Unit, choices(Unit)]
    kind: Annotated[CatalogueIndicator.Kind, choices(CatalogueIndicator.Kind)]
    numerator: str
    denominator: str
    direction: Annotated[Direction, choices(Direction)]
    source: Annotated[CatalogueIndicator.Source, choices(CatalogueIndicator.Source)]
    source_reference: str
    disclosure: str
    active: bool


@router.get(
    "/catalogue/indicators",
    response={200: list[CatalogueIndicatorOut], **READ_ERRORS},
    summary="Det nationale indikatorkatalog / The national indicator catalogue",
)
def list_catalogue(request: HttpRequest) -> list[CatalogueIndicator]:
    api_user(request)
    return list(selectors.catalogue_indicators())


@router.get(
    "/catalogue/indicators/{code}",
    response={200: CatalogueIndicatorOut, **READ_ERRORS},
    summary="En indikator i kataloget / One catalogue indicator",
)
def get_catalogue_indicator(request: HttpRequest, code: str) -> CatalogueIndicator:
    api_user(request)
    return selectors.catalogue_indicator(code)
