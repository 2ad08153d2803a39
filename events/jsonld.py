"""schema.org JSON-LD for the public session and group pages: an `Event`, an `EventSeries`.

Built as plain dicts from rows a selector already loaded (no queries), dumped with
`json.dumps` and escaped for a `<script type="application/ld+json">` block: `<`, `>`
and `&` become `\\u003c`-style escapes, so no user text (a title with `</script>`)
can end the block. A data block, not a script: CSP's `script-src` does not apply.

Never personal data: no leaders, no users, no sign-ups; only the group, its
organization's public name and website, the venue and the times. Times carry the
Europe/Helsinki offset, so a search engine shows the wall-clock time across DST.
"""

import json
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from events.models import Group, Session
from events.views.public_display import is_moved, local, session_url
from venues.models import Venue

SCHEMA = "https://schema.org/"
GROUP_SUB_EVENTS = 10
# json.dumps leaves these as they are; inside a <script> block they could end it or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
_LANGUAGE_FLAGS = (("fi", "in_finnish"), ("sv", "in_swedish"), ("en", "in_english"))


def script_block(data: dict[str, Any]) -> SafeString:
    """`<script type="application/ld+json">…</script>`, safe whatever text `data` holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def _years(months: int) -> float | int:
    """Months as years for schema.org's ages: whole years as integers, otherwise to one decimal."""
    years = round(months / 12, 1)
    return int(years) if years == int(years) else years


def audience(group: Group) -> dict[str, Any]:
    """A PeopleAudience: who the group is for, and the child's age band in years when there is one."""
    data: dict[str, Any] = {"@type": "PeopleAudience", "audienceType": str(group.get_audience_display())}
    if group.age_min_months is not None:
        data["suggestedMinAge"] = _years(group.age_min_months)
    if group.age_max_months is not None:
        data["suggestedMaxAge"] = _years(group.age_max_months)
    return data


def _organizer(group: Group) -> dict[str, Any]:
    organization = group.organization
    data = {"@type": "Organization", "name": organization.name}
    if organization.website:
        data["url"] = organization.website
    return data


def _place(request: HttpRequest, venue: Venue) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Place",
        "name": venue.name,
        "url": request.build_absolute_uri(reverse("venues:detail", args=[venue.slug])),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.street_address,
            "postalCode": venue.postal_code,
            "addressLocality": venue.post_office or venue.municipality.name,
            "addressRegion": venue.municipality.name,
            "addressCountry": "FI",
        },
    }
    if venue.latitude is not None and venue.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data


def _status(session: Session) -> str:
    if session.is_cancelled:
        return f"{SCHEMA}EventCancelled"
    if is_moved(session):
        return f"{SCHEMA}EventRescheduled"
    return f"{SCHEMA}EventScheduled"


def _offers(session: Session, url: str) -> dict[str, Any] | None:
    """Sign-up groups only: free places as an Offer; a drop-in needs no ticket."""
    if session.group.signup_mode == Group.SignUpMode.DROP_IN or session.is_cancelled:
        return None
    left = getattr(session, "places_left", None)
    data: dict[str, Any] = {"@type": "Offer", "price": 0, "priceCurrency": "EUR", "url": url}
    if left is not None:
        data["availability"] = f"{SCHEMA}{'InStock' if left > 0 else 'SoldOut'}"
    return data


def session_event(request: HttpRequest, session: Session, *, context: bool = True) -> dict[str, Any]:
    """The Event of one session, loaded by `session_get` or `group_get` (places annotated)."""
    group = session.group
    url = request.build_absolute_uri(session_url(session))
    data: dict[str, Any] = {"@context": "https://schema.org"} if context else {}
    data |= {
        "@type": "Event",
        "name": group.title,
        "description": group.description or str(group.get_topic_display()),
        "url": url,
        "startDate": local(session.start).isoformat(),
        "endDate": local(session.end).isoformat(),
        "eventStatus": _status(session),
        "eventAttendanceMode": f"{SCHEMA}OfflineEventAttendanceMode",
        "location": _place(request, session.room.venue),
        "organizer": _organizer(group),
        "inLanguage": [code for code, flag in _LANGUAGE_FLAGS if getattr(group, flag)],
        "isAccessibleForFree": True,
        "audience": audience(group),
    }
    if is_moved(session) and session.original_start is not None:
        data["previousStartDate"] = local(session.original_start).isoformat()
    places_total = getattr(session, "places_total", None)
    if places_total is not None and group.signup_mode != Group.SignUpMode.DROP_IN:
        data["maximumAttendeeCapacity"] = places_total
        data["remainingAttendeeCapacity"] = max(getattr(session, "places_left", 0) or 0, 0)
    offers = _offers(session, url)
    if offers:
        data["offers"] = offers
    return data


def group_series(request: HttpRequest, group: Group) -> dict[str, Any]:
    """An EventSeries with the group's next GROUP_SUB_EVENTS sessions, loaded by `group_get`."""
    sessions = list(getattr(group, "upcoming_sessions", []))[:GROUP_SUB_EVENTS]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": group.title,
        "description": group.description or str(group.get_topic_display()),
        "url": request.build_absolute_uri(reverse("group_detail", args=[group.slug])),
        "organizer": _organizer(group),
        "inLanguage": [code for code, flag in _LANGUAGE_FLAGS if getattr(group, flag)],
        "isAccessibleForFree": True,
        "audience": audience(group),
        "eventAttendanceMode": f"{SCHEMA}OfflineEventAttendanceMode",
        "subEvent": [session_event(request, session, context=False) for session in sessions],
    }
    if sessions:
        data["startDate"] = local(sessions[0].start).isoformat()
    return data
