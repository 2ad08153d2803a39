"""Venues with their accessibility facts and rooms, filtered like the venue list page."""

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router

from accessibility.osm import osm_tags
from accessibility.services import ROOM_FACT_FIELDS, VENUE_FACT_FIELDS
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

# The measured facts of a venue, as the accessibility services store them: None means unknown,
# never "no". The API gives the note in the requested language as one `notes` field.
VENUE_FACTS = (*(name for name in VENUE_FACT_FIELDS if not name.startswith("notes_")), "notes")
ROOM_FACTS = ROOM_FACT_FIELDS


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
