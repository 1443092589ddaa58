"""`manage.py import_measurements FILE --plan ID [--indicator CODE] [--dry-run]`: the same import as the page and
the API; `--indicator` names the indicator of a file in the wide layout without an indicator column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entydig.core.errors import ConflictError
from entydig.monitoring.importing import ImportRejected, import_measurements
from entydig.organisation.models import Plan

COMMAND_MAX_BYTES = 2 * 1024 * 1024 * 1024
COMMAND_MAX_ROWS = 10_000_000


class Command(BaseCommand):
    help = "Importerer målinger fra en CSV- eller XLSX-fil til en helhedsplan (alt eller intet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--plan", type=int, required=True, help="helhedsplanens id")
        parser.add_argument("--dry-run", action="store_true", help="vis hvad der ville ændre sig, uden at gemme")
        parser.add_argument(
            "--indicator", default="", help="indikatorens kode, for en fil med én kolonne pr. periode uden indikator"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Helhedsplan {options['plan']} findes ikke")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Filen {path} findes ikke")
        try:
            result = import_measurements(
                actor=None,
                plan=plan,
                data=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                max_bytes=COMMAND_MAX_BYTES,
                max_rows=COMMAND_MAX_ROWS,
                indicator=options["indicator"],
            )
        except (ImportRejected, ConflictError) as error:
            raise CommandError(str(error)) from error
        if not result.ok:
            for row_error in result.errors:
                self.stderr.write(str(row_error))
            if result.more_errors:
                self.stderr.write(f"... og {result.more_errors} fejl mere")
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
