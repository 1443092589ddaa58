"""Sends e-mail reminders for missing progress reports when a quarter's deadline is near."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from entydig.core.quarters import Quarter
from entydig.organisation.models import Plan
from entydig.reports import services


class Command(BaseCommand):
    help = (
        "Sender påmindelser om manglende fremdriftsrapporter, når fristen er nær "
        "(inden for 'påmind dage før fristen'). Kør den dagligt, fx fra cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", help="Kvartal, fx 2026Q3 (standard: indeværende og forrige kvartal)")
        parser.add_argument("--force", action="store_true", help="Send uanset fristen")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        quarters = [Quarter.parse(options["quarter"])] if options["quarter"] else Quarter.of(today).back(2)
        total = 0
        for plan in Plan.objects.filter(status=Plan.Status.ACTIVE):
            for quarter in quarters:
                if options["force"] or services.reminders_due(plan, quarter, today):
                    sent = services.progress_reminders_send(actor=None, plan=plan, quarter=quarter)
                    total += len(sent)
        self.stdout.write(f"Påmindelser sendt: {total}")
