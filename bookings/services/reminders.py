"""Reminder emails before a session: queued by `manage.py send_reminders`, run from cron."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from bookings.models import Notice, SignUp
from bookings.services.notices import notice_queue
from events.models import Session


@transaction.atomic
def reminders_queue(*, now: dt.datetime | None = None, hours: int | None = None) -> int:
    """Queue one reminder per confirmed sign-up whose session starts within `hours`; return how many.

    `reminded_at` is set in the same transaction as the notice is queued, and the sign-ups
    are locked (others running at once skip them), so a sign-up is reminded at most once
    however often or concurrently this runs. Cancelled sessions and sign-ups are skipped, and
    so are sign-ups made (or moved up from the waiting list) inside the window: their
    confirmation has just told them. Households without an email address are marked too,
    so they are not looked at again.
    """
    now = now or timezone.now()
    hours = settings.SIGNUP_REMINDER_HOURS if hours is None else hours
    if hours <= 0:
        return 0
    window = dt.timedelta(hours=hours)
    window_opened = F("session__start") - window
    due = (
        SignUp.objects.filter(
            status=SignUp.Status.CONFIRMED,
            reminded_at__isnull=True,
            session__status=Session.Status.SCHEDULED,
            session__start__gt=now,
            session__start__lte=now + window,
            queued_at__lt=window_opened,
        )
        .filter(Q(promoted_at__isnull=True) | Q(promoted_at__lt=window_opened))
        .select_for_update(of=("self",), skip_locked=True)
        .select_related("booking", "session")
        .order_by("session__start", "pk")
    )
    signups = list(due)
    queued = 0
    for signup in signups:
        signup.reminded_at = now
        if notice_queue(booking=signup.booking, kind=Notice.Kind.REMINDER, session=signup.session):
            queued += 1
    SignUp.objects.bulk_update(signups, ["reminded_at"])
    return queued
