"""Errors that every floor's services raise and every edge answers the same way."""

from __future__ import annotations

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
