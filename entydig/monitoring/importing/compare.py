"""The file's valid rows against the stored measurements: what is new, what changes and how (the preview), and
what stays as it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.utils.translation import gettext as _

from entydig.core.importing.cells import FOUR_PLACES
from entydig.core.importing.result import ImportOutcome
from entydig.core.suppression import MeasuredValue, MeasurementState, below_threshold
from entydig.monitoring.importing.rows import KEY_FIELDS, VALUE_FIELDS, MeasurementRow, ParsedFile
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.status import format_value
from entydig.organisation.models import Area

PREVIEW_ROWS = 100
FIELD_LABELS = {
    "value": "værdi",
    "n": "n",
    "numerator": "tæller",
    "denominator": "nævner",
    "suppressed": "diskretionering",
    "source_note": "kilde",
    "note": "note",
}
_SOURCE, _NOTE = VALUE_FIELDS.index("source_note"), VALUE_FIELDS.index("note")
_key = attrgetter(*KEY_FIELDS)
_values = attrgetter(*VALUE_FIELDS)


@dataclass(frozen=True)
class PreviewRow:
    change: str  # "new" or "changed"
    row: int
    indicator: str
    series: str
    period: str
    old_value: Decimal | None
    new_value: Decimal | None
    suppressed: bool
    old_text: str = ""  # formatted, with suppression applied
    new_text: str = ""
    fields: tuple[str, ...] = ()  # what changes, in Danish column names


class ImportResult(ImportOutcome[PreviewRow]):
    """The measurement import's outcome (entydig.core.importing.result)."""


@dataclass(slots=True)
class Change:
    """A stored measurement that the file changes: its id, its values as read and the values to store (both in
    VALUE_FIELDS order), and what changes, {field: [old, new]}."""

    row: MeasurementRow
    pk: int
    old: tuple[Any, ...]
    values: tuple[Any, ...]
    diff: dict[str, list[Any]]


@dataclass
class Changes:
    new: list[MeasurementRow] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)


def compare_with_stored(parsed: ParsedFile, result: ImportResult) -> Changes:
    """Sorts the rows into new, changed and unchanged ones, counted in `result` with the first rows' preview."""
    rows = parsed.rows
    stored = Measurement.objects.filter(indicator_id__in={row.indicator_id for row in rows}).values_list(
        "id", *KEY_FIELDS, *VALUE_FIELDS
    )
    width = len(KEY_FIELDS)
    existing = {values[1 : 1 + width]: values for values in stored}
    changes = Changes()
    if not existing:  # a first import: every row is new
        changes.new = rows
        result.new = len(rows)
        result.preview.extend(_new_preview(row, parsed) for row in rows[:PREVIEW_ROWS])
        return changes
    keep_source, keep_note = not parsed.has_source, not parsed.has_note
    for row in rows:
        current = existing.get(_key(row))
        if current is None:
            result.new += 1
            changes.new.append(row)
            if len(result.preview) < PREVIEW_ROWS:
                result.preview.append(_new_preview(row, parsed))
            continue
        old = current[1 + width :]
        wanted = _values(row)
        if keep_source or (keep_note and not row.note):  # a column the file does not have leaves the stored text
            patched = list(wanted)
            if keep_source:
                patched[_SOURCE] = old[_SOURCE]
            if keep_note and not row.note:
                patched[_NOTE] = old[_NOTE]
            wanted = tuple(patched)
        if wanted == old:  # equal values are equal after normalising too: nothing to compare further
            result.unchanged += 1
            continue
        diff = {
            name: [_plain(before), _plain(after)]
            for name, before, after in zip(VALUE_FIELDS, old, wanted, strict=True)
            if _normal(before) != _normal(after)
        }
        if not diff:
            result.unchanged += 1
            continue
        result.changed += 1
        changes.changed.append(Change(row, current[0], old, wanted, diff))
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(_changed_preview(row, dict(zip(VALUE_FIELDS, old, strict=True)), diff, parsed))
    return changes


def _new_preview(row: MeasurementRow, parsed: ParsedFile) -> PreviewRow:
    indicator = parsed.indicators[row.indicator_id]
    return PreviewRow(
        "new",
        row.number,
        indicator.code,
        series_text(row, parsed),
        row.period,
        None,
        row.value,
        row.suppressed,
        "",
        _shown_text(row, indicator),
    )


def _changed_preview(
    row: MeasurementRow, old: dict[str, Any], diff: dict[str, list[Any]], parsed: ParsedFile
) -> PreviewRow:
    indicator = parsed.indicators[row.indicator_id]
    return PreviewRow(
        "changed",
        row.number,
        indicator.code,
        series_text(row, parsed),
        row.period,
        old["value"],
        row.value,
        row.suppressed,
        _shown_text(MeasurementState(old), indicator),
        _shown_text(row, indicator),
        tuple(FIELD_LABELS.get(name, name) for name in diff),
    )


def series_text(row: MeasurementRow, parsed: ParsedFile) -> str:
    area: Area | None = parsed.areas.get(row.area_id) if row.area_id is not None else None
    return area.name if area is not None else str(Measurement.Series(row.series).label)


def _shown_text(measured: MeasuredValue, indicator: Indicator) -> str:
    if below_threshold(measured, indicator.unit, indicator.suppression_threshold):
        return _("<%(limit)s (diskretioneret)") % {"limit": indicator.suppression_threshold}
    return format_value(measured.value, indicator, trim=False) if measured.value is not None else "–"


def _normal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.quantize(FOUR_PLACES)
    return value


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value
