"""Queue reminder emails for sessions starting within SIGNUP_REMINDER_HOURS. Run from cron every 10–15 min.

Safe to run as often as you like, and twice at once: each sign-up is reminded at most once.
The emails themselves are sent by the task worker (`manage.py db_worker`).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from bookings.services.reminders import reminders_queue


class Command(BaseCommand):
    help = "Queue reminder emails for confirmed sign-ups whose session starts soon."

    def handle(self, *args: object, **options: object) -> None:
        if settings.SIGNUP_REMINDER_HOURS <= 0:
            self.stdout.write("Reminders are off (SIGNUP_REMINDER_HOURS=0).")
            return
        count = reminders_queue()
        self.stdout.write(f"Queued {count} reminder(s).")
