"""The iCalendar feeds over HTTP, and the subscribe links pages show. Thin: parse, read, answer.

`calendar_response` holds every HTTP rule of ICAL.md §7 for any feed, public or private:
the family's own feed (`/feeds/me/<token>.ics`) reuses it with `private=True`. Feeds
never set a cookie and never vary on Cookie or Accept-Language: their language is `?lang=`.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.response import ResponseHeaders
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from core.compression import chosen_encoding, tagged
from core.errors import PermissionRefused
from events.feeds import (
    LANGUAGES,
    FeedFilterError,
    FeedFilters,
    Scope,
    feed_path,
    public_feed,
    public_feed_body,
)

CONTENT_TYPE = "text/calendar; charset=utf-8"
MAX_AGE = 900  # seconds; at most the feeds' REFRESH-INTERVAL (4 h)


class _FeedHeaders(ResponseHeaders):
    """Headers no middleware can add a Vary to: LocaleMiddleware adds `Vary: Accept-Language` to
    every unprefixed path and SessionMiddleware `Vary: Cookie` once the session is read, yet a
    feed's bytes depend on its URL alone (shared caches would otherwise split or skip it).
    Only `Accept-Encoding` passes: the compression middleware does change the bytes by it."""

    def __setitem__(self, key: str, value: str) -> None:
        if key.lower() == "vary":
            kept = [v.strip() for v in value.split(",") if v.strip().lower() == "accept-encoding"]
            if not kept:
                return
            value = ", ".join(kept)
        super().__setitem__(key, value)


def _feed_headers_only(response: HttpResponseBase) -> HttpResponseBase:
    response.headers = _FeedHeaders(dict(response.headers.items()))
    return response


def _calendar_headers(
    body: bytes, *, etag: str, last_modified: dt.datetime, filename: str, private: bool, noindex: bool
) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = f"{'private' if private else 'public'}, max-age={MAX_AGE}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if noindex or private:
        response["X-Robots-Tag"] = "noindex"
    return response


def not_modified(
    request: HttpRequest,
    *,
    etag: str,
    last_modified: dt.datetime,
    filename: str,
    private: bool = False,
    noindex: bool = False,
) -> HttpResponseBase | None:
    """The 304 (or 412) for these validators, or None when the client needs the body."""
    headers = _calendar_headers(
        b"", etag=etag, last_modified=last_modified, filename=filename, private=private, noindex=noindex
    )
    conditional = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp()), response=headers
    )
    if conditional is headers:
        return None
    for name in ("X-Robots-Tag", "Content-Disposition"):  # 304 Not Modified, with the validators
        if name in headers:
            conditional[name] = headers[name]
    return _feed_headers_only(conditional)


def calendar_response(
    request: HttpRequest,
    *,
    body: bytes,
    last_modified: dt.datetime,
    filename: str,
    etag: str | None = None,
    encoding: str | None = None,
    private: bool = False,
    noindex: bool = False,
) -> HttpResponseBase:
    """An .ics answer with a strong ETag (a hash of exactly `body`) and `last_modified` (the latest
    change of anything rendered, deletions included: the caller's promise), 304 when the client's
    If-None-Match (or, without it, If-Modified-Since) shows it already has these bytes.

    `encoding` ("br", "gzip"): `body` is already compressed so (`etag` is then the plain bytes'
    one, required), sent with its own tagged ETag; the compression middleware passes it."""
    etag = etag or '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    validators = {"etag": etag, "last_modified": last_modified, "filename": filename}
    early = not_modified(request, **validators, private=private, noindex=noindex)
    if early is not None:
        return early
    response = _calendar_headers(body, **validators, private=private, noindex=noindex)
    if encoding:
        response["ETag"] = tagged(etag, encoding)
        response["Content-Encoding"] = encoding
        response["Vary"] = "Accept-Encoding"
    response["Content-Length"] = str(len(body))
    return _feed_headers_only(response)


def _text(status: int, message: str) -> HttpResponseBase:
    return _feed_headers_only(HttpResponse(message, status=status, content_type="text/plain; charset=utf-8"))


# Calendar apps poll without cookies, and a feed never changes state: a POST is 405 Method Not
# Allowed (require_safe), not the CSRF check's 403.
@csrf_exempt
@require_safe
def public_feed_view(request: HttpRequest, kind: str, key: str) -> HttpResponseBase:
    lang = request.GET.get("lang")
    with translation.override(lang if lang in LANGUAGES else "fi"):
        try:
            feed = public_feed(kind=kind, key=key, params=request.GET)
            # A 304 is answered from the validators alone: the body is never loaded for it.
            early = not_modified(
                request,
                etag=feed.etag,
                last_modified=feed.last_modified,
                filename=feed.filename,
                noindex=feed.noindex,
            )
            if early is not None:
                return early
            # Warm: the one variant sent, compressed when it was rendered (never per request).
            feed, body, encoding = public_feed_body(
                kind=kind, key=key, params=request.GET, feed=feed, encoding=chosen_encoding(request)
            )
        except FeedFilterError as error:
            return _text(400, str(error))
        except PermissionRefused as error:
            return _text(404, str(error))
    return calendar_response(
        request,
        body=body,
        encoding=encoding,
        etag=feed.etag,
        last_modified=feed.last_modified,
        filename=feed.filename,
        noindex=feed.noindex,
    )


# --- Subscribe links on pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class SubscribeLinks:
    https: str  # copy and paste (Outlook.com, Thunderbird, a municipality's site)
    webcal: str  # one click in Apple Calendar and Outlook desktop
    google: str  # Google's add-by-URL: the https URL, never webcal (Google syncs nothing from it)


def subscribe_links(kind: Scope | str, key: str, filters: FeedFilters | None = None) -> SubscribeLinks:
    """Absolute links to a feed, from settings.SITE_URL; the page's language goes along as `lang`."""
    language = (translation.get_language() or "fi").split("-")[0]
    filters = filters or FeedFilters()
    if language in LANGUAGES and filters.lang == "fi":
        filters = FeedFilters(**{**filters.__dict__, "lang": language})
    https = settings.SITE_URL + feed_path(kind, key, filters)
    rest = https.split("://", 1)[1]
    return SubscribeLinks(
        https=https,
        webcal=f"webcal://{rest}",
        google="https://calendar.google.com/calendar/r?" + urlencode({"cid": https}, quote_via=quote),
    )
