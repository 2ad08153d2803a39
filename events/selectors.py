"""Public reads for the pages families use: venues, and groups with their sessions.

What anyone may see, so no actor: active venues of active organizations, and
nothing about people. Every read here runs a constant number of queries, however
many venues, rooms and photos there are (tests pin it). Never writes.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accessibility.rules import Verdict, Viewpoint
from core.errors import PermissionRefused
from events.models import Group, Series, Session
from events.search import group_matches, venue_matches
from venues.models import OpeningException, OpeningHours, Room, Venue, VenuePhoto

HELSINKI = ZoneInfo("Europe/Helsinki")
# How far ahead the venue page lists holidays and other exceptional opening hours.
EXCEPTIONS_AHEAD_DAYS = 60

# A minimum verdict and the stored verdicts that meet it. `unknown` is never
# good enough: a venue without facts (or without an accessibility row) is left out.
_VERDICTS_AT_LEAST: dict[Verdict, tuple[str, ...]] = {
    Verdict.YES: (Verdict.YES.value,),
    Verdict.LIMITED: (Verdict.YES.value, Verdict.LIMITED.value),
    Verdict.NO: (Verdict.YES.value, Verdict.LIMITED.value, Verdict.NO.value),
}


@dataclass(frozen=True)
class VenueFilters:
    """What a family narrowed the venue list to; `None` means "any".

    `access` is the minimum verdict for `viewpoint`: `limited` means yes or
    limited. Without a viewpoint, `access` is ignored.
    """

    municipality: str | None = None  # official three-digit code
    region: str | None = None  # sub-region slug
    kind: str | None = None  # Venue.Kind value
    viewpoint: Viewpoint | None = None
    access: Verdict | None = None


def _translated(field: str, language: str | None = None) -> Coalesce:
    """A translated column in the active language, falling back to Finnish, for ordering.

    modeltranslation rewrites `order_by("name")` to the active language's column
    only, with no fallback, so untranslated rows would sort first.
    """
    language = (language or get_language() or "fi").split("-")[0]
    if language == "fi":
        return Coalesce(F(f"{field}_fi"), Value(""))
    return Coalesce(NullIf(F(f"{field}_{language}"), Value("")), F(f"{field}_fi"), Value(""))


def public_venues() -> QuerySet[Venue]:
    return Venue.objects.filter(is_active=True, organization__is_active=True)


def _rooms() -> Prefetch:
    return Prefetch(
        "rooms",
        queryset=Room.objects.select_related("accessibility").order_by("floor", _translated("name"), "pk"),
    )


def _photos() -> Prefetch:
    return Prefetch("photos", queryset=VenuePhoto.objects.order_by("position", "pk"))


def venue_list(*, filters: VenueFilters | None = None) -> QuerySet[Venue]:
    """Active venues for the public list, ordered by municipality, then name.

    Rooms (with their accessibility), photos, municipality, sub-region,
    organization and the venue's own accessibility come along: four queries
    when evaluated, whatever the number of venues (one more for a paginator's count).
    """
    filters = filters or VenueFilters()
    venues = public_venues()
    if filters.municipality:
        venues = venues.filter(municipality__code=filters.municipality)
    if filters.region:
        venues = venues.filter(municipality__region__slug=filters.region)
    if filters.kind:
        venues = venues.filter(kind=filters.kind)
    if filters.viewpoint and filters.access in _VERDICTS_AT_LEAST:
        # An inner join: a venue with no accessibility row counts as unknown, so it is left out.
        column = f"accessibility__{Viewpoint(filters.viewpoint).value}_verdict__in"
        venues = venues.filter(**{column: _VERDICTS_AT_LEAST[Verdict(filters.access)]})
    return (
        venues.select_related("municipality__region", "organization", "accessibility")
        .prefetch_related(_rooms(), _photos())
        .order_by(_translated("municipality__name"), _translated("name"), "pk")
    )


def helsinki_today() -> datetime.date:
    return timezone.now().astimezone(HELSINKI).date()


def venue_get(*, slug: str, today: datetime.date | None = None) -> Venue:
    """One active venue with everything its page shows, in a constant number of queries.

    Prefetched: rooms with their accessibility, photos, weekly opening hours, and
    as `upcoming_exceptions` the opening exceptions from `today` (Helsinki) to
    EXCEPTIONS_AHEAD_DAYS ahead. Raises PermissionRefused "not_found" for an
    unknown slug and for a venue that is not public (inactive), alike.
    """
    today = today or helsinki_today()
    horizon = today + datetime.timedelta(days=EXCEPTIONS_AHEAD_DAYS)
    upcoming = OpeningException.objects.filter(end_date__gte=today, start_date__lte=horizon)
    venue = (
        public_venues()
        .filter(slug=slug)
        .select_related("municipality__region", "organization", "accessibility")
        .prefetch_related(
            _rooms(),
            _photos(),
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens", "pk")),
            Prefetch(
                "opening_exceptions",
                queryset=upcoming.order_by("start_date", "end_date", "pk"),
                to_attr="upcoming_exceptions",
            ),
        )
        .first()
    )
    if venue is None:
        raise PermissionRefused(_("Venue not found."), code="not_found")
    return venue


# --- Sessions: find sessions (/<lang>/), a group's page, a session's page ----------------------
#
# Public like the venues: active groups of active organizations in active venues. Unlisted
# groups are never listed; their pages answer only to their unguessable slug.

# The find-sessions page shows this many days ahead unless a family chose the dates.
SESSIONS_AHEAD_DAYS = 14
GROUP_UPCOMING_SESSIONS = 20
VENUE_UPCOMING_SESSIONS = 10

_LANGUAGE_FIELDS = {"fi": "group__in_finnish", "sv": "group__in_swedish", "en": "group__in_english"}


@dataclass(frozen=True)
class SessionFilters:
    """What a family narrowed the sessions to; `None` means "any".

    Dates are Helsinki calendar days, both included: `date_from` None is today,
    `date_to` None is SESSIONS_AHEAD_DAYS after `date_from`. `age_months` keeps
    groups whose age band contains the age, and groups with no band. `viewpoint`
    and `access` judge the session's room (its verdict covers the whole way from
    the street), as on the venue list: `unknown` is never good enough.
    """

    municipality: str | None = None  # official three-digit code of the venue's municipality
    region: str | None = None  # sub-region slug
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    age_months: int | None = None
    language: str | None = None  # "fi", "sv" or "en"
    viewpoint: Viewpoint | None = None
    access: Verdict | None = None
    provider_kind: str | None = None  # Organization.Kind value
    topic: str | None = None  # Group.Topic value
    text: str | None = None  # free text: the group's title or description, or the place (events.search)

    def window(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        first = self.date_from or today
        last = self.date_to or first + datetime.timedelta(days=SESSIONS_AHEAD_DAYS)
        return first, last


def helsinki_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=HELSINKI)


def _public_sessions() -> QuerySet[Session]:
    return Session.objects.filter(
        group__is_active=True,
        group__organization__is_active=True,
        room__venue__is_active=True,
    )


def _confirmed(field: str) -> Subquery:
    """Sum of `field` over a session's confirmed sign-ups (0 when none), as a subquery.

    The bookings app sits below events (imports only point down), so its model is reached
    through the reverse relation `Session.signups` rather than imported.
    """
    signup_model = Session._meta.get_field("signups").related_model
    total = (
        signup_model.objects.filter(session=OuterRef("pk"), status="confirmed")
        .order_by()
        .values("session")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def _with_places(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Capacity and remaining places as annotations, so every page reads them the same way.

    `places_total` / `pram_places_total`: the session's own limit, else the group's, else
    the room's (None for prams: no pram limit). `places_left` / `pram_places_left` subtract
    the confirmed sign-ups; never below 0 (a leader may lower a limit under what is taken).
    """
    people = Coalesce(F("capacity_people"), F("group__capacity_people"), F("room__capacity_people"))
    prams = Coalesce(F("capacity_prams"), F("group__capacity_prams"), F("room__pram_spaces"))
    return sessions.annotate(places_total=people, pram_places_total=prams).annotate(
        places_left=_left("places_total", "people"), pram_places_left=_left("pram_places_total", "prams")
    )


def _left(total: str, field: str) -> Case:
    # Explicit NULL for "no limit": PostgreSQL's GREATEST skips NULLs, SQLite's MAX does not.
    return Case(
        When(**{f"{total}__isnull": True}, then=Value(None)),
        default=Greatest(F(total) - _confirmed(field), Value(0)),
        output_field=IntegerField(),
    )


def _session_rows(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Everything a session's line shows, joined: no query per session."""
    return _with_places(
        sessions.select_related(
            "group__organization",
            "room__venue__municipality__region",
            "room__accessibility",
        )
    ).order_by("start", "pk")


def session_search(
    *, filters: SessionFilters | None = None, now: datetime.datetime | None = None, cards: bool = False
) -> QuerySet[Session]:
    """Sessions of public groups starting in the filters' date window, in time order.

    Cancelled sessions stay in (families must see them); moved ones count at their new
    time; sessions that have already ended are left out. One query when evaluated,
    whatever the number of sessions (one more for a paginator's count). With `cards`, only what
    the find-sessions cards show, and the venues' first photos (one more query).
    """
    filters = filters or SessionFilters()
    now = now or timezone.now()
    first, last = filters.window(now.astimezone(HELSINKI).date())
    sessions = _public_sessions().filter(
        group__visibility=Group.Visibility.PUBLIC,
        start__gte=helsinki_midnight(first),
        start__lt=helsinki_midnight(last + datetime.timedelta(days=1)),
        end__gt=now,
    )
    if filters.municipality:
        sessions = sessions.filter(room__venue__municipality__code=filters.municipality)
    if filters.region:
        sessions = sessions.filter(room__venue__municipality__region__slug=filters.region)
    if filters.age_months is not None:
        sessions = sessions.filter(
            Q(group__age_min_months__isnull=True) | Q(group__age_min_months__lte=filters.age_months),
            Q(group__age_max_months__isnull=True) | Q(group__age_max_months__gte=filters.age_months),
        )
    if filters.language in _LANGUAGE_FIELDS:
        sessions = sessions.filter(**{_LANGUAGE_FIELDS[filters.language]: True})
    if filters.viewpoint and filters.access in _VERDICTS_AT_LEAST:
        # An inner join: a room with no accessibility row counts as unknown, so it is left out.
        column = f"room__accessibility__{Viewpoint(filters.viewpoint).value}_verdict__in"
        sessions = sessions.filter(**{column: _VERDICTS_AT_LEAST[Verdict(filters.access)]})
    if filters.provider_kind:
        sessions = sessions.filter(group__organization__kind=filters.provider_kind)
    if filters.topic:
        sessions = sessions.filter(group__topic=filters.topic)
    if filters.text:
        groups = group_matches(Group.objects.all(), filters.text).values("pk")
        places = venue_matches(Venue.objects.all(), filters.text).order_by().values("pk")
        sessions = sessions.filter(Q(group__in=groups) | Q(room__venue__in=places))
    return _card_rows(sessions) if cards else _session_rows(sessions)


# What a session's card (`events.views.public_display.session_row`, `_session.html`) reads, and
# nothing else: a page of 100 cards built ~190 columns into 8 model instances a row, which cost
# more than the query. Reading a column left out here would be a query per card (tests count them).
_CARD_FIELDS = (
    "group_id",
    "room_id",
    "start",
    "end",
    "original_start",
    "status",
    "cancel_reason",
    "group__title",
    "group__slug",
    "group__organization_id",
    "group__topic",
    "group__age_min_months",
    "group__age_max_months",
    "group__in_finnish",
    "group__in_swedish",
    "group__in_english",
    "group__other_languages",
    "group__signup_mode",
    "group__visibility",
    "group__organization__name",
    "room__name",
    "room__venue_id",
    "room__venue__name",
    "room__venue__municipality_id",
    "room__venue__municipality__name",
    *(f"room__accessibility__{viewpoint.value}_verdict" for viewpoint in Viewpoint),
    "room__accessibility__room_id",
)


def _card_rows(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """The sessions as cards: `_session_rows`' joins without the sub-region, only `_CARD_FIELDS`,
    and the venue's first photo (one query for the page, whatever its length)."""
    return (
        _with_places(
            sessions.select_related(
                "group__organization", "room__venue__municipality", "room__accessibility"
            ).only(*_CARD_FIELDS)
        )
        .order_by("start", "pk")
        .prefetch_related(
            Prefetch(
                "room__venue__photos",
                queryset=VenuePhoto.objects.order_by("position", "pk"),
                to_attr="card_photos",
            )
        )
    )


def group_get(*, slug: str, now: datetime.datetime | None = None) -> Group:
    """One active group by its slug, public or unlisted (the slug is the key), for its page.

    Loaded with it: `upcoming_sessions`, the next GROUP_UPCOMING_SESSIONS that have not
    ended (cancelled ones too), and `public_series`, its series with their rooms, for
    the places when nothing is coming up. Three queries. PermissionRefused "not_found"
    for an unknown slug and for an inactive group alike.
    """
    now = now or timezone.now()
    group = (
        Group.objects.filter(slug=slug, is_active=True, organization__is_active=True)
        .select_related("organization", "service__organization")
        .prefetch_related(
            Prefetch(
                "series",
                queryset=Series.objects.filter(room__venue__is_active=True)
                .select_related("room__venue__municipality__region", "room__accessibility")
                .order_by("first_date", "pk"),
                to_attr="public_series",
            ),
        )
        .first()
    )
    if group is None:
        raise PermissionRefused(_("Group not found."), code="not_found")
    # A query of its own, not a sliced Prefetch: Django 5.2 misreads the columns of a sliced
    # Prefetch with these annotations and joins (ValueError while converting rows).
    upcoming = _session_rows(Session.objects.filter(group=group, end__gt=now, room__venue__is_active=True))
    group.upcoming_sessions = list(upcoming[:GROUP_UPCOMING_SESSIONS])
    for session in group.upcoming_sessions:
        session.group = group
    return group


def session_get(*, pk: int, group_slug: str | None = None) -> Session:
    """One session of an active group, with its room, venue and their accessibility.

    A session of an unlisted group answers only with its group's slug (`group_slug`,
    which the group's page puts in its links): session ids are easy to guess, the
    slug is not. PermissionRefused "not_found" otherwise, as for an unknown id.
    """
    session = (
        _session_rows(_public_sessions().filter(pk=pk)).select_related("room__venue__accessibility").first()
    )
    return _visible(session, group_slug)


def session_get_for_signup(*, pk: int, group_slug: str | None = None) -> Session:
    """One session as `session_get` finds it (the same rules), with only what the sign-up page
    shows: its group, room and venue, and the confirmed people and prams (`people_taken`,
    `prams_taken`; the page subtracts them from the limits). One small query, no accessibility
    joins, and cheap to build (`_with_places`' expressions cost more to compile than to run).
    """
    sessions = (
        _public_sessions()
        .filter(pk=pk)
        .select_related("group__organization", "room__venue")
        .only(*_SIGNUP_PAGE_FIELDS)
        .annotate(people_taken=_confirmed("people"), prams_taken=_confirmed("prams"))
    )
    return _visible(sessions.first(), group_slug)


# What the sign-up page and `session_visible` read: a few columns of five wide tables.
_SIGNUP_PAGE_FIELDS = (
    "start",
    "end",
    "original_start",
    "status",
    "capacity_people",
    "capacity_prams",
    "series_id",
    "group__title",
    "group__slug",
    "group__visibility",
    "group__is_active",
    "group__signup_mode",
    "group__capacity_people",
    "group__capacity_prams",
    "group__organization__is_active",
    "room__capacity_people",
    "room__pram_spaces",
    "room__venue__name",
    "room__venue__is_active",
)


def session_visible(session: Session, *, group_slug: str | None = None) -> bool:
    """`session_get`'s rules, on a session loaded with its group's organization and its room's venue.

    No query: for a service that reads the session itself (`signup_create` reads it under its lock).
    """
    group = session.group
    return (
        group.is_active
        and group.organization.is_active
        and session.room.venue.is_active
        and (group.visibility == Group.Visibility.PUBLIC or group.slug == group_slug)
    )


def _visible(session: Session | None, group_slug: str | None) -> Session:
    if session is None or not session_visible(session, group_slug=group_slug):
        raise PermissionRefused(_("Session not found."), code="not_found")
    return session


def venue_sessions_upcoming(
    *, venue: Venue, limit: int = VENUE_UPCOMING_SESSIONS, now: datetime.datetime | None = None
) -> list[Session]:
    """The next sessions of public groups in the venue's rooms, cancelled ones included. One query."""
    now = now or timezone.now()
    sessions = _public_sessions().filter(
        room__venue=venue, group__visibility=Group.Visibility.PUBLIC, end__gt=now
    )
    return list(_session_rows(sessions)[:limit])
