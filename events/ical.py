"""Sessions as a published iCalendar feed (RFC 5545), following /work/shared/ICAL.md.

A pure serializer: model instances in, bytes out; no requests, no URLs of our own
(the caller passes the pages' absolute URLs). Built with the `icalendar` package,
which escapes TEXT, ends lines with CRLF and folds at 75 octets without splitting
UTF-8 sequences.

One series is one VEVENT with an RRULE in Helsinki wall-clock time, so clients keep
10:00 across both DST changes. Against the rule's raw occurrences:
- an occurrence with its session unchanged is a plain instance;
- a cancelled session is an override (RECURRENCE-ID, STATUS:CANCELLED, "PERUTTU: …"),
  so families see it; a moved one (time or room) is an override with the new
  DTSTART/DTEND/LOCATION and a higher SEQUENCE. Never both an override and an EXDATE;
- an occurrence without a session (public holiday, break, deleted, skipped for a
  room clash) is an EXDATE in exactly DTSTART's form. Occurrences beyond the
  materialized horizon are left to the rule, except holidays and breaks;
- a session of the series whose original start is no occurrence of the current rule
  (kept by hand through a series edit) and a one-off session are single VEVENTs
  with a UUIDv5 UID.

The VTIMEZONE is the static compact block of ICAL.md §3, never
`add_missing_timezones()` (its RDATE form puts summer sessions an hour late in ical.js).
"""

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar, Component, Event, Parameters, vDuration, vText

from events import recurrence
from events.ical_lines import VEventLines
from events.models import Group, Series, Session
from events.recurrence import HELSINKI
from events.services.series import horizon_end, skipped_days
from events.uids import one_off_uid

PRODID = "-//Perhekeskus//Perhekeskus {lang}//{LANG}"
TIMEZONE_ID = "Europe/Helsinki"
REFRESH = dt.timedelta(hours=4)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Byte for byte as in ICAL.md §3 (EU rules); `test_ical` checks it against tzdata.
VTIMEZONE = (
    b"BEGIN:VTIMEZONE\r\n"
    b"TZID:Europe/Helsinki\r\n"
    b"X-LIC-LOCATION:Europe/Helsinki\r\n"
    b"BEGIN:DAYLIGHT\r\n"
    b"TZOFFSETFROM:+0200\r\n"
    b"TZOFFSETTO:+0300\r\n"
    b"TZNAME:EEST\r\n"
    b"DTSTART:19700329T030000\r\n"
    b"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    b"END:DAYLIGHT\r\n"
    b"BEGIN:STANDARD\r\n"
    b"TZOFFSETFROM:+0300\r\n"
    b"TZOFFSETTO:+0200\r\n"
    b"TZNAME:EET\r\n"
    b"DTSTART:19701025T040000\r\n"
    b"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    b"END:STANDARD\r\n"
    b"END:VTIMEZONE\r\n"
)

GroupUrl = Callable[[Group], str]


class _Verbatim:
    """A property value written exactly as given (icalendar's vRecur would reorder BYMONTH/BYDAY)."""

    def __init__(self, value: str) -> None:
        self.value = value
        self.params = Parameters()

    def to_ical(self) -> bytes:
        return self.value.encode()


def _timezone_component() -> Component:
    component = Component.from_ical(b"BEGIN:VCALENDAR\r\n" + VTIMEZONE + b"END:VCALENDAR\r\n").subcomponents[
        0
    ]
    # icalendar's vRecur writes BYDAY before BYMONTH; keep the block byte-identical to ICAL.md.
    for observance, month in zip(component.subcomponents, (3, 10), strict=True):
        observance["RRULE"] = _Verbatim(f"FREQ=YEARLY;BYMONTH={month};BYDAY=-1SU")
    return component


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(HELSINKI).replace(microsecond=0)


def _location(session_or_series: Session | Series) -> tuple[str, tuple[float, float] | None]:
    room = session_or_series.room
    venue = room.venue
    # The room too: a move to another room of the same venue must show in calendars (SEQUENCE rises).
    text = f"{venue.name}, {room.name}, {venue.street_address}, {venue.postal_code} {venue.post_office}"
    geo = None
    if venue.latitude is not None and venue.longitude is not None:
        geo = (_coordinate(venue.latitude), _coordinate(venue.longitude))
    return text, geo


def _coordinate(value: Decimal | float) -> float:
    return round(float(value), 6)


def _description(group: Group, url: str, reason: str = "") -> str:
    parts = [reason.strip(), group.description.strip(), url]
    return "\n\n".join(part for part in parts if part)


def _summary(group: Group, *, cancelled: bool) -> str:
    if cancelled:
        return gettext("CANCELLED: %(title)s") % {"title": group.title}
    return group.title


def _add_common(
    event: VEventLines,
    *,
    uid: str,
    stamp: dt.datetime,
    created: dt.datetime,
    sequence: int,
    group: Group,
    where: Session | Series,
    url: str,
    cancelled: bool,
    reason: str = "",
) -> None:
    """The full property set: overrides repeat it instead of relying on inheritance (ICAL.md 5.4)."""
    event.add("uid", uid)
    event.add("dtstamp", _utc(stamp))
    event.add("created", _utc(created))
    event.add("last-modified", _utc(stamp))
    event.add("sequence", sequence)
    event.add("summary", _summary(group, cancelled=cancelled))
    event.add("description", _description(group, url, reason))
    location, geo = _location(where)
    event.add("location", location)
    if geo is not None:
        event.add("geo", geo)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if group.signup_mode == Group.SignUpMode.DROP_IN else "OPAQUE")
    event.add("class", "PUBLIC")


def _single_lines(
    session: Session,
    *,
    uid: str,
    url: str,
    recurrence_id: dt.datetime | None = None,
    sequence: int | None = None,
) -> VEventLines:
    event = VEventLines()
    if sequence is None:
        sequence = (session.series.sequence if recurrence_id and session.series else 0) + session.sequence
    _add_common(
        event,
        uid=uid,
        stamp=session.updated_at,
        created=session.created_at,
        sequence=sequence,
        group=session.group,
        where=session,
        url=url,
        cancelled=session.is_cancelled,
        reason=session.cancel_reason if session.is_cancelled else "",
    )
    if recurrence_id is not None:
        event.add("recurrence-id", _local(recurrence_id))
    event.add("dtstart", _local(session.start))
    event.add("dtend", _local(session.end))
    return event


def _single(session: Session, **options: Any) -> Event:
    """One session as an icalendar Event (`_single_lines`' options), for callers that change it
    further (the private feed)."""
    return Event.from_ical(_single_lines(session, **options).to_ical())


def _rrule(series: Series, until: dt.datetime) -> dict:
    if series.frequency == Series.Frequency.MONTHLY:
        return {
            "freq": "MONTHLY",
            "until": _utc(until),
            "byday": [WEEKDAYS[series.weekday_list[0]]],
            "bysetpos": series.nth_of_month or 1,
        }
    return {
        "freq": "WEEKLY",
        "until": _utc(until),
        "interval": series.interval_weeks,
        "byday": [WEEKDAYS[day] for day in series.weekday_list],
        "wkst": "MO",
    }


def scheduler_occurrences(series: Series) -> list[recurrence.RuleOccurrence]:
    """The series' whole rule as django-scheduler expands it (queries per series), to compare."""
    return recurrence.scheduler_occurrences(
        series,
        recurrence.local(series.first_date, dt.time(0)),
        recurrence.local(series.last_date + dt.timedelta(days=1), dt.time(0)),
    )


def rule_starts(series: Series) -> list[dt.datetime]:
    """The starts of the series' whole rule, exactly as the RRULE written for it reads (RFC 5545):
    the one engine that also materializes sessions (`recurrence.occurrences`), no queries."""
    return [occurrence.original_start for occurrence in recurrence.occurrences(series)]


def rule_occurrences(series: Series) -> list[recurrence.RuleOccurrence]:
    """The series' whole rule with the ends, comparable with `scheduler_occurrences`."""
    return recurrence.occurrences(series)


Expand = Callable[[Series], list[recurrence.RuleOccurrence]]


def _series_events(
    series: Series,
    sessions: Iterable[Session],
    *,
    url: str,
    known_until: dt.datetime,
    expand: Expand = scheduler_occurrences,
    present: Collection[dt.datetime] = (),
    starts: list[dt.datetime] | None = None,
) -> list[VEventLines]:
    """The VEVENTs of one series. `sessions` are Session rows; `present` the original starts of
    further sessions known to be plain instances of the rule (same time and room, not
    cancelled), which the feeds read as bare values instead of rows. `starts`, if given, are
    the rule's occurrence starts (`rule_starts`), else `expand` gives them."""
    occurrences = starts if starts is not None else [o.original_start for o in expand(series)]
    by_original = {s.original_start: s for s in sessions if s.original_start is not None}
    loose = [s for s in sessions if s.original_start is None]
    if not occurrences:
        loose += list(by_original.values())
        return [
            _single_lines(s, uid=one_off_uid(series, s.original_start or s.start), url=url) for s in loose
        ]
    skipped = skipped_days(series, list(series.breaks.all()))
    duration = dt.timedelta(minutes=series.duration_minutes)

    master = VEventLines()
    _add_common(
        master,
        uid=str(series.uid),
        stamp=series.updated_at,
        created=series.created_at,
        sequence=series.sequence,
        group=series.group,
        where=series,
        url=url,
        cancelled=False,
    )
    first = occurrences[0]
    master.add("dtstart", _local(first))
    master.add("dtend", _local(first + duration))
    single_date = len(occurrences) == 1
    if not single_date:  # one date is one event: an RRULE with a single instance confuses clients
        master.add("rrule", _rrule(series, occurrences[-1]))

    overrides: list[Event] = []
    for original in occurrences:
        session = by_original.pop(original, None)
        if session is None:
            if original in present:
                continue
            if original < known_until or original.date() in skipped:
                if single_date:
                    master = None  # its only date has no session: nothing to show
                else:
                    master.add("exdate", _local(original))
            continue
        unchanged = (
            session.start == original
            and session.end == original + duration
            and session.room_id == series.room_id
            and not session.is_cancelled
        )
        if not unchanged:
            if single_date:  # the event itself moves or is cancelled: no RECURRENCE-ID without a rule
                sequence = series.sequence + session.sequence
                master = _single_lines(session, uid=str(series.uid), url=url, sequence=sequence)
            else:
                overrides.append(_single_lines(session, uid=str(series.uid), url=url, recurrence_id=original))
    # Sessions no occurrence of the current rule explains (kept by hand through a series edit).
    loose += list(by_original.values())
    singles = [_single_lines(s, uid=one_off_uid(series, s.original_start or s.start), url=url) for s in loose]
    return [event for event in (master, *overrides, *singles) if event is not None]


def new_calendar(
    *, lang: str, name: str = "", description: str = "", url: str = "", source: str = ""
) -> Calendar:
    """A VCALENDAR with our header properties and the static VTIMEZONE, for every calendar we make.

    With a `name`, a subscribable feed: names, the calendar's zone and polling hints (ICAL.md §2).
    Without, a one-off calendar such as an email attachment: only what RFC 5545 requires.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID.format(lang=lang, LANG=lang.upper()))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", vText(name))
        calendar.add("x-wr-calname", vText(name))
        if description:
            calendar.add("description", vText(description))
            calendar.add("x-wr-caldesc", vText(description))
        if url:
            calendar.add("url", url)
        if source:
            calendar.add("source", source, parameters={"VALUE": "URI"})
        calendar.add("x-wr-timezone", TIMEZONE_ID)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add_component(_timezone_component())
    return calendar


CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_head(*, lang: str, name: str, description: str, url: str, source: str = "") -> bytes:
    """A feed's VCALENDAR up to its first VEVENT: header properties and the VTIMEZONE."""
    data = new_calendar(lang=lang, name=name, description=description, url=url, source=source).to_ical(
        sorted=False
    )
    return data.removesuffix(CALENDAR_END)


def series_vevents(series: Series, sessions: Iterable[Session], **options: Any) -> bytes:
    """One series' VEVENTs as bytes (master, overrides, singles): a part a feed is assembled from.

    Call it inside `translation.override(lang)`; `options` as `_series_events` takes them.
    """
    return b"".join(event.to_ical() for event in _series_events(series, sessions, **options))


def one_off_vevent(session: Session, *, url: str) -> bytes:
    uid = one_off_uid(session.group, session.original_start or session.start)
    return _single_lines(session, uid=uid, url=url).to_ical()


def render_calendar(
    *,
    name: str,
    description: str,
    url: str,
    sessions_by_series: Mapping[Series, Iterable[Session]],
    one_off_sessions: Iterable[Session],
    lang: str,
    group_url: GroupUrl,
    known_until: dt.datetime | None = None,
    source: str = "",
    expand: Expand = scheduler_occurrences,
) -> bytes:
    """The feed's bytes: deterministic for the same data (DTSTAMP is the rows' last change).

    `sessions_by_series` maps each series to all its sessions (scheduled and cancelled);
    an occurrence without a session before `known_until` (default: the materialized
    horizon) is excluded. `group_url(group)` gives the absolute URL of a group's page.
    Pass related rows prefetched: series.group, series.room.venue, series.breaks,
    session.room.venue, session.group. `source` is the feed's own URL (SOURCE, RFC 7986).
    `expand` gives a series' rule occurrences: django-scheduler's by default, or
    `rule_occurrences` (in memory, no queries) for feeds of many series. The public feeds
    assemble the same parts (`calendar_head`, `series_vevents`, `one_off_vevent`) from a cache.
    """
    known_until = known_until or horizon_end()
    with translation.override(lang):
        parts = [calendar_head(lang=lang, name=name, description=description, url=url, source=source)]
        for series in sorted(sessions_by_series, key=lambda s: (s.first_date, str(s.uid))):
            sessions = sorted(sessions_by_series[series], key=lambda s: (s.start, s.pk))
            parts.append(
                series_vevents(
                    series, sessions, url=group_url(series.group), known_until=known_until, expand=expand
                )
            )
        for session in sorted(one_off_sessions, key=lambda s: (s.start, str(s.group.uid), s.pk)):
            parts.append(one_off_vevent(session, url=group_url(session.group)))
        parts.append(CALENDAR_END)
        return b"".join(parts)


# The public names other apps' calendars use (bookings' email attachments and private feeds), so that
# they write instants, places and single events exactly as the public feeds do.
to_utc = _utc
to_local = _local
venue_location = _location
session_event = _single
