"""Daily: materialize every running series up to the rolling horizon. Idempotent."""

from django.core.management.base import BaseCommand

from events.services.extend import sessions_extend


class Command(BaseCommand):
    help = "Create the sessions of running series up to SESSION_HORIZON_DAYS ahead (run daily; idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        created = sessions_extend()
        self.stdout.write(f"{created} new sessions.")
