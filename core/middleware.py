"""Cross-cutting answers to requests: a "busy, try again" page when the database makes us wait too long.

PostgreSQL enforces `lock_timeout` and `statement_timeout` (config/settings.py, DB_LOCK_TIMEOUT and
DB_STATEMENT_TIMEOUT); SQLite gives up after its own timeout with "database is locked". Either way the
transaction was rolled back, so nothing changed: the visitor gets a translated 503 with `Retry-After`
instead of an empty 500. This module must never swallow any other database error.
"""

import logging
import sqlite3
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# SQLSTATE lock_not_available and query_canceled (statement_timeout).
BUSY_SQLSTATES = frozenset({"55P03", "57014"})
RETRY_AFTER_SECONDS = 5


def is_busy_error(error: BaseException) -> bool:
    """True for a lock or statement timeout (PostgreSQL) or a locked database (SQLite)."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return isinstance(cause, sqlite3.OperationalError) and "database is locked" in str(cause)


def busy_response(request: HttpRequest) -> HttpResponse:
    message = _("The service is busy right now. Nothing was saved; please try again in a moment.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
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
