"""Errors that every floor's services raise and every edge answers the same way."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ConflictError(Exception):
    """Someone else saved the same object after this edit or import began; nothing was saved.

    The API answers 409 with the message, a page shows it. Meetings raise it with the default message; an import
    passes its own.
    """

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "En anden har gemt ændringer, mens du redigerede. Dine ændringer er ikke gemt; "
                "genindlæs siden og ret igen."
            )
        )


class FieldErrors:
    """A service's findings about its input, field by field, raised together so that a page or an API client hears
    of every problem at once (a `ValidationError` with codes, keyed by the model's field names)."""

    def __init__(self) -> None:
        self._errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self._errors.setdefault(field, []).append(ValidationError(message, code=code))

    def __bool__(self) -> bool:
        return bool(self._errors)

    def raise_any(self) -> None:
        if self._errors:
            raise ValidationError(dict(self._errors))
