"""What the find-sessions, group and session pages show, shaped for templates.

Pure functions over sessions and groups a selector already loaded (see
`events.selectors`): no queries, no writes. Times are shown on the Helsinki
wall clock whatever the active time zone. Text comes out in the active language;
user content (titles, reasons) stays plain text for the template to escape.
Accessibility badges and panels come from `events.views.display`, as on the venue pages.
"""

import datetime
import functools
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accessibility.rules import Viewpoint
from core.templatetags.content_lang import lang_of
from directory.models import Service
from directory.selectors import is_public_service
from events.models import Group, Session
from events.selectors import HELSINKI
from events.views.display import (
    LIST_VIEWPOINTS,
    AccessibilityPanel,
    Badge,
    Photo,
    accessibility_panel,
    badge,
    format_time,
    map_url,
    photo,
    room_facts,
    venue_facts,
)
from venues.models import Room, Venue

# "ma 1.3." in Finnish, "mån 1.3." in Swedish: the short weekday and the day, Finnish style.
SHORT_DAY_FORMAT = "D j.n."
LONG_DAY_FORMAT = "l j.n.Y"


def local(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(HELSINKI)


def day_label(day: datetime.date, *, today: datetime.date) -> str:
    """ "ma 1.3.", with the year when it is not this year: "ma 1.3.2027"."""
    return _day_label(day, day.year == today.year, get_language())


@functools.lru_cache(maxsize=1024)
def _day_label(day: datetime.date, this_year: bool, language: str | None) -> str:
    # Every row of a list has one; the weekday's name is a gettext call.
    label = dateformat.format(day, SHORT_DAY_FORMAT)
    return label if this_year else f"{label}{day.year}"


def time_range(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "10.00–12.00" on the Helsinki clock."""
    return _time_range(local(start).time(), local(end).time())


@functools.lru_cache(maxsize=1024)
def _time_range(start: datetime.time, end: datetime.time) -> str:
    # Every row of a list has one, and a week has a few dozen different ones.
    return f"{format_time(start)}–{format_time(end)}"


def moment(value: datetime.datetime, *, today: datetime.date) -> str:
    """ "ma 1.3. klo 10.00": a day and a time, for a moved session's old time."""
    value = local(value)
    return _("%(date)s at %(time)s") % {
        "date": day_label(value.date(), today=today),
        "time": format_time(value.time()),
    }


def when_long(session: Session) -> str:
    """ "maanantai 1.3.2027 klo 10.00–12.00"."""
    return _("%(date)s at %(start)s–%(end)s") % {
        "date": dateformat.format(local(session.start).date(), LONG_DAY_FORMAT),
        "start": format_time(local(session.start).time()),
        "end": format_time(local(session.end).time()),
    }


def is_moved(session: Session) -> bool:
    return session.original_start is not None and session.start != session.original_start


def session_url(session: Session) -> str:
    """The session's page; an unlisted group's sessions carry the group's slug, their key."""
    url = reverse("session_detail", args=[session.pk])
    if session.group.visibility != Group.Visibility.PUBLIC:
        url += "?" + urlencode({"group": session.group.slug})
    return url


def places_label(session: Session) -> str:
    """Drop-in: no sign-up. Otherwise the places left (the selector's annotation); nothing when cancelled."""
    if session.is_cancelled:
        return ""
    drop_in = session.group.signup_mode == Group.SignUpMode.DROP_IN
    return _places_label(drop_in, getattr(session, "places_left", None), get_language())


@functools.lru_cache(maxsize=1024)
def _places_label(drop_in: bool, left: int | None, language: str | None) -> str:
    if drop_in:
        return _("No sign-up needed")
    if left is None:
        return ""
    if left <= 0:
        return _("Full")
    return ngettext("%(count)d place left", "%(count)d places left", left) % {"count": left}


def pram_places_label(session: Session) -> str:
    if session.is_cancelled:
        return ""
    left = getattr(session, "pram_places_left", None)
    if left is None:
        return ""
    total = getattr(session, "pram_places_total", None)
    if not total:
        return _("No space for prams in the room: leave the pram in the pram parking.")
    if session.group.signup_mode == Group.SignUpMode.DROP_IN:
        return ngettext("Room for %(count)d pram", "Room for %(count)d prams", total) % {"count": total}
    return ngettext("%(count)d pram space left", "%(count)d pram spaces left", left) % {"count": left}


@dataclass(frozen=True)
class SessionRow:
    """One session as a line of a list: when, what, where, whether it is on, and the room's verdicts."""

    session: Session
    group: Group
    room: Room
    venue: Venue
    day: datetime.date  # Helsinki
    day_label: str
    start: datetime.datetime  # Helsinki
    end: datetime.datetime
    time_label: str
    cancelled: bool
    cancel_reason: str
    moved_from: str  # "" unless moved: where the rule had put it
    badges: list[Badge]
    badges_html: str  # the badges as the list shows them
    pram_badge_html: str  # the card's one badge: the pram verdict, what families ask first
    places: str
    url: str
    # The card: what it is about (a colour and an icon per topic), for whom, in which language,
    # and the venue's first photo when the selector brought one.
    topic: str = ""
    topic_label: str = ""
    topic_icon: str = ""
    age: str = ""
    languages: str = ""
    photo: Photo | None = None
    full: bool = False
    # What the line prints, read here once: a template's lookup through the models costs more.
    title: str = ""
    title_lang: str = ""  # ' lang="fi"' when the title came from another language's column
    venue_name: str = ""
    room_name: str = ""
    municipality_name: str = ""
    provider: str = ""
    start_iso: str = ""


# A Lucide icon (static/vendor/lucide/) per topic; the colour is the CSS class `topic-<value>`.
TOPIC_ICONS = {
    Group.Topic.PEER_SUPPORT: "users",
    Group.Topic.OPEN_MEETING_PLACE: "coffee",
    Group.Topic.PARENTING: "heart-handshake",
    Group.Topic.BABY_MASSAGE: "baby",
    Group.Topic.MUSIC_AND_PLAY: "music",
    Group.Topic.OUTDOOR: "trees",
    Group.Topic.INFORMATION: "info",
    Group.Topic.MOBILE: "bus",
}


def card_photo(venue: Venue) -> Photo | None:
    """The venue's first photo, only when the selector prefetched it (`card_photos`): never a query."""
    photos = getattr(venue, "card_photos", None)
    return photo(photos[0]) if photos else None


def topic_label(topic: str) -> str:
    """The topic's name in the active language (`get_topic_display`, without its per-call work)."""
    return _topic_label(topic, get_language())


@functools.lru_cache(maxsize=256)
def _topic_label(topic: str, language: str | None) -> str:
    return str(dict(Group.Topic.choices).get(topic, topic))


@functools.lru_cache(maxsize=256)
def _badges_html(badges: tuple[Badge, ...], language: str | None) -> str:
    return render_to_string("events/public/_session_badges.html", {"badges": badges})


def badges_html(badges: tuple[Badge, ...]) -> str:
    """The badges' HTML, rendered once per combination and language: every line of a list has them."""
    return _badges_html(badges, get_language())


def session_row(session: Session, *, today: datetime.date) -> SessionRow:
    start = local(session.start)
    group, room = session.group, session.room
    venue = room.venue
    badges = [badge(room_facts(room), viewpoint) for viewpoint in LIST_VIEWPOINTS]
    moved = is_moved(session)
    return SessionRow(
        session=session,
        group=group,
        room=room,
        venue=venue,
        day=start.date(),
        day_label=day_label(start.date(), today=today),
        start=start,
        end=local(session.end),
        time_label=time_range(session.start, session.end),
        cancelled=session.is_cancelled,
        cancel_reason=session.cancel_reason or "",
        moved_from=moment(session.original_start, today=today) if moved and session.original_start else "",
        badges=badges,
        badges_html=badges_html(tuple(badges)),
        pram_badge_html=badges_html(tuple(badges[:1])),
        places=places_label(session),
        url=session_url(session),
        topic=group.topic,
        topic_label=topic_label(group.topic),
        topic_icon=TOPIC_ICONS.get(group.topic, "sparkles"),
        age=age_band(group),
        languages=languages(group),
        photo=card_photo(venue),
        full=not session.is_cancelled and getattr(session, "places_left", None) == 0,
        title=group.title,
        title_lang=lang_of(group, "title"),
        venue_name=venue.name,
        room_name=room.name,
        municipality_name=venue.municipality.name,
        provider=group.organization.name,
        start_iso=start.isoformat(),
    )


@dataclass
class DayGroup:
    """The sessions of one Helsinki day. `elsewhere` says the day's sessions are on another page."""

    day: datetime.date
    label: str
    rows: list[SessionRow] = field(default_factory=list)
    elsewhere: str = ""  # "", "previous" or "next"


def by_day(rows: list[SessionRow], *, today: datetime.date) -> list[DayGroup]:
    """Rows (already in time order) grouped by day, days with nothing left out."""
    days: dict[datetime.date, DayGroup] = {}
    for row in rows:
        days.setdefault(row.day, DayGroup(row.day, day_label(row.day, today=today))).rows.append(row)
    return list(days.values())


def week_days(
    rows: list[SessionRow],
    first: datetime.date,
    *,
    today: datetime.date,
    has_previous: bool,
    has_next: bool,
) -> list[DayGroup]:
    """Seven days from `first`, each with its sessions on this page.

    On a page of a long week, days before this page's first session (or after its
    last) say so, instead of claiming nothing happens then.
    """
    found = {group.day: group for group in by_day(rows, today=today)}
    first_shown = rows[0].day if rows else None
    last_shown = rows[-1].day if rows else None
    days = []
    for offset in range(7):
        day = first + datetime.timedelta(days=offset)
        group = found.get(day) or DayGroup(day, day_label(day, today=today))
        if not group.rows:
            if has_previous and first_shown is not None and day < first_shown:
                group.elsewhere = "previous"
            elif has_next and (last_shown is None or day > last_shown):
                group.elsewhere = "next"
        days.append(group)
    return days


def age_band(group: Group) -> str:
    """ "0–12 months", "from 6 months", "up to 3 years", or "Any age"; whole years when that reads better."""
    return _age_band(group.age_min_months, group.age_max_months, get_language())


@functools.lru_cache(maxsize=1024)
def _age_band(low: int | None, high: int | None, language: str | None) -> str:
    # Every card has one, made of a few gettext calls: once per band and language.
    if low is None and high is None:
        return _("Any age")
    if all(value is None or value % 12 == 0 for value in (low, high)) and max(low or 0, high or 0) >= 24:
        low = low // 12 if low is not None else None
        high = high // 12 if high is not None else None
        if low is not None and high is not None:
            return ngettext("%(min)d–%(max)d year", "%(min)d–%(max)d years", high) % {"min": low, "max": high}
        if low is not None:
            return ngettext("from %(min)d year", "from %(min)d years", low) % {"min": low}
        return ngettext("up to %(max)d year", "up to %(max)d years", high or 0) % {"max": high}
    if low is not None and high is not None:
        return ngettext("%(min)d–%(max)d month", "%(min)d–%(max)d months", high) % {"min": low, "max": high}
    if low is not None:
        return ngettext("from %(min)d month", "from %(min)d months", low) % {"min": low}
    return ngettext("up to %(max)d month", "up to %(max)d months", high or 0) % {"max": high}


def languages(group: Group) -> str:
    """ "Finnish, Swedish", and the other languages the group names."""
    return _languages(
        group.in_finnish, group.in_swedish, group.in_english, group.other_languages, get_language()
    )


@functools.lru_cache(maxsize=1024)
def _languages(
    in_finnish: bool, in_swedish: bool, in_english: bool, other_languages: str, language: str | None
) -> str:
    names = [
        name
        for flag, name in (
            (in_finnish, _("Finnish")),
            (in_swedish, _("Swedish")),
            (in_english, _("English")),
        )
        if flag
    ]
    if other_languages:
        names.append(other_languages)
    return ", ".join(names)


@dataclass(frozen=True)
class Place:
    """A room the group meets in, with the room's verdicts (the whole way from the street)."""

    room: Room
    venue: Venue
    badges: list[Badge]
    map_url: str


def _place(room: Room) -> Place:
    facts = room_facts(room)
    return Place(
        room=room,
        venue=room.venue,
        badges=[badge(facts, viewpoint) for viewpoint in Viewpoint],
        map_url=map_url(room.venue),
    )


@dataclass(frozen=True)
class GroupPage:
    group: Group
    age_band: str
    languages: str
    sessions: list[SessionRow]
    places: list[Place]
    many_places: bool  # then each session says where it is
    noindex: bool
    service: Service | None  # the directory's service the group is part of, where the directory shows it


def group_page(group: Group, *, today: datetime.date) -> GroupPage:
    """From a group loaded by `events.selectors.group_get`.

    Places are the rooms of the coming sessions, in order; with none coming, the
    rooms of the group's series.
    """
    sessions = list(getattr(group, "upcoming_sessions", []))
    rooms: dict[int, Room] = {}
    for session in sessions:
        rooms.setdefault(session.room_id, session.room)
    if not rooms:
        for series in getattr(group, "public_series", []):
            rooms.setdefault(series.room_id, series.room)
    return GroupPage(
        group=group,
        age_band=age_band(group),
        languages=languages(group),
        sessions=[session_row(session, today=today) for session in sessions],
        places=[_place(room) for room in rooms.values()],
        many_places=len(rooms) > 1,
        noindex=group.visibility != Group.Visibility.PUBLIC,
        service=group.service if group.service and is_public_service(group.service) else None,
    )


@dataclass(frozen=True)
class SessionPage:
    row: SessionRow
    when: str
    ended: bool
    age_band: str
    languages: str
    accessibility: AccessibilityPanel
    map_url: str
    places: str
    pram_places: str
    noindex: bool
    group_url: str


def session_page(session: Session, *, now: datetime.datetime) -> SessionPage:
    """From a session loaded by `events.selectors.session_get`."""
    today = local(now).date()
    group, venue = session.group, session.room.venue
    group_url = reverse("group_detail", args=[group.slug])
    return SessionPage(
        row=session_row(session, today=today),
        when=when_long(session),
        ended=session.end <= now,
        age_band=age_band(group),
        languages=languages(group),
        accessibility=accessibility_panel(room_facts(session.room), already_told=venue_facts(venue)),
        map_url=map_url(venue),
        places=places_label(session),
        pram_places=pram_places_label(session),
        noindex=group.visibility != Group.Visibility.PUBLIC,
        group_url=group_url,
    )


def window_label(first: datetime.date, last: datetime.date, *, today: datetime.date) -> str:
    """ "ma 1.3.–su 14.3." for the dates shown."""
    if first == last:
        return day_label(first, today=today)
    return f"{day_label(first, today=today)}–{day_label(last, today=today)}"
