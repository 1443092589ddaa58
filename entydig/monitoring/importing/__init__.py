"""Import of measurements from CSV and XLSX files as Danish offices really write them; all or nothing.

`import_measurements` is the one entry point: the page, the API and `manage.py import_measurements` call it. The
steps live in modules of their own: `read` (bytes to rows of cells, with the safety checks) and `cells` (the rules
for a cell) serve any import; `rows` (the measurement file's columns and rows), `compare` (against what is
stored, the preview) and `store` (the writes and the audit) are the measurements' own; `wide` turns a file of one
column per period into the long layout first.
"""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from entydig.core.audit import Actor
from entydig.core.importing.cells import RowError, parse_number
from entydig.core.importing.read import ImportRejected, read_table
from entydig.monitoring.changes import measurements_imported
from entydig.monitoring.importing.afdelinger import add_up_afdelinger
from entydig.monitoring.importing.compare import ImportResult, PreviewRow, compare_with_stored
from entydig.monitoring.importing.rows import parse_rows
from entydig.monitoring.importing.store import store_changes
from entydig.monitoring.importing.wide import as_long
from entydig.organisation.models import Plan

__all__ = [
    "MAX_COLUMNS",
    "ImportRejected",
    "ImportResult",
    "PreviewRow",
    "RowError",
    "import_measurements",
    "parse_number",
    "web_max_bytes",
    "web_max_rows",
]


def web_max_bytes() -> int:
    return int(getattr(settings, "MEASUREMENT_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def web_max_rows() -> int:
    return int(getattr(settings, "MEASUREMENT_IMPORT_MAX_ROWS", 200_000))


# The wide layout has a column per period: thirty years of quarters and a few more.
MAX_COLUMNS = 130


def import_measurements(
    *,
    actor: Actor,
    plan: Plan,
    data: bytes | IO[bytes],
    filename: str = "",
    dry_run: bool = False,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    indicator: str = "",
) -> ImportResult:
    """Validates the whole file, then stores new and changed values in bulk, or nothing at all.

    Re-importing the same file changes nothing. A changed value replaces the stored one and is written to the
    audit log (one summary record per import plus one record per changed value). Raises ImportRejected for a file
    refused as a whole, and ConflictError (entydig.core.errors) where another writer changed the same measurements
    between this import's reading and its writing. `indicator` is the indicator's code chosen on import, for a
    file in the wide layout without an indicator column.
    """
    max_bytes = web_max_bytes() if max_bytes is None else max_bytes
    max_rows = web_max_rows() if max_rows is None else max_rows
    if not isinstance(data, bytes):
        data = data.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportRejected(_("Filen er større end %(max)s MB") % {"max": max_bytes // (1024 * 1024)})
    table = as_long(read_table(data, max_rows=max_rows, max_columns=MAX_COLUMNS), indicator.strip())
    parsed = add_up_afdelinger(parse_rows(table, plan))
    result = ImportResult(
        dry_run=dry_run, rows=parsed.count, errors=parsed.errors.shown, error_count=parsed.errors.count
    )
    if not result.ok:
        return result
    changes = compare_with_stored(parsed, result)
    if not dry_run:
        store_changes(changes, parsed, actor=actor, plan=plan, filename=filename, result=result)
        if result.new or result.changed:
            measurements_imported(plan)
    return result
