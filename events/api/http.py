"""HTTP around every API answer: CORS, validators (ETag, Last-Modified, Cache-Control, 304), OPTIONS,
405, and the one error shape (`schemas.ApiError`) with `detail` translated per `?lang=`.

The ETag is a strong hash of the JSON bytes. Last-Modified is when this URL first answered
those bytes, kept in the cache beside the ETag (`api:seen:<hash of the URL>`), so it moves
only when the answer changes and If-Modified-Since is as safe as If-None-Match. Answers may
be kept `MAX_AGE` seconds: remaining places change, so not long.
"""

import functools
import hashlib
import time
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from events.api.schemas import LANGUAGES

MAX_AGE = 60
SEEN_SECONDS = 7 * 24 * 60 * 60
METHODS = "GET, HEAD, OPTIONS"


def error_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    detail: Any,
    errors: list[dict] | None = None,
    params: dict[str, str] | None = None,
) -> JsonResponse:
    """The one error body: {"code", "detail" (lazy text, translated to `?lang=`), "errors"}."""
    lang = request.GET.get("lang")
    with translation.override(lang if lang in LANGUAGES else "fi"):
        text = str(detail) % params if params else str(detail)
        body = {"code": code, "detail": text, "errors": errors or []}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


def _first_seen(request: HttpRequest, etag: str) -> int:
    key = "api:seen:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    seen = cache.get(key)
    if seen is not None and seen[0] == etag:
        return seen[1]
    now = int(time.time())
    # Strictly later than a copy a client may hold, so If-Modified-Since never hides a change.
    stamp = now if seen is None else max(now, seen[1] + 1)
    cache.set(key, (etag, stamp), SEEN_SECONDS)
    return stamp


def _with_validators(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    if response.status_code != 200 or response.streaming:
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    modified = _first_seen(request, etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


def public_get(view: Any) -> Any:
    """Wrap one of the API's URL views: the API only reads, for anyone, from anywhere."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "OPTIONS":  # a CORS preflight, or a client asking what is allowed
            response: HttpResponseBase = HttpResponse(status=204)
            response["Allow"] = METHODS
            response["Access-Control-Allow-Methods"] = METHODS
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = error_response(
                request,
                status=405,
                code="method_not_allowed",
                detail=_("The API only reads: use GET."),
            )
            response["Allow"] = METHODS
        else:
            response = _with_validators(request, view(request, *args, **kwargs))
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        return response

    return wrapped
