"""Anonymise sign-ups past retention: `python manage.py purge_personal_data [--dry-run]` (daily).

Clears contact data and notes of bookings whose every session ended more than
settings.PERSONAL_DATA_RETENTION_DAYS ago; counts stay for the metrics. Then the same retention
for what apps above bookings keep about families (`bookings.privacy_hooks`: feedback comments,
wishes' texts and emails), so one daily command purges everything on time. Idempotent and batched.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from bookings.services.privacy import held_data_purge, personal_data_purge


class Command(BaseCommand):
    help = "Anonymise bookings whose sessions ended more than PERSONAL_DATA_RETENTION_DAYS ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be anonymised; change nothing."
        )

    def handle(self, *args: object, dry_run: bool = False, **options: object) -> None:
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        now = timezone.now()
        count = personal_data_purge(now=now, retention_days=days, dry_run=dry_run)
        held = held_data_purge(now=now, retention_days=days, dry_run=dry_run)
        others = ", ".join(f"{number} {what}" for what, number in held.items())
        if dry_run:
            self.stdout.write(f"Dry run: {count} bookings would be anonymised (retention {days} days).")
            if others:
                self.stdout.write(f"Would also clear {others}.")
        else:
            self.stdout.write(f"Anonymised {count} bookings (retention {days} days).")
            if others:
                self.stdout.write(f"Also cleared {others}.")
