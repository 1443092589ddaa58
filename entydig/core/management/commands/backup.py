"""`manage.py backup`: the database and the uploaded files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entydig.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Tager en backup af databasen og de uploadede filer (en .tar.gz). / Backs up the database and uploads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", type=Path, help="Filnavn (standard: var/backups/entydig-<tid>.tar.gz)")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup_create(output=options["output"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup gemt: {path}"))
