"""What families hear when a leader cancels or moves a session (registered in `events.hooks`)."""

from django.utils import timezone

from bookings.locking import lock_sessions
from bookings.models import Booking, Notice, SignUp
from bookings.services.notices import notice_queue
from bookings.services.signups import _promote
from events.hooks import Change
from events.models import Session

_KIND = {Change.CANCELLED: Notice.Kind.SESSION_CANCELLED, Change.MOVED: Notice.Kind.SESSION_MOVED}


def on_session_changed(session: Session, change: Change) -> None:
    """Runs inside the leader's transaction: notices commit (and are sent) only if the change does."""
    if change == Change.MOVED:
        # A bigger room may make room for the waiting list.
        lock_sessions([session.pk])
        _promote([session.pk], now=timezone.now())
    kind = _KIND.get(change)
    if kind is None:
        return
    bookings = Booking.objects.filter(
        signups__session=session,
        signups__status__in=(SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED),
    ).distinct()
    for booking in bookings:
        notice_queue(booking=booking, kind=kind, session=session)
