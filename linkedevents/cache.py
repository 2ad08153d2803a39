"""Renderings of the Linked Events API kept in the cache until anything they show may have changed.

The key is the URL plus a stamp of everything an answer reads: the feeds' change stamp (groups,
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
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from bookings.models import SignUp
from events.feeds import change_stamp
from events.models import RemovedSession
from linkedevents.models import Keyword, KeywordMapping

# Bump when the rendering changes, so no old bytes are served after a deploy.
RENDER_VERSION = "1"
CACHE_SECONDS = 60 * 60
_RELATIVE = ("now", "today", "days=")


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
