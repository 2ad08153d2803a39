"""Reads of sign-ups for the leaders' workspace: who is coming to a session, and how many.

Never writes. Only a group's own leaders and its organization's coordinators
(`can_manage_group`) see its sign-ups; for anyone else a session answers
PermissionRefused code "not_found", exactly as an id that does not exist, so the
sessions of other groups and organizations do not leak. Each read runs a constant
number of queries however many households signed up (tests pin it).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, Headcount, SignUp
from bookings.services.signups import Capacity, session_capacity
from core.errors import PermissionRefused
from events.models import Group, Session
from events.permissions import can_manage_group
from venues.permissions import Actor

# How many upcoming sessions a group's overview lists.
OVERVIEW_SESSIONS_SHOWN = 100

CHILD_BANDS = ("children_under_1", "children_1_to_2", "children_3_to_6", "children_7_plus")


@dataclass(frozen=True)
class WaitingRow:
    signup: SignUp
    position: int


@dataclass
class Totals:
    """What the confirmed households add up to."""

    households: int = 0
    adults: int = 0
    children_under_1: int = 0
    children_1_to_2: int = 0
    children_3_to_6: int = 0
    children_7_plus: int = 0
    prams: int = 0
    people: int = 0
    attended: int = 0
    attendance_marked: int = 0

    @property
    def children(self) -> int:
        return self.children_under_1 + self.children_1_to_2 + self.children_3_to_6 + self.children_7_plus


@dataclass
class SessionParticipants:
    """One session as its leader sees it: the lists and the headcount summary."""

    session: Session
    confirmed: list[SignUp]
    waitlisted: list[WaitingRow]
    cancelled: list[SignUp]
    totals: Totals
    capacity: Capacity
    headcount: Headcount | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def free_people(self) -> int:
        return max(self.capacity.people - self.totals.people, 0)

    @property
    def free_prams(self) -> int | None:
        if self.capacity.prams is None:
            return None
        return max(self.capacity.prams - self.totals.prams, 0)

    @property
    def is_drop_in(self) -> bool:
        return self.session.group.signup_mode == Group.SignUpMode.DROP_IN


def household_name(booking: Booking) -> str:
    """How a household is named on the leader's list: a walk-in and an anonymised one have no name."""
    if booking.source == Booking.Source.WALK_IN:
        return str(_("Walk-in"))
    if booking.is_anonymised or not booking.contact_name:
        return str(_("(removed)"))
    return booking.contact_name


def _not_found() -> PermissionRefused:
    return PermissionRefused(_("Session not found."), code="not_found")


def session_get_for_participants(*, actor: Actor, session_id: int) -> Session:
    """A session whose sign-ups the actor may see; "not_found" for unknown ids and others' alike."""
    session = (
        Session.objects.filter(pk=session_id)
        .select_related("group", "group__organization", "room", "room__venue", "headcount")
        .first()
    )
    if session is None or not can_manage_group(actor, session.group):
        raise _not_found()
    return session


def _totals(confirmed: list[SignUp]) -> Totals:
    totals = Totals(households=len(confirmed))
    for signup in confirmed:
        booking = signup.booking
        totals.adults += booking.adults
        for band in CHILD_BANDS:
            setattr(totals, band, getattr(totals, band) + getattr(booking, band))
        # Places are counted from the sign-up's own copy, as the capacity check counts them.
        totals.people += signup.people
        totals.prams += signup.prams
        if signup.attended is not None:
            totals.attendance_marked += 1
            totals.attended += signup.attended
    return totals


def participants_for_session(*, actor: Actor, session_id: int) -> SessionParticipants:
    """A session's confirmed, waitlisted (with positions) and cancelled sign-ups, and the counts.

    Four queries at most (the session, the actor's role, leadership, the sign-ups with their bookings).
    """
    session = session_get_for_participants(actor=actor, session_id=session_id)
    signups = list(
        SignUp.objects.filter(session=session).select_related("booking").order_by("queued_at", "pk")
    )
    confirmed = [s for s in signups if s.status == SignUp.Status.CONFIRMED]
    waiting = [s for s in signups if s.status == SignUp.Status.WAITLISTED]
    cancelled = sorted(
        (s for s in signups if s.status == SignUp.Status.CANCELLED),
        key=lambda s: (s.cancelled_at or s.queued_at, s.pk),
        reverse=True,
    )
    totals = _totals(confirmed)
    try:
        headcount = session.headcount
    except Headcount.DoesNotExist:
        headcount = None
    return SessionParticipants(
        session=session,
        confirmed=confirmed,
        # The same order as `waitlist_position`: queued_at, then pk.
        waitlisted=[WaitingRow(signup=s, position=i) for i, s in enumerate(waiting, start=1)],
        cancelled=cancelled,
        totals=totals,
        capacity=session_capacity(session),
        headcount=headcount,
        # As `session_counts` would count them, from the same rows (one snapshot, no extra query).
        counts={
            "confirmed": len(confirmed),
            "waitlisted": len(waiting),
            "people": totals.people,
            "prams": totals.prams,
        },
    )


def signups_promoted_at(*, actor: Actor, session: Session, when: dt.datetime) -> list[SignUp]:
    """The households moved up from the waiting list of `session` by the change made at `when`."""
    if not can_manage_group(actor, session.group):
        return []
    return list(
        SignUp.objects.filter(session=session, status=SignUp.Status.CONFIRMED, promoted_at=when)
        .select_related("booking")
        .order_by("queued_at", "pk")
    )


def group_get_for_participants(*, actor: Actor, slug: str) -> Group:
    """One group whose sign-ups the actor may see; "not_found" otherwise."""
    group = Group.objects.filter(slug=slug).select_related("organization").first()
    if group is None or not can_manage_group(actor, group):
        raise PermissionRefused(_("Group not found."), code="not_found")
    return group


def _with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    confirmed = Q(signups__status=SignUp.Status.CONFIRMED)
    return sessions.annotate(
        confirmed_count=Count("signups", filter=confirmed),
        confirmed_people=Sum("signups__people", filter=confirmed, default=0),
        waitlisted_count=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)),
    )


def session_overview_for_group(
    *, actor: Actor, group: Group, since: dt.datetime | None = None, limit: int = OVERVIEW_SESSIONS_SHOWN
) -> list[Session]:
    """The group's sessions that have not ended, each annotated with `confirmed_count`,
    `confirmed_people` and `waitlisted_count`. One query."""
    if not can_manage_group(actor, group):
        return []
    since = since or timezone.now()
    sessions = Session.objects.filter(group=group, end__gt=since).select_related("room", "room__venue")
    return list(_with_counts(sessions).order_by("start", "pk")[:limit])


def confirmed_counts(*, actor: Actor, group: Group, session_ids: list[int]) -> dict[int, int]:
    """Confirmed households per session of `group` (for the group page's links). One query."""
    if not session_ids or not can_manage_group(actor, group):
        return {}
    rows = (
        SignUp.objects.filter(
            session__group=group, session_id__in=session_ids, status=SignUp.Status.CONFIRMED
        )
        .values("session_id")
        .annotate(n=Count("pk"))
    )
    return {row["session_id"]: row["n"] for row in rows}
