"""Feedback after a session: asking once by email, taking the answer, hiding and purging comments.

`feedback_requests_send` (daily, `manage.py send_feedback_requests`) asks the households who
were confirmed on yesterday's sessions (Helsinki dates) and gave an email: one request per
household and session (a unique constraint, so running it twice sends nothing twice), and
never a second email to the same address within `WEEKLY` — the first session of the day
wins. Leader-marked no-shows are not asked. The email itself is a bookings `Notice` (kind
feedback), queued through `notice_queue` and sent by the task worker like every other.

Answers come through the emailed token (one per request; answering again replaces it) or
through the session code shown at the session (rate-limited in the view, capped per
session here). A comment is plain text (tags stripped), for the group's leaders only, who
may hide it; it is never published. `voice_purge` clears comments and wishes' texts and
emails after the retention period; scores and counts stay.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from bookings.models import Notice, SignUp
from bookings.services.notices import notice_queue
from core.errors import DomainError, PermissionRefused
from events.models import Session
from events.permissions import can_manage_group
from events.recurrence import HELSINKI
from events.selectors import helsinki_midnight
from metrics.models import COMMENT_MAX, Feedback, FeedbackRequest, Wish
from metrics.tokens import feedback_token, session_id_from_code, token_hash, well_formed_token
from venues.permissions import Actor

WEEKLY = dt.timedelta(days=7)
OPEN_DAYS = 14  # answers are taken until two weeks after the session
CODE_ANSWERS_MAX = 300  # per session through its code: a class of families, not a flood


class FeedbackRefused(DomainError):
    pass


def feedback_requests_send(*, now: dt.datetime | None = None, day: dt.date | None = None) -> int:
    """Queue the feedback emails for the sessions of `day` (default: yesterday); returns how many."""
    now = now or timezone.now()
    day = day or now.astimezone(HELSINKI).date() - dt.timedelta(days=1)
    start, end = helsinki_midnight(day), helsinki_midnight(day + dt.timedelta(days=1))
    asked = FeedbackRequest.objects.filter(booking=OuterRef("booking_id"), session=OuterRef("session_id"))
    candidates = (
        SignUp.objects.filter(
            status=SignUp.Status.CONFIRMED,
            session__status=Session.Status.SCHEDULED,
            session__start__gte=start,
            session__start__lt=end,
            session__end__lte=now,
            booking__anonymised_at=None,
        )
        .exclude(booking__email="")
        .exclude(attended=False)
        .exclude(Exists(asked))
        .select_related("booking", "session")
        .order_by("session__start", "pk")
    )
    recent = {
        email.lower()
        for email in FeedbackRequest.objects.filter(created_at__gte=now - WEEKLY).values_list(
            "booking__email", flat=True
        )
        if email
    }
    sent = 0
    for signup in candidates:
        booking = signup.booking
        email = booking.email.lower()
        if email in recent:
            continue
        recent.add(email)
        with transaction.atomic():
            _request, created = FeedbackRequest.objects.get_or_create(
                booking=booking,
                session=signup.session,
                defaults={
                    "token_hash": token_hash(feedback_token(booking, signup.session)),
                    "created_at": now,
                },
            )
            if created:
                notice_queue(booking=booking, kind=Notice.Kind.FEEDBACK, session=signup.session)
                sent += 1
    return sent


def _open(session: Session, now: dt.datetime) -> None:
    if session.status == Session.Status.CANCELLED:
        raise FeedbackRefused(_("This session was cancelled."), code="cancelled")
    if session.start > now:
        raise FeedbackRefused(_("Feedback opens when the session begins."), code="not_started")
    if session.end + dt.timedelta(days=OPEN_DAYS) < now:
        raise FeedbackRefused(_("Feedback for this session has closed."), code="closed")


def feedback_request_get(*, token: str, now: dt.datetime | None = None) -> FeedbackRequest:
    """The request of an emailed token; "not_found" for a malformed, unknown or erased one."""
    found = None
    if well_formed_token(token):
        found = (
            FeedbackRequest.objects.select_related("session__group", "session__room__venue", "booking")
            .filter(token_hash=token_hash(token))
            .first()
        )
    if found is None or found.booking.is_anonymised:
        raise PermissionRefused(_("This feedback link is not valid."), code="not_found")
    return found


def feedback_session_get(*, code: str) -> Session:
    """The session of a session code; "not_found" for a malformed or forged one."""
    session_id = session_id_from_code(code)
    session = (
        Session.objects.select_related("group", "room__venue").filter(pk=session_id).first()
        if session_id
        else None
    )
    if session is None:
        raise PermissionRefused(_("This feedback link is not valid."), code="not_found")
    return session


def _clean(score: object, comment: str) -> tuple[int, str]:
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise FeedbackRefused(_("Choose one of the five faces."), code="bad_score")
    text = strip_tags(comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise FeedbackRefused(_("Write at most %(n)s characters.") % {"n": COMMENT_MAX}, code="too_long")
    return score, text


@transaction.atomic
def feedback_answer(
    *, request: FeedbackRequest, score: int, comment: str = "", now: dt.datetime | None = None
) -> Feedback:
    """The household's answer through its link; answering again replaces it."""
    now = now or timezone.now()
    _open(request.session, now)
    score, text = _clean(score, comment)
    FeedbackRequest.objects.select_for_update().filter(pk=request.pk).first()  # one answer at a time
    feedback, _created = Feedback.objects.update_or_create(
        request=request,
        defaults={
            "session": request.session,
            "source": Feedback.Source.EMAIL,
            "score": score,
            "comment": text,
        },
    )
    return feedback


@transaction.atomic
def feedback_answer_by_code(
    *, session: Session, score: int, comment: str = "", now: dt.datetime | None = None
) -> Feedback:
    """A walk-in's answer through the session code (the view rate-limits by address)."""
    now = now or timezone.now()
    _open(session, now)
    score, text = _clean(score, comment)
    Session.objects.select_for_update().filter(pk=session.pk).first()  # the cap below holds under races
    if Feedback.objects.filter(session=session, source=Feedback.Source.CODE).count() >= CODE_ANSWERS_MAX:
        raise FeedbackRefused(_("This session has received all the feedback it can."), code="full")
    return Feedback.objects.create(session=session, source=Feedback.Source.CODE, score=score, comment=text)


def feedback_withdraw(*, request: FeedbackRequest) -> int:
    """The household takes its answer back (erasure): the row goes, with its comment."""
    deleted, _by_model = Feedback.objects.filter(request=request).delete()
    return deleted


def feedback_hide(*, actor: Actor, feedback: Feedback, now: dt.datetime | None = None) -> Feedback:
    """A leader of the group hides a comment they have read; the score still counts."""
    if not can_manage_group(actor, feedback.session.group):
        raise PermissionRefused(_("Only the group's leaders can hide its feedback."), code="not_found")
    if feedback.hidden_at is None:
        feedback.hidden_at = now or timezone.now()
        feedback.hidden_by = actor
        feedback.save(update_fields=["hidden_at", "hidden_by", "updated_at"])
    return feedback


def voice_purge(*, now: dt.datetime, retention_days: int, dry_run: bool = False) -> tuple[int, int]:
    """Clear comments and wishes' texts and emails past retention (and comments of erased
    households); returns (comments, wishes). Scores and counts stay. Idempotent."""
    cutoff = now - dt.timedelta(days=retention_days)
    comments = Feedback.objects.exclude(comment="").filter(
        Q(session__end__lt=cutoff) | Q(request__booking__anonymised_at__isnull=False)
    )
    wishes = Wish.objects.filter(purged_at=None, created_at__lt=cutoff)
    if dry_run:
        return comments.count(), wishes.count()
    with transaction.atomic():
        cleared = Feedback.objects.filter(pk__in=list(comments.values_list("pk", flat=True))).update(
            comment="", purged_at=now
        )
        purged = wishes.update(text="", email="", purged_at=now)
    return cleared, purged
