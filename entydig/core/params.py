"""Parameters a page reads by hand from the query string or a posted form, i.e. everything no Django form reads.

One rule for all of them: an absent or empty parameter takes its default, and a value the page cannot use
answers 400 with a Danish message that names the parameter (`InvalidParameter`, shown by
`entydig.core.views.bad_request`). Nothing is changed before the parameters are read, so nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

T = TypeVar("T")

# Ids are 64-bit database keys; a longer number is no id of anything.
MAX_ID = 2**63 - 1
_FLAGS = {"1": True, "on": True, "true": True, "0": False, "off": False, "false": False}


class InvalidParameter(BadRequest):
    """A parameter the page cannot use; the message is Danish, names the parameter and is shown to the user."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.message = _("Adressens parameter »%(name)s« kan ikke bruges: %(problem)s") % {
            "name": name,
            "problem": problem,
        }
        super().__init__(self.message)


def text(data: QueryDict, name: str, default: str = "") -> str:
    """The value as given; a NUL character is refused, as every form refuses it."""
    value = data.get(name)
    if value is None or value == "":
        return default
    try:
        ProhibitNullCharactersValidator()(value)
    except ValidationError as exc:
        raise InvalidParameter(name, " ".join(exc.messages)) from exc
    return value


def integer(data: QueryDict, name: str, *, low: int, high: int, default: int | None = None) -> int | None:
    """A whole number from `low` to `high`."""
    raw = text(data, name).strip()
    if not raw:
        return default
    digits = raw.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidParameter(name, _("skal være et helt tal."))
    value = int(raw) if len(digits) <= 20 else high + 1  # int() of a huge string is slow; it is out of range anyway
    if not low <= value <= high:
        raise InvalidParameter(name, _("skal være et tal fra %(low)s til %(high)s.") % {"low": low, "high": high})
    return value


def identifier(data: QueryDict, name: str) -> int | None:
    """The id of an object (the caller answers 404 when there is no such object); None when not given."""
    return integer(data, name, low=1, high=MAX_ID)


def choice(data: QueryDict, name: str, choices: Sequence[str], default: str = "") -> str:
    """One of `choices`."""
    value = text(data, name)
    if not value:
        return default
    if value not in choices:
        raise InvalidParameter(name, _("vælg en af %(choices)s.") % {"choices": ", ".join(choices)})
    return value


def flag(data: QueryDict, name: str) -> bool:
    """On (`1`, `on`, `true`) or off (`0`, `off`, `false`, or not given)."""
    value = text(data, name).strip().lower()
    if not value:
        return False
    if value not in _FLAGS:
        raise InvalidParameter(name, _("skal være 1 (til) eller 0 (fra)."))
    return _FLAGS[value]


def parsed(data: QueryDict, name: str, parse: Callable[[str], T]) -> T | None:
    """A value that `parse` reads, e.g. a quarter; `parse` raises ValidationError with a Danish message."""
    value = text(data, name)
    if not value:
        return None
    try:
        return parse(value)
    except ValidationError as exc:
        raise InvalidParameter(name, " ".join(exc.messages)) from exc


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where to go after a posted action: the posted `next` when it is a path on this site, else `fallback`.

    A redirect target is the one parameter that is ignored rather than refused: the action itself has been done.
    """
    target = request.POST.get("next", "")
    local = target.startswith("/") and not target.startswith("//") and target.isprintable()
    if local and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback
