"""Loads the fictional demo plans once, dated relative to today; running it again, on any day, changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from entydig.home.demo import LOGINS, already_seeded, seed_all


class Command(BaseCommand):
    help = "Indlæser demo-data (fiktive helhedsplaner og demo-logins med adgangskoden 'demo')."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo-data kan kun indlæses med demo-indstillingerne (DEMO_MODE).")
        if already_seeded():
            self.stdout.write("Demo-data findes allerede; intet ændret.")
        else:
            with transaction.atomic():
                seed_all()
            self.stdout.write(self.style.SUCCESS("Demo-data indlæst."))
        self.stdout.write("\nDemo-logins (adgangskode: demo) på /accounts/login/:")
        for username, what in LOGINS:
            self.stdout.write(f"  {username:<12} {what}")
