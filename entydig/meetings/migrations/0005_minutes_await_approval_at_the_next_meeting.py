"""Minutes to be approved at the next meeting wait for it (status `pending`), and that meeting's agenda gets an item
of its own for them (kind `previous_minutes`); `approved_in` records the meeting that approved them.

The database guard on approved minutes (0003) is installed again around the change, with `approved_in_id` among
the guarded columns: on SQLite a changed constraint rebuilds the table, and dropping a table drops its triggers (and
a rebuild must not meet triggers that name the table while it is gone). Pending minutes are not guarded: they stay
editable until they are approved.
"""

# ruff: noqa: S608  (the SQL is built from constants in this file, never from input)

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

MESSAGE = "Referatet er godkendt og kan ikke ændres (approved minutes cannot be changed)"
ENTRY_COLUMNS = ("id", "minutes_id", "item_id", "discussion", "decision")
# Columns of meetings_minutes other than approved_by_id; any difference in one of them is a change.
BEFORE = ("id", "meeting_id", "status", "notes", "approved_at", "approved_how", "row_version")
AFTER = (*BEFORE, "approved_in_id")


def _changed(columns: tuple[str, ...], distinct: str) -> str:
    return " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in columns)


def _postgresql(minutes_columns: tuple[str, ...]) -> str:
    return f"""
CREATE FUNCTION meetings_minutes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'approved' AND EXISTS (SELECT 1 FROM meetings_meeting WHERE id = OLD.meeting_id) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'approved' AND (
        {_changed(minutes_columns, "IS DISTINCT FROM")}
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


POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS meetings_minutesentry_guard ON meetings_minutesentry;
DROP FUNCTION IF EXISTS meetings_minutesentry_guard();
DROP TRIGGER IF EXISTS meetings_minutes_guard ON meetings_minutes;
DROP FUNCTION IF EXISTS meetings_minutes_guard();
"""

_APPROVED = "EXISTS (SELECT 1 FROM meetings_minutes WHERE id = {ref}.minutes_id AND status = 'approved')"
_RAISE = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"


def _sqlite(minutes_columns: tuple[str, ...]) -> list[str]:
    return [
        f"""CREATE TRIGGER meetings_minutes_guard_update BEFORE UPDATE ON meetings_minutes FOR EACH ROW
        WHEN OLD.status = 'approved' AND (
            {_changed(minutes_columns, "IS NOT")}
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


SQLITE_DROP = [
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


def drop_guard(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": [POSTGRESQL_DROP], "sqlite": SQLITE_DROP})


def install_guard(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": [_postgresql(AFTER)], "sqlite": _sqlite(AFTER)})


def install_previous_guard(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": [_postgresql(BEFORE)], "sqlite": _sqlite(BEFORE)})


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_meeting_start_year_range"),
    ]

    operations = [
        migrations.RunPython(drop_guard, install_previous_guard),
        migrations.RemoveConstraint(
            model_name="minutes",
            name="minutes_approved_has_time",
        ),
        migrations.AddField(
            model_name="minutes",
            name="approved_in",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="approved_earlier_minutes",
                to="meetings.meeting",
                verbose_name="godkendt på mødet",
            ),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="kind",
            field=models.CharField(
                choices=[
                    ("strategic", "Beslutning: strategisk spørgsmål"),
                    ("cooperation", "Beslutning: samarbejdsspørgsmål"),
                    ("prioritisation", "Beslutning: prioriteringsspørgsmål"),
                    ("discussion", "Drøftelse"),
                    ("orientation", "Orientering"),
                    ("approval", "Godkendelse af regnskab eller budget"),
                    ("follow_up", "Opfølgning på handlingspunkter"),
                    ("previous_minutes", "Godkendelse af referat"),
                ],
                default="orientation",
                max_length=20,
                verbose_name="punkttype",
            ),
        ),
        migrations.AlterField(
            model_name="minutes",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Udkast"),
                    ("pending", "Afventer godkendelse på næste møde"),
                    ("approved", "Godkendt"),
                ],
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "previous_minutes")),
                fields=("meeting",),
                name="agendaitem_one_previous_minutes_per_meeting",
            ),
        ),
        migrations.AddConstraint(
            model_name="minutes",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "approved"), _negated=True), ("approved_at__isnull", False), _connector="OR"
                ),
                name="minutes_approved_has_time",
            ),
        ),
        migrations.AddConstraint(
            model_name="minutes",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "pending"), _negated=True),
                    models.Q(("approved_at__isnull", True), ("approved_how", "board")),
                    _connector="OR",
                ),
                name="minutes_pending_awaits_the_next_meeting",
            ),
        ),
        migrations.AddConstraint(
            model_name="minutes",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("approved_in__isnull", True),
                    models.Q(("approved_how", "board"), ("status", "approved")),
                    _connector="OR",
                ),
                name="minutes_approved_in_only_at_the_next_meeting",
            ),
        ),
        migrations.RunPython(install_guard, drop_guard),
    ]
