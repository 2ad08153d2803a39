"""Families' rights over their sign-up data (GDPR arts. 15, 17, 20) and its retention.

Export gives everything stored about a household; erasure cancels its coming places (the
waiting list moves up) and then clears the contact data; the retention purge does the same
clearing for bookings whose sessions are long over. Counts (adults, children by age band,
prams, sign-up statuses, attendance) stay, for the shared metrics.

Never delete a Booking row here (the counts are the metrics), and never keep a contact
field, a note or an account link on an anonymised one.
"""

import datetime as dt
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from bookings import privacy_hooks
from bookings.models import Booking, FeedToken, Notice, SignUp
from bookings.services.signups import SignUpRefused, booking_cancel
from core.errors import PermissionRefused
from events.recurrence import HELSINKI

PURGE_BATCH = 500
EXPORT_FORMAT = "perhekeskus-signup-export/1"

_CLEARED = {"contact_name": "", "email": "", "phone": "", "note": "", "user": None, "idempotency_key": None}


# --- Export ---------------------------------------------------------------------------------------


def _iso(moment: dt.datetime | None) -> str | None:
    """Helsinki time with its offset: what the family saw on the pages, unambiguous for machines."""
    return moment.astimezone(HELSINKI).isoformat() if moment is not None else None


def booking_export(*, booking: Booking) -> dict:
    """Everything stored about one household's booking, as JSON-ready data (the manage token excepted:
    only its hash is stored, and the family already has the link)."""
    signups = SignUp.objects.filter(booking=booking).select_related("session__room__venue", "session__group")
    notices = Notice.objects.filter(booking=booking).order_by("created_at", "pk")
    return {
        "format": EXPORT_FORMAT,
        "reference": str(booking.public_id),
        "group": booking.group.title,
        "organization": booking.group.organization.name,
        "source": booking.source,
        "contact": {"name": booking.contact_name, "email": booking.email, "phone": booking.phone},
        "language": booking.language,
        "party": {
            "adults": booking.adults,
            "children_under_1": booking.children_under_1,
            "children_1_to_2": booking.children_1_to_2,
            "children_3_to_6": booking.children_3_to_6,
            "children_7_plus": booking.children_7_plus,
            "prams": booking.prams,
        },
        "note": booking.note,
        "linked_to_account": booking.user_id is not None,
        "consented_at": _iso(booking.consented_at),
        "created_at": _iso(booking.created_at),
        "updated_at": _iso(booking.updated_at),
        "anonymised_at": _iso(booking.anonymised_at),
        "signups": [
            {
                "session": {
                    "id": signup.session_id,
                    "group": signup.session.group.title,
                    "start": _iso(signup.session.start),
                    "end": _iso(signup.session.end),
                    "venue": signup.session.room.venue.name,
                    "room": signup.session.room.name,
                    "session_status": signup.session.status,
                },
                "status": signup.status,
                "people": signup.people,
                "prams": signup.prams,
                "queued_at": _iso(signup.queued_at),
                "promoted_at": _iso(signup.promoted_at),
                "cancelled_at": _iso(signup.cancelled_at),
                "cancelled_by": signup.cancelled_by,
                "attended": signup.attended,
                "reminded_at": _iso(signup.reminded_at),
            }
            for signup in signups.order_by("session__start", "pk")
        ],
        "notices": [
            {
                "kind": notice.kind,
                "state": notice.state,
                "created_at": _iso(notice.created_at),
                "sent_at": _iso(notice.sent_at),
                "session_id": notice.session_id,
            }
            for notice in notices
        ],
        # Feedback and the like, kept by apps above bookings (privacy_hooks).
        **{
            holder.key: holder.export_booking(booking)
            for holder in privacy_hooks.holders()
            if holder.export_booking is not None
        },
    }


# --- Erasure and retention ------------------------------------------------------------------------


@transaction.atomic(durable=True)
def _anonymise(booking_ids: list[int], *, now: dt.datetime) -> int:
    """Clear contact data of these bookings (those not yet anonymised); counts stay."""
    fresh = Booking.objects.select_for_update().filter(pk__in=booking_ids, anonymised_at=None)
    ids = list(fresh.values_list("pk", flat=True))
    if not ids:
        return 0
    # An SMTP error may quote the address.
    Notice.objects.filter(booking_id__in=ids).exclude(last_error="").update(last_error="")
    for holder in privacy_hooks.holders():
        holder.erase_bookings(ids, now)
    return Booking.objects.filter(pk__in=ids).update(**_CLEARED, anonymised_at=now, updated_at=now)


def booking_erase(*, booking: Booking, now: dt.datetime | None = None) -> Booking:
    """The family's own erasure: cancel its coming places, then clear its contact data.

    Two transactions on purpose: `booking_cancel` is durable (it locks sessions and moves the
    waiting list up), so it runs first on its own; anonymising follows in a second one.
    Erasing an erased booking changes nothing.
    """
    now = now or timezone.now()
    if booking.is_anonymised:
        return booking
    try:
        booking_cancel(booking=booking, by=SignUp.CancelledBy.FAMILY, notify=False, now=now)
    except SignUpRefused as error:
        if error.code != "nothing_to_cancel":
            raise
    _anonymise([booking.pk], now=now)
    booking.refresh_from_db()
    return booking


def purge_due(*, now: dt.datetime, retention_days: int) -> QuerySet[Booking]:
    """Bookings not yet anonymised whose every session ended more than `retention_days` before `now`
    (a series booking: its last session). A booking made within the period is never due."""
    cutoff = now - dt.timedelta(days=retention_days)
    recent = SignUp.objects.filter(booking=OuterRef("pk"), session__end__gte=cutoff)
    return Booking.objects.filter(anonymised_at=None, created_at__lt=cutoff).filter(~Exists(recent))


def personal_data_purge(
    *, now: dt.datetime, retention_days: int, dry_run: bool = False, batch_size: int = PURGE_BATCH
) -> int:
    """Anonymise every booking past retention; returns how many (with `dry_run`: would be).

    Batched by primary key, one short transaction per batch, so a county's year of sign-ups
    is never loaded or locked at once; running it again finds nothing left to do.
    """
    due = purge_due(now=now, retention_days=retention_days)
    if dry_run:
        return due.count()
    done = 0
    last_pk = 0
    while True:
        ids = list(due.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return done
        done += _anonymise(ids, now=now)
        last_pk = ids[-1]


def held_data_purge(*, now: dt.datetime, retention_days: int, dry_run: bool = False) -> dict[str, int]:
    """The retention purge of what apps above bookings keep (privacy_hooks), after the bookings'
    own: {what: how many cleared (or would be)}."""
    counts: dict[str, int] = {}
    for holder in privacy_hooks.holders():
        counts.update(holder.purge(now, retention_days, dry_run))
    return counts


# --- A family's account ---------------------------------------------------------------------------


def verified_emails(user: User) -> list[str]:
    return [
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    ]


def account_bookings(*, user: User) -> QuerySet[Booking]:
    """The bookings linked to the account (not erased)."""
    return Booking.objects.filter(user=user, anonymised_at=None).select_related("group")


def claimable_bookings(*, user: User) -> QuerySet[Booking]:
    """Bookings made without logging in, with one of the account's *verified* email addresses."""
    emails = verified_emails(user)
    if not emails:
        return Booking.objects.none()
    return Booking.objects.filter(
        user=None, anonymised_at=None, source=Booking.Source.ONLINE, email__in=emails
    ).select_related("group")


def bookings_claim(*, user: User, public_ids: Iterable[str]) -> int:
    """Link these claimable bookings to the account; others (not the account's email) are left alone."""
    wanted = [str(public_id) for public_id in public_ids]
    if not verified_emails(user):
        raise PermissionRefused(
            _("Verify your email address first: only then can sign-ups made with it be added."),
            code="unverified",
        )
    with transaction.atomic():
        ids = list(claimable_bookings(user=user).filter(public_id__in=wanted).values_list("pk", flat=True))
        return Booking.objects.filter(pk__in=ids, user=None).update(user=user, updated_at=timezone.now())


def _own_bookings(user: User) -> QuerySet[Booking]:
    """Linked and claimable: both are the account holder's (the email is verified)."""
    emails = verified_emails(user)
    mine = Q(user=user)
    if emails:
        mine |= Q(user=None, source=Booking.Source.ONLINE, email__in=emails)
    return Booking.objects.filter(mine, anonymised_at=None).select_related("group__organization")


def account_export(*, user: User) -> dict:
    emails = verified_emails(user)
    return {
        "format": EXPORT_FORMAT,
        "account": {"email": user.email, "verified_emails": verified_emails(user)},
        "private_feeds": [
            {"created_at": _iso(token.created_at), "revoked_at": _iso(token.revoked_at)}
            for token in FeedToken.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "bookings": [booking_export(booking=booking) for booking in _own_bookings(user).order_by("pk")],
        # Held under the verified addresses and no booking, e.g. wishes (privacy_hooks).
        **{
            holder.key: holder.export_emails(emails)
            for holder in privacy_hooks.holders()
            if holder.export_emails is not None
        },
    }


def account_erase(*, user: User, now: dt.datetime | None = None) -> int:
    """Erase every booking of the account (and those made with its verified email); revoke its feeds.

    The account itself stays (deleting it is allauth's own step); returns how many bookings.
    """
    now = now or timezone.now()
    bookings = list(_own_bookings(user))
    for booking in bookings:
        booking_erase(booking=booking, now=now)
    emails = verified_emails(user)
    with transaction.atomic():
        for holder in privacy_hooks.holders():
            holder.erase_emails(emails, now)
    FeedToken.objects.filter(user=user, revoked_at=None).update(revoked_at=now)
    return len(bookings)
