"""The change log as the secretariat reads it: who changed what and when, in the reader's language.

A record stores field names and plain values (entydig/core/audit.py); here each becomes the model's label for the
field, the label of a choice rather than its stored value, Danish dates and decimal commas, and a suppressed
figure as every other output shows it (`<5 (Diskretioneret)`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entydig.core.models import AuditEvent

# Names that records use beside the model's own fields (summaries of an import, a dispatch, a guest, ...).
EXTRA_LABELS: dict[str, Promise] = {
    "attendance": _("fremmøde"),
    "changed": _("ændrede"),
    "file": _("fil"),
    "guest": _("gæst"),
    "how": _("godkendt af"),
    "import": _("importeret fra"),
    "name": _("navn"),
    "new": _("nye"),
    "note": _("note"),
    "order": _("rækkefølge"),
    "quarter": _("kvartal"),
    "reason": _("begrundelse"),
    "recipients": _("modtagere"),
    "role": _("rolle"),
    "rows": _("rækker"),
    "sent_to": _("sendt til"),
    "text": _("tekst"),
    "type": _("type"),
    "unchanged": _("uændrede"),
    "user": _("bruger"),
    "version": _("version"),
}

_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_SUPPRESSED = re.compile(r"^<\d+$")


@dataclass(frozen=True)
class ChangedField:
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class LogEntry:
    event: AuditEvent
    what: str  # the kind of object, in the reader's language
    fields: list[ChangedField]


def model_name(label: str) -> str:
    """The model's name in the reader's language; a record of a model since removed keeps its stored text."""
    try:
        return capfirst(str(apps.get_model(label)._meta.verbose_name))
    except (LookupError, ValueError):
        return capfirst(label)


def _shown(value: Any) -> Any:
    """A stored value as the user reads it: Danish dates, times and decimal commas."""
    if isinstance(value, bool):
        return gettext("Ja") if value else gettext("Nej")
    if isinstance(value, list):
        return ", ".join(str(_shown(v)) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, float | Decimal):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            return formats.date_format(dt.date.fromisoformat(value), "d.m.Y")
        if _ISO_DATETIME.match(value):
            with contextlib.suppress(ValueError):
                moment = dt.datetime.fromisoformat(value)
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                return formats.date_format(moment, "d.m.Y H.i")
        if _DECIMAL.match(value):
            return formats.number_format(Decimal(value), use_l10n=True)
    return value


def _shown_number(value: Any) -> Any:
    """A number field: a suppressed measurement is stored as `<5` and shown as every page shows it."""
    if isinstance(value, str) and _SUPPRESSED.match(value):
        return f"{value} ({gettext('Diskretioneret')})"
    return _shown(value)


def _field_reader(model: type[models.Model] | None, name: str) -> tuple[str, Any]:
    """The label of a recorded name and how its values are shown."""
    if model is not None:
        with contextlib.suppress(FieldDoesNotExist):
            field = model._meta.get_field(name)
            if not isinstance(field, models.Field):  # a reverse relation, e.g. a meeting's attendance
                related = field.related_model
                return str(related._meta.verbose_name_plural if related else name), _shown
            if isinstance(field, models.DecimalField):
                return str(field.verbose_name), _shown_number
            choices = dict(field.flatchoices) if getattr(field, "choices", None) else None
            if choices:

                def choice(value: Any) -> Any:
                    return str(choices.get(value, value)) if value not in (None, "") else value

                return str(field.verbose_name), choice
            return str(getattr(field, "verbose_name", name)), _shown
    return str(EXTRA_LABELS.get(name, name)), _shown


def describe(events: Iterable[AuditEvent]) -> list[LogEntry]:
    """Each record with the object's kind and its changed fields as (label, before, after)."""
    entries = []
    for event in events:
        try:
            model: type[models.Model] | None = apps.get_model(event.object_type)
        except (LookupError, ValueError):
            model = None
        rows = []
        for name, change in (event.changes or {}).items():
            label, show = _field_reader(model, name)
            before, after = change if isinstance(change, list) and len(change) == 2 else (None, change)
            if event.action == AuditEvent.Action.CREATE:
                before = None
                if after in (None, "", [], False):
                    continue
            rows.append(ChangedField(capfirst(label), show(before), show(after)))
        entries.append(LogEntry(event, model_name(event.object_type), rows))
    return entries
