"""Public iCalendar feeds: what a feed of a region, municipality, venue, organization or group holds.

Reads only, and never anything about people: no leaders, no sign-ups (the bookings app's
tables are never touched here). Unlisted groups appear only in their own group feed;
inactive groups, organizations and venues never.

Every rendering is cached under a key made of the feed's identity (scope, filters,
language), the Helsinki date (the window and the materialized horizon move daily) and
the *change stamp*: the row counts and newest `updated_at` of the tables a feed renders
from (groups, series, venues, rooms, organizations, room accessibility). Any save or
deletion changes the stamp, so a changed feed is never served from the cache; the session
services touch their group's `updated_at` (`events.services.publishing`), because a session
row is too numerous to aggregate per poll. A warm poll is that one stamp query.

Last-Modified is kept per feed in `FeedState`: it moves forward only when a fresh
rendering's bytes differ from what the feed served before, so deletions and sessions
leaving the window move it too, and an unrelated change elsewhere does not.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accessibility.models import RoomAccessibility
from accessibility.rules import Verdict, Viewpoint
from core.errors import DomainError, PermissionRefused
from events.ical import render_calendar, rule_occurrences
from events.models import FeedState, Group, Series, Session
from events.selectors import helsinki_midnight, helsinki_today
from venues.models import Municipality, Organization, Region, Room, Venue

# Bump when the rendering changes (code or wording), so no old bytes are served after a deploy.
RENDER_VERSION = "1"
LANGUAGES = ("fi", "sv", "en")
# Series that ended and one-off sessions stay in the feed this long, then leave it.
PAST_DAYS = 60
CACHE_SECONDS = 24 * 60 * 60

_LANGUAGE_FIELDS = {"fi": "in_finnish", "sv": "in_swedish", "en": "in_english"}
_VERDICTS_AT_LEAST: dict[str, tuple[str, ...]] = {
    Verdict.YES.value: (Verdict.YES.value,),
    Verdict.LIMITED.value: (Verdict.YES.value, Verdict.LIMITED.value),
}


class Scope(StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"
    VENUE = "venue"
    ORGANIZATION = "organization"
    GROUP = "group"


class FeedFilterError(DomainError):
    """A filter value the feed does not know: the view answers 400 with the message."""


@dataclass(frozen=True)
class FeedFilters:
    """`audience`: Group.Audience; `language`: groups held in it; `access`: minimum verdict of the
    room for `viewpoint` (pram unless named); `lang`: the language of the feed's text."""

    audience: str | None = None
    language: str | None = None
    viewpoint: str | None = None
    access: str | None = None
    lang: str = "fi"

    def pairs(self) -> list[tuple[str, str]]:
        """The filters in use, canonical order: part of the feed's identity and of its URLs."""
        pairs = [
            ("audience", self.audience),
            ("language", self.language),
            ("viewpoint", self.viewpoint if self.access else None),
            ("access", self.access),
            ("lang", self.lang if self.lang != "fi" else None),
        ]
        return [(name, value) for name, value in pairs if value]


def parse_filters(params: Mapping[str, str]) -> FeedFilters:
    """The query string's filters, or FeedFilterError (code "bad_filter") naming the bad one."""

    def pick(name: str, allowed: tuple[str, ...], message: Promise) -> str | None:
        value = params.get(name)
        if value in (None, ""):
            return None
        if value not in allowed:
            raise FeedFilterError(message, code="bad_filter")
        return value

    audience = pick("audience", tuple(Group.Audience.values), _("Unknown audience."))
    language = pick("language", LANGUAGES, _("Unknown language: use fi, sv or en."))
    viewpoint = pick("viewpoint", tuple(v.value for v in Viewpoint), _("Unknown viewpoint."))
    access = pick("access", tuple(_VERDICTS_AT_LEAST), _("Unknown access: use yes or limited."))
    lang = pick("lang", LANGUAGES, _("Unknown lang: use fi, sv or en.")) or "fi"
    if access and not viewpoint:
        viewpoint = Viewpoint.PRAM.value  # as on the session search: a verdict alone means the pram
    return FeedFilters(audience=audience, language=language, viewpoint=viewpoint, access=access, lang=lang)


@dataclass(frozen=True)
class RenderedFeed:
    body: bytes
    etag: str  # quoted, strong: a hash of exactly these bytes
    last_modified: dt.datetime
    filename: str
    noindex: bool  # an unlisted group's own feed: its URL is the secret


# --- The change stamp -----------------------------------------------------------------------------

_STAMPED = (Group, Series, Venue, Room, Organization, RoomAccessibility)


def change_stamp() -> str:
    """One query: row counts and newest `updated_at` of every table a feed renders from."""
    quote = connection.ops.quote_name
    parts = []
    for model in _STAMPED:
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 (table names from our models)
        parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(tuple(str(value) for value in row)).encode()).hexdigest()[:24]


# --- What a feed holds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    kind: Scope
    key: str
    name: str
    page_url: str
    series: QuerySet[Series]
    one_offs: QuerySet[Session]
    noindex: bool = False


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _home(lang: str, **query: str) -> str:
    with translation.override(lang):
        path = reverse("home")
    return _absolute(path + (f"?{urlencode(query)}" if query else ""))


def _resolve(kind: Scope, key: str, lang: str) -> _Scope:
    """The scope's object and querysets, read in `lang`; PermissionRefused "not_found" if unknown."""
    series = Series.objects.all()
    one_offs = Session.objects.filter(series=None)
    found: object | None
    with translation.override(lang):
        if kind == Scope.REGION:
            found = Region.objects.filter(slug=key).first()
            by_place = Q(room__venue__municipality__region=found)
            page = _home(lang, region=key)
        elif kind == Scope.MUNICIPALITY:
            found = Municipality.objects.filter(code=key).first()
            by_place = Q(room__venue__municipality=found)
            page = _home(lang, municipality=key)
        elif kind == Scope.VENUE:
            found = Venue.objects.filter(slug=key, is_active=True, organization__is_active=True).first()
            by_place = Q(room__venue=found)
            page = _absolute(reverse("venues:detail", kwargs={"slug": key}))
        elif kind == Scope.ORGANIZATION:
            found = Organization.objects.filter(slug=key, is_active=True).first()
            by_place = Q(group__organization=found)
            page = _home(lang)
        else:
            found = Group.objects.filter(slug=key, is_active=True, organization__is_active=True).first()
            by_place = Q(group=found)
            page = _absolute(reverse("group_detail", kwargs={"slug": key}))
        if found is None:
            raise PermissionRefused(_("Feed not found."), code="not_found")
        name = found.title if isinstance(found, Group) else found.name
    unlisted = isinstance(found, Group) and found.visibility == Group.Visibility.UNLISTED
    return _Scope(
        kind=kind,
        key=key,
        name=name,
        page_url=page,
        series=series.filter(by_place),
        one_offs=one_offs.filter(by_place),
        noindex=unlisted,
    )


def _narrow(rows: QuerySet, *, scope: _Scope, filters: FeedFilters) -> QuerySet:
    """Public, active rows matching the filters. Series and one-off sessions share these fields."""
    rows = rows.filter(
        group__is_active=True, group__organization__is_active=True, room__venue__is_active=True
    )
    if scope.kind != Scope.GROUP:
        rows = rows.filter(group__visibility=Group.Visibility.PUBLIC)
    if filters.audience:
        rows = rows.filter(group__audience=filters.audience)
    if filters.language:
        rows = rows.filter(**{f"group__{_LANGUAGE_FIELDS[filters.language]}": True})
    if filters.access and filters.viewpoint:
        # An inner join: a room without accessibility facts is unknown, never good enough.
        column = f"room__accessibility__{filters.viewpoint}_verdict__in"
        rows = rows.filter(**{column: _VERDICTS_AT_LEAST[filters.access]})
    return rows


@dataclass
class FeedContent:
    sessions_by_series: dict[Series, list[Session]]
    one_offs: list[Session]


def feed_content(*, scope: _Scope, filters: FeedFilters, today: dt.date) -> FeedContent:
    """The series (with all their sessions, breaks, rooms and venues) and one-off sessions of the
    feed: four queries (five when a session was moved to a room no series uses), however many."""
    since = today - dt.timedelta(days=PAST_DAYS)
    series = list(
        _narrow(scope.series, scope=scope, filters=filters)
        .filter(last_date__gte=since)
        .select_related("group", "room__venue")
        .prefetch_related(
            "breaks",
            # Rooms are attached below: a join per session would build two more objects for each.
            Prefetch("sessions", queryset=Session.objects.order_by()),
        )
        .order_by()
    )
    rooms = {item.room_id: item.room for item in series}
    moved = {s.room_id for item in series for s in item.sessions.all() if s.room_id not in rooms}
    if moved:  # sessions moved to a room no series of the feed uses
        rooms |= Room.objects.select_related("venue").in_bulk(moved)
    sessions_by_series: dict[Series, list[Session]] = {}
    for item in series:
        sessions = list(item.sessions.all())
        for session in sessions:  # already loaded: no query per session
            session.group = item.group
            session.series = item
            session.room = rooms[session.room_id]
        sessions_by_series[item] = sessions
    one_offs = list(
        _narrow(scope.one_offs, scope=scope, filters=filters)
        .filter(start__gte=helsinki_midnight(since))
        .select_related("group", "room__venue")
        .order_by()
    )
    return FeedContent(sessions_by_series=sessions_by_series, one_offs=one_offs)


def _group_url(lang: str) -> Callable[[Group], str]:
    def url(group: Group) -> str:
        with translation.override(lang):
            return _absolute(reverse("group_detail", kwargs={"slug": group.slug}))

    return url


def feed_path(kind: Scope | str, key: str, filters: FeedFilters | None = None) -> str:
    path = reverse(f"feed_{Scope(kind).value}", kwargs={"key": key})
    pairs = filters.pairs() if filters else []
    return path + (f"?{urlencode(pairs)}" if pairs else "")


def render_feed(*, kind: Scope, key: str, filters: FeedFilters, today: dt.date) -> tuple[bytes, _Scope]:
    scope = _resolve(kind, key, filters.lang)
    content = feed_content(scope=scope, filters=filters, today=today)
    # Occurrences without a session before this are exclusions. One day short of the horizon:
    # the daily `extend_sessions` may not have run yet today.
    known_until = helsinki_midnight(today - dt.timedelta(days=1)) + dt.timedelta(
        days=settings.SESSION_HORIZON_DAYS
    )
    with translation.override(filters.lang):
        name = gettext("Family centre – %(name)s") % {"name": scope.name}
        description = gettext(
            "Sessions of family centres, groups and open meeting places. Subscribe to this "
            "calendar: it updates itself when sessions are moved or cancelled."
        )
    body = render_calendar(
        name=name,
        description=description,
        url=scope.page_url,
        source=_absolute(feed_path(kind, key, filters)),
        sessions_by_series=content.sessions_by_series,
        one_off_sessions=content.one_offs,
        lang=filters.lang,
        group_url=_group_url(filters.lang),
        known_until=known_until,
        expand=rule_occurrences,
    )
    return body, scope


def stored_last_modified(state_key: str, etag: str) -> dt.datetime:
    """When these bytes were first served: kept while the ETag stays, later than before when it changes."""
    now = timezone.now().replace(microsecond=0)
    state = FeedState.objects.filter(key=state_key).first()
    if state is not None and state.etag == etag:
        return state.last_modified
    # Strictly later than what clients hold, so If-Modified-Since never hides the change.
    modified = now if state is None else max(now, state.last_modified + dt.timedelta(seconds=1))
    try:
        with transaction.atomic():
            FeedState.objects.update_or_create(
                key=state_key, defaults={"etag": etag, "last_modified": modified}
            )
    except IntegrityError:  # another request stored it at the same moment; either time is true
        pass
    return modified


def public_feed(*, kind: Scope | str, key: str, params: Mapping[str, str]) -> RenderedFeed:
    """A public feed's bytes and validators, from the cache when nothing changed.

    FeedFilterError for a bad filter (no query), PermissionRefused "not_found" for an
    unknown or inactive scope. Warm: one query (the change stamp).
    """
    kind = Scope(kind)
    filters = parse_filters(params)
    today = helsinki_today()
    identity = f"{kind.value}/{key}?{urlencode(filters.pairs())}"
    cache_key = (
        "feeds:"
        + hashlib.sha256(
            f"{RENDER_VERSION}|{identity}|{today.isoformat()}|{change_stamp()}".encode()
        ).hexdigest()
    )
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    body, scope = render_feed(kind=kind, key=key, filters=filters, today=today)
    etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    feed = RenderedFeed(
        body=body,
        etag=etag,
        last_modified=stored_last_modified(identity[:255], etag),
        filename=f"{kind.value}-{key}.ics",
        noindex=scope.noindex,
    )
    cache.set(cache_key, feed, CACHE_SECONDS)
    return feed
