"""Public iCalendar feeds of a region, municipality, venue, organization or group (ICAL.md).

- `scope`: what a feed holds (its scope, filters and rows); reads only, never about people;
- `render`: its bytes, assembled from per-series VEVENT parts cached by their own version;
- `events.feed_versions` (beside the package, so session services bump it without a cycle):
  a change version per scope, so an edit invalidates only the feeds containing it;
- `cache`: serving it: validators in a small entry (a 304 never loads the body), single flight.
"""

from events.feeds.cache import PublicFeed, public_feed, public_feed_body, stored_last_modified
from events.feeds.render import PAST_DAYS, RENDER_VERSION, render_feed
from events.feeds.scope import (
    LANGUAGES,
    FeedFilterError,
    FeedFilters,
    FeedScope,
    Scope,
    feed_path,
    parse_filters,
    resolve,
)

__all__ = [
    "LANGUAGES",
    "PAST_DAYS",
    "RENDER_VERSION",
    "FeedFilterError",
    "FeedFilters",
    "FeedScope",
    "PublicFeed",
    "Scope",
    "feed_path",
    "parse_filters",
    "public_feed",
    "public_feed_body",
    "render_feed",
    "resolve",
    "stored_last_modified",
]
