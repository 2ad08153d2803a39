"""Signing up, cancelling and the waiting list: the only code that consumes session places.

Every write that can change who holds a place runs in one `atomic(durable=True)` block,
locks the affected sessions once (`bookings.locking.lock_sessions`), counts the confirmed
places under that lock, and promotes waitlisted households in the same transaction.
Emails are queued with `transaction.on_commit`, so a rolled-back change sends nothing.
"""

import datetime as dt
import re
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bookings.locking import lock_sessions
from bookings.models import MAX_ADULTS, MAX_CHILDREN_PER_BAND, MAX_PRAMS, Booking, Notice, SignUp
from bookings.services.notices import notice_queue
from bookings.tokens import booking_token, token_hash
from core.errors import DomainError, PermissionRefused
from events.models import Group, Session
from events.permissions import can_manage_group
from events.selectors import session_visible
from venues.permissions import Actor

PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,24}$")
NOTE_MAX = 300
NAME_MAX = 100


class SignUpRefused(DomainError):
    """A sign-up or change that cannot be made; the message tells the family why."""


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    phone: str = ""
    language: str = Booking.Language.FINNISH


@dataclass(frozen=True)
class Party:
    adults: int = 1
    children_under_1: int = 0
    children_1_to_2: int = 0
    children_3_to_6: int = 0
    children_7_plus: int = 0
    prams: int = 0

    @property
    def children(self) -> int:
        return self.children_under_1 + self.children_1_to_2 + self.children_3_to_6 + self.children_7_plus

    @property
    def people(self) -> int:
        return self.adults + self.children

    def booking_fields(self) -> dict[str, int]:
        """The counts as `Booking` keyword arguments (the field names are the same)."""
        return asdict(self)


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


# --- validation (no lock needed) --------------------------------------------------------------


def _clean_contact(contact: Contact) -> Contact:
    name = " ".join(contact.name.split())
    email = contact.email.strip()
    phone = " ".join(contact.phone.split())
    if not name:
        raise SignUpRefused(_("Tell us your name, so the leader knows who is coming."), code="no_name")
    if len(name) > NAME_MAX:
        raise SignUpRefused(_("The name is too long (at most 100 characters)."), code="name_too_long")
    if not email and not phone:
        raise SignUpRefused(
            _("Give an email address or a phone number, so we can tell you about changes."), code="no_contact"
        )
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise SignUpRefused(_("Check the email address."), code="bad_email") from error
    if phone and not PHONE.match(phone):
        raise SignUpRefused(_("Check the phone number (digits, e.g. 040 123 4567)."), code="bad_phone")
    if contact.language not in Booking.Language.values:
        raise SignUpRefused(_("Choose a language."), code="bad_language")
    return Contact(name=name, email=email.lower(), phone=phone, language=contact.language)


def _check_party(party: Party) -> None:
    counts = (
        party.adults,
        party.children_under_1,
        party.children_1_to_2,
        party.children_3_to_6,
        party.children_7_plus,
        party.prams,
    )
    if any(n < 0 for n in counts):
        raise SignUpRefused(_("Numbers cannot be negative."), code="negative")
    if party.people == 0:
        raise SignUpRefused(_("Tell us how many adults and children are coming."), code="no_people")
    if party.adults > MAX_ADULTS:
        raise SignUpRefused(
            _("At most %(n)s adults per sign-up.") % {"n": MAX_ADULTS}, code="too_many_adults"
        )
    if max(counts[1:5]) > MAX_CHILDREN_PER_BAND:
        raise SignUpRefused(
            _("At most %(n)s children of one age per sign-up.") % {"n": MAX_CHILDREN_PER_BAND},
            code="too_many_children",
        )
    if party.prams > MAX_PRAMS:
        raise SignUpRefused(_("At most %(n)s prams per sign-up.") % {"n": MAX_PRAMS}, code="too_many_prams")


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
    now: dt.datetime | None = None,
) -> SignUpResult:
    """Sign a household up for a session (or its whole series, by the group's mode).

    Confirmed where it fits, waitlisted where it does not (each session on its own).
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
    now: dt.datetime,
) -> SignUpResult:
    # Every check that needs no database first: the lock comes as late as it can.
    contact = _clean_contact(contact)
    _check_party(party)
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
    taken = _taken([target.pk for target in targets])  # counted under the lock
    signups = []
    for locked in targets:
        fits = _fits(session_capacity(locked), taken.get(locked.pk, (0, 0)), party.people, party.prams)
        if fits:
            used = taken.get(locked.pk, (0, 0))
            taken[locked.pk] = (used[0] + party.people, used[1] + party.prams)
        signups.append(
            SignUp(
                booking=booking,
                session=locked,
                status=SignUp.Status.CONFIRMED if fits else SignUp.Status.WAITLISTED,
                people=party.people,
                prams=party.prams,
                queued_at=queued_at,
            )
        )
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
    _check_party(party)
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
