"""The read-only JSON API at /api/v1/ (django-ninja): regions, municipalities, venues, groups, sessions.

Unprefixed like the feeds: `?lang=fi|sv|en` picks the language of translated text
(default fi; untranslated text falls back to Finnish). Reads go through the same
public selectors as the pages, so the API shows exactly what the pages show:
active venues, public active groups (never unlisted ones in lists; their detail
is a 404 here), sessions with remaining places. Nothing about people: no leaders,
no users, only organizations' and venues' public contact fields.

The OpenAPI document is generated from the typed schemas below and served at
/api/v1/openapi.json. Ninja's docs page loads Swagger UI from a CDN, which our
CSP forbids, so it is off. Every response, errors and the OpenAPI document included,
carries `Access-Control-Allow-Origin: *`: the data is public and no cookie is read.
Lists take `limit` (1–100) and `offset`, answer `{"count": …, "items": […]}`, and
run a constant number of queries however many rows they return.
"""

import datetime
import functools
from decimal import Decimal
from typing import Any, Literal

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, reverse
from django.utils import translation
from ninja import NinjaAPI, Query, Schema
from pydantic import Field

from accessibility.models import VenueAccessibility
from accessibility.osm import osm_tags
from accessibility.rules import Verdict, Viewpoint
from core.errors import PermissionRefused
from events.models import Group, Session
from events.selectors import (
    HELSINKI,
    SessionFilters,
    VenueFilters,
    group_get,
    session_get,
    session_search,
    venue_get,
    venue_list,
)
from venues.models import Municipality, Organization, Region, Room, Venue

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
LANGUAGES = ("fi", "sv", "en")
Language = Literal["fi", "sv", "en"]
# `unknown` is never good enough as a minimum, as on the pages.
MinimumVerdict = Literal["yes", "limited", "no"]
VIEWPOINTS = tuple(viewpoint.value for viewpoint in Viewpoint)

# The measured facts of a venue, as they are stored: None means unknown, never "no".
VENUE_FACTS = (
    "route_width_cm",
    "route_surface",
    "route_max_slope_percent",
    "route_steps",
    "bus_stop_name",
    "bus_stop_distance_m",
    "bus_stop_route_width_cm",
    "bus_stop_route_surface",
    "bus_stop_route_max_slope_percent",
    "bus_stop_route_steps",
    "parking_distance_m",
    "accessible_parking",
    "parking_route_width_cm",
    "parking_route_surface",
    "parking_route_max_slope_percent",
    "parking_route_steps",
    "entrance_steps",
    "entrance_step_height_cm",
    "entrance_has_ramp",
    "entrance_ramp_slope_percent",
    "entrance_door_width_cm",
    "entrance_threshold_cm",
    "entrance_door_type",
    "entrance_space_in_front_cm",
    "has_lift",
    "lift_cabin_width_cm",
    "lift_cabin_depth_cm",
    "lift_door_width_cm",
    "pram_parking",
    "pram_parking_covered",
    "pram_parking_spaces",
    "changing_table_count",
    "changing_table_location",
    "feeding_room",
    "accessible_toilet",
    "notes",
)
ROOM_FACTS = ("on_entrance_level", "lift_available", "route_steps", "narrowest_door_cm", "threshold_cm")


class CorsNinjaAPI(NinjaAPI):
    """Adds `Access-Control-Allow-Origin: *` to every response of the API's URLs."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _allow_any_origin(pattern.callback)
        return patterns


def _allow_any_origin(view: Any) -> Any:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


api = CorsNinjaAPI(
    title="Perhekeskus API",
    version="1.0.0",
    description="Read-only public data of the family centre network: venues with accessibility, "
    "groups and their sessions with remaining places. `lang` picks the language of translated text.",
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api-v1",
)


@api.exception_handler(PermissionRefused)
def _not_found(request: HttpRequest, exc: PermissionRefused) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "code": exc.code}, status=404)


# --- Query parameters ------------------------------------------------------------------------


class LangQuery(Schema):
    lang: Language = Field("fi", description="Language of translated text: fi, sv or en.")


class PageQuery(LangQuery):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0)


MunicipalityCode = Field(None, pattern=r"^\d{3}$", description="Official three-digit code, e.g. 853.")


class VenueQuery(PageQuery):
    municipality: str | None = MunicipalityCode
    region: str | None = Field(None, max_length=80, description="Sub-region slug.")
    kind: Venue.Kind | None = None
    viewpoint: Viewpoint | None = None
    access: MinimumVerdict | None = Field(
        None, description="Minimum verdict for `viewpoint`: `limited` means yes or limited."
    )


class GroupQuery(PageQuery):
    topic: Group.Topic | None = None
    language: Language | None = None
    provider_kind: Organization.Kind | None = None


class SessionQuery(PageQuery):
    municipality: str | None = MunicipalityCode
    region: str | None = Field(None, max_length=80, description="Sub-region slug.")
    date_from: datetime.date | None = Field(None, description="Helsinki calendar day; default today.")
    date_to: datetime.date | None = Field(None, description="Included; default 14 days after date_from.")
    age_months: int | None = Field(None, ge=0, le=18 * 12)
    language: Language | None = None
    viewpoint: Viewpoint | None = None
    access: MinimumVerdict | None = None
    provider_kind: Organization.Kind | None = None
    topic: Group.Topic | None = None


# --- Response schemas ------------------------------------------------------------------------


class Names(Schema):
    fi: str
    sv: str
    en: str


class RegionOut(Schema):
    code: str
    slug: str
    name: str
    names: Names


class RegionRef(Schema):
    code: str
    slug: str
    name: str


class MunicipalityOut(Schema):
    code: str
    slug: str
    name: str
    names: Names
    region: RegionRef


class MunicipalityRef(Schema):
    code: str
    name: str
    region: RegionRef


class OrganizationOut(Schema):
    slug: str
    name: str
    kind: str
    website: str
    email: str
    phone: str


class Verdicts(Schema):
    pram: str
    double_pushchair: str
    wheelchair: str
    walking_aid: str


class Address(Schema):
    street_address: str
    postal_code: str
    post_office: str


class Coordinates(Schema):
    latitude: float
    longitude: float


class OsmTags(Schema):
    venue: dict[str, str]
    entrance: dict[str, str]
    stroller_parking: dict[str, str] | None


class VenueAccessibilityOut(Schema):
    verdicts: Verdicts
    facts: dict[str, int | float | bool | str | None]
    osm_tags: OsmTags


class RoomOut(Schema):
    name: str
    floor: int
    capacity_people: int
    pram_spaces: int
    verdicts: Verdicts
    facts: dict[str, int | float | bool | str | None]


class VenueOut(Schema):
    slug: str
    name: str
    kind: str
    url: str
    address: Address
    coordinates: Coordinates | None
    municipality: MunicipalityRef
    organization: OrganizationOut
    website: str
    email: str
    phone: str
    accessibility: VenueAccessibilityOut
    rooms: list[RoomOut]


class GroupOut(Schema):
    slug: str
    title: str
    description: str
    topic: str
    audience: str
    age_min_months: int | None
    age_max_months: int | None
    languages: list[str]
    other_languages: str
    signup_mode: str
    organization: OrganizationOut
    url: str


class SessionRoom(Schema):
    name: str
    floor: int
    verdicts: Verdicts


class SessionVenue(Schema):
    slug: str
    name: str
    municipality: MunicipalityRef


class SessionGroup(Schema):
    slug: str
    title: str
    topic: str
    signup_mode: str


class SessionOut(Schema):
    id: int
    start: datetime.datetime = Field(description="ISO 8601 with the Europe/Helsinki offset.")
    end: datetime.datetime
    status: str
    cancel_reason: str
    moved: bool = Field(description="Moved from the time its series put it at.")
    group: SessionGroup
    venue: SessionVenue
    room: SessionRoom
    places_total: int | None
    places_left: int | None
    pram_places_total: int | None
    pram_places_left: int | None
    url: str


class GroupDetailOut(GroupOut):
    upcoming_sessions: list[SessionOut]


class RegionList(Schema):
    count: int
    items: list[RegionOut]


class MunicipalityList(Schema):
    count: int
    items: list[MunicipalityOut]


class VenueList(Schema):
    count: int
    items: list[VenueOut]


class GroupList(Schema):
    count: int
    items: list[GroupOut]


class SessionList(Schema):
    count: int
    items: list[SessionOut]


class NotFound(Schema):
    detail: str
    code: str


# --- Serializers (called inside translation.override, so translated fields read the right column)


def _names(obj: Any, field: str = "name") -> dict[str, str]:
    fallback = getattr(obj, f"{field}_fi") or ""
    return {lang: getattr(obj, f"{field}_{lang}") or fallback for lang in LANGUAGES}


def _region_ref(region: Region) -> dict[str, str]:
    return {"code": region.code, "slug": region.slug, "name": region.name}


def _municipality_ref(municipality: Municipality) -> dict[str, Any]:
    return {
        "code": municipality.code,
        "name": municipality.name,
        "region": _region_ref(municipality.region),
    }


def _organization(organization: Organization) -> dict[str, str]:
    return {
        "slug": organization.slug,
        "name": organization.name,
        "kind": organization.kind,
        "website": organization.website,
        "email": organization.email,
        "phone": organization.phone,
    }


def _verdicts(row: Any) -> dict[str, str]:
    if row is None:
        return dict.fromkeys(VIEWPOINTS, Verdict.UNKNOWN.value)
    return {viewpoint: getattr(row, f"{viewpoint}_verdict") for viewpoint in VIEWPOINTS}


def _fact(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if value == "":  # an empty choice or text is unknown, like an empty number
        return None
    return value


def _facts(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: None if row is None else _fact(getattr(row, name)) for name in names}


def _one_to_one(obj: Any, name: str) -> Any:
    """A reverse one-to-one loaded with select_related, or None when the row does not exist."""
    try:
        return getattr(obj, name)
    except (VenueAccessibility.DoesNotExist, Room.accessibility.RelatedObjectDoesNotExist):
        return None


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _venue(request: HttpRequest, venue: Venue) -> dict[str, Any]:
    facts = _one_to_one(venue, "accessibility")
    coordinates = None
    if venue.latitude is not None and venue.longitude is not None:
        coordinates = {"latitude": float(venue.latitude), "longitude": float(venue.longitude)}
    return {
        "slug": venue.slug,
        "name": venue.name,
        "kind": venue.kind,
        "url": _absolute(request, reverse("venues:detail", kwargs={"slug": venue.slug})),
        "address": {
            "street_address": venue.street_address,
            "postal_code": venue.postal_code,
            "post_office": venue.post_office,
        },
        "coordinates": coordinates,
        "municipality": _municipality_ref(venue.municipality),
        "organization": _organization(venue.organization),
        "website": venue.website,
        "email": venue.email,
        "phone": venue.phone,
        "accessibility": {
            "verdicts": _verdicts(facts),
            "facts": _facts(facts, VENUE_FACTS),
            "osm_tags": osm_tags(facts),
        },
        "rooms": [
            {
                "name": room.name,
                "floor": room.floor,
                "capacity_people": room.capacity_people,
                "pram_spaces": room.pram_spaces,
                "verdicts": _verdicts(_one_to_one(room, "accessibility")),
                "facts": _facts(_one_to_one(room, "accessibility"), ROOM_FACTS),
            }
            for room in venue.rooms.all()
        ],
    }


def _group(request: HttpRequest, group: Group) -> dict[str, Any]:
    languages = [
        code
        for code, spoken in (("fi", group.in_finnish), ("sv", group.in_swedish), ("en", group.in_english))
        if spoken
    ]
    return {
        "slug": group.slug,
        "title": group.title,
        "description": group.description,
        "topic": group.topic,
        "audience": group.audience,
        "age_min_months": group.age_min_months,
        "age_max_months": group.age_max_months,
        "languages": languages,
        "other_languages": group.other_languages,
        "signup_mode": group.signup_mode,
        "organization": _organization(group.organization),
        "url": _absolute(request, reverse("group_detail", kwargs={"slug": group.slug})),
    }


def _session(request: HttpRequest, session: Session) -> dict[str, Any]:
    room = session.room
    venue = room.venue
    moved = session.original_start is not None and session.original_start != session.start
    return {
        "id": session.pk,
        "start": session.start.astimezone(HELSINKI),
        "end": session.end.astimezone(HELSINKI),
        "status": session.status,
        "cancel_reason": session.cancel_reason or "",
        "moved": moved,
        "group": {
            "slug": session.group.slug,
            "title": session.group.title,
            "topic": session.group.topic,
            "signup_mode": session.group.signup_mode,
        },
        "venue": {
            "slug": venue.slug,
            "name": venue.name,
            "municipality": _municipality_ref(venue.municipality),
        },
        "room": {
            "name": room.name,
            "floor": room.floor,
            "verdicts": _verdicts(_one_to_one(room, "accessibility")),
        },
        "places_total": session.places_total,
        "places_left": session.places_left,
        "pram_places_total": session.pram_places_total,
        "pram_places_left": session.pram_places_left,
        "url": _absolute(request, reverse("session_detail", kwargs={"pk": session.pk})),
    }


def _page(queryset: QuerySet, query: PageQuery, serialize: Any) -> dict[str, Any]:
    """One page of a list: two queries (count and rows) plus the queryset's prefetches."""
    rows = list(queryset[query.offset : query.offset + query.limit])
    return {"count": queryset.count(), "items": [serialize(row) for row in rows]}


def _translated(field: str, language: str) -> Coalesce:
    """Order by the translated column, falling back to Finnish, as the selectors do."""
    if language == "fi":
        return Coalesce(F(f"{field}_fi"), Value(""))
    return Coalesce(NullIf(F(f"{field}_{language}"), Value("")), F(f"{field}_fi"), Value(""))


# --- Endpoints -------------------------------------------------------------------------------


@api.get("/regions", response=RegionList, tags=["places"])
def regions(request: HttpRequest, query: Query[LangQuery]) -> dict[str, Any]:
    """All sub-regions (seutukunta), by name. Not paginated: a short, fixed list."""
    with translation.override(query.lang):
        rows = list(Region.objects.order_by(_translated("name", query.lang), "pk"))
        items = [{**_region_ref(region), "names": _names(region)} for region in rows]
    return {"count": len(items), "items": items}


@api.get("/municipalities", response=MunicipalityList, tags=["places"])
def municipalities(request: HttpRequest, query: Query[LangQuery]) -> dict[str, Any]:
    """All municipalities with their sub-region, by name. Not paginated: at most some hundreds."""
    with translation.override(query.lang):
        rows = list(
            Municipality.objects.select_related("region").order_by(_translated("name", query.lang), "pk")
        )
        items = [
            {
                "code": municipality.code,
                "slug": municipality.slug,
                "name": municipality.name,
                "names": _names(municipality),
                "region": _region_ref(municipality.region),
            }
            for municipality in rows
        ]
    return {"count": len(items), "items": items}


@api.get("/venues", response=VenueList, tags=["venues"])
def venues(request: HttpRequest, query: Query[VenueQuery]) -> dict[str, Any]:
    """Active venues, filtered like the venue list page, with accessibility and rooms."""
    filters = VenueFilters(
        municipality=query.municipality,
        region=query.region,
        kind=query.kind,
        viewpoint=query.viewpoint,
        access=Verdict(query.access) if query.access else None,
    )
    with translation.override(query.lang):
        return _page(venue_list(filters=filters), query, functools.partial(_venue, request))


@api.get("/venues/{slug}", response={200: VenueOut, 404: NotFound}, tags=["venues"])
def venue(request: HttpRequest, slug: str, query: Query[LangQuery]) -> dict[str, Any]:
    with translation.override(query.lang):
        return _venue(request, venue_get(slug=slug))


def _public_groups() -> QuerySet[Group]:
    return Group.objects.filter(
        is_active=True, organization__is_active=True, visibility=Group.Visibility.PUBLIC
    ).select_related("organization")


@api.get("/groups", response=GroupList, tags=["groups"])
def groups(request: HttpRequest, query: Query[GroupQuery]) -> dict[str, Any]:
    """Public active groups (never unlisted ones), by title."""
    rows = _public_groups()
    if query.topic:
        rows = rows.filter(topic=query.topic)
    if query.language:
        rows = rows.filter(
            **{{"fi": "in_finnish", "sv": "in_swedish", "en": "in_english"}[query.language]: True}
        )
    if query.provider_kind:
        rows = rows.filter(organization__kind=query.provider_kind)
    with translation.override(query.lang):
        rows = rows.order_by(_translated("title", query.lang), "pk")
        return _page(rows, query, functools.partial(_group, request))


@api.get("/groups/{slug}", response={200: GroupDetailOut, 404: NotFound}, tags=["groups"])
def group(request: HttpRequest, slug: str, query: Query[LangQuery]) -> dict[str, Any]:
    """A public group with its next sessions. Unlisted groups are not in the API: 404."""
    with translation.override(query.lang):
        found = group_get(slug=slug)
        if found.visibility != Group.Visibility.PUBLIC:
            raise PermissionRefused("Group not found.", code="not_found")
        return {
            **_group(request, found),
            "upcoming_sessions": [_session(request, session) for session in found.upcoming_sessions],
        }


@api.get("/sessions", response=SessionList, tags=["sessions"])
def sessions(request: HttpRequest, query: Query[SessionQuery]) -> dict[str, Any]:
    """Sessions of public groups, filtered like the find-sessions page, cancelled ones included."""
    filters = SessionFilters(
        municipality=query.municipality,
        region=query.region,
        date_from=query.date_from,
        date_to=query.date_to,
        age_months=query.age_months,
        language=query.language,
        viewpoint=query.viewpoint,
        access=Verdict(query.access) if query.access else None,
        provider_kind=query.provider_kind,
        topic=query.topic,
    )
    with translation.override(query.lang):
        return _page(session_search(filters=filters), query, functools.partial(_session, request))


@api.get("/sessions/{int:session_id}", response={200: SessionOut, 404: NotFound}, tags=["sessions"])
def session(request: HttpRequest, session_id: int, query: Query[LangQuery]) -> dict[str, Any]:
    """One session of a public group (sessions of unlisted groups: 404)."""
    with translation.override(query.lang):
        return _session(request, session_get(pk=session_id))
