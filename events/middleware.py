"""Public feeds answered before the page middleware: calendar apps poll them all day long, and a
feed needs none of what a page needs.

Placed right after the compression middleware (config/settings.py), so the outer ones
(PublicResponse, Security, Compression) still see every feed. A request for
`/feeds/<scope>/<key>.ics` goes straight to its view: no session, locale negotiation, CSRF,
authentication, messages, CSP, allauth or URL resolution runs for it. What those give a feed is
given here: `Content-Language` from `?lang=` (QueryLanguageMiddleware with LocaleMiddleware),
`Content-Length` (CommonMiddleware), `X-Frame-Options` (XFrameOptionsMiddleware), and the busy
answer (BusyMiddleware). Any other path, the family's private feed (`/feeds/me/`) included, and
a key the URL patterns would not match, takes the whole stack. tests/events/test_feed_fast_path.py
checks that both ways answer alike.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

from core.middleware import busy_response, is_busy_error
from events.views.feeds import public_feed_view

# The keys events/urls_feeds.py accepts: a municipality's `str`, the others' `slug`.
_PUBLIC_FEED = re.compile(
    r"/feeds/(?:(?P<kind>region|venue|organization|group)/(?P<slug>[-a-zA-Z0-9_]+)"
    r"|municipality/(?P<code>[^/]+))\.ics"
)


class PublicFeedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        match = _PUBLIC_FEED.fullmatch(request.path_info)
        if match is None:
            return self.get_response(request)
        kind, key = (match["kind"], match["slug"]) if match["kind"] else ("municipality", match["code"])
        lang = request.GET.get("lang", "")
        lang = lang if lang in self.languages else settings.LANGUAGE_CODE
        with translation.override(lang):
            try:
                response = public_feed_view(request, kind=kind, key=key)
            except OperationalError as error:
                if not is_busy_error(error):
                    raise
                response = busy_response(request)
        response.headers.setdefault("Content-Language", lang)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
