"""The REST API under /api/v1/: one NinjaAPI, one router per app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from entydig.api.auth import API_AUTH, docs_login_required
from entydig.api.schemas import OWN_ERROR
from entydig.meetings.models import FIRST_YEAR, LAST_YEAR
from entydig.organisation.api import router as organisation_router
from entydig.reports.api import router as reports_router

api = NinjaAPI(
    title="Entydig API",
    version="1",
    description=(
        "Entydig: organisation, mål, møder og rapporter for boligsociale helhedsplaner.\n\n"
        "Log ind i browseren, eller opret en personlig API-nøgle på din profilside (/accounts/profile/) "
        "og send den som `Authorization: Bearer <nøgle>`. / Log in in the browser, or create a personal "
        "API token on your profile page and send it as `Authorization: Bearer <token>`."
    ),
    auth=API_AUTH,
    docs_decorator=docs_login_required,
    urls_namespace="api",
)

# Danish / English messages for the pydantic error types that input to this API can produce.
_PYDANTIC_MESSAGES = {
    "missing": "Feltet skal udfyldes / Field required",
    "string_too_long": "Teksten er for lang / Text too long",
    "string_too_short": "Feltet skal udfyldes / Field required",
    "string_type": "Skal være tekst / Must be text",
    "int_parsing": "Skal være et heltal / Must be an integer",
    "int_type": "Skal være et heltal / Must be an integer",
    "int_from_float": "Skal være et heltal / Must be an integer",
    "date_from_datetime_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD) / Must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "Skal være en dato (ÅÅÅÅ-MM-DD) / Must be a date (YYYY-MM-DD)",
    "date_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD) / Must be a date (YYYY-MM-DD)",
    "date_type": "Skal være en dato (ÅÅÅÅ-MM-DD) / Must be a date (YYYY-MM-DD)",
    "enum": "Ukendt værdi / Unknown value",
    "literal_error": "Ukendt værdi / Unknown value",
    "list_type": "Skal være en liste / Must be a list",
    "model_attributes_type": "Ugyldige data / Invalid data",
    "dict_type": "Ugyldige data / Invalid data",
    "json_invalid": "Ugyldig JSON / Invalid JSON",
    "year_out_of_range": (
        f"Året skal ligge fra {FIRST_YEAR} til {LAST_YEAR} / The year must be from {FIRST_YEAR} to {LAST_YEAR}"
    ),
    "int_parsing_size": "Tallet er for stort",
    "bool_parsing": "Skal være true eller false",
    "bool_type": "Skal være true eller false",
    "float_parsing": "Skal være et tal",
    "float_type": "Skal være et tal",
    "finite_number": "Skal være et tal",
    "decimal_parsing": "Skal være et tal",
    "decimal_type": "Skal være et tal",
    "greater_than_equal": "Skal være mindst {ge}",
    "less_than_equal": "Må højst være {le}",
    "greater_than": "Skal være større end {gt}",
    "less_than": "Skal være mindre end {lt}",
}


def _message(error: dict[str, Any]) -> str:
    """The Danish message of one pydantic error; our own rules (OWN_ERROR) carry theirs already."""
    kind = error.get("type", "")
    if kind == OWN_ERROR:
        return str(error.get("msg", ""))
    if kind in _PYDANTIC_MESSAGES:
        try:
            return _PYDANTIC_MESSAGES[kind].format(**error.get("ctx", {}))
        except (KeyError, IndexError):
            return _PYDANTIC_MESSAGES[kind]
    return "Ugyldig værdi / " + str(error.get("msg", ""))


def _field_of(loc: list[Any]) -> str:
    """The input field an error is about: the location without ninja's 'body'/'payload' prefix."""
    names = [str(part) for part in loc if part not in ("body", "payload", "query", "path")]
    return ".".join(names) or NON_FIELD_ERRORS


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Ikke fundet / Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Du har ikke ret til dette / Permission denied"}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    detail = "Log ind eller send en API-nøgle / Log in or send an API token"
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Errors from the services (model validation): one entry per field, nothing was saved."""
    messages = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    detail = [
        {"loc": ["body", field], "field": field, "msg": " ".join(str(m) for m in msgs)}
        for field, msgs in messages.items()
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Input that does not fit the schema, with the same shape as `_invalid`."""
    detail = [
        {
            "loc": list(error.get("loc", [])),
            "field": _field_of(list(error.get("loc", []))),
            "msg": _message(error),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own errors; a body it cannot parse (broken JSON, not UTF-8) is invalid input like any other: 422."""
    if exc.status_code == 400:
        detail = [{"loc": ["body"], "field": NON_FIELD_ERRORS, "msg": _PYDANTIC_MESSAGES["json_invalid"]}]
        return api.create_response(request, {"detail": detail}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A number the database cannot hold (e.g. an id beyond 64 bits); the service's transaction rolled back."""
    detail: list[dict[str, Any]] = [
        {
            "loc": [],
            "field": NON_FIELD_ERRORS,
            "msg": "Et tal er uden for det gyldige område / A number is out of range",
        }
    ]
    return api.create_response(request, {"detail": detail}, status=422)


api.add_router("", organisation_router)
api.add_router("", reports_router)
api.add_router("", "entydig.organisation.api_advice.router")
api.add_router("", "entydig.goals.api.router")
api.add_router("", "entydig.monitoring.api.router")
api.add_router("", "entydig.meetings.api.router")
