"""Never a dead end on the find-sessions page: the next session after an empty window, and how
many sessions each filter hides. Reads only; public sessions, like `events.selectors`."""

import datetime
from dataclasses import replace

from directory.models import Service
from directory.selectors import ServiceFilters, service_list
from events.models import Session
from events.search import did_you_mean, venue_matches
from events.selectors import SessionFilters, public_venues, session_search
from venues.models import Venue

# Looking this far ahead covers the sessions' materialised horizon (365 days) and then some.
NEXT_SESSION_DAYS = 400
# Widening counts stop here: "100+" says enough, and a capped count stays cheap at national scale.
WIDEN_COUNT_CAP = 100

# Each filter a family can drop, and what dropping it changes (the viewpoint goes with its verdict).
_WIDENINGS: dict[str, dict[str, None]] = {
    "municipality": {"municipality": None},
    "region": {"region": None},
    "age_months": {"age_months": None},
    "language": {"language": None},
    "access": {"access": None, "viewpoint": None},
    "provider_kind": {"provider_kind": None},
    "topic": {"topic": None},
    "text": {"text": None},
}


def session_next(
    *, filters: SessionFilters, after: datetime.date, now: datetime.datetime | None = None
) -> Session | None:
    """The first session that is on (not cancelled) and matches `filters` from the day `after` on,
    whatever the dates chosen: what an empty window names instead of "nothing". One query."""
    ahead = replace(filters, date_from=after, date_to=after + datetime.timedelta(days=NEXT_SESSION_DAYS))
    return session_search(filters=ahead, now=now).exclude(status=Session.Status.CANCELLED).first()


def session_widenings(*, filters: SessionFilters, now: datetime.datetime | None = None) -> dict[str, int]:
    """For each filter in use (dates aside), how many sessions the same window has without it,
    capped at WIDEN_COUNT_CAP + 1. One query per filter in use (at most seven)."""
    counts = {}
    for name, changes in _WIDENINGS.items():
        if getattr(filters, name) is None:
            continue
        wider = session_search(filters=replace(filters, **changes), now=now)
        counts[name] = wider.order_by().values("pk")[: WIDEN_COUNT_CAP + 1].count()
    return counts


PLACES_WITH_TEXT = 6


def place_matches(*, text: str, limit: int = PLACES_WITH_TEXT) -> list[Venue]:
    """Public places whose name or municipality matches the search words, best first: the
    "places" group of a text search. One query."""
    venues = public_venues().select_related("municipality", "accessibility")
    return list(venue_matches(venues, text)[:limit])


def search_suggestion(*, text: str) -> str:
    """Nearer words to search with, when the words found nothing ("" when none are nearer)."""
    return did_you_mean(text)


SERVICES_WITH_TEXT = 4


def service_filters_for(filters: SessionFilters) -> ServiceFilters:
    """The session filters the service directory also knows, with the search words."""
    return ServiceFilters(
        q=filters.text or "",
        municipality=filters.municipality or "",
        region=filters.region or "",
        language=filters.language or "",
    )


def service_matches_for(
    *, actor: object, filters: SessionFilters, limit: int = SERVICES_WITH_TEXT
) -> list[Service]:
    """Published services matching the search words (and the area and language chosen), best
    first: the "services" group of a text search. A constant number of queries (prefetches)."""
    return list(service_list(actor=actor, filters=service_filters_for(filters))[:limit])
