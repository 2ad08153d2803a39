"""`python manage.py send_feedback_requests [--date YYYY-MM-DD]` (daily cron, e.g. at 9.00).

Queues one feedback email per household confirmed on yesterday's sessions (Helsinki dates)
that gave an email, at most one a week per address. Idempotent: a second run sends nothing.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metrics.services.feedback import feedback_requests_send


class Command(BaseCommand):
    help = "Queue the feedback emails for yesterday's sessions (one per household, at most one a week)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The sessions' day instead of yesterday (YYYY-MM-DD).")

    def handle(self, *args: object, date: str | None = None, **options: object) -> None:
        day = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from error
        count = feedback_requests_send(day=day)
        self.stdout.write(f"Queued {count} feedback emails.")
