"""Signing up, cancelling and the waiting list: the only code that consumes session places.

Every write that can change who holds a place runs in one `atomic(durable=True)` block,
locks the affected sessions once (`bookings.locking.lock_sessions`), counts the confirmed
places under that lock, and promotes waitlisted households in the same transaction.
Emails are queued with `transaction.on_commit`, so a rolled-back change sends nothing.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Subquery, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bookings.locking import lock_sessions
from bookings.models import Booking, Notice, SignUp
from bookings.services.notices import notice_queue
from bookings.services.signup_checks import (
    NOTE_MAX,
    Contact,
    Party,
    SignUpRefused,
    check_party,
    clean_contact,
)
from bookings.tokens import booking_token, token_hash
from core.errors import PermissionRefused
from events.models import Group, Session
from events.permissions import can_manage_group
from events.selectors import session_visible
from venues.permissions import Actor


class WhenFull(StrEnum):
    """A course sign-up's answer to "some sessions are full for your party"."""

    AVAILABLE = "available"  # places only where there is room, no waiting list
    WAITLIST = "waitlist"  # the whole course: places where there is room, the waiting list elsewhere


class SignUpNeedsChoice(SignUpRefused):
    """The party fits some of the course's sessions but not all, and the family has not chosen.

    Raised under the lock (nothing is written), with the sessions that are full for this party,
    so the form asks again instead of waitlisting quietly.
    """

    def __init__(self, message: str | Promise, *, code: str, full: list[Session]) -> None:
        super().__init__(message, code=code)
        self.full = full


@dataclass(frozen=True)
class SignUpResult:
    booking: Booking
    signups: list[SignUp]
    token: str
    # True when the same form was submitted again: nothing new was created.
    replayed: bool = False


@dataclass(frozen=True)
class Capacity:
    people: int
    prams: int | None  # None: no limit for prams


def session_capacity(session: Session) -> Capacity:
    """The session's own limits, else the group's, else the room's."""
    people = session.capacity_people or session.group.capacity_people or session.room.capacity_people
    limits = (session.capacity_prams, session.group.capacity_prams, session.room.pram_spaces)
    prams = next((v for v in limits if v is not None), None)
    return Capacity(people=people, prams=prams)


def _taken(session_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = (
        SignUp.objects.filter(session_id__in=session_ids, status=SignUp.Status.CONFIRMED)
        .values("session_id")
        .annotate(people=Sum("people"), prams=Sum("prams"))
    )
    return {row["session_id"]: (row["people"], row["prams"]) for row in rows}


def _fits(capacity: Capacity, taken: tuple[int, int], people: int, prams: int) -> bool:
    if taken[0] + people > capacity.people:
        return False
    return capacity.prams is None or taken[1] + prams <= capacity.prams


def _check_open(session: Session, *, now: dt.datetime) -> None:
    group = session.group
    if not group.is_active:
        raise SignUpRefused(_("This group no longer takes sign-ups."), code="closed")
    if group.signup_mode == Group.SignUpMode.DROP_IN:
        raise SignUpRefused(_("No sign-up needed: just come along."), code="drop_in")
    if session.status == Session.Status.CANCELLED:
        raise SignUpRefused(_("This session is cancelled."), code="cancelled")
    if session.start <= now:
        raise SignUpRefused(_("This session has already started or is over."), code="past")


def _check_size(capacity: Capacity, party: Party) -> None:
    if party.people > capacity.people or (capacity.prams is not None and party.prams > capacity.prams):
        raise SignUpRefused(
            _("The group has room for %(people)s people; please contact the leader about a party this size.")
            % {"people": capacity.people},
            code="party_too_big",
        )


def _place(
    targets: list[Session], taken: dict[int, tuple[int, int]], party: Party
) -> list[tuple[Session, bool]]:
    """Each target with whether the party fits it, from the places counted under the lock."""
    placed = []
    for locked in targets:
        used = taken.get(locked.pk, (0, 0))
        placed.append((locked, _fits(session_capacity(locked), used, party.people, party.prams)))
    return placed


Placed = list[tuple[Session, bool]]


def _apply_choice(placed: Placed, when_full: WhenFull | None) -> Placed:
    """A course: the family's answer to "some sessions are full", enforced under the lock."""
    full = [locked for locked, fits in placed if not fits]
    if not full:
        return placed
    if len(full) == len(placed):
        if when_full == WhenFull.AVAILABLE:
            raise SignUpRefused(
                _(
                    "The course is now full in every session. "
                    "You can join the waiting list for the whole course."
                ),
                code="full_everywhere",
            )
        return placed  # the waiting list for the whole course, as a full single session
    if when_full is None:
        raise SignUpNeedsChoice(
            ngettext(
                "%(count)d session of the course is full for your party. "
                "Choose whether to sign up only where there is room or for the whole course.",
                "%(count)d sessions of the course are full for your party. "
                "Choose whether to sign up only where there is room or for the whole course.",
                len(full),
            )
            % {"count": len(full)},
            code="choose_when_full",
            full=full,
        )
    if when_full == WhenFull.AVAILABLE:
        return [(locked, fits) for locked, fits in placed if fits]
    return placed


# --- writes --------------------------------------------------------------------------------------


def signup_create(
    *,
    actor: Actor,
    session: Session | int,
    contact: Contact,
    party: Party,
    note: str = "",
    consent: bool,
    idempotency_key: str | None = None,
    group_slug: str | None = None,
    when_full: WhenFull | str | None = None,
    now: dt.datetime | None = None,
) -> SignUpResult:
    """Sign a household up for a session (or its whole series, by the group's mode).

    One session: confirmed if it fits, else waitlisted. A course where the party fits some
    sessions but not all, decided under the lock: `when_full` "available" signs up only where
    there is room, "waitlist" adds the waiting list of the full ones; without a choice
    `SignUpNeedsChoice` (code "choose_when_full") names the full sessions and nothing is written.
    A course full everywhere is the waiting list, as a single session is.
    The same `idempotency_key` again returns the first result instead of a second booking.
    Only the session's id is used: the session is read under the lock, and must be one the
    public may see (`events.selectors.session_visible`; an unlisted group's with `group_slug`),
    else PermissionRefused "not_found".

    A first submit costs no lookup of its key: the key is unique in the database, so a repeat
    fails to insert its booking, or is refused by a check, and only then is the first result
    looked up. Six queries on PostgreSQL with the task queued after commit (eight on SQLite,
    whose BEGIN IMMEDIATE and COMMIT are counted too); `tests/bookings/test_signup_queries.py`.
    """
    try:
        return _signup_create(
            actor=actor,
            session_id=session if isinstance(session, int) else session.pk,
            contact=contact,
            party=party,
            note=note,
            consent=consent,
            idempotency_key=idempotency_key,
            group_slug=group_slug,
            when_full=WhenFull(when_full) if when_full else None,
            now=now or timezone.now(),
        )
    except (IntegrityError, SignUpRefused):
        # The same form again: its first submit went through (earlier, or racing this one);
        # answer with that, whatever changed since (the session may have filled or started).
        replay = _replay(idempotency_key) if idempotency_key else None
        if replay is None:
            raise
        return replay


def _replay(idempotency_key: str) -> SignUpResult | None:
    booking = Booking.objects.filter(idempotency_key=idempotency_key).first()
    if booking is None:
        return None
    return SignUpResult(
        booking=booking, signups=list(booking.signups.all()), token=booking_token(booking), replayed=True
    )


def _sessions_covered(session_id: int, *, now: dt.datetime) -> Q:
    """The session, and in a series sign-up group every coming session of its series."""
    series_id = Session.objects.filter(pk=session_id).values("series_id")[:1]
    return Q(pk=session_id) | Q(
        series_id=Subquery(series_id),
        group__signup_mode=Group.SignUpMode.SERIES,
        status=Session.Status.SCHEDULED,
        start__gt=now,
    )


# What a sign-up reads of the sessions it locks (their group, room and venue are wide rows).
_LOCKED_FIELDS = (
    "start",
    "end",
    "status",
    "capacity_people",
    "capacity_prams",
    "series_id",
    "group__is_active",
    "group__visibility",
    "group__slug",
    "group__signup_mode",
    "group__capacity_people",
    "group__capacity_prams",
    "group__organization__is_active",
    "room__capacity_people",
    "room__pram_spaces",
    "room__venue__is_active",
)


@transaction.atomic(durable=True)
def _signup_create(
    *,
    actor: Actor,
    session_id: int,
    contact: Contact,
    party: Party,
    note: str,
    consent: bool,
    idempotency_key: str | None,
    group_slug: str | None,
    when_full: WhenFull | None,
    now: dt.datetime,
) -> SignUpResult:
    # Every check that needs no database first: the lock comes as late as it can.
    contact = clean_contact(contact)
    check_party(party)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise SignUpRefused(_("The note is too long (at most 300 characters)."), code="note_too_long")
    if not consent:
        raise SignUpRefused(_("Please accept the privacy notice to sign up."), code="no_consent")

    # The one late lock, and the only read of the sessions: the one signed up for, and in a
    # series its coming ones, found and locked by one query, with their group and room.
    sessions = lock_sessions(where=_sessions_covered(session_id, now=now), only=_LOCKED_FIELDS)
    session = next((s for s in sessions if s.pk == session_id), None)
    if session is None or not session_visible(session, group_slug=group_slug):
        raise PermissionRefused(_("Session not found."), code="not_found")
    _check_open(session, now=now)
    _check_size(session_capacity(session), party)
    series_mode = session.group.signup_mode == Group.SignUpMode.SERIES and session.series_id is not None
    targets = [s for s in sessions if s.status == Session.Status.SCHEDULED and s.start > now]
    if not series_mode:
        targets = [session]

    taken = _taken([target.pk for target in targets])  # counted under the lock, before any write
    placed = _place(targets, taken, party)
    if series_mode and len(targets) > 1:
        placed = _apply_choice(placed, when_full)

    booking = Booking(
        group=session.group,
        series_id=session.series_id if series_mode else None,
        contact_name=contact.name,
        email=contact.email,
        phone=contact.phone,
        language=contact.language,
        **party.booking_fields(),
        note=note,
        user=actor if actor is not None and actor.is_authenticated else None,
        idempotency_key=idempotency_key or None,
        consented_at=now,
    )
    token = booking_token(booking)  # from the public id, set when the object is made
    booking.token_hash = token_hash(token)
    # Field values only: no query. Uniqueness is the database's to decide (a concurrent submit of
    # the same form must reach the IntegrityError that `signup_create` turns into a replay); the
    # foreign keys come from the rows just locked; the check constraints (people, a way to reach
    # the household) are the checks above, and the database enforces them again on insert.
    booking.full_clean(exclude=["group", "series", "user"], validate_unique=False, validate_constraints=False)
    booking.save()
    notice_queue(booking=booking, kind=Notice.Kind.CONFIRMATION, session=session)

    queued_at = timezone.now()  # after the lock: the waiting list keeps the order of arrival
    signups = [
        SignUp(
            booking=booking,
            session=locked,
            status=SignUp.Status.CONFIRMED if fits else SignUp.Status.WAITLISTED,
            people=party.people,
            prams=party.prams,
            queued_at=queued_at,
        )
        for locked, fits in placed
    ]
    SignUp.objects.bulk_create(signups)
    return SignUpResult(booking=booking, signups=signups, token=token)


@transaction.atomic(durable=True)
def booking_cancel(
    *,
    booking: Booking,
    session: Session | None = None,
    by: str = SignUp.CancelledBy.FAMILY,
    notify: bool = True,
    now: dt.datetime | None = None,
) -> list[SignUp]:
    """Cancel a booking's coming places (all, or only `session`: "can't come this time").

    Families cancel only sessions that have not started; leaders also running ones.

    The freed places go to the waiting list at once, in the same transaction. `notify=False`
    when the household is being erased: there will be no address to write to.
    """
    now = now or timezone.now()
    active = SignUp.objects.filter(booking=booking).exclude(status=SignUp.Status.CANCELLED)
    # A family cancels until the session starts (after that the place was used, or the no-show is
    # the leader's to record); a leader may still cancel a running session's place.
    if by == SignUp.CancelledBy.FAMILY:
        active = active.filter(session__start__gt=now)
    else:
        active = active.filter(session__end__gt=now)
    if session is not None:
        active = active.filter(session=session)
    session_ids = list(active.values_list("session_id", flat=True))
    if not session_ids:
        raise SignUpRefused(_("There is nothing left to cancel."), code="nothing_to_cancel")
    lock_sessions(session_ids)
    cancelled = list(active.select_for_update(of=("self",)).select_related("session"))
    freed = [s.session_id for s in cancelled if s.status == SignUp.Status.CONFIRMED]
    for signup in cancelled:
        signup.status = SignUp.Status.CANCELLED
        signup.cancelled_at = now
        signup.cancelled_by = by
        signup.updated_at = now  # bulk_update skips auto_now: the metrics' change stamp reads it
    SignUp.objects.bulk_update(cancelled, ["status", "cancelled_at", "cancelled_by", "updated_at"])
    _promote(freed, now=now)
    if notify:
        notice_queue(booking=booking, kind=Notice.Kind.CANCELLED, session=session)
    return cancelled


def _promote(session_ids: list[int], *, now: dt.datetime) -> list[SignUp]:
    """Confirm the first waitlisted households that fit. Call only with the sessions locked."""
    if not session_ids:
        return []
    promoted = []
    taken = _taken(session_ids)
    sessions = Session.objects.select_related("group", "room").filter(
        pk__in=session_ids, status=Session.Status.SCHEDULED, start__gt=now
    )
    for session in sessions:
        capacity = session_capacity(session)
        used = taken.get(session.pk, (0, 0))
        waiting = SignUp.objects.filter(session=session, status=SignUp.Status.WAITLISTED)
        for signup in waiting.select_related("booking").order_by("queued_at", "pk"):
            if not _fits(capacity, used, signup.people, signup.prams):
                continue
            used = (used[0] + signup.people, used[1] + signup.prams)
            signup.status = SignUp.Status.CONFIRMED
            signup.promoted_at = now
            signup.save(update_fields=["status", "promoted_at", "updated_at"])
            promoted.append(signup)
            notice_queue(booking=signup.booking, kind=Notice.Kind.PROMOTED, session=session)
    return promoted


@transaction.atomic(durable=True)
def session_capacity_set(
    *, actor: Actor, session: Session, people: int | None, prams: int | None, now: dt.datetime | None = None
) -> list[SignUp]:
    """A leader sets one session's limits (None: back to the group's). Raising them promotes at once."""
    now = now or timezone.now()
    if not can_manage_group(actor, session.group):
        raise SignUpRefused(_("Only the group's leaders can change its places."), code="forbidden")
    (locked,) = lock_sessions([session.pk])
    locked.capacity_people = people
    locked.capacity_prams = prams
    try:
        locked.full_clean(exclude=["group", "series", "room"])
    except ValidationError as error:
        raise SignUpRefused(_("Check the numbers of places."), code="bad_capacity") from error
    locked.save(update_fields=["capacity_people", "capacity_prams", "updated_at"])
    return _promote([locked.pk], now=now)


def capacity_overflow(session: Session) -> list[str]:
    """After a leader lowered the places: what is confirmed beyond them, told to the leader.

    Confirmed families keep their places (nobody is moved back to the waiting list); new sign-ups
    wait until enough places free up.
    """
    session = Session.objects.select_related("group", "room").get(pk=session.pk)
    capacity = session_capacity(session)
    people, prams = _taken([session.pk]).get(session.pk, (0, 0))
    told = []
    if people > capacity.people:
        told.append(
            _(
                "%(confirmed)d people are already confirmed, more than the %(limit)d places now set. "
                "They keep their places; new sign-ups go to the waiting list."
            )
            % {"confirmed": people, "limit": capacity.people}
        )
    if capacity.prams is not None and prams > capacity.prams:
        told.append(
            _(
                "%(confirmed)d prams are already confirmed, more than the %(limit)d pram places now set. "
                "They keep their places; new sign-ups go to the waiting list."
            )
            % {"confirmed": prams, "limit": capacity.prams}
        )
    return [str(message) for message in told]


@transaction.atomic(durable=True)
def walk_in_add(*, actor: Actor, session: Session, party: Party, now: dt.datetime | None = None) -> SignUp:
    """A leader adds a household that came without signing up: counted, no contact data."""
    now = now or timezone.now()
    if not can_manage_group(actor, session.group):
        raise SignUpRefused(_("Only the group's leaders can add participants."), code="forbidden")
    check_party(party)
    if session.status == Session.Status.CANCELLED:
        raise SignUpRefused(_("This session is cancelled."), code="cancelled")
    (locked,) = lock_sessions([session.pk])
    taken = _taken([locked.pk]).get(locked.pk, (0, 0))
    capacity = session_capacity(locked)
    if not _fits(capacity, taken, party.people, party.prams):
        left = max(capacity.people - taken[0], 0)
        raise SignUpRefused(
            ngettext(
                "Only %(n)s place is left. Raise the number of places first if the room allows.",
                "Only %(n)s places are left. Raise the number of places first if the room allows.",
                left,
            )
            % {"n": left},
            code="full",
        )
    booking = Booking(
        group=locked.group,
        source=Booking.Source.WALK_IN,
        **party.booking_fields(),
    )
    booking.token_hash = token_hash(booking_token(booking))
    booking.save()
    signup = SignUp.objects.create(
        booking=booking,
        session=locked,
        status=SignUp.Status.CONFIRMED,
        people=party.people,
        prams=party.prams,
        queued_at=now,
        attended=True,
    )
    return signup


def session_counts(session: Session) -> dict[str, int]:
    """Confirmed and waitlisted households and people: what the leader's list heads with."""
    return SignUp.objects.filter(session=session).aggregate(
        confirmed=Count("pk", filter=Q(status=SignUp.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=SignUp.Status.WAITLISTED)),
        people=Sum("people", filter=Q(status=SignUp.Status.CONFIRMED), default=0),
        prams=Sum("prams", filter=Q(status=SignUp.Status.CONFIRMED), default=0),
    )
