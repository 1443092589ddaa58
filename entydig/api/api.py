"""The REST API under /api/v1/: one NinjaAPI, one router per app."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from entydig.api.auth import API_AUTH, docs_login_required
from entydig.organisation.api import router as organisation_router

api = NinjaAPI(
    title="Entydig API",
    version="1",
    description="Entydig: organisation, mål, møder og rapporter for boligsociale helhedsplaner.",
    auth=API_AUTH,
    docs_decorator=docs_login_required,
    urls_namespace="api",
)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Ikke fundet / Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Du har ikke ret til dette / Permission denied"}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = (
        [{"loc": [field], "msg": " ".join(str(m) for m in msgs)} for field, msgs in exc.message_dict.items()]
        if hasattr(exc, "error_dict")
        else [{"loc": [], "msg": " ".join(str(m) for m in exc.messages)}]
    )
    return api.create_response(request, {"detail": detail}, status=422)


api.add_router("", organisation_router)
