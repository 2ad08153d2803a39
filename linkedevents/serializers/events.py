"""Series, sessions and tombstones as Linked Events events.

A series is a super event (`super_event_type: "recurring"`) spanning its sessions, which are its
sub-events; a one-off session stands alone. All are `type_id: "General"`, the type Linked Events
clients list by default. A moved session is `EventRescheduled`, a cancelled one `EventCancelled`.
Sign-ups stay ours: the offer's `info_url` and an external link point at the session's page, and
remaining places go in `custom_data` (Linked Events keeps its own in registrations).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from events.models import Group, RemovedSession, Series, Session
from linkedevents import ids
from linkedevents.models import KeywordMapping
from linkedevents.selectors.classify import group_keywords
from linkedevents.serializers.common import (
    LANGUAGES,
    as_html,
    embedded_or_ref,
    jsonld,
    per_language,
    refs,
    shorten,
    translated,
    utc,
    utc_seconds,
)
from venues.models import Organization, Room, Venue

DELETED_NAME = {"fi": "POISTETTU", "sv": "RADERAD", "en": "DELETED"}
_LANGUAGE_FIELDS = {"fi": "in_finnish", "sv": "in_swedish", "en": "in_english"}


@dataclass
class EventContext:
    """What serializing a page needs beyond the rows, loaded once per page."""

    mappings: list[KeywordMapping]
    include: frozenset[str] = frozenset()
    places: dict[int, dict[str, Any]] = field(default_factory=dict)  # venue pk: place object
    keywords: dict[str, dict[str, Any]] = field(default_factory=dict)  # id: keyword object
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)  # code: language object
    sub_events: dict[int, list[Any]] = field(default_factory=dict)  # series pk: session UIDs
    places_left: dict[int, tuple[int | None, int | None, int | None]] = field(default_factory=dict)


def _page(name: str, key: str, value: str | int) -> Callable[[str], str]:
    return lambda lang: ids.page_url(name, lang, key, value)


def _ages(group: Group) -> tuple[int | None, int | None]:
    young = group.age_min_months // 12 if group.age_min_months is not None else None
    old = group.age_max_months // 12 if group.age_max_months is not None else None
    return young, old


def _texts(group: Group, *, reason: str = "") -> dict[str, Any]:
    names = translated(group, "title")
    descriptions = {lang: (getattr(group, f"description_{lang}") or "").strip() for lang in LANGUAGES}
    long = {}
    for lang, text in descriptions.items():
        if reason and (text or (names and lang in names)):  # the reason reaches every named language
            text = "\n\n".join(part for part in (reason, text) if part)
        long[lang] = as_html(text) if text else ""
    return {
        "name": names,
        "short_description": per_language({lang: shorten(text) for lang, text in descriptions.items()}),
        "description": per_language(long),
    }


def _provider(organization: Organization) -> dict[str, Any]:
    contact = ", ".join(part for part in (organization.phone.strip(), organization.email.strip()) if part)
    names = translated(organization, "name")
    return {
        "provider": names,
        "provider_contact_info": {lang: contact for lang in names} if contact and names else None,
    }


def _classification(group: Group, context: EventContext) -> dict[str, Any]:
    found = group_keywords(group, context.mappings)
    languages = [lang for lang, column in _LANGUAGE_FIELDS.items() if getattr(group, column)]
    include = context.include
    return {
        "keywords": [
            embedded_or_ref("keyword", k, context.keywords.get(k), include="keywords" in include)
            for k in found.keywords
        ],
        "audience": [
            embedded_or_ref("keyword", k, context.keywords.get(k), include="audience" in include)
            for k in found.audience
        ],
        "in_language": [
            embedded_or_ref("language", lang, context.languages.get(lang), include="in_language" in include)
            for lang in languages
        ],
    }


def _location(venue: Venue, room: Room, context: EventContext) -> dict[str, Any]:
    return {
        "location": embedded_or_ref(
            "place", ids.place_id(venue), context.places.get(venue.pk), include="location" in context.include
        ),
        "location_extra_info": translated(room, "name"),
    }


def _base(*, event_id: str, group: Group, lm: Any, created: Any) -> dict[str, Any]:
    young, old = _ages(group)
    return {
        "id": event_id,
        "registration": None,
        "type_id": "General",
        "publication_status": "public",
        "data_source": ids.data_source(),
        "publisher": ids.organization_id(group.organization),
        "images": [],
        "videos": [],
        "created_time": utc(created),
        "last_modified_time": utc(lm),
        "date_published": None,
        "origin_id": event_id.split(":", 1)[1],
        "environmental_certificate": None,
        "environment": "out" if group.topic == Group.Topic.OUTDOOR else "in",
        "has_start_time": True,
        "has_end_time": True,
        "audience_min_age": young,
        "audience_max_age": old,
        "deleted": False,
        "minimum_attendee_capacity": None,
        "enrolment_start_time": None,
        "enrolment_end_time": None,
        "local": False,
        "replaced_by": None,
    }


def _status(session: Session) -> str:
    if session.is_cancelled:
        return "EventCancelled"
    if session.original_start is not None and session.start != session.original_start:
        return "EventRescheduled"
    return "EventScheduled"


def session_event(session: Session, context: EventContext) -> dict[str, Any]:
    """A session: a sub-event of its series, or a one-off. Pass it with group, organization,
    series and room.venue loaded and annotated with `lm` (selectors.events)."""
    group = session.group
    event_id = ids.prefixed(session.uid)
    page = _page("session_detail", "pk", session.pk)
    links = {lang: page(lang) for lang in LANGUAGES}
    total, left, prams_left = context.places_left.get(session.pk, (None, None, None))
    custom = {"perhekeskus_group": str(group.uid), "perhekeskus_signup": group.signup_mode}
    if left is not None and group.signup_mode != Group.SignUpMode.DROP_IN:
        custom["perhekeskus_places_left"] = str(left)
    if prams_left is not None and group.signup_mode != Group.SignUpMode.DROP_IN:
        custom["perhekeskus_pram_places_left"] = str(prams_left)
    signup = group.signup_mode != Group.SignUpMode.DROP_IN
    return {
        **_base(event_id=event_id, group=group, lm=session.lm, created=session.created_at),
        **_location(session.room.venue, session.room, context),
        **_classification(group, context),
        **_texts(group, reason=(session.cancel_reason_fi or "").strip() if session.is_cancelled else ""),
        **_provider(group.organization),
        "super_event": ids.ref("event", ids.prefixed(session.series.uid)) if session.series_id else None,
        "super_event_type": None,
        "sub_events": [],
        "event_status": _status(session),
        "external_links": [
            {"name": "registration", "link": links[lang], "language": lang} for lang in LANGUAGES
        ]
        if signup
        else [],
        "offers": [
            {"is_free": True, "price": None, "info_url": links, "description": None, "offer_price_groups": []}
        ],
        "start_time": utc_seconds(session.start),
        "end_time": utc_seconds(session.end),
        "custom_data": custom,
        "maximum_attendee_capacity": total,
        "info_url": links,
        **jsonld("event", event_id, "Event/LinkedEvent"),
    }


def series_event(series: Series, context: EventContext, *, all_cancelled: bool) -> dict[str, Any]:
    """A series as a recurring super event. Pass it annotated with `lm`, `st`, `en`."""
    group = series.group
    event_id = ids.prefixed(series.uid)
    page = _page("group_detail", "slug", group.slug)
    links = {lang: page(lang) for lang in LANGUAGES}
    return {
        **_base(event_id=event_id, group=group, lm=series.lm, created=series.created_at),
        **_location(series.room.venue, series.room, context),
        **_classification(group, context),
        **_texts(group),
        **_provider(group.organization),
        "super_event": None,
        "super_event_type": "recurring",
        "sub_events": refs("event", [ids.prefixed(uid) for uid in context.sub_events.get(series.pk, [])]),
        "event_status": "EventCancelled" if all_cancelled else "EventScheduled",
        "external_links": [],
        "offers": [
            {"is_free": True, "price": None, "info_url": links, "description": None, "offer_price_groups": []}
        ],
        "start_time": utc_seconds(series.st),
        "end_time": utc_seconds(series.en),
        "custom_data": {"perhekeskus_group": str(group.uid), "perhekeskus_signup": group.signup_mode},
        "maximum_attendee_capacity": None,
        "info_url": links,
        **jsonld("event", event_id, "Event/LinkedEvent"),
    }


def tombstone(removed: RemovedSession) -> dict[str, Any]:
    """A removed event as Linked Events shows a deleted one: these five fields only."""
    return {
        "id": ids.prefixed(removed.uid),
        "name": dict(DELETED_NAME),
        "last_modified_time": utc(removed.removed_at),
        "deleted": True,
        "replaced_by": ids.prefixed(removed.replaced_by) if removed.replaced_by else None,
    }
