"""Venues with their accessibility facts and rooms, filtered like the venue list page."""

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router

from accessibility.osm import osm_tags
from events.api.common import (
    absolute,
    access_verdict,
    facts,
    municipality_ref,
    one_to_one,
    organization,
    page,
    room_verdicts,
    verdicts,
)
from events.api.schemas import INVALID, NOT_FOUND, LangQuery, Slug, VenueList, VenueOut, VenueQuery
from events.selectors import VenueFilters, venue_get, venue_list
from venues.models import Venue

router = Router(tags=["venues"])

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


def _venue(request: HttpRequest, venue: Venue) -> dict[str, Any]:
    survey = one_to_one(venue, "accessibility")
    coordinates = None
    if venue.latitude is not None and venue.longitude is not None:
        coordinates = {"latitude": float(venue.latitude), "longitude": float(venue.longitude)}
    return {
        "slug": venue.slug,
        "name": venue.name,
        "kind": venue.kind,
        "url": absolute(request, reverse("venues:detail", kwargs={"slug": venue.slug})),
        "address": {
            "street_address": venue.street_address,
            "postal_code": venue.postal_code,
            "post_office": venue.post_office,
        },
        "coordinates": coordinates,
        "municipality": municipality_ref(venue.municipality),
        "organization": organization(venue.organization),
        "website": venue.website,
        "email": venue.email,
        "phone": venue.phone,
        "accessibility": {
            "verdicts": verdicts(survey),
            "facts": facts(survey, VENUE_FACTS),
            "osm_tags": osm_tags(survey),
        },
        "rooms": [
            {
                "name": room.name,
                "floor": room.floor,
                "capacity_people": room.capacity_people,
                "pram_spaces": room.pram_spaces,
                "verdicts": room_verdicts(room),
                "facts": facts(one_to_one(room, "accessibility"), ROOM_FACTS),
            }
            for room in venue.rooms.all()
        ],
    }


@router.get("/venues", response={200: VenueList, **INVALID})
def venues(request: HttpRequest, query: Query[VenueQuery]) -> dict[str, Any]:
    """Active venues, filtered like the venue list page, with accessibility and rooms."""
    filters = VenueFilters(
        municipality=query.municipality,
        region=query.region,
        kind=query.kind,
        viewpoint=query.viewpoint,
        access=access_verdict(query.access),
    )
    with translation.override(query.lang):
        return page(venue_list(filters=filters), query, functools.partial(_venue, request))


@router.get("/venues/{slug}", response={200: VenueOut, **NOT_FOUND, **INVALID})
def venue(request: HttpRequest, slug: Slug, query: Query[LangQuery]) -> dict[str, Any]:
    with translation.override(query.lang):
        return _venue(request, venue_get(slug=slug))
