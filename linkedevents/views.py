"""The Linked Events v1–compatible API over HTTP, read-only. Thin: parse, call one selector, answer.

The bytes come from `linkedevents.cache` (rendered again only when something they show changed).

Every answer is JSON with a strong ETag (a hash of its bytes), a Last-Modified that moves only
when those bytes change (kept per URL by `events.feeds.stored_last_modified`, as for the feeds),
Cache-Control, `Access-Control-Allow-Origin: *`, and 304 for a client that already has it. Bad parameters are
400 and unknown ids 404, with `{"detail": …}` as Linked Events answers; a removed event is 410
with its tombstone. No cookies are read and no Vary is added: the bytes depend on the URL alone.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.response import ResponseHeaders
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from core.errors import PermissionRefused
from events.feeds import stored_last_modified
from linkedevents import pages
from linkedevents.cache import rendered
from linkedevents.filters import FilterError

CONTENT_TYPE = "application/json; charset=utf-8"
MAX_AGE = 60  # seconds: remaining places change with every sign-up


class _NoVary(ResponseHeaders):
    """LocaleMiddleware and SessionMiddleware would add Vary; these bytes depend on the URL alone."""

    def __setitem__(self, key: str, value: str) -> None:
        if key.lower() == "vary":
            return
        super().__setitem__(key, value)


def _finish(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response.headers = _NoVary(dict(response.headers.items()))
    return response


def _json(request: HttpRequest, data: bytes, status: int = 200) -> HttpResponseBase:
    response = HttpResponse(data, content_type=CONTENT_TYPE, status=status)
    if status != 200:
        response["Cache-Control"] = "no-store"
        return _finish(response)
    etag = '"' + hashlib.sha256(data).hexdigest()[:40] + '"'
    key = "linkedevents:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
    modified = stored_last_modified(key, etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    conditional = get_conditional_response(
        request, etag=etag, last_modified=int(modified.timestamp()), response=response
    )
    return _finish(conditional)


def _error(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponseBase:
    return _json(request, json.dumps(body, ensure_ascii=False).encode(), status=status)


def _answer(request: HttpRequest, read: Callable[[], dict[str, Any]]) -> HttpResponseBase:
    try:
        return _json(request, rendered(request.get_full_path(), read))
    except FilterError as error:
        return _error(request, {"detail": str(error)}, 400)
    except pages.Gone as gone:
        return _error(request, gone.body, 410)
    except PermissionRefused as error:
        return _error(request, {"detail": str(error)}, 404)


@require_safe
def event_list(request: HttpRequest) -> HttpResponseBase:
    return _answer(request, lambda: pages.event_list(params=request.GET.dict()))


@require_safe
def event_detail(request: HttpRequest, object_id: str) -> HttpResponseBase:
    return _answer(request, lambda: pages.event_detail(event_id=object_id, params=request.GET.dict()))


@require_safe
def place_list(request: HttpRequest) -> HttpResponseBase:
    return _answer(request, lambda: pages.place_list(params=request.GET.dict()))


@require_safe
def place_detail(request: HttpRequest, object_id: str) -> HttpResponseBase:
    return _answer(request, lambda: pages.place_detail(place_id=object_id))


@require_safe
def keyword_list(request: HttpRequest) -> HttpResponseBase:
    return _answer(request, lambda: pages.keyword_list(params=request.GET.dict()))


@require_safe
def keyword_detail(request: HttpRequest, object_id: str) -> HttpResponseBase:
    return _answer(request, lambda: pages.keyword_detail(keyword_id=object_id))


@require_safe
def organization_list(request: HttpRequest) -> HttpResponseBase:
    return _answer(request, lambda: pages.organization_list(params=request.GET.dict()))


@require_safe
def organization_detail(request: HttpRequest, object_id: str) -> HttpResponseBase:
    return _answer(request, lambda: pages.organization_detail(organization_id=object_id))


@require_safe
def language_list(request: HttpRequest) -> HttpResponseBase:
    return _answer(request, lambda: pages.language_list(params=request.GET.dict()))


@require_safe
def language_detail(request: HttpRequest, object_id: str) -> HttpResponseBase:
    return _answer(request, lambda: pages.language_detail(code=object_id))
