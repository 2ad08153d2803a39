"""Compress responses with brotli or gzip, whichever the client prefers (Accept-Encoding).

HTML, feeds (text/calendar), JSON, CSS, JavaScript and other text of at least 200 bytes;
static files arrive already compressed from WhiteNoise (Content-Encoding set) and pass.

BREACH (docs/decisions.md): compression leaks a secret in a body that also reflects
attacker-chosen input, so this never compresses a response that may hold one:
- one the CSRF token was put in (a form: the CSRF cookie is set with it), although Django
  masks the token per response, because such pages also reflect the form's input;
- any response to a request carrying the session cookie: signed-in pages hold personal
  data next to reflected search terms and form values.
Public pages, feeds and the API (no session, no form) are the bulk of the traffic and are
compressed. The manage-link page (`/signups/<token>/`) always holds a form, so it is not.

Each encoding gets its own strong ETag (`"<hash>-br"`, `"<hash>-gzip"`: other bytes, another
entity tag, RFC 9110 §8.8.3) instead of GZipMiddleware's weakened one; the suffix is taken
off a request's If-None-Match before the view compares, so revalidation still answers 304.

A view that keeps its bytes already compressed (the public feeds: compressed once when
rendered, not per request) asks `chosen_encoding()` and answers with `Content-Encoding` and the
`tagged()` ETag itself; this middleware passes such a response untouched.
"""

import gzip
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers

try:
    import brotli
except ImportError:  # pragma: no cover (a requirement; without it, gzip only)
    brotli = None

MIN_SIZE = 200
_COMPRESSIBLE = re.compile(
    r"^(text/|application/(json|javascript|xml|ld\+json|problem\+json|manifest\+json)|image/svg\+xml)"
)
_SUFFIX = re.compile(r'-(br|gzip)"')


def _accepted(header: str) -> set[str]:
    found = set()
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            if float(quality) > 0:
                found.add(name.strip().lower())
        except ValueError:
            continue
    return found


def _may_hold_a_secret(request: HttpRequest, response: HttpResponseBase | None = None) -> bool:
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    # The CSRF middleware (re)sets its cookie whenever the token went into the response, and then
    # clears the request's flag; before it ran (or with CSRF_USE_SESSIONS) the flag tells.
    cookies = response.cookies if response is not None else {}
    return settings.CSRF_COOKIE_NAME in cookies or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _preferred(request: HttpRequest) -> str | None:
    accepted = _accepted(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    return "br" if "br" in accepted and brotli is not None else "gzip" if "gzip" in accepted else None


def chosen_encoding(request: HttpRequest) -> str | None:
    """The encoding this middleware would give the response: "br", "gzip" or None (none accepted,
    or the request carries the session cookie). A view holding its bytes already compressed
    (the feeds) answers with them, and the middleware passes them (Content-Encoding is set)."""
    encoding = _preferred(request)
    if encoding is None or _may_hold_a_secret(request):
        return None
    return encoding


def compress(body: bytes, encoding: str) -> bytes:
    """`body` in `encoding` ("br" or "gzip"), deterministic: the same bytes give the same bytes."""
    if encoding == "br":
        return brotli.compress(body, quality=5)
    return gzip.compress(body, compresslevel=6, mtime=0)


def tagged(etag: str, encoding: str) -> str:
    """The strong ETag of the `encoding` variant: `"<hash>-br"`; a weak one stays as it is."""
    if etag and etag.endswith('"') and not etag.startswith("W/"):
        return f'{etag[:-1]}-{encoding}"'
    return etag


class CompressionMiddleware:
    """Put it right after SecurityMiddleware, so it sees the final body of every other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        encoding = _preferred(request)
        held = request.META.get("HTTP_IF_NONE_MATCH", "")
        if _SUFFIX.search(held):  # the client holds a compressed copy: compare what the view knows
            request.META["HTTP_IF_NONE_MATCH"] = _SUFFIX.sub('"', held)
        response = self.get_response(request)
        if response.status_code == 304:  # the validators of the copy the client holds
            if encoding and f'-{encoding}"' in held and not _may_hold_a_secret(request):
                patch_vary_headers(response, ("Accept-Encoding",))
                self._tag(response, encoding)
            return response
        content_type = response.get("Content-Type", "")
        if not _COMPRESSIBLE.match(content_type) or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if encoding is None or response.streaming or _may_hold_a_secret(request, response):
            return response
        if len(response.content) < MIN_SIZE:
            return response
        compressed = compress(response.content, encoding)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = encoding
        self._tag(response, encoding)
        return response

    @staticmethod
    def _tag(response: HttpResponseBase, encoding: str) -> None:
        if response.has_header("ETag"):
            response["ETag"] = tagged(response["ETag"], encoding)
