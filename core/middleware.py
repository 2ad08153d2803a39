"""Cross-cutting answers to requests: a "busy, try again" page when the database makes us wait too long,
and headers that match how a response really varies (cookies, language).

PostgreSQL enforces `lock_timeout` and `statement_timeout` (config/settings.py, DB_LOCK_TIMEOUT and
DB_STATEMENT_TIMEOUT); SQLite gives up after its own timeout with "database is locked". Either way the
transaction was rolled back, so nothing changed: the visitor gets a translated 503 with `Retry-After`
instead of an empty 500. This module must never swallow any other database error.
"""

import logging
import sqlite3
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# SQLSTATE lock_not_available and query_canceled (statement_timeout).
BUSY_SQLSTATES = frozenset({"55P03", "57014"})
RETRY_AFTER_SECONDS = 5


def is_busy_error(error: BaseException) -> bool:
    """True for a lock or statement timeout (PostgreSQL) or a locked database (SQLite), also when
    another exception was raised because of it (Django turns a failed session save into
    SessionInterrupted)."""
    seen = 0
    node: BaseException | None = error
    while node is not None and seen < 10:
        if isinstance(node, OperationalError):
            cause = node.__cause__
            if getattr(cause, "sqlstate", None) in BUSY_SQLSTATES:
                return True
            if isinstance(cause, sqlite3.OperationalError) and "database is locked" in str(cause):
                return True
        node = node.__cause__ or node.__context__
        seen += 1
    return False


def busy_response(request: HttpRequest) -> HttpResponse:
    message = _("The service is busy right now. Nothing was saved; please try again in a moment.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    elif request.path.startswith("/feeds/"):  # calendar apps, and no page middleware ran for it
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    else:
        response = render(request, "core/busy.html", {"message": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class BusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy_error(exception):
            return None
        logger.warning("Database busy (%s) on %s %s", exception, request.method, request.path)
        return busy_response(request)


# --- Headers that say how a response really varies ---------------------------------------------------

# Unprefixed URLs whose language is `?lang=` (fi by default), never Accept-Language (DESIGN.md).
QUERY_LANGUAGE_PREFIXES = ("/feeds/", "/api/", "/embed/")
# Feeds are polled by calendar apps and never set a cookie, public or private.
COOKIELESS_PREFIXES = ("/feeds/",)


def _query_language_path(path: str) -> bool:
    return path.startswith(QUERY_LANGUAGE_PREFIXES)


def _without_vary(response: HttpResponse, *names: str) -> None:
    if not response.has_header("Vary"):
        return
    drop = {name.lower() for name in names}
    kept = [v.strip() for v in response["Vary"].split(",") if v.strip() and v.strip().lower() not in drop]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class QueryLanguageMiddleware:
    """On feeds, embeds and the API, the active language is `?lang=` (else fi) for the whole request.

    Placed right after LocaleMiddleware, so it replaces the Accept-Language guess; LocaleMiddleware
    then writes `Content-Language` from it (unless the view set its own), and
    `PublicResponseMiddleware` drops the `Vary: Accept-Language` LocaleMiddleware adds.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _query_language_path(request.path_info):
            codes = {code for code, _name in settings.LANGUAGES}
            lang = request.GET.get("lang", "")
            translation.activate(lang if lang in codes else settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class PublicResponseMiddleware:
    """The outermost middleware: a response a shared cache may keep never carries a cookie.

    Whatever the request brought (a stale session cookie that SessionMiddleware deletes, a
    malformed CSRF cookie that CsrfViewMiddleware replaces), a response marked
    `Cache-Control: public`, and any feed, goes out without `Set-Cookie` and without
    `Vary: Cookie`: otherwise a cache could hand one visitor's cookie to everyone. Responses whose
    language is `?lang=` do not vary on Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "").lower()
        public = "public" in {part.strip() for part in cache_control.split(",")}
        if public or request.path_info.startswith(COOKIELESS_PREFIXES):
            for name in list(response.cookies):
                del response.cookies[name]
            _without_vary(response, "Cookie")
        if _query_language_path(request.path_info):
            _without_vary(response, "Accept-Language")
        return response
