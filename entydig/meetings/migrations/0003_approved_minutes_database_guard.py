"""A database guard on approved minutes: no page, API, admin or bulk update can change or delete them.

The services already refuse; the triggers make the database refuse too, so that a queryset `update()`/`delete()`,
the admin or a raw write cannot get round them. What stays allowed is exactly what the services and Django do:

- the approval itself (the stored row is still a draft when it is approved);
- `approved_by` set to NULL when the approving user is deleted (the foreign key's SET_NULL);
- corrections, which are MinutesAmendment rows, and the follow-up of action items (other tables, not guarded);
- removing a row whose parent is already gone: `flush` on SQLite empties tables one by one in no fixed order.

Deleting a meeting (and so a plan) that has approved minutes is refused as well: approved minutes are the record
of the body's decisions and outlive the meeting. Both vendors raise an integrity error (SQLSTATE 23000 on
PostgreSQL, SQLITE_CONSTRAINT on SQLite), which Django reports as IntegrityError.
"""

# ruff: noqa: S608  (the SQL is built from constants in this file, never from input)

from __future__ import annotations

from typing import Any

from django.db import migrations

MESSAGE = "Referatet er godkendt og kan ikke ændres (approved minutes cannot be changed)"

# Columns of meetings_minutes other than approved_by_id; any difference in one of them is a change.
MINUTES_COLUMNS = ("id", "meeting_id", "status", "notes", "approved_at", "approved_how", "row_version")
ENTRY_COLUMNS = ("id", "minutes_id", "item_id", "discussion", "decision")


def _changed(columns: tuple[str, ...], distinct: str) -> str:
    return " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in columns)


POSTGRESQL = f"""
CREATE FUNCTION meetings_minutes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'approved' AND EXISTS (SELECT 1 FROM meetings_meeting WHERE id = OLD.meeting_id) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'approved' AND (
        {_changed(MINUTES_COLUMNS, "IS DISTINCT FROM")}
        OR (NEW.approved_by_id IS NOT NULL AND NEW.approved_by_id IS DISTINCT FROM OLD.approved_by_id)
    ) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER meetings_minutes_guard BEFORE UPDATE OR DELETE ON meetings_minutes
    FOR EACH ROW EXECUTE FUNCTION meetings_minutes_guard();

CREATE FUNCTION meetings_minutesentry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM meetings_minutes WHERE id = OLD.minutes_id AND status = 'approved') THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM meetings_minutes WHERE id = NEW.minutes_id AND status = 'approved') THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
        END IF;
        RETURN NEW;
    END IF;
    IF ({_changed(ENTRY_COLUMNS, "IS DISTINCT FROM")})
        AND EXISTS (
            SELECT 1 FROM meetings_minutes WHERE id IN (OLD.minutes_id, NEW.minutes_id) AND status = 'approved'
        )
    THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER meetings_minutesentry_guard BEFORE INSERT OR UPDATE OR DELETE ON meetings_minutesentry
    FOR EACH ROW EXECUTE FUNCTION meetings_minutesentry_guard();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS meetings_minutesentry_guard ON meetings_minutesentry;
DROP FUNCTION IF EXISTS meetings_minutesentry_guard();
DROP TRIGGER IF EXISTS meetings_minutes_guard ON meetings_minutes;
DROP FUNCTION IF EXISTS meetings_minutes_guard();
"""

_APPROVED = "EXISTS (SELECT 1 FROM meetings_minutes WHERE id = {ref}.minutes_id AND status = 'approved')"
_RAISE = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"

SQLITE = [
    f"""CREATE TRIGGER meetings_minutes_guard_update BEFORE UPDATE ON meetings_minutes FOR EACH ROW
    WHEN OLD.status = 'approved' AND (
        {_changed(MINUTES_COLUMNS, "IS NOT")}
        OR (NEW.approved_by_id IS NOT NULL AND NEW.approved_by_id IS NOT OLD.approved_by_id)
    ) {_RAISE}""",
    f"""CREATE TRIGGER meetings_minutes_guard_delete BEFORE DELETE ON meetings_minutes FOR EACH ROW
    WHEN OLD.status = 'approved' AND EXISTS (SELECT 1 FROM meetings_meeting WHERE id = OLD.meeting_id) {_RAISE}""",
    f"""CREATE TRIGGER meetings_minutesentry_guard_insert BEFORE INSERT ON meetings_minutesentry FOR EACH ROW
    WHEN {_APPROVED.format(ref="NEW")} {_RAISE}""",
    f"""CREATE TRIGGER meetings_minutesentry_guard_update BEFORE UPDATE ON meetings_minutesentry FOR EACH ROW
    WHEN ({_APPROVED.format(ref="OLD")} OR {_APPROVED.format(ref="NEW")})
        AND ({_changed(ENTRY_COLUMNS, "IS NOT")}) {_RAISE}""",
    f"""CREATE TRIGGER meetings_minutesentry_guard_delete BEFORE DELETE ON meetings_minutesentry FOR EACH ROW
    WHEN {_APPROVED.format(ref="OLD")} {_RAISE}""",
]

SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "meetings_minutes_guard_update",
        "meetings_minutes_guard_delete",
        "meetings_minutesentry_guard_insert",
        "meetings_minutesentry_guard_update",
        "meetings_minutesentry_guard_delete",
    )
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"No approved-minutes guard for the {vendor} database.")
    for sql in statements[vendor]:
        schema_editor.execute(sql)


def install(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": [POSTGRESQL], "sqlite": SQLITE})


def uninstall(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": [POSTGRESQL_REVERSE], "sqlite": SQLITE_REVERSE})


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_meeting_body_restrict_so_plans_can_be_deleted"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
