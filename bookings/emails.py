"""Emails to families: one `Notice` rendered in the household's language, with its calendar.

`render()` builds the message; `bookings.sending` turns it into an email and sends it from the
task worker (`bookings.tasks.send_notice`), never inside a request.

An email is about one household and goes to that household only: it must never contain
another household's name, address or sign-up.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Event, vText

from bookings.models import Booking, Notice, SignUp
from bookings.selectors_public import waitlist_position
from bookings.tokens import booking_token
from events.ical import new_calendar, to_local, to_utc, venue_location
from events.models import RemovedSession, Session
from events.recurrence import HELSINKI

# A series sign-up may cover dozens of sessions: the email lists the first ones, the manage page all.
MAX_LISTED = 12
SHORT_DAY = "D j.n.Y"
TIME = "H.i"
CALENDAR_KINDS = (
    Notice.Kind.CONFIRMATION,
    Notice.Kind.PROMOTED,
    Notice.Kind.SESSION_MOVED,
    Notice.Kind.SESSION_CANCELLED,
)


@dataclass(frozen=True)
class ExtraText:
    """The words of an email kind that an app above bookings adds (see `register_kind`)."""

    subject: str
    paragraphs: list[str]
    link: str
    link_label: str


# Kinds added from above (the metrics app's feedback request): kind -> the notice's texts,
# called in the household's language. Registered in the app's AppConfig.ready().
_EXTRA_KINDS: dict[str, Callable[[Notice], ExtraText]] = {}


def register_kind(kind: str, texts: Callable[[Notice], ExtraText]) -> None:
    _EXTRA_KINDS[kind] = texts


@dataclass(frozen=True)
class SessionLine:
    """One session as the email shows it: plain text, escaped by the HTML template."""

    when: str
    title: str
    venue: str
    address: str
    room: str
    status: str = ""
    before: str = ""  # a moved session: where and when it was


@dataclass(frozen=True)
class Message:
    subject: str
    greeting: str
    paragraphs: list[str]
    sessions: list[SessionLine]
    more: str
    after: list[str]
    manage_url: str
    footer: list[str]
    language: str
    calendar: bytes | None = None
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    link_label: str = ""  # empty: the manage link's own words


# --- formatting ------------------------------------------------------------------------------------


def when(start: dt.datetime, end: dt.datetime) -> str:
    """ "ti 3.3.2027 klo 10.00–12.00" (fi), "tis 3.3.2027 kl. 10.00–12.00" (sv), Helsinki wall clock."""
    start, end = start.astimezone(HELSINKI), end.astimezone(HELSINKI)
    return _("%(date)s at %(start)s–%(end)s") % {
        "date": dateformat.format(start.date(), SHORT_DAY),
        "start": dateformat.time_format(start.time(), TIME),
        "end": dateformat.time_format(end.time(), TIME),
    }


def manage_url(booking: Booking) -> str:
    return f"{settings.SITE_URL}/{booking.language}/signups/{booking_token(booking)}/"


def _address(session: Session) -> str:
    venue = session.room.venue
    return f"{venue.street_address}, {venue.postal_code} {venue.post_office}"


def _status(signup: SignUp) -> str:
    if signup.status == SignUp.Status.CONFIRMED:
        return _("You have a place.")
    if signup.status == SignUp.Status.WAITLISTED:
        return _("On the waiting list, number %(position)s.") % {"position": waitlist_position(signup)}
    return _("Cancelled.")


def _before(session: Session) -> str:
    """Where a moved session was: the time the schedule gave it, and the series' usual room."""
    if session.original_start is None or session.original_start == session.start:
        start, end = None, None
    else:
        start = session.original_start
        end = start + (session.end - session.start)
    room = session.series.room if session.series_id and session.series.room_id != session.room_id else None
    parts = []
    if start is not None:
        parts.append(when(start, end))
    if room is not None:
        parts.append(f"{room.venue.name}, {room.venue.street_address}")
    return _("Before: %(what)s") % {"what": ", ".join(parts)} if parts else ""


def _removed_line(removed: RemovedSession, title: str) -> SessionLine:
    """A deleted session, from its tombstone: when and where it was (no room: the tombstone keeps
    only the venue)."""
    venue = removed.venue
    return SessionLine(
        when=when(removed.start, removed.end),
        title=title,
        venue=venue.name if venue else "",
        address=f"{venue.street_address}, {venue.postal_code} {venue.post_office}" if venue else "",
        room="",
        status=_("Cancelled."),
    )


def _line(session: Session, signup: SignUp | None, *, moved: bool = False) -> SessionLine:
    return SessionLine(
        when=when(session.start, session.end),
        title=session.group.title,
        venue=session.room.venue.name,
        address=_address(session),
        room=session.room.name,
        status=_status(signup) if signup is not None and not session.is_cancelled else "",
        before=_before(session) if moved else "",
    )


def _contact(booking: Booking) -> str:
    organization = booking.group.organization
    ways = [w for w in (organization.email, organization.phone, organization.website) if w]
    if not ways:
        return _("Questions? Ask the group's leader, or contact %(organization)s.") % {
            "organization": organization.name
        }
    return _("Questions? Contact %(organization)s: %(ways)s.") % {
        "organization": organization.name,
        "ways": ", ".join(ways),
    }


# --- which sessions an email is about ----------------------------------------------------------------


def _signups(notice: Notice) -> list[SignUp]:
    """This household's own sign-ups that the notice is about (never anyone else's)."""
    if (
        notice.session_id is None
        and notice.removed_session_id is not None
        and notice.kind != Notice.Kind.CONFIRMATION
    ):
        return []  # the session was deleted, and its sign-ups with it: the tombstone tells the rest
    signups = SignUp.objects.filter(booking=notice.booking).select_related(
        "session__group__organization", "session__room__venue", "session__series__room__venue"
    )
    if notice.session_id is not None and notice.kind != Notice.Kind.CONFIRMATION:
        signups = signups.filter(session_id=notice.session_id)
    elif notice.kind == Notice.Kind.CANCELLED:
        signups = signups.filter(status=SignUp.Status.CANCELLED, session__end__gt=timezone.now())
    else:
        signups = signups.exclude(status=SignUp.Status.CANCELLED)
    return list(signups.order_by("session__start", "session_id"))


def _dates(signups: list[SignUp], listed: int = 3) -> str:
    """ "16.2., 23.2." (the first few, then "…"): a subject names the waitlisted sessions."""
    days = sorted(s.session.start.astimezone(HELSINKI).date() for s in signups)
    text = ", ".join(dateformat.format(day, "j.n.") for day in days[:listed])
    return text + ("…" if len(days) > listed else "")


# --- the message -------------------------------------------------------------------------------------


def _texts(notice: Notice, signups: list[SignUp], group: str) -> tuple[str, list[str], list[str]]:
    """Subject, paragraphs before the sessions, paragraphs after them."""
    kind = notice.kind
    session = notice.session
    removed = notice.removed_session
    if session is not None:
        date = when(session.start, session.end)
    else:
        date = when(removed.start, removed.end) if removed is not None else ""
    waiting = [s for s in signups if s.status == SignUp.Status.WAITLISTED]
    confirmed = [s for s in signups if s.status == SignUp.Status.CONFIRMED]
    cancel_hint = _("If you cannot come, please cancel your place, so that someone else can have it.")
    if kind == Notice.Kind.CONFIRMATION:
        if confirmed and waiting:
            # A course where some sessions are full: the subject says so, never just "signed up".
            subject = ngettext(
                "Place in %(places)d session, waiting list for %(waiting)d (%(dates)s): %(group)s",
                "Places in %(places)d sessions, waiting list for %(waiting)d (%(dates)s): %(group)s",
                len(confirmed),
            ) % {"places": len(confirmed), "waiting": len(waiting), "dates": _dates(waiting), "group": group}
            intro = [
                _("Thank you for signing up for %(group)s.") % {"group": group},
                ngettext(
                    "%(count)d session is full: you are on its waiting list (marked below).",
                    "%(count)d sessions are full: you are on their waiting lists (marked below).",
                    len(waiting),
                )
                % {"count": len(waiting)},
            ]
        elif confirmed:
            subject = _("You have signed up: %(group)s") % {"group": group}
            intro = [_("Thank you for signing up for %(group)s.") % {"group": group}]
        else:
            subject = _("You are on the waiting list: %(group)s") % {"group": group}
            intro = [
                _("Thank you for signing up for %(group)s. The group is full for now.") % {"group": group}
            ]
        after = [_("If a place frees up, we will move you up from the waiting list and email you.")]
        return subject, intro, (after if waiting else []) + [cancel_hint]
    if kind == Notice.Kind.WAITLISTED:
        return (
            _("You are on the waiting list: %(group)s") % {"group": group},
            [_("The group is full, so you are on the waiting list.")],
            [_("If a place frees up, we will move you up from the waiting list and email you.")],
        )
    if kind == Notice.Kind.PROMOTED:
        return (
            _("You got a place: %(group)s") % {"group": group},
            [_("Good news: a place freed up, and you now have a place in %(group)s.") % {"group": group}],
            [cancel_hint],
        )
    if kind == Notice.Kind.REMINDER:
        return (
            _("Reminder: %(group)s %(when)s") % {"group": group, "when": date},
            [_("A reminder of your coming session of %(group)s. Welcome!") % {"group": group}],
            [cancel_hint],
        )
    if kind == Notice.Kind.SESSION_CANCELLED:
        intro = [_("Unfortunately, this session of %(group)s is cancelled.") % {"group": group}]
        reason = session.cancel_reason.strip() if session is not None else ""
        if reason:
            intro.append(_("The leader's message: %(reason)s") % {"reason": reason})
        return _("Cancelled: %(group)s %(when)s") % {"group": group, "when": date}, intro, []
    if kind == Notice.Kind.SESSION_MOVED:
        return (
            _("New time or place: %(group)s") % {"group": group},
            [
                _("This session of %(group)s has a new time or place. Your sign-up is still valid.")
                % {"group": group}
            ],
            [cancel_hint],
        )
    if kind == Notice.Kind.CANCELLED:
        return (
            _("Your sign-up is cancelled: %(group)s") % {"group": group},
            [_("Your sign-up for %(group)s is cancelled. Thank you for letting us know.") % {"group": group}],
            [],
        )
    return (
        _("Your sign-up link: %(group)s") % {"group": group},
        [_("Here is the link to your sign-up for %(group)s.") % {"group": group}],
        [],
    )


def render(notice: Notice) -> Message:
    """The notice's email in the household's language (call inside nothing: it activates the language)."""
    booking = notice.booking
    with translation.override(booking.language):
        signups = _signups(notice)
        group = booking.group.title
        subject, paragraphs, after = _texts(notice, signups, group)
        moved = notice.kind == Notice.Kind.SESSION_MOVED
        lines = [_line(s.session, s, moved=moved) for s in signups[:MAX_LISTED]]
        if not lines and notice.session is not None:
            lines = [_line(notice.session, None, moved=moved)]
        elif not lines and notice.removed_session is not None:
            lines = [_removed_line(notice.removed_session, group)]
        hidden = len(signups) - len(lines) if len(signups) > len(lines) else 0
        more = (
            ngettext(
                "…and %(count)d more session: see them all through the link below.",
                "…and %(count)d more sessions: see them all through the link below.",
                hidden,
            )
            % {"count": hidden}
            if hidden
            else ""
        )
        url = manage_url(booking)
        link_label = ""
        if notice.kind in _EXTRA_KINDS:
            extra = _EXTRA_KINDS[notice.kind](notice)
            subject, paragraphs, after, url, link_label = (
                extra.subject,
                extra.paragraphs,
                [],
                extra.link,
                extra.link_label,
            )
        calendar = None
        if notice.kind in CALENDAR_KINDS:
            calendar = calendar_for(booking, signups, cancelled=notice.kind == "session_cancelled")
        prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "[Perhekeskus] ")
        return Message(
            subject=" ".join(f"{prefix}{subject}".split()),
            greeting=_("Hello %(name)s,") % {"name": booking.contact_name}
            if booking.contact_name
            else _("Hello,"),
            paragraphs=paragraphs,
            sessions=lines,
            more=more,
            after=after,
            manage_url=url,
            footer=[
                _("This email was sent automatically. Replies to it are not read."),
                _contact(booking),
            ],
            language=booking.language,
            calendar=calendar,
            link_label=link_label,
        )


def calendar_for(booking: Booking, signups: list[SignUp], *, cancelled: bool = False) -> bytes | None:
    """The household's own places as iCalendar (METHOD:PUBLISH), one VEVENT per session; None if none.

    UID is stable per household and session, so a later email (moved, cancelled) updates the
    event the family imported; SEQUENCE follows the session's. No attendees, no alarms. The links
    are the group's public page, never the manage link: an .ics imported into a shared calendar
    would hand its secret token (the right to cancel) to everyone who sees that calendar.
    """
    # Only places the household holds: a waiting list is no event in anyone's calendar.
    signups = [
        s for s in signups if s.status == SignUp.Status.CONFIRMED and s.session.is_cancelled == cancelled
    ]
    if not signups:
        return None
    lang = booking.language
    calendar = new_calendar(lang=lang)
    stamp = timezone.now()
    for signup in signups:
        session = signup.session
        event = Event()
        event.add("uid", booking.event_uid(session))
        event.add("dtstamp", to_utc(stamp))
        event.add("sequence", session.sequence)
        title = session.group.title
        event.add("summary", vText(_("CANCELLED: %(title)s") % {"title": title} if cancelled else title))
        event.add("dtstart", to_local(session.start))
        event.add("dtend", to_local(session.end))
        location, geo = venue_location(session)
        event.add("location", vText(location))
        if geo is not None:
            event.add("geo", geo)
        with translation.override(lang):
            url = settings.SITE_URL + reverse("group_detail", kwargs={"slug": session.group.slug})
        event.add("description", vText(url))
        event.add("url", url)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("class", "PRIVATE")
        calendar.add_component(event)
    return calendar.to_ical(sorted=False)
