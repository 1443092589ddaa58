"""Stores an import's new and changed measurements in bulk with its audit records, all or nothing.

The columns come from the Measurement model: the MeasurementRow's fields, then the model's other fields (the
change stamp gets the time of the import, any other field its default). A measurement that someone else saves,
changes or deletes between the import's reading and its writing makes the import a conflict: nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.copy import QueuedLibpqWriter

from entydig.core.audit import Actor, actor_id, audit_record
from entydig.core.errors import ConflictError
from entydig.core.models import AuditEvent
from entydig.core.suppression import audit_changes
from entydig.monitoring.importing.compare import Change, Changes, ImportResult
from entydig.monitoring.importing.rows import ROW_FIELDS, VALUE_FIELDS, MeasurementRow, ParsedFile
from entydig.monitoring.models import Measurement
from entydig.monitoring.redaction import redact_hidden_totals
from entydig.organisation.models import Plan

T = TypeVar("T")
BATCH_SIZE = 2000
_FIELDS = {f.attname: f for f in Measurement._meta.concrete_fields if not f.primary_key}
ROW_COLUMNS = [_FIELDS[name] for name in ROW_FIELDS]
OTHER_COLUMNS = [f for name, f in _FIELDS.items() if name not in ROW_FIELDS]
INSERT_COLUMNS = tuple(f.column or f.attname for f in (*ROW_COLUMNS, *OTHER_COLUMNS))
UPDATE_COLUMNS = tuple(_FIELDS[name].column or name for name in VALUE_FIELDS)
STAMP = next(f for f in _FIELDS.values() if getattr(f, "auto_now", False))  # updated_at
# Python values that the database drivers cannot take as they are: SQLite's has no date or Decimal.
_PREPARED = (models.DateField, models.DecimalField)
_row_values = attrgetter(*ROW_FIELDS)


def conflict_message() -> str:
    return _(
        "Mens filen blev indlæst, har en anden gemt, ændret eller slettet en måling, som filen også rører ved."
        " Intet fra filen er gemt; indlæs filen igen for at se, hvad der nu vil ændre sig."
    )


def store_changes(
    changes: Changes, parsed: ParsedFile, *, actor: Actor, plan: Plan, filename: str, result: ImportResult
) -> None:
    """Writes the changes and their audit records in one transaction; raises ConflictError, storing nothing, where
    another writer got there first."""
    now = timezone.now()
    try:
        with transaction.atomic():
            _insert(changes.new, now)
            _update(changes.changed, now)
            _audit_changes(changes.changed, parsed, user_id=actor_id(actor), plan=plan, filename=filename)
            written = [*changes.new, *(change.row for change in changes.changed)]
            redact_hidden_totals({(row.indicator_id, row.period) for row in written})
            audit_record(
                actor=actor,
                action=AuditEvent.Action.IMPORT,
                obj=plan,
                plan=plan,
                changes={
                    "file": filename[:200],
                    "rows": result.rows,
                    "new": result.new,
                    "changed": result.changed,
                    "unchanged": result.unchanged,
                },
                # An import that changes nothing leaves every cached status as it was.
                changes_data=bool(result.new or result.changed),
            )
    except IntegrityError as error:
        if not _is_conflict(error):
            raise
        raise ConflictError(conflict_message()) from error


def _is_conflict(error: IntegrityError) -> bool:
    """A unique or foreign key violation: a measurement saved, or an indicator or area deleted, meanwhile."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)  # PostgreSQL's error code
    if sqlstate is not None:
        return sqlstate in ("23505", "23503")
    return "UNIQUE constraint failed" in str(error) or "FOREIGN KEY constraint failed" in str(error)


def _other_values(now: dt.datetime) -> tuple[Any, ...]:
    """The values of the columns a row does not fill: the same for every row of an import."""
    return tuple(now if f is STAMP else f.get_default() for f in OTHER_COLUMNS)


def _insert(rows: list[MeasurementRow], now: dt.datetime) -> None:
    """New measurements: PostgreSQL's COPY (as fast as loading the file by hand), else one INSERT run for many rows."""
    if not rows:
        return
    table = connection.ops.quote_name(Measurement._meta.db_table)
    others = _other_values(now)
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({', '.join(INSERT_COLUMNS)}) FROM STDIN (FORMAT BINARY)"  # noqa: S608 - fixed names
        types = [(f.db_type(connection) or "").split("(")[0] for f in (*ROW_COLUMNS, *OTHER_COLUMNS)]
        # COPY goes through psycopg's own cursor, so Django's error wrapper is put around it (a unique violation
        # becomes Django's IntegrityError); the queued writer sends the rows from a thread of its own while this one
        # encodes the next ones.
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(sql, writer=QueuedLibpqWriter(cursor.cursor)) as copy,
        ):
            copy.set_types(types)
            write = copy.write_row
            for row in rows:
                write(_row_values(row) + others)
        return
    prepare = _preparer(ROW_COLUMNS)
    others = tuple(_prepared(f, v) for f, v in zip(OTHER_COLUMNS, others, strict=True))
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608 - fixed names
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(sql, [prepare(_row_values(row)) + others for row in batch])


def _update(changed: list[Change], now: dt.datetime) -> None:
    """Changed measurements: one UPDATE statement run for many rows (executemany), each only where the stored
    measurement still holds the values the import compared it with; a row fewer means someone got there first."""
    if not changed:
        return
    table = connection.ops.quote_name(Measurement._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in (*UPDATE_COLUMNS, STAMP.column or STAMP.attname))
    same = "IS NOT DISTINCT FROM" if connection.vendor == "postgresql" else "IS"  # equal, NULL to NULL too
    unchanged = " AND ".join(f"{column} {same} %s" for column in UPDATE_COLUMNS)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s AND {unchanged}"  # noqa: S608 - fixed names
    prepare = _preparer([_FIELDS[name] for name in VALUE_FIELDS])
    stamp = _prepared(STAMP, now)
    updated = 0
    with connection.cursor() as cursor:
        for batch in _batches(changed):
            cursor.executemany(
                sql, [(*prepare(change.values), stamp, change.pk, *prepare(change.old)) for change in batch]
            )
            updated += cursor.rowcount
    if updated != len(changed):
        raise ConflictError(conflict_message())


def _audit_changes(
    changed: list[Change], parsed: ParsedFile, *, user_id: int | None, plan: Plan, filename: str
) -> None:
    """One record per changed value, a suppressed figure kept out of it as everywhere else; new values need none,
    they are in the measurements themselves."""
    object_type = Measurement._meta.label_lower
    for batch in _batches(changed):
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor_id=user_id,
                    plan=plan,
                    action=AuditEvent.Action.UPDATE,
                    object_type=object_type,
                    object_id=str(change.pk),
                    object_repr=_describe(change.row, parsed)[:200],
                    changes=audit_changes(
                        {**change.diff, "import": filename[:200]},
                        threshold=parsed.indicators[change.row.indicator_id].suppression_threshold,
                        unit=parsed.indicators[change.row.indicator_id].unit,
                        before=dict(zip(VALUE_FIELDS, change.old, strict=True)),
                        after=dict(zip(VALUE_FIELDS, change.values, strict=True)),
                    ),
                )
                for change in batch
            ]
        )


def _describe(row: MeasurementRow, parsed: ParsedFile) -> str:
    area = parsed.areas.get(row.area_id) if row.area_id is not None else None
    return f"{parsed.indicators[row.indicator_id].code} {area or row.series} {row.period}"


def _prepared(field: models.Field[Any, Any], value: Any) -> Any:
    return field.get_db_prep_save(value, connection) if isinstance(field, _PREPARED) else value


def _preparer(fields: Sequence[models.Field[Any, Any]]) -> Any:
    """A function from a tuple of values for `fields` to the tuple the database driver takes."""
    prepared = [(i, f) for i, f in enumerate(fields) if isinstance(f, _PREPARED)]

    def prepare(values: tuple[Any, ...]) -> tuple[Any, ...]:
        if not prepared:
            return values
        out = list(values)
        for i, f in prepared:
            out[i] = f.get_db_prep_save(out[i], connection)
        return tuple(out)

    return prepare


def _batches(items: list[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
