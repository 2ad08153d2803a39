"""`python manage.py seed_demo_history`: a year of past sessions, attendance and feedback for the demo.

Run after `seed_demo` (any `--scale`). Idempotent. Like seed_demo it refuses to run with DEBUG
off unless told the database is not production's.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.selectors import helsinki_today
from metrics.demo import seed_demo_history


class Command(BaseCommand):
    help = "Add a year of demo history (past sessions, sign-ups, headcounts, feedback) to the demo groups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-without-debug", action="store_true", help="Run with DEBUG off (benchmarks)."
        )

    def handle(self, *args: object, allow_without_debug: bool = False, **options: object) -> None:
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError("DEBUG is off; pass --allow-without-debug if this is not production.")
        written = seed_demo_history(today=helsinki_today())
        self.stdout.write(
            "Demo history: " + ", ".join(f"{label} {count}" for label, count in written.items())
        )
