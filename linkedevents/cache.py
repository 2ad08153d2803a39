"""Renderings of the Linked Events API kept in the cache until anything they show may have changed.

The key is the URL plus a stamp of everything an answer reads: a change stamp (groups,
series, venues, rooms, organizations, accessibility; the session services touch their group),
the keywords and their mapping, the tombstones, and the confirmed sign-ups that remaining places
come from. `has_upcoming_events` and the relative filters (`now`, `today`, `days`) depend on the
clock too, so the key also holds the hour, or the minute for a relative query. A warm answer is
the stamp's two queries, which also makes a 304 cheap.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from accessibility.models import RoomAccessibility
from bookings.models import SignUp
from events.models import Group, RemovedSession, Series
from linkedevents.models import Keyword, KeywordMapping
from venues.models import Organization, Room, Venue

# Bump when the rendering changes, so no old bytes are served after a deploy.
RENDER_VERSION = "1"
CACHE_SECONDS = 60 * 60
_RELATIVE = ("now", "today", "days=")

# Every table an answer renders from; the session services touch their group's `updated_at`.
_STAMPED = (Group, Series, Venue, Room, Organization, RoomAccessibility)


def change_stamp() -> str:
    """One query: row counts and newest `updated_at` of every table an answer renders from."""
    quote = connection.ops.quote_name
    parts = []
    for model in _STAMPED:
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 (table names from our models)
        parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(tuple(str(value) for value in row)).encode()).hexdigest()[:24]


def _own_stamp() -> str:
    confirmed = Q(status=SignUp.Status.CONFIRMED)
    parts = [
        SignUp.objects.aggregate(
            n=Count("pk", filter=confirmed),
            people=Sum("people", filter=confirmed),
            prams=Sum("prams", filter=confirmed),
            last=Max("pk"),
            cancelled=Max("cancelled_at"),
            promoted=Max("promoted_at"),
        ),
        Keyword.objects.aggregate(n=Count("pk"), at=Max("updated_at")),
        KeywordMapping.objects.aggregate(n=Count("pk"), last=Max("pk")),
        RemovedSession.objects.aggregate(n=Count("pk"), at=Max("removed_at")),
    ]
    return repr(parts)


def rendered(path: str, render: Callable[[], dict[str, Any]]) -> bytes:
    """The JSON bytes of `render()` for this URL, from the cache when nothing it shows changed."""
    now = timezone.now()
    clock = now.strftime("%Y%m%d%H%M" if any(word in path for word in _RELATIVE) else "%Y%m%d%H")
    key = (
        "linkedevents:"
        + hashlib.sha256(
            f"{RENDER_VERSION}|{path}|{clock}|{change_stamp()}|{_own_stamp()}".encode()
        ).hexdigest()
    )
    body = cache.get(key)
    if body is None:
        body = json.dumps(render(), ensure_ascii=False, separators=(",", ":")).encode()
        cache.set(key, body, CACHE_SECONDS)
    return body
