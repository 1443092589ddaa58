"""`manage.py restore <file>`: replaces the database and the uploaded files with a backup's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entydig.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Genskaber databasen og de uploadede filer fra en backup. / Restores the database and uploads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Spørg ikke først."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interactive"]:
            answer = input(
                "Alt i databasen og alle uploadede filer erstattes af backuppens indhold. Skriv 'ja' for at fortsætte: "
            )
            if answer.strip().lower() not in {"ja", "yes"}:
                raise CommandError("Afbrudt; intet ændret.")
        try:
            manifest = backup_restore(options["file"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Genskabt fra backup af {manifest['created']}"))
