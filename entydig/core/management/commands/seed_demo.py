"""Loads the fictional demo plans once, dated relative to today; running it again, on any day, changes nothing."""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# The apps' demo modules, named rather than imported: the seeder lives on the ground floor and knows the apps above
# it only by this list. The organisation's comes first: `seed()` makes the plans and returns the context, and
# `already_seeded()` says whether the demo is there; each of the others has `seed(ctx)`, run in this order.
ORGANISATION_DEMO = "entydig.organisation.demo"
DEMO_MODULES: list[str] = [
    "entydig.goals.demo",
    "entydig.meetings.demo",
    "entydig.monitoring.demo",
    "entydig.reports.demo",
]

LOGINS = [
    ("sekretariat", "sekretariatsleder, betjener begge helhedsplaner"),
    ("bestyrelse", "bestyrelsesmedlem (læser hele planen)"),
    ("styregruppe", "styregruppemedlem (retter egen styregruppes indsatser)"),
    ("medarbejder", "medarbejder, ansvarlig for én indsats"),
    ("laeser", "læser, fx konsulent fra Landsbyggefonden"),
    ("anden", "skriveadgang kun i den anden helhedsplan"),
]


class Command(BaseCommand):
    help = "Indlæser demo-data (fiktive helhedsplaner og demo-logins med adgangskoden 'demo')."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo-data kan kun indlæses med demo-indstillingerne (DEMO_MODE).")
        organisation_demo = importlib.import_module(ORGANISATION_DEMO)
        if organisation_demo.already_seeded():
            self.stdout.write("Demo-data findes allerede; intet ændret.")
        else:
            with transaction.atomic():
                ctx = organisation_demo.seed()
                for name in DEMO_MODULES:
                    importlib.import_module(name).seed(ctx)
            self.stdout.write(self.style.SUCCESS("Demo-data indlæst."))
        self.stdout.write("\nDemo-logins (adgangskode: demo) på /accounts/login/:")
        for username, what in LOGINS:
            self.stdout.write(f"  {username:<12} {what}")
