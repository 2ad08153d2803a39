"""What a family sees of its own sign-up through the manage link. Nothing else is reachable by token."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from bookings.models import Booking, SignUp


@dataclass(frozen=True)
class SignUpRow:
    signup: SignUp
    position: int | None
    cancellable: bool = False  # the family may still cancel it: active, and the session not started


@dataclass(frozen=True)
class ManagedBooking:
    booking: Booking
    rows: list[SignUpRow]

    @property
    def active(self) -> list[SignUpRow]:
        return [row for row in self.rows if row.signup.status != SignUp.Status.CANCELLED]

    @property
    def waitlisted(self) -> list[SignUpRow]:
        return [row for row in self.rows if row.signup.status == SignUp.Status.WAITLISTED]

    @property
    def cancellable(self) -> list[SignUpRow]:
        return [row for row in self.rows if row.cancellable]


def booking_for_family(*, booking: Booking) -> ManagedBooking:
    signups = SignUp.objects.select_related("session__room__venue", "session__group").order_by(
        "session__start", "pk"
    )
    booking = Booking.objects.prefetch_related(Prefetch("signups", queryset=signups)).get(pk=booking.pk)
    now = timezone.now()
    rows = [
        SignUpRow(
            signup=s,
            position=waitlist_position(s),
            cancellable=s.status != SignUp.Status.CANCELLED
            and s.session.status != s.session.Status.CANCELLED
            and s.session.start > now,
        )
        for s in booking.signups.all()
    ]
    return ManagedBooking(booking=booking, rows=rows)


def waitlist_position(signup: SignUp) -> int | None:
    """1 for the first in line; None when not waitlisted."""
    if signup.status != SignUp.Status.WAITLISTED:
        return None
    ahead = SignUp.objects.filter(session_id=signup.session_id, status=SignUp.Status.WAITLISTED).filter(
        Q(queued_at__lt=signup.queued_at) | Q(queued_at=signup.queued_at, pk__lt=signup.pk)
    )
    return ahead.count() + 1
