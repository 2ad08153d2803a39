"""Queue an email to a family: a `Notice` row now, the send after commit (never inside the request)."""

from django.db import transaction

from bookings.models import Booking, Notice
from bookings.tasks import send_notice
from events.models import RemovedSession, Session


def notice_queue(
    *, booking: Booking, kind: str, session: Session | None = None, removed: RemovedSession | None = None
) -> Notice | None:
    """Record the notice in the caller's transaction; the task worker sends it once that commits.

    Nothing is queued for a household without an email address (walk-ins, phone-only).
    """
    if not booking.email or booking.is_anonymised:
        return None
    notice = Notice.objects.create(booking=booking, kind=kind, session=session, removed_session=removed)
    transaction.on_commit(lambda: _enqueue(notice.pk))
    return notice


def _enqueue(notice_id: int) -> None:
    send_notice.enqueue(notice_id)
