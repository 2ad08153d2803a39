"""What the public venue pages show, shaped for templates: badges, sentences, hours, photos, map links.

Pure functions over objects a selector already loaded: no queries (the pages'
query counts are pinned by tests), no writes. Text comes out in the active
language; user content stays plain text for the template to escape.
"""

import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accessibility.models import RoomAccessibility, VenueAccessibility
from accessibility.rules import Approach, Verdict, Viewpoint
from accessibility.sentences import (
    amenity_sentences,
    approach_sentence,
    sentences,
    verdict_label,
    verdict_sentence,
    viewpoint_label,
)
from accessibility.services import approach_assessments
from core.maps import map_tiles
from venues.models import OpeningException, OpeningHours, Room, Venue, VenuePhoto

# Finnish conventions, also used by Swedish speakers in Finland: 24.12.2025 and 9.00.
DATE_FORMAT = "j.n.Y"
DAY_MONTH_FORMAT = "j.n."
TIME_FORMAT = "H.i"
# Shortcoming sentences beyond this many for one viewpoint fold the unknowns into <details>.
LONG_LIST = 3
# Best first; a room "worse" than its venue gets a caveat on the list page.
_RANK = {Verdict.YES: 3, Verdict.LIMITED: 2, Verdict.UNKNOWN: 1, Verdict.NO: 0}
LIST_VIEWPOINTS = (Viewpoint.PRAM, Viewpoint.WHEELCHAIR)


def _related(obj: object, name: str) -> object | None:
    """A reverse one-to-one that may be missing (select_related caches the absence: no query)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def venue_facts(venue: Venue) -> VenueAccessibility | None:
    return _related(venue, "accessibility")  # type: ignore[return-value]


def room_facts(room: Room) -> RoomAccessibility | None:
    return _related(room, "accessibility")  # type: ignore[return-value]


def _verdict(facts: VenueAccessibility | RoomAccessibility | None, viewpoint: Viewpoint) -> Verdict:
    if facts is None:
        return Verdict.UNKNOWN
    try:
        return Verdict(facts.verdict(viewpoint))
    except ValueError:
        return Verdict.UNKNOWN


@dataclass(frozen=True)
class Badge:
    """A verdict as icon + text: never colour alone."""

    viewpoint: str
    viewpoint_label: str
    verdict: str
    label: str


def badge(facts: VenueAccessibility | RoomAccessibility | None, viewpoint: Viewpoint) -> Badge:
    return _badge(Viewpoint(viewpoint), _verdict(facts, viewpoint), get_language())


@functools.lru_cache(maxsize=256)
def _badge(viewpoint: Viewpoint, verdict: Verdict, language: str | None) -> Badge:
    # A list shows two badges a row, and each label is several gettext calls: once per language.
    return Badge(viewpoint.value, viewpoint_label(viewpoint), verdict.value, verdict_label(verdict))


@dataclass(frozen=True)
class ViewpointAssessment:
    badge: Badge
    sentence: str
    problems: list[str]  # known facts that lower the verdict
    unknowns: list[str]  # facts not measured yet

    @property
    def fold_unknowns(self) -> bool:
        return len(self.problems) + len(self.unknowns) > LONG_LIST and len(self.unknowns) > 1


@dataclass(frozen=True)
class AccessibilityPanel:
    surveyed: bool
    viewpoints: list[ViewpointAssessment]


def _key(item: dict) -> tuple[str, tuple]:
    return item.get("code", ""), tuple(sorted((item.get("params") or {}).items()))


def accessibility_panel(
    facts: VenueAccessibility | RoomAccessibility | None,
    *,
    already_told: VenueAccessibility | None = None,
) -> AccessibilityPanel:
    """The four viewpoints of a venue or room: badge, the family-facing sentence, and the reasons.

    For a room, `already_told` is its venue's facts: the way into the building
    is shown once, on the venue, and the room lists only what lies beyond it.
    Its verdict still covers the whole way.
    """
    stored = facts.shortcomings if facts is not None and isinstance(facts.shortcomings, dict) else {}
    told = already_told.shortcomings if already_told is not None else {}
    told = told if isinstance(told, dict) else {}
    viewpoints = []
    for viewpoint in Viewpoint:
        seen = {_key(item) for item in told.get(viewpoint.value, []) if isinstance(item, dict)}
        items = [
            item
            for item in stored.get(viewpoint.value, [])
            if isinstance(item, dict) and _key(item) not in seen
        ]
        verdict_badge = badge(facts, viewpoint)
        viewpoints.append(
            ViewpointAssessment(
                badge=verdict_badge,
                sentence=verdict_sentence(viewpoint, verdict_badge.verdict),
                problems=_sentences(item for item in items if not item["code"].startswith("unknown_")),
                unknowns=_sentences(item for item in items if item["code"].startswith("unknown_")),
            )
        )
    return AccessibilityPanel(surveyed=facts is not None, viewpoints=viewpoints)


def _sentences(items: Iterable[dict]) -> list[str]:
    """Sentences for stored shortcomings; a code this version cannot word is skipped, never a 500."""
    out: list[str] = []
    for item in items:
        try:
            out.extend(sentences([item]))
        except (KeyError, TypeError, ValueError):
            continue
    return out


_GETTING_THERE = (
    (Approach.BUS_STOP, ("bus_stop_name", "bus_stop_distance_m")),
    (Approach.PARKING, ("parking_distance_m", "accessible_parking")),
)


class _Only:
    """A view of some facts only, so `amenity_sentences` words one topic at a time."""

    def __init__(self, facts: object, names: Sequence[str]) -> None:
        self._facts, self._names = facts, names

    def __getattr__(self, name: str) -> object:
        if name.startswith("get_") or name in self._names:
            return getattr(self._facts, name)
        raise AttributeError(name)


def getting_there_sentences(facts: VenueAccessibility | None) -> list[str]:
    """The nearest bus stop and the car park, each followed by what is known of the route from it."""
    if facts is None:
        return []
    out: list[str] = []
    for approach, names in _GETTING_THERE:
        out += amenity_sentences(_Only(facts, names))
        route = approach_sentence(approach, approach_assessments(facts, approach))
        if route:
            out.append(route)
    return out


def amenities(facts: VenueAccessibility | None) -> list[str]:
    """Pram parking, changing tables, feeding room, accessible toilet."""
    if facts is None:
        return []
    names = ("pram_parking", "pram_parking_covered", "pram_parking_spaces", "changing_table_count")
    names += ("changing_table_location", "feeding_room", "accessible_toilet")
    return amenity_sentences(_Only(facts, names))


@dataclass(frozen=True)
class Photo:
    src: str
    srcset: str
    width: int
    height: int
    alt: str


def photo(item: VenuePhoto) -> Photo:
    """The clean JPEG as `src`, WebP renditions as `srcset`, so old browsers still get a picture."""
    renditions = item.renditions if isinstance(item.renditions, dict) else {}
    widths = [
        (int(key), path)
        for key, path in renditions.items()
        if str(key).isdigit() and isinstance(path, str) and path
    ]
    candidates = [f"{default_storage.url(path)} {width}w" for width, path in sorted(widths)]
    src = item.image.url
    # The JPEG itself is the sharpest candidate when it is wider than every rendition.
    if candidates and item.width > max(width for width, _path in widths):
        candidates.append(f"{src} {item.width}w")
    srcset = ", ".join(candidates)
    return Photo(src=src, srcset=srcset, width=item.width, height=item.height, alt=item.alt_text)


def _coordinate(value: Decimal) -> str:
    return format(value.normalize(), "f")


def map_url(venue: Venue) -> str:
    """OpenStreetMap at street level; a search by address when the venue has no coordinates."""
    if venue.latitude is not None and venue.longitude is not None:
        lat, lon = _coordinate(venue.latitude), _coordinate(venue.longitude)
        return f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}#map=17/{lat}/{lon}"
    query = f"{venue.street_address}, {venue.postal_code} {venue.post_office}"
    return f"https://www.openstreetmap.org/search?{urlencode({'query': query})}"


def map_marker(venue: Venue) -> dict[str, object] | None:
    """A venue on the interactive map: its name, page, place and pram verdict, nothing else.

    Public: the data is printed into the page as JSON. None without coordinates (not on the map).
    """
    if venue.latitude is None or venue.longitude is None:
        return None
    pram = badge(venue_facts(venue), Viewpoint.PRAM)
    return {
        "name": venue.name,
        "url": reverse("venues:detail", args=[venue.slug]),
        "lat": float(venue.latitude),
        "lon": float(venue.longitude),
        "verdict": f"{pram.viewpoint_label}: {pram.label}",
    }


def venue_map(venues: Iterable[Venue]) -> dict[str, object] | None:
    """What static/js/venue-map.js draws, for `json_script`; None when maps are off or no venue is placed."""
    tiles = map_tiles()
    markers = [marker for venue in venues if (marker := map_marker(venue)) is not None]
    if tiles is None or not markers:
        return None
    return {"tiles": {"url": tiles.url, "attribution": tiles.attribution}, "venues": markers}


def format_time(value: datetime.time) -> str:
    return dateformat.time_format(value, TIME_FORMAT)


def format_date(value: datetime.date) -> str:
    return dateformat.format(value, DATE_FORMAT)


def date_range(start: datetime.date, end: datetime.date, *, today: datetime.date) -> str:
    """24.12., 24.–26.12., 30.11.–2.12., or with years when not this year: 30.12.2025–2.1.2026."""
    with_year = start.year != today.year or end.year != today.year
    if start == end:
        return format_date(start) if with_year else dateformat.format(start, DAY_MONTH_FORMAT)
    if start.year != end.year:
        return f"{format_date(start)}–{format_date(end)}"
    tail = format_date(end) if with_year else dateformat.format(end, DAY_MONTH_FORMAT)
    head = f"{start.day}." if start.month == end.month else dateformat.format(start, DAY_MONTH_FORMAT)
    return f"{head}–{tail}"


@dataclass(frozen=True)
class Day:
    name: str
    hours: list[str] = field(default_factory=list)  # empty: closed


def opening_days(hours: Iterable[OpeningHours]) -> list[Day]:
    """Monday to Sunday, split hours in order; an empty list when no hours were given at all."""
    by_day: dict[int, list[str]] = {}
    for row in sorted(hours, key=lambda row: (row.weekday, row.opens)):
        by_day.setdefault(row.weekday, []).append(f"{format_time(row.opens)}–{format_time(row.closes)}")
    if not by_day:
        return []
    return [Day(str(day.label), by_day.get(day.value, [])) for day in OpeningHours.Weekday]


def exception_line(exception: OpeningException, *, today: datetime.date) -> str:
    """ "Closed 24.–26.12.: Christmas" or "31.12.: open 9.00–12.00 (New Year's Eve)"."""
    dates = date_range(exception.start_date, exception.end_date, today=today)
    reason = exception.reason or ""
    if exception.closed or exception.opens is None or exception.closes is None:
        if reason:
            return _("Closed %(dates)s: %(reason)s") % {"dates": dates, "reason": reason}
        return _("Closed %(dates)s") % {"dates": dates}
    hours = {"dates": dates, "opens": format_time(exception.opens), "closes": format_time(exception.closes)}
    if reason:
        return _("%(dates)s: open %(opens)s–%(closes)s (%(reason)s)") % {**hours, "reason": reason}
    return _("%(dates)s: open %(opens)s–%(closes)s") % hours


def floor_label(floor: int) -> str:
    """The value after the label "Floor", so it does not repeat the word."""
    if floor == 1:
        return _("1 (street level)")
    if floor <= 0:
        return _("%(floor)d (basement)") % {"floor": floor}
    return str(floor)


_EQUIPMENT = ("has_play_area", "has_kitchen", "has_changing_table", "has_nursing_corner", "has_baby_scale")


def equipment(room: Room) -> list[str]:
    return [str(Room._meta.get_field(name).verbose_name) for name in _EQUIPMENT if getattr(room, name)]


@dataclass(frozen=True)
class RoomView:
    room: Room
    floor: str
    capacity: str
    prams: str
    equipment: list[str]
    accessibility: AccessibilityPanel
    photos: list[Photo]


def room_view(room: Room, *, venue_accessibility: VenueAccessibility | None, photos: list[Photo]) -> RoomView:
    people, prams = room.capacity_people, room.pram_spaces
    return RoomView(
        room=room,
        floor=floor_label(room.floor),
        capacity=ngettext("%(count)d person", "%(count)d people", people) % {"count": people},
        prams=(str(prams) if prams else _("none in or next to the room")),
        equipment=equipment(room),
        accessibility=accessibility_panel(room_facts(room), already_told=venue_accessibility),
        photos=photos,
    )


@dataclass(frozen=True)
class VenuePage:
    venue: Venue
    map_url: str
    photos: list[Photo]
    days: list[Day]
    exceptions: list[str]
    getting_there: list[str]
    amenities: list[str]
    accessibility: AccessibilityPanel
    accessibility_notes: str
    rooms: list[RoomView]
    website: str
    organization_website: str


def web_link(url: str) -> str:
    """A stored address as a link target only when it is http(s): never `javascript:` or the like."""
    return url if urlsplit(url or "").scheme in {"http", "https"} else ""


def venue_page(venue: Venue, *, today: datetime.date) -> VenuePage:
    """Everything the detail page shows, from a venue loaded by `events.selectors.venue_get`."""
    facts = venue_facts(venue)
    room_photos: dict[int, list[Photo]] = {}
    venue_photos: list[Photo] = []
    for item in venue.photos.all():
        if not item.image:
            continue
        target = room_photos.setdefault(item.room_id, []) if item.room_id else venue_photos
        target.append(photo(item))
    return VenuePage(
        venue=venue,
        map_url=map_url(venue),
        photos=venue_photos,
        days=opening_days(venue.opening_hours.all()),
        exceptions=[exception_line(e, today=today) for e in getattr(venue, "upcoming_exceptions", [])],
        getting_there=getting_there_sentences(facts),
        amenities=amenities(facts),
        accessibility=accessibility_panel(facts),
        accessibility_notes=(facts.notes or "") if facts is not None else "",
        rooms=[
            room_view(room, venue_accessibility=facts, photos=room_photos.get(room.pk, []))
            for room in venue.rooms.all()
        ],
        website=web_link(venue.website),
        organization_website=web_link(venue.organization.website),
    )


@dataclass(frozen=True)
class VenueCard:
    venue: Venue
    badges: list[Badge]
    rooms_differ: bool  # some room is harder to reach (or less known) than the entrance
    map_url: str
    has_coordinates: bool
    thumbnail: Photo | None


def venue_card(venue: Venue) -> VenueCard:
    facts = venue_facts(venue)
    rooms = list(venue.rooms.all())
    rooms_differ = any(
        _RANK[_verdict(room_facts(room), viewpoint)] < _RANK[_verdict(facts, viewpoint)]
        for room in rooms
        for viewpoint in LIST_VIEWPOINTS
    )
    photos = [item for item in venue.photos.all() if item.image]
    return VenueCard(
        venue=venue,
        badges=[badge(facts, viewpoint) for viewpoint in LIST_VIEWPOINTS],
        rooms_differ=rooms_differ,
        map_url=map_url(venue),
        has_coordinates=venue.latitude is not None,
        thumbnail=photo(photos[0]) if photos else None,
    )


def alphabetical(name: str) -> str:
    """A sort key in Finnish and Swedish order: å, ä and ö come after z."""
    return name.casefold().translate({ord("å"): "{", ord("ä"): "|", ord("ö"): "}"})
