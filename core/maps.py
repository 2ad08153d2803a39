"""The map tiles every interactive map draws (public venue maps, the workspace's coordinate picker).

From settings MAP_TILE_URL (a Leaflet URL template; empty: no map anywhere, the pages keep
their text fallbacks) and MAP_ATTRIBUTION. A page with a map adds the tiles' origin to its
CSP img-src through `allows_map_tiles`, and only that page. No queries, no writes.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def tile_origin(tile_url: str) -> str:
    """What a tile URL template needs in the CSP's img-src: its origin, "" for tiles on this site.

    A {s} subdomain becomes a wildcard: https://{s}.tile.example.fi/… needs https://*.tile.example.fi.
    """
    parts = urlsplit(tile_url)
    if not parts.netloc:
        if parts.scheme:
            raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) URL or a path: {tile_url!r}")
        return ""
    if parts.scheme not in {"http", "https", ""}:
        raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) URL or a path: {tile_url!r}")
    first, _dot, rest = parts.netloc.partition(".")
    if _PLACEHOLDER.search(rest) or (_PLACEHOLDER.search(first) and _PLACEHOLDER.sub("", first)):
        # CSP wildcards cover a whole leftmost label only.
        raise ImproperlyConfigured(f"MAP_TILE_URL may vary only the first label of its host: {tile_url!r}")
    host = f"*.{rest}" if _PLACEHOLDER.search(first) else parts.netloc
    return f"{parts.scheme}://{host}" if parts.scheme else host


@dataclass(frozen=True)
class MapTiles:
    url: str  # Leaflet URL template
    attribution: str  # HTML, from the operator's settings
    origin: str  # for img-src; "" when the tiles come from this site


def map_tiles() -> MapTiles | None:
    """The configured map tiles, or None when MAP_TILE_URL is empty: then no page has a map."""
    url = (getattr(settings, "MAP_TILE_URL", "") or "").strip()
    if not url:
        return None
    return MapTiles(url=url, attribution=getattr(settings, "MAP_ATTRIBUTION", ""), origin=tile_origin(url))


def map_config() -> dict[str, object] | None:
    """The tiles as the map scripts read them (json_script), or None when maps are off."""
    tiles = map_tiles()
    if tiles is None:
        return None
    return {"url": tiles.url, "attribution": tiles.attribution}


def allows_map_tiles(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Add the map tiles' origin to img-src on this view's responses only; every other page keeps
    the strict policy of settings.CONTENT_SECURITY_POLICY.

    django-csp's `csp_update`, applied per request because MAP_TILE_URL is a setting (empty:
    no map, nothing added; tiles on this site: already 'self').
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        tiles = map_tiles()
        if tiles is None or not tiles.origin:
            return view(request, *args, **kwargs)
        return csp_update({"img-src": [tiles.origin]})(view)(request, *args, **kwargs)

    return wrapped
