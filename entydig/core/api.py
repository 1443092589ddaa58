"""The API's plumbing shared by every app's router: the base of every input, input types with their rules, the
error answers and how every error is answered (`install_error_handlers`), and the user an endpoint runs for.

Messages are in the request's language (Danish unless the client asks for English with Accept-Language, see
`entydig.core.middleware`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import DataError, models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from entydig.core.dates import FIRST_YEAR, LAST_YEAR
from entydig.core.errors import ConflictError

# The error type of a rule of our own; its message is already Danish and is answered as it is.
OWN_ERROR = "entydig"


def field_error(message: str) -> PydanticCustomError:
    return PydanticCustomError(OWN_ERROR, "{message}", {"message": str(message)})


_no_nul = ProhibitNullCharactersValidator()  # the validator every Django form field for text uses


def _refuse_nul(value: Any) -> None:
    """Text anywhere in a value (lists, dicts); nested inputs are InputSchemas and check their own fields."""
    if isinstance(value, str):
        _no_nul(value)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _refuse_nul(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)


def _nul_error(exc: ValidationError) -> PydanticCustomError:
    return field_error(" ".join(exc.messages))


class InputSchema(Schema):
    """The base of every input the API reads (bodies and query schemas): one rule for text everywhere.

    Text with a NUL character is refused with the forms' own message (422 naming the field), as the pages refuse
    it; without the rule SQLite would store it and PostgreSQL would refuse it with a misleading error. Text is
    checked before the field's own rules (a quarter with a NUL gets the same answer as a name with one), text in
    lists and dicts after them; nested inputs are InputSchemas themselves and check their own fields.
    """

    @field_validator("*", mode="before")
    @classmethod
    def _text_without_nul(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                _no_nul(value)
            except ValidationError as exc:
                raise _nul_error(exc) from exc
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _texts_without_nul(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple, set, frozenset, dict)):
            try:
                _refuse_nul(value)
            except ValidationError as exc:
                raise _nul_error(exc) from exc
        return value


class ErrorOut(Schema):
    detail: str = Field(description="Besked på forespørgslens sprog (dansk, eller engelsk med Accept-Language: en)")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description="Hvor fejlen er i forespørgslen")
    field: str = Field(description="Feltet fejlen gælder ('__all__' for hele input)")
    msg: str = Field(description="Besked på forespørgslens sprog")


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


# The answers an endpoint may give besides success: 401 anonymous, 403 read-only role on a write,
# 404 missing or another plan's object, 422 invalid input (nothing was changed).
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}
# A write with a `row_version` that someone else's save has made stale answers 409 and changes nothing.
CONFLICT_ERRORS: dict[int, type[Schema]] = {**WRITE_ERRORS, 409: ErrorOut}


def choices(enum: type[models.TextChoices]) -> WithJsonSchema:
    """The inline OpenAPI schema of a model's `TextChoices`.

    Without it pydantic names the component after the class (`Kind`, `Status`, ...), and the choices of
    different models with the same class name overwrite each other in the schema. Use as
    `Annotated[Plan.Status, choices(Plan.Status)]`.
    """
    labels = "; ".join(f"{value} = {label}" for value, label in enum.choices)
    return WithJsonSchema({"type": "string", "enum": list(enum.values), "description": labels})


_NUMBER = re.compile(r"\s*[-+]?[0-9]+(\.[0-9]*)?\s*")


def _iso_date_only(value: Any) -> Any:
    # Pydantic would read a number (or a text of digits, as in a query string) as a Unix timestamp; a date in this
    # API is always written "YYYY-MM-DD" and a time "YYYY-MM-DDTHH:MM".
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


def _in_calendar_years(value: Any) -> Any:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("year_out_of_range", f"The year must be from {FIRST_YEAR} to {LAST_YEAR}")
    return value


CalendarDate = Annotated[dt.date, BeforeValidator(_iso_date_only), AfterValidator(_in_calendar_years)]
CalendarDateTime = Annotated[dt.datetime, BeforeValidator(_iso_date_only), AfterValidator(_in_calendar_years)]


def _year_in_range(value: int) -> int:
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise PydanticCustomError("year_out_of_range", f"The year must be from {FIRST_YEAR} to {LAST_YEAR}")
    return value


# A calendar year, in the range the meetings (and their working-day counts) are kept in.
CalendarYear = Annotated[
    int,
    AfterValidator(_year_in_range),
    WithJsonSchema({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}),
]


def fits(field: Any) -> AfterValidator:
    """A number the model's DecimalField can hold: finite, and with no more whole digits than the column has."""
    whole_digits = field.max_digits - field.decimal_places

    def check(value: Any) -> Any:
        if value is None:
            return value
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
        if not number.is_finite():
            raise field_error(_("Skal være et tal."))
        if abs(number) >= Decimal(10) ** whole_digits:
            raise field_error(_("Tallet er for stort: højst %(digits)s cifre før kommaet.") % {"digits": whole_digits})
        return value

    return AfterValidator(check)


# How every error is answered ---------------------------------------------------------------------------------

# Messages for the pydantic error types that input to this API can produce; `{ge}` and the like come from the
# error's context.
_PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("Feltet skal udfyldes"),
    "string_too_long": gettext_lazy("Teksten er for lang"),
    "string_too_short": gettext_lazy("Feltet skal udfyldes"),
    "string_type": gettext_lazy("Skal være tekst"),
    "int_parsing": gettext_lazy("Skal være et heltal"),
    "int_type": gettext_lazy("Skal være et heltal"),
    "int_from_float": gettext_lazy("Skal være et heltal"),
    "int_parsing_size": gettext_lazy("Tallet er for stort"),
    "date_from_datetime_parsing": gettext_lazy("Skal være en dato (ÅÅÅÅ-MM-DD)"),
    "date_from_datetime_inexact": gettext_lazy("Skal være en dato (ÅÅÅÅ-MM-DD)"),
    "date_parsing": gettext_lazy("Skal være en dato (ÅÅÅÅ-MM-DD)"),
    "date_type": gettext_lazy("Skal være en dato (ÅÅÅÅ-MM-DD)"),
    "datetime_parsing": gettext_lazy("Skal være et tidspunkt (ÅÅÅÅ-MM-DDTTT:MM)"),
    "datetime_type": gettext_lazy("Skal være et tidspunkt (ÅÅÅÅ-MM-DDTTT:MM)"),
    "datetime_from_date_parsing": gettext_lazy("Skal være et tidspunkt (ÅÅÅÅ-MM-DDTTT:MM)"),
    "enum": gettext_lazy("Ukendt værdi"),
    "literal_error": gettext_lazy("Ukendt værdi"),
    "list_type": gettext_lazy("Skal være en liste"),
    "model_attributes_type": gettext_lazy("Ugyldige data"),
    "model_type": gettext_lazy("Ugyldige data"),
    "dict_type": gettext_lazy("Ugyldige data"),
    "json_invalid": gettext_lazy("Ugyldig JSON"),
    "bool_parsing": gettext_lazy("Skal være true eller false"),
    "bool_type": gettext_lazy("Skal være true eller false"),
    "float_parsing": gettext_lazy("Skal være et tal"),
    "float_type": gettext_lazy("Skal være et tal"),
    "finite_number": gettext_lazy("Skal være et tal"),
    "decimal_parsing": gettext_lazy("Skal være et tal"),
    "decimal_type": gettext_lazy("Skal være et tal"),
    "greater_than_equal": gettext_lazy("Skal være mindst {ge}"),
    "less_than_equal": gettext_lazy("Må højst være {le}"),
    "greater_than": gettext_lazy("Skal være større end {gt}"),
    "less_than": gettext_lazy("Skal være mindre end {lt}"),
}


def _year_out_of_range() -> str:
    return _("Året skal ligge fra %(first)s til %(last)s") % {"first": FIRST_YEAR, "last": LAST_YEAR}


def _message(error: dict[str, Any]) -> str:
    """The message of one pydantic error; our own rules (OWN_ERROR) carry theirs already."""
    kind = error.get("type", "")
    if kind == OWN_ERROR:
        return str(error.get("msg", ""))
    if kind == "year_out_of_range":
        return _year_out_of_range()
    template = _PYDANTIC_MESSAGES.get(kind)
    if template is None:
        return _("Ugyldig værdi")
    try:
        return str(template).format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return str(template)


def _field_of(loc: list[Any]) -> str:
    """The input field an error is about: the location without ninja's 'body'/'payload' prefix."""
    names = [str(part) for part in loc if part not in ("body", "payload", "query", "path")]
    return ".".join(names) or NON_FIELD_ERRORS


def validation_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """A service's ValidationError as the 422 answer's entries: one per field, nothing was saved."""
    messages = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return [
        {"loc": ["body", field], "field": field, "msg": " ".join(str(m) for m in msgs)}
        for field, msgs in messages.items()
    ]


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error the API can meet, answered with a declared status and a message in the request's language."""

    def detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": message}, status=status)

    def fields(request: HttpRequest, entries: list[dict[str, Any]]) -> HttpResponse:
        return api.create_response(request, {"detail": entries}, status=422)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return detail(request, _("Ikke fundet"), 404)

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return detail(request, _("Du har ikke ret til dette"), 403)

    def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
        return detail(request, _("Log ind eller send en API-nøgle"), 401)

    def conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
        return detail(request, str(exc), 409)

    def invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, ValidationError)
        return fields(request, validation_errors(exc))

    def invalid_input(request: HttpRequest, exc: Exception) -> HttpResponse:
        """Input that does not fit the schema, with the same shape as a service's errors."""
        assert isinstance(exc, NinjaValidationError)
        return fields(
            request,
            [
                {"loc": list(e.get("loc", [])), "field": _field_of(list(e.get("loc", []))), "msg": _message(e)}
                for e in exc.errors
            ],
        )

    def http_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        """ninja's own errors; a body it cannot parse (broken JSON, not UTF-8) is invalid input like any other."""
        assert isinstance(exc, HttpError)
        if exc.status_code == 400:
            return fields(request, [{"loc": ["body"], "field": NON_FIELD_ERRORS, "msg": _("Ugyldig JSON")}])
        return detail(request, str(exc), exc.status_code)

    def out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
        """A number the database cannot hold (e.g. an id beyond 64 bits); the service's transaction rolled back."""
        message = _("Et tal er uden for det gyldige område")
        return fields(request, [{"loc": [], "field": NON_FIELD_ERRORS, "msg": message}])

    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (Http404, not_found),
        (PermissionDenied, forbidden),
        (AuthenticationError, unauthorized),
        (ConflictError, conflict),
        (ValidationError, invalid),
        (NinjaValidationError, invalid_input),
        (HttpError, http_error),
        (OverflowError, out_of_range),
        (DataError, out_of_range),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def api_user(request: HttpRequest) -> AbstractBaseUser:
    """The user an endpoint runs for, as the API's authentication found it (ninja puts it on `request.auth`)."""
    user = request.auth  # type: ignore[attr-defined]  # set by ninja's authentication, not typed by django-stubs
    assert isinstance(user, AbstractBaseUser)
    return user


# Between an endpoint and a service -----------------------------------------------------------------------------

M = TypeVar("M", bound=models.Model)


def by_id(queryset: QuerySet[M], pk: int | None, field: str) -> M | None:
    """The object an input names by id, or a 422 on `field` when there is none (None stays None); whether the
    service may use it is the service's rule."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("%(id)s findes ikke.") % {"id": pk}}, code="unknown_id")
    return found


def all_by_id(queryset: QuerySet[M], pks: Iterable[int], field: str) -> list[M]:
    """Every object an input names by id, or a 422 on `field` naming the ids that are none."""
    wanted = set(pks)
    found = list(queryset.filter(pk__in=wanted))
    unknown = sorted(wanted - {o.pk for o in found})
    if unknown:
        raise ValidationError(
            {field: _("%(ids)s findes ikke.") % {"ids": ", ".join(map(str, unknown))}}, code="unknown_id"
        )
    return found


@contextmanager
def input_names(names: Mapping[str, str]) -> Iterator[None]:
    """A service's errors named by the input's fields (the service says `party`, the input `party_id`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({names.get(field, field): errors for field, errors in exc.error_dict.items()}) from exc
