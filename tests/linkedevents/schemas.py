"""Linked Events' response schemas, as JSON Schema, for checking our answers field by field.

Transcribed from the components of `linkedevents/static/linked-events.yaml` (the last version,
City-of-Helsinki/linkedevents @ 196e3644), corrected where the document disagrees with what its
serializers send to anonymous readers:
- `keywords`, `audience`, `in_language`, `sub_events`, `images` are arrays of references (or,
  with `include`, of objects), not arrays of arrays;
- `created_by`, `last_modified_by` and the personal `user_*` fields are never sent to anonymous
  readers, though the document calls some of them required;
- a translated field is `null` when no language has text;
- `custom_data` is an object of strings (an hstore), not a list of key/value pairs;
- `parent_organization` is null for a top-level organization.
Every property is listed; `additionalProperties: false` makes an unknown field an error.
"""

from typing import Any

LANGS = ("fi", "sv", "en", "zh_hans", "ru", "ar")


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def translated(max_length: int | None = None) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string"}
    if max_length:
        text["maxLength"] = max_length
    return _nullable(
        {"type": "object", "properties": dict.fromkeys(LANGS, text), "additionalProperties": False}
    )


STRING = {"type": "string"}
NULL_STRING = _nullable(STRING)
BOOLEAN = {"type": "boolean"}
DATETIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"}
NULL_DATETIME = _nullable(DATETIME)
NULL_INT = _nullable({"type": "integer", "minimum": 0})
NULL = {"type": "null"}


def ref(endpoint: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "@id": {"type": "string", "pattern": rf"^https?://.+/linkedevents/v1/{endpoint}/[^/]+/$"}
        },
        "required": ["@id"],
        "additionalProperties": False,
    }


def jsonld(kind: str) -> dict[str, Any]:
    return {
        "@id": {"type": "string", "pattern": r"^https?://.+/linkedevents/v1/"},
        "@context": {"const": "http://schema.org"},
        "@type": {"const": kind},
    }


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


DIVISION = _object(
    {"type": STRING, "ocd_id": NULL_STRING, "municipality": NULL_STRING, "name": translated(100)},
    ["type", "ocd_id", "municipality", "name"],
)

PLACE_PROPERTIES = {
    "id": STRING,
    "origin_id": STRING,
    "data_source": NULL_STRING,
    "publisher": NULL_STRING,
    "divisions": {"type": "array", "items": DIVISION},
    "created_time": NULL_DATETIME,
    "last_modified_time": NULL_DATETIME,
    "custom_data": _nullable({"type": "object", "additionalProperties": STRING}),
    "email": NULL_STRING,
    "contact_type": NULL_STRING,
    "address_region": NULL_STRING,
    "postal_code": _nullable({"type": "string", "maxLength": 128}),
    "post_office_box_num": NULL_STRING,
    "address_country": _nullable({"type": "string", "maxLength": 2}),
    "deleted": BOOLEAN,
    "has_upcoming_events": BOOLEAN,
    "n_events": {"type": "integer", "minimum": 0},
    "image": NULL_INT,
    "parent": NULL_STRING,
    "replaced_by": NULL_STRING,
    "position": _nullable(
        _object(
            {
                "type": {"const": "Point"},
                "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            },
            ["type", "coordinates"],
        )
    ),
    "name": translated(255),
    "street_address": translated(255),
    "info_url": translated(1000),
    "description": translated(),
    "address_locality": translated(255),
    "telephone": translated(128),
    **jsonld("Place"),
}
PLACE = _object(
    PLACE_PROPERTIES, ["n_events", "origin_id", "name", "data_source", "id", "@id", "@context", "@type"]
)

KEYWORD = _object(
    {
        "id": STRING,
        "alt_labels": {"type": "array", "items": STRING},
        "created_time": NULL_DATETIME,
        "last_modified_time": NULL_DATETIME,
        "origin_id": NULL_STRING,
        "aggregate": BOOLEAN,
        "deprecated": BOOLEAN,
        "has_upcoming_events": BOOLEAN,
        "n_events": {"type": "integer", "minimum": 0},
        "image": NULL_INT,
        "data_source": STRING,
        "publisher": NULL_STRING,
        "replaced_by": NULL_STRING,
        "name": translated(255),
        **jsonld("Keyword"),
    },
    ["data_source", "n_events", "name", "id", "@id", "@context", "@type"],
)

LANGUAGE = _object(
    {
        "id": {"type": "string", "maxLength": 10},
        "translation_available": BOOLEAN,
        "service_language": BOOLEAN,
        "name": translated(20),
        **jsonld("Language"),
    },
    ["id", "translation_available", "name", "service_language", "@id", "@context", "@type"],
)

ORGANIZATION = _object(
    {
        "id": STRING,
        "data_source": NULL_STRING,
        "origin_id": {"type": "string", "maxLength": 255},
        "classification": NULL_STRING,
        "name": {"type": "string", "maxLength": 255},
        "founding_date": _nullable({"type": "string", "format": "date"}),
        "dissolution_date": _nullable({"type": "string", "format": "date"}),
        "parent_organization": NULL_STRING,
        "sub_organizations": {"type": "array", "items": STRING},
        "affiliated_organizations": {"type": "array", "items": STRING},
        "created_time": NULL_DATETIME,
        "last_modified_time": NULL_DATETIME,
        "is_affiliated": BOOLEAN,
        "replaced_by": NULL_STRING,
        "has_regular_users": BOOLEAN,
        **jsonld("Organization"),
    },
    ["data_source", "has_regular_users", "id", "is_affiliated", "name", "@id", "@context", "@type"],
)

OFFER = _object(
    {
        "is_free": BOOLEAN,
        "offer_price_groups": {"type": "array"},
        "price": translated(1000),
        "info_url": translated(1000),
        "description": translated(),
    },
    ["price", "is_free"],
)
EVENT_LINK = _object(
    {
        "name": {"type": "string", "maxLength": 100},
        "link": {"type": "string", "maxLength": 200},
        "language": STRING,
    },
    ["language", "link"],
)


def _refs_or(endpoint: str, embedded: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": {"anyOf": [ref(endpoint), embedded]}}


EVENT_PROPERTIES = {
    "id": STRING,
    "location": _nullable({"anyOf": [ref("place"), PLACE]}),
    "keywords": _refs_or("keyword", KEYWORD),
    "registration": NULL,
    "super_event": _nullable(ref("event")),
    "event_status": {"enum": ["EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled"]},
    "type_id": {"enum": ["General", "Course", "Volunteering"]},
    "publication_status": {"enum": ["public", "draft"]},
    "external_links": {"type": "array", "items": EVENT_LINK},
    "offers": {"type": "array", "items": OFFER},
    "data_source": STRING,
    "publisher": NULL_STRING,
    "sub_events": {"type": "array", "items": ref("event")},
    "images": {"type": "array", "items": ref("image")},
    "videos": {"type": "array"},
    "in_language": _refs_or("language", LANGUAGE),
    "audience": _refs_or("keyword", KEYWORD),
    "created_time": NULL_DATETIME,
    "last_modified_time": NULL_DATETIME,
    "date_published": NULL_DATETIME,
    "start_time": NULL_DATETIME,
    "end_time": NULL_DATETIME,
    "custom_data": _nullable({"type": "object", "additionalProperties": STRING}),
    "origin_id": _nullable({"type": "string", "maxLength": 100}),
    "environmental_certificate": NULL_STRING,
    "environment": {"enum": ["out", "in", "", None]},
    "has_start_time": BOOLEAN,
    "has_end_time": BOOLEAN,
    "audience_min_age": NULL_INT,
    "audience_max_age": NULL_INT,
    "super_event_type": {"enum": ["recurring", "umbrella", "", None]},
    "deleted": BOOLEAN,
    "maximum_attendee_capacity": NULL_INT,
    "minimum_attendee_capacity": NULL_INT,
    "enrolment_start_time": NULL_DATETIME,
    "enrolment_end_time": NULL_DATETIME,
    "local": BOOLEAN,
    "replaced_by": NULL_STRING,
    "name": translated(255),
    "short_description": translated(160),
    "description": translated(),
    "location_extra_info": translated(400),
    "provider": translated(512),
    "provider_contact_info": translated(10000),
    "info_url": translated(1000),
    **jsonld("Event/LinkedEvent"),
}
# Required by the document (less created_by/last_modified_by), plus what the serializer always sends.
EVENT = _object(
    EVENT_PROPERTIES,
    ["keywords", "publication_status", "start_time", "name", "location", "id", "@id", "@context", "@type"],
)
# A deleted event as the serializer reduces it (`show_deleted=true`).
TOMBSTONE = _object(
    {
        "id": STRING,
        "name": {"const": {"fi": "POISTETTU", "sv": "RADERAD", "en": "DELETED"}},
        "last_modified_time": DATETIME,
        "deleted": {"const": True},
        "replaced_by": NULL_STRING,
    },
    ["id", "name", "last_modified_time", "deleted", "replaced_by"],
)


def paginated(item: dict[str, Any]) -> dict[str, Any]:
    return _object(
        {
            "meta": _object(
                {"count": {"type": "integer", "minimum": 0}, "next": NULL_STRING, "previous": NULL_STRING},
                ["count", "next", "previous"],
            ),
            "data": {"type": "array", "items": item},
        },
        ["meta", "data"],
    )
