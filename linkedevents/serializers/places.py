"""Places (our venues), organizations, keywords and languages as Linked Events objects."""

from typing import Any

from linkedevents import ids
from linkedevents.models import Keyword
from linkedevents.selectors.classify import ocd_id
from linkedevents.serializers.common import LANGUAGES, jsonld, per_language, translated, utc
from venues.models import Municipality, Organization, Venue

LANGUAGE_NAMES = {
    "fi": {"fi": "suomi", "sv": "finska", "en": "Finnish"},
    "sv": {"fi": "ruotsi", "sv": "svenska", "en": "Swedish"},
    "en": {"fi": "englanti", "sv": "engelska", "en": "English"},
}
# YSO's publisher in Linked Events instances.
YSO_PUBLISHER = "hy:kansalliskirjasto"


def division(municipality: Municipality) -> dict[str, Any]:
    return {
        "type": "muni",
        "ocd_id": ocd_id(municipality),
        "municipality": municipality.name_fi,
        "name": translated(municipality, "name"),
    }


def place(venue: Venue, *, n_events: int, has_upcoming_events: bool) -> dict[str, Any]:
    """Pass the venue with its municipality and organization loaded."""
    place_id = ids.place_id(venue)
    position = None
    if venue.latitude is not None and venue.longitude is not None:
        position = {"type": "Point", "coordinates": [float(venue.longitude), float(venue.latitude)]}
    phone = venue.phone.strip()
    return {
        "id": place_id,
        "data_source": ids.data_source(),
        "publisher": ids.organization_id(venue.organization),
        "divisions": [division(venue.municipality)],
        "created_time": utc(venue.created_at),
        "last_modified_time": utc(venue.updated_at),
        "custom_data": None,
        "email": venue.email or None,
        "contact_type": None,
        "address_region": None,
        "postal_code": venue.postal_code or None,
        "post_office_box_num": None,
        "address_country": "FI",
        "deleted": False,
        "has_upcoming_events": has_upcoming_events,
        "n_events": n_events,
        "image": None,
        "parent": None,
        "replaced_by": None,
        "position": position,
        "name": translated(venue, "name"),
        "street_address": translated(venue, "street_address"),
        "info_url": {lang: ids.page_url("venues:detail", lang, "slug", venue.slug) for lang in LANGUAGES},
        "description": translated(venue, "description"),
        "address_locality": translated(venue, "post_office"),
        "telephone": per_language({"fi": phone}) if phone else None,
        "origin_id": str(ids.venue_uuid(venue.pk)),
        **jsonld("place", place_id, "Place"),
    }


def organization(org: Organization) -> dict[str, Any]:
    org_id = ids.organization_id(org)
    return {
        "id": org_id,
        "data_source": ids.data_source(),
        "origin_id": str(ids.organization_uuid(org.pk)),
        "classification": None,
        "name": org.name_fi or org.name,
        "founding_date": None,
        "dissolution_date": None,
        "parent_organization": None,
        "sub_organizations": [],
        "affiliated_organizations": [],
        "created_time": utc(org.created_at),
        "last_modified_time": utc(org.updated_at),
        "is_affiliated": False,
        "replaced_by": None,
        "has_regular_users": False,
        **jsonld("organization", org_id, "Organization"),
    }


def keyword(row: Keyword, *, n_events: int, has_upcoming_events: bool) -> dict[str, Any]:
    return {
        "id": row.id,
        "alt_labels": [],
        "created_time": utc(row.created_at),
        "last_modified_time": utc(row.updated_at),
        "aggregate": False,
        "deprecated": False,
        "has_upcoming_events": has_upcoming_events,
        "n_events": n_events,
        "image": None,
        "data_source": row.data_source,
        "publisher": YSO_PUBLISHER if row.data_source == "yso" else None,
        "replaced_by": None,
        "name": translated(row, "name"),
        "origin_id": row.origin_id,
        **jsonld("keyword", row.id, "Keyword"),
    }


def language(code: str) -> dict[str, Any]:
    return {
        "id": code,
        "translation_available": True,
        "service_language": True,
        "name": dict(LANGUAGE_NAMES[code]),
        **jsonld("language", code, "Language"),
    }
