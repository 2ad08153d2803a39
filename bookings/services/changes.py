"""What families hear when a leader cancels or moves a session (registered in `events.hooks`)."""

from django.utils import timezone

from bookings.locking import lock_sessions
from bookings.models import Booking, Notice, SignUp
from bookings.services.notices import notice_queue
from bookings.services.signups import _promote
from events.hooks import Change
from events.models import RemovedSession, Session
from events.uids import session_uid

# A deleted session is, for the families signed up, a cancelled one.
_KIND = {
    Change.CANCELLED: Notice.Kind.SESSION_CANCELLED,
    Change.MOVED: Notice.Kind.SESSION_MOVED,
    Change.DELETED: Notice.Kind.SESSION_CANCELLED,
}


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
    # The session's row goes with this transaction: the notice reads it from its tombstone.
    removed = None
    if change == Change.DELETED:
        removed = RemovedSession.objects.filter(uid=session_uid(session)).first()
        # Notices about the session still to send read it from its tombstone once the row is gone.
        Notice.objects.filter(session=session).update(removed_session=removed)
        if session.is_cancelled:
            return  # the families were told when it was cancelled
    for booking in bookings:
        notice_queue(booking=booking, kind=kind, session=session, removed=removed)
