"""A family account's private calendar feed: `/feeds/me/<token>.ics`.

The token is random, shown once, stored only as its sha256 (`FeedToken.token_hash`) and
revocable. The feed holds the account's own confirmed and waitlisted sessions, one VEVENT
each, built with `events.ical`'s helpers and VTIMEZONE. It is private output: never mix it
with the public feeds (no cache shared between accounts, CLASS:PRIVATE, no names of people).
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from icalendar import vText

from accounts.models import User
from bookings.models import FeedToken, SignUp
from bookings.tokens import token_hash
from core.errors import PermissionRefused
from events.ical import new_calendar, session_event, to_utc

# Sessions stay in the feed this long after they end, so a calendar does not lose them at once.
PAST_DAYS = 30
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class NewFeedToken:
    feed_token: FeedToken
    token: str  # shown once; only its hash is stored


def feed_token_create(*, user: User) -> NewFeedToken:
    token = secrets.token_urlsafe(32)
    feed_token = FeedToken.objects.create(user=user, token_hash=token_hash(token))
    return NewFeedToken(feed_token=feed_token, token=token)


def feed_token_revoke(*, user: User, feed_token_id: int, now: dt.datetime | None = None) -> FeedToken:
    """Revoke one of the account's own feeds; another account's id is "not found"."""
    with transaction.atomic():
        feed_token = FeedToken.objects.select_for_update().filter(pk=feed_token_id, user=user).first()
        if feed_token is None:
            raise PermissionRefused(_("That calendar link was not found."), code="not_found")
        if feed_token.revoked_at is None:
            feed_token.revoked_at = now or timezone.now()
            feed_token.save(update_fields=["revoked_at"])
    return feed_token


def active_feed_tokens(*, user: User) -> list[FeedToken]:
    return list(FeedToken.objects.filter(user=user, revoked_at=None).order_by("created_at", "pk"))


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("feed_me", kwargs={"token": token})


@dataclass(frozen=True)
class PrivateFeed:
    body: bytes
    last_modified: dt.datetime


def _summary(signup: SignUp) -> str:
    session = signup.session
    if session.is_cancelled:
        return gettext("CANCELLED: %(title)s") % {"title": session.group.title}
    if signup.status == SignUp.Status.WAITLISTED:
        return gettext("Waiting list: %(title)s") % {"title": session.group.title}
    return session.group.title


def private_feed(*, user: User, lang: str, now: dt.datetime | None = None) -> PrivateFeed:
    """The account's sessions as iCalendar bytes: deterministic for the same rows (ETag-safe)."""
    now = now or timezone.now()
    lang = lang if lang in LANGUAGES else "fi"
    signups = list(
        SignUp.objects.filter(
            booking__user=user,
            booking__anonymised_at=None,
            status__in=(SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED),
            session__end__gt=now - dt.timedelta(days=PAST_DAYS),
        )
        .select_related("booking", "session__group", "session__room__venue")
        .order_by("session__start", "session_id", "booking_id")
    )
    # Changes that take a sign-up out of the feed still move Last-Modified.
    stamps = [user.date_joined]
    stamps += SignUp.objects.filter(booking__user=user).values_list("updated_at", flat=True)
    with translation.override(lang):
        calendar = new_calendar(lang=lang, name=gettext("My sign-ups – Perhekeskus"))
        for signup in signups:
            session = signup.session
            url = settings.SITE_URL + reverse("group_detail", kwargs={"slug": session.group.slug})
            uid = signup.booking.event_uid(session)
            # Moving up from the waiting list changes SUMMARY: a higher SEQUENCE makes calendars take it.
            promoted = 1 if signup.promoted_at is not None else 0
            event = session_event(session, uid=uid, url=url, sequence=session.sequence + promoted)
            changed = to_utc(max(session.updated_at, signup.updated_at))
            for prop in ("SUMMARY", "DTSTAMP", "LAST-MODIFIED", "CLASS"):
                event.pop(prop)
            event.add("summary", vText(_summary(signup)))
            event.add("dtstamp", changed)
            event.add("last-modified", changed)
            event.add("class", "PRIVATE")
            calendar.add_component(event)
            stamps.append(changed)
        body = calendar.to_ical(sorted=False)
    return PrivateFeed(body=body, last_modified=max(stamps))
