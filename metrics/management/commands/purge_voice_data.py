"""`python manage.py purge_voice_data [--dry-run]` (daily, beside purge_personal_data).

Clears feedback comments and wishes' texts and emails older than PERSONAL_DATA_RETENTION_DAYS
(and comments of households whose booking was anonymised or erased). Scores and counts stay.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from metrics.services.feedback import voice_purge


class Command(BaseCommand):
    help = "Clear feedback comments and wishes' texts and emails past the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")

    def handle(self, *args: object, dry_run: bool = False, **options: object) -> None:
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        comments, wishes = voice_purge(now=timezone.now(), retention_days=days, dry_run=dry_run)
        verb = "Would clear" if dry_run else "Cleared"
        self.stdout.write(f"{verb} {comments} comments and {wishes} wishes (retention {days} days).")
