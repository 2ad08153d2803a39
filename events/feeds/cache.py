"""Serving a public feed: validators from a small cache entry, the body only when it is sent.

Per feed URL (scope, key, filters, language) the cache holds
- `feeds:meta:<id>`: the scope version it was rendered at, the last day it is right
  (`Rendering.valid_until`), its ETag, Last-Modified, filename and noindex: a few hundred
  bytes, so a poll answered 304 never loads or unpickles the body;
- `feeds:body:<id>:<etag>`: the bytes, under their own ETag, so meta and body never disagree,
  and beside them `…:br` and `…:gzip`, the same bytes compressed once when rendered: a warm
  200 loads only the variant it sends, and no request compresses half a megabyte again.

A poll is one cache round trip (the meta entry and the scope's version together) and no
database query. The entry is fresh while the scope's version (`events.feed_versions`) is
the one it was rendered at and the day is not past `valid_until`; nothing else expires it.

Single flight: a stale or missing feed is rendered by the one request that takes
`feeds:lock:<id>` (`cache.add`, atomic in Redis); the others meanwhile get the previous
bytes if there are any, or else wait up to `WAIT_SECONDS` for the renderer's result, and
render themselves only if it has not come (a crashed renderer's lock expires).

Last-Modified is kept per feed in `FeedState`: it moves forward only when a fresh rendering's
bytes differ from what the feed served before, so deletions and sessions leaving the window
move it too, and an unrelated change elsewhere does not.
"""

import datetime as dt
import hashlib
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.compression import compress
from core.errors import PermissionRefused
from events import feed_versions as versions
from events.feeds.render import RENDER_VERSION, render_feed
from events.feeds.scope import Scope, exists, parse_filters
from events.models import FeedState
from events.selectors import helsinki_today

META_SECONDS = 30 * 24 * 60 * 60  # kept while valid; a new version makes it stale anyway
ENCODINGS = ("br", "gzip")  # kept compressed beside the plain bytes (core.compression's encodings)
LOCK_SECONDS = 30  # longer than any rendering; a crashed renderer's lock expires
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class FeedMeta:
    version: str  # the scope's version it was rendered at
    valid_until: dt.date
    etag: str  # quoted, strong: a hash of exactly the body
    last_modified: dt.datetime
    filename: str
    noindex: bool  # an unlisted group's own feed: its URL is the secret


@dataclass(frozen=True)
class PublicFeed:
    """A feed's validators, with its body loaded only when asked for (not for a 304)."""

    meta: FeedMeta
    body_key: str
    rendered: Mapping[str, bytes] | None = None  # just rendered: "" (plain), "br", "gzip"

    @property
    def etag(self) -> str:
        return self.meta.etag

    @property
    def last_modified(self) -> dt.datetime:
        return self.meta.last_modified

    @property
    def filename(self) -> str:
        return self.meta.filename

    @property
    def noindex(self) -> bool:
        return self.meta.noindex

    def body(self, encoding: str = "") -> bytes | None:
        """The bytes for these validators (compressed in `encoding`, "br" or "gzip", if given),
        or None if the cache lost them."""
        if self.rendered is not None:
            return self.rendered.get(encoding)
        return cache.get(f"{self.body_key}:{encoding}" if encoding else self.body_key)


def stored_last_modified(state_key: str, etag: str) -> dt.datetime:
    """When these bytes were first served: kept while the ETag stays, later than before when it changes."""
    now = timezone.now().replace(microsecond=0)
    state = FeedState.objects.filter(key=state_key).first()
    if state is not None and state.etag == etag:
        return state.last_modified
    # Strictly later than what clients hold, so If-Modified-Since never hides the change.
    modified = now if state is None else max(now, state.last_modified + dt.timedelta(seconds=1))
    try:
        with transaction.atomic():
            FeedState.objects.update_or_create(
                key=state_key, defaults={"etag": etag, "last_modified": modified}
            )
    except IntegrityError:  # another request stored it at the same moment; either time is true
        pass
    return modified


@dataclass(frozen=True)
class _Identity:
    kind: Scope
    key: str
    name: str  # the feed URL's identity, also FeedState's key
    digest: str

    @property
    def meta_key(self) -> str:
        return f"feeds:meta:{self.digest}"

    @property
    def lock_key(self) -> str:
        return f"feeds:lock:{self.digest}"

    def body_key(self, etag: str) -> str:
        return f"feeds:body:{self.digest}:{etag.strip(chr(34))}"


def _identity(kind: Scope, key: str, params: Mapping[str, str]) -> _Identity:
    name = f"{kind.value}/{key}?{urlencode(parse_filters(params).pairs())}"
    digest = hashlib.sha256(f"{RENDER_VERSION}|{settings.SITE_URL}|{name}".encode()).hexdigest()[:32]
    return _Identity(kind=kind, key=key, name=name, digest=digest)


def _render(identity: _Identity, params: Mapping[str, str], version: str, today: dt.date) -> PublicFeed:
    rendering = render_feed(kind=identity.kind, key=identity.key, filters=parse_filters(params), today=today)
    etag = '"' + hashlib.sha256(rendering.body).hexdigest()[:40] + '"'
    meta = FeedMeta(
        version=version,
        valid_until=rendering.valid_until,
        etag=etag,
        last_modified=stored_last_modified(identity.name[:255], etag),
        filename=f"{identity.kind.value}-{identity.key}.ics",
        noindex=rendering.scope.noindex,
    )
    body_key = identity.body_key(etag)
    variants = {"": rendering.body} | {encoding: compress(rendering.body, encoding) for encoding in ENCODINGS}
    # The bodies first: whoever reads the new meta finds them.
    cache.set_many(
        {f"{body_key}:{encoding}" if encoding else body_key: body for encoding, body in variants.items()},
        META_SECONDS,
    )
    cache.set(identity.meta_key, meta, META_SECONDS)
    return PublicFeed(meta=meta, body_key=body_key, rendered=variants)


def _fresh(meta: FeedMeta | None, version: str, today: dt.date) -> bool:
    return meta is not None and meta.version == version and today <= meta.valid_until


# What a scope's key can be: a municipality's three digits, else a slug. Checked before the key
# reaches a cache key (a space or a control character is an invalid memcached key) or the cache
# at all (a typed key must not leave a version token behind).
_KEY_SHAPE = re.compile(r"[0-9]{3}|[-a-zA-Z0-9_]{1,120}")


def public_feed(*, kind: Scope | str, key: str, params: Mapping[str, str]) -> PublicFeed:
    """A public feed's validators (and, on demand, bytes): from the cache unless its scope changed.

    FeedFilterError for a bad filter, PermissionRefused "not_found" for an unknown or
    inactive scope (before anything is written to the cache, if it has no version token).
    Warm: one cache round trip, no query.
    """
    kind = Scope(kind)
    if not _KEY_SHAPE.fullmatch(key) or (kind is Scope.MUNICIPALITY and not key.isdigit()):
        raise PermissionRefused(_("Feed not found."), code="not_found")
    identity = _identity(kind, key, params)  # FeedFilterError before anything else
    versions.flush_pending()  # this thread's own uncommitted writes count (read your writes)
    version_key = versions.version_key(kind.value, key)
    found = cache.get_many([identity.meta_key, version_key])
    version = found.get(version_key)
    if version is None:
        # No token yet (or evicted): make one only for a scope that exists. A made-up key of
        # the right shape answers 404 having written nothing, so visitors cannot fill the cache.
        if not exists(kind, key):
            raise PermissionRefused(_("Feed not found."), code="not_found")
        version = versions.current_version(kind.value, key)
    meta = found.get(identity.meta_key)
    today = helsinki_today()
    if _fresh(meta, version, today):
        return PublicFeed(meta=meta, body_key=identity.body_key(meta.etag))
    if cache.add(identity.lock_key, 1, LOCK_SECONDS):
        try:
            return _render(identity, params, version, today)
        finally:
            cache.delete(identity.lock_key)
    if meta is not None:  # another request renders the new bytes: the previous ones meanwhile
        return PublicFeed(meta=meta, body_key=identity.body_key(meta.etag))
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        meta = cache.get(identity.meta_key)
        if _fresh(meta, version, today):
            return PublicFeed(meta=meta, body_key=identity.body_key(meta.etag))
    return _render(identity, params, version, today)


def public_feed_body(
    *, kind: Scope | str, key: str, params: Mapping[str, str], feed: PublicFeed, encoding: str | None = None
) -> tuple[PublicFeed, bytes, str | None]:
    """The feed, its bytes and their encoding: compressed in `encoding` ("br", "gzip") when the
    cache holds that variant, else plain (None), rendered again if the cache lost the body.
    One cache read on a warm hit: only the variant that is sent."""
    if encoding and (packed := feed.body(encoding)) is not None:
        return feed, packed, encoding
    plain = feed.body()
    if plain is not None:  # the variant alone was lost: the middleware compresses these bytes
        return feed, plain, None
    feed = _render(_identity(Scope(kind), key, params), params, feed.meta.version, helsinki_today())
    return feed, feed.body(encoding or ""), encoding
