"""Loads deterministic national-scale data for the benchmark (the generator lives in bench/generator.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench import generator


class Command(BaseCommand):
    help = "Indlæser syntetiske data i landsskala: helhedsplaner, områder, mål, indikatorer og målinger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plans", type=int, default=100, help="antal helhedsplaner")
        parser.add_argument("--areas", type=int, default=1000, help="antal boligområder i alt")
        parser.add_argument("--years", type=int, default=20, help="antal år med registerdata")
        parser.add_argument("--seed", type=int, default=1, help="samme frø giver samme data")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = generator.Scale(
            plans=options["plans"], areas=options["areas"], years=options["years"], seed=options["seed"]
        )
        if scale.plans < 1 or scale.areas < 1 or not 1 <= scale.years <= 60:
            raise CommandError("Angiv mindst 1 plan, 1 område og 1-60 år.")
        if generator.already_generated():
            raise CommandError("Der findes allerede skaladata i databasen; brug en tom database.")
        started = time.perf_counter()
        counts = generator.generate(scale, progress=self.stdout.write)
        elapsed = time.perf_counter() - started
        for name, n in counts.rows.items():
            self.stdout.write(f"  {name:<40} {n:>10}")
        self.stdout.write(self.style.SUCCESS(f"Skaladata indlæst på {elapsed:.1f} s."))
