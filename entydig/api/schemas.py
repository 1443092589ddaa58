"""Schemas shared by every router: the error answers, so the OpenAPI schema documents them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db import models
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from entydig.meetings.models import FIRST_YEAR, LAST_YEAR


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


def _iso_date_only(value: Any) -> Any:
    # Pydantic would read a number as a Unix timestamp; a date in this API is always written "YYYY-MM-DD".
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


def _in_calendar_years(value: Any) -> Any:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("year_out_of_range", f"The year must be from {FIRST_YEAR} to {LAST_YEAR}")
    return value


CalendarDate = Annotated[dt.date, AfterValidator(_in_calendar_years)]
CalendarDateTime = Annotated[dt.datetime, AfterValidator(_in_calendar_years)]
