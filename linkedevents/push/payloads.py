"""Our events as one instance's write payloads (POST/PUT /event/), built from the same objects
/linkedevents/v1/ serves, re-keyed to the instance: its data source prefix, publisher, places,
and keyword and language URLs. Future sessions only, with the series they belong to.

Every payload carries `custom_data.perhekeskus_hash`, a hash of the rest of it: the instance
stores custom_data as given, so comparing hashes tells an unchanged event without local state.
"""

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from linkedevents.pages import event_objects
from linkedevents.push.config import Instance
from linkedevents.selectors import events as event_rows
from linkedevents.serializers.common import as_html, shorten

HASH_KEY = "perhekeskus_hash"
COPIED = (
    "type_id",
    "name",
    "short_description",
    "description",
    "info_url",
    "provider",
    "provider_contact_info",
    "location_extra_info",
    "start_time",
    "end_time",
    "has_start_time",
    "has_end_time",
    "event_status",
    "super_event_type",
    "audience_min_age",
    "audience_max_age",
    "external_links",
    "maximum_attendee_capacity",
    "environment",
)


@dataclass
class Desired:
    payloads: dict[str, dict[str, Any]] = field(default_factory=dict)  # instance id → payload
    super_ids: list[str] = field(default_factory=list)  # in the order to create them
    sub_ids: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # instance id → why it is not sent


def _ref_ids(refs: list[dict[str, Any]]) -> list[str]:
    return [ref["@id"].rstrip("/").rsplit("/", 1)[-1] for ref in refs]


def _fill_languages(payload: dict[str, Any]) -> None:
    """A public event needs a short description and a description in every language of its name."""
    names = payload.get("name") or {}
    short = dict(payload.get("short_description") or {})
    long = dict(payload.get("description") or {})
    fallback_short = short.get("fi") or next(iter(short.values()), None)
    fallback_long = long.get("fi") or next(iter(long.values()), None)
    for lang, name in names.items():
        short.setdefault(lang, fallback_short or shorten(name))
        long.setdefault(lang, fallback_long or as_html(name))
    payload["short_description"], payload["description"] = short, long


def with_hash(payload: dict[str, Any]) -> dict[str, Any]:
    body = {key: value for key, value in payload.items() if key != "custom_data"}
    custom = {k: v for k, v in (payload.get("custom_data") or {}).items() if k != HASH_KEY}
    digest = hashlib.sha256(
        json.dumps({**body, "custom_data": custom}, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:32]
    return {**body, "custom_data": {**custom, HASH_KEY: digest}}


def _payload(obj: dict[str, Any], instance: Instance, place: str, remote_id: str) -> dict[str, Any]:
    payload = {key: obj[key] for key in COPIED}
    payload["id"] = remote_id
    payload["publisher"] = instance.publisher
    payload["publication_status"] = "public"
    payload["location"] = {"@id": instance.url("place", place)}
    payload["keywords"] = [{"@id": instance.url("keyword", k)} for k in _ref_ids(obj["keywords"])]
    payload["audience"] = [{"@id": instance.url("keyword", k)} for k in _ref_ids(obj["audience"])]
    payload["in_language"] = [
        {"@id": instance.url("language", code)} for code in _ref_ids(obj["in_language"])
    ]
    payload["offers"] = [
        {k: v for k, v in offer.items() if k != "offer_price_groups"} for offer in obj["offers"]
    ]
    payload["custom_data"] = dict(obj["custom_data"])
    _fill_languages(payload)
    return payload


def remote_id(instance: Instance, our_id: str) -> str:
    return f"{instance.data_source}:{our_id.split(':', 1)[1]}"


def desired_events(instance: Instance, *, now: dt.datetime) -> Desired:
    sessions = event_rows.public_sessions().filter(end__gt=now)
    if instance.municipalities:
        sessions = sessions.filter(room__venue__municipality__code__in=instance.municipalities)
    if instance.organizations:
        sessions = sessions.filter(group__organization__slug__in=instance.organizations)
    rows = list(sessions.order_by("start", "pk").values_list("pk", "series_id", "room__venue__slug"))
    series_pks = sorted({series for _pk, series, _slug in rows if series is not None})
    series_venues = dict(
        event_rows.public_series().filter(pk__in=series_pks).values_list("pk", "room__venue__slug").order_by()
    )
    venue_of = {("session", pk): slug for pk, _series, slug in rows} | {
        ("series", pk): slug for pk, slug in series_venues.items()
    }
    keys = [("series", pk) for pk in series_venues] + [("session", pk) for pk, _s, _v in rows]
    objects = event_objects(keys, frozenset())
    desired = Desired()
    for key, obj in zip(keys, objects, strict=True):
        event_id = remote_id(instance, obj["id"])
        place = instance.places.get(venue_of[key]) or instance.default_place
        if place is None:
            desired.skipped[event_id] = f"no place in {instance.name} for venue {venue_of[key]}"
            continue
        payload = _payload(obj, instance, place, event_id)
        if obj["super_event"]:
            parent = remote_id(instance, _ref_ids([obj["super_event"]])[0])
            if parent in desired.skipped:
                desired.skipped[event_id] = f"its series {parent} is not sent"
                continue
            payload["super_event"] = {"@id": instance.url("event", parent)}
            desired.sub_ids.append(event_id)
        else:
            payload["super_event"] = None
            (desired.super_ids if obj["super_event_type"] else desired.sub_ids).append(event_id)
        desired.payloads[event_id] = with_hash(payload)
    return desired


def ours(instance: Instance, event_id: str) -> bool:
    """An id we gave: the instance's data source for us, then one of our UUIDs."""
    prefix, sep, rest = event_id.partition(":")
    if not sep or prefix != instance.data_source:
        return False
    try:
        uuid.UUID(rest)
    except ValueError:
        return False
    return True
