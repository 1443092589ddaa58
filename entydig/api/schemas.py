"""Schemas shared by every router: the base of every input, the input types with their rules, the error answers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from entydig.meetings.models import FIRST_YEAR, LAST_YEAR

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
    detail: str = Field(description="Besked på dansk / English message")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description="Hvor fejlen er i forespørgslen / Where the error is in the request")
    field: str = Field(description="Feltet fejlen gælder ('__all__' for hele input) / The field the error is about")
    msg: str = Field(description="Besked på dansk / English message")


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
