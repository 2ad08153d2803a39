"""The families' voice in their GDPR rights: feedback and wishes in exports, erasures and the purge.

Registered with `bookings.privacy_hooks` in `MetricsConfig.ready()` (bookings sits below metrics
and cannot import it). Feedback belongs to a booking through its emailed `FeedbackRequest`; an
answer given by session code is anonymous from the start and is nobody's to export. A wish
belongs to no booking: it is the account's when it carries one of the account's *verified*
addresses, never matched by a booking's unverified email. Erasing clears the words (comment,
wish text and email) and keeps the score and the wish's counts, as the retention purge does.
"""

import datetime as dt
from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from bookings.models import Booking
from bookings.privacy_hooks import Holder, register
from events.recurrence import HELSINKI
from metrics.models import Feedback, Wish
from metrics.services.feedback import voice_purge


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(HELSINKI).isoformat() if moment is not None else None


def _feedback_export(booking: Booking) -> list[dict]:
    rows = (
        Feedback.objects.filter(request__booking=booking)
        .select_related("session__group")
        .order_by("session__start", "pk")
    )
    return [
        {
            "session": {
                "id": feedback.session_id,
                "group": feedback.session.group.title,
                "start": _iso(feedback.session.start),
            },
            "score": feedback.score,
            "comment": feedback.comment,
            "created_at": _iso(feedback.created_at),
            "updated_at": _iso(feedback.updated_at),
            "hidden_by_leader": feedback.hidden_at is not None,
            "comment_removed_at": _iso(feedback.purged_at),
        }
        for feedback in rows
    ]


def _feedback_erase(booking_ids: Sequence[int], now: dt.datetime) -> int:
    return (
        Feedback.objects.filter(request__booking_id__in=booking_ids)
        .exclude(comment="")
        .update(comment="", purged_at=now, updated_at=now)
    )


def _voice_purge(now: dt.datetime, retention_days: int, dry_run: bool) -> dict[str, int]:
    comments, wishes = voice_purge(now=now, retention_days=retention_days, dry_run=dry_run)
    return {"feedback comments": comments, "wishes": wishes}


def _wishes_of(emails: Sequence[str]) -> QuerySet[Wish]:
    if not emails:
        return Wish.objects.none()
    return Wish.objects.filter(reduce(or_, (Q(email__iexact=email) for email in emails)))


def _wishes_export(emails: Sequence[str]) -> list[dict]:
    return [
        {
            "topic": wish.topic,
            "municipality": wish.municipality.name if wish.municipality else None,
            "age": wish.age,
            "language": wish.language,
            "text": wish.text,
            "email": wish.email,
            "created_at": _iso(wish.created_at),
            "answered_at": _iso(wish.answered_at),
        }
        for wish in _wishes_of(emails).select_related("municipality").order_by("created_at", "pk")
    ]


def _wishes_erase(emails: Sequence[str], now: dt.datetime) -> int:
    return _wishes_of(emails).update(text="", email="", purged_at=now)


def register_holders() -> None:
    register(
        Holder(
            key="feedback",
            export_booking=_feedback_export,
            erase_bookings=_feedback_erase,
            purge=_voice_purge,
        )
    )
    register(Holder(key="wishes", export_emails=_wishes_export, erase_emails=_wishes_erase))
