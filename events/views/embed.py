"""Embeddable calendars for municipalities' own sites: /embed/municipality/<code>/, /embed/region/<slug>/,
/embed/venue/<slug>/, and their theme stylesheet /embed/theme.css. Thin: parse, read, render.

Unprefixed like the feeds: the language comes from `?lang=` (fi by default), not from
the visitor's browser. These pages, and only these, may be framed: by the sites in
settings.EMBED_FRAME_ANCESTORS (default *) and those the organizations the calendar concerns
list in the workspace (venues.embed_origins, read per request from a cache invalidated on
save); every other page keeps refusing framing.
They never set a cookie (no session, no CSRF token: the filter form is GET), and are
publicly cacheable for five minutes. Never a 500 for what a host site or visitor typed.
"""

import json
from collections.abc import Callable
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from core.errors import PermissionRefused
from events.selectors import helsinki_today
from events.selectors_embed import (
    EmbedScope,
    ScopeKind,
    embed_organization_ids,
    embed_scope_get,
    embed_sessions,
)
from events.views.embed_display import (
    EmbedFilterForm,
    EmbedOptions,
    accent_colour,
    filter_pairs,
    query,
    theme_css,
    window,
)
from events.views.public_display import by_day, session_row, window_label
from venues.embed_origins import frame_ancestors

PER_PAGE = 40
CACHE_SECONDS = 300
THEME_CACHE_SECONDS = 86_400

View = Callable[..., HttpResponse]


def framed_by(response: HttpResponse, ancestors: list[str]) -> HttpResponse:
    """Let exactly these sources frame the response: CSP frame-ancestors replaced (django-csp),
    X-Frame-Options left out (the view is xframe_options_exempt)."""
    return csp_replace({"frame-ancestors": ancestors})(lambda: response)()


def _full_calendar_url(scope: EmbedScope) -> str:
    """The same place on the site itself, in the active language."""
    if scope.kind == ScopeKind.VENUE:
        return reverse("venues:detail", args=[scope.key])
    return f"{reverse('home')}?{query([(scope.kind.value, scope.key)])}"


def _calendar(request: HttpRequest, kind: ScopeKind, key: str) -> HttpResponse:
    options = EmbedOptions.from_query(request.GET)
    with translation.override(options.language):
        try:
            scope = embed_scope_get(kind=kind, key=key)
        except PermissionRefused as error:
            raise Http404(str(error)) from error
        # The global default and the sites of the organizations concerned (venues.embed_origins).
        ancestors = frame_ancestors(embed_organization_ids(scope=scope))
        today = helsinki_today()
        form = EmbedFilterForm(request.GET)
        form.is_valid()  # what did not validate is dropped and named in `notices`
        filters = form.filters(today=today)
        span = window(filters.date_from or today, today=today)
        kept = filter_pairs(filters)
        page = Paginator(embed_sessions(scope=scope, filters=filters), PER_PAGE).get_page(
            request.GET.get("page")
        )
        rows = [session_row(session, today=today) for session in page.object_list]
        response = render(
            request,
            "events/embed/calendar.html",
            {
                "scope": scope,
                "options": options,
                "option_pairs": options.pairs(),
                "form": form,
                "notices": form.notices(),
                "days": by_day(rows, today=today),
                # Session links are absolute and open outside the iframe: base_url + row.url.
                "base_url": request.build_absolute_uri("/").rstrip("/"),
                "filtered": bool(kept) or bool(form.cleaned_data.get("date_from")) or bool(form.notices()),
                "page": page,
                "window": span,
                "window_label": window_label(span.first, span.last, today=today),
                "page_query": query(options.pairs(), kept, date_from=span.first.isoformat()),
                "previous_query": span.previous
                and query(options.pairs(), kept, date_from=span.previous.isoformat()),
                "next_query": query(options.pairs(), kept, date_from=span.next.isoformat()),
                "full_calendar_url": request.build_absolute_uri(_full_calendar_url(scope)),
            },
        )
    response["Content-Language"] = options.language
    return framed_by(response, ancestors)


def _embed(kind: ScopeKind) -> View:
    @require_safe
    @xframe_options_exempt
    @cache_control(public=True, max_age=CACHE_SECONDS)
    def view(request: HttpRequest, key: str) -> HttpResponse:
        return _calendar(request, kind, key)

    view.__name__ = f"embed_{kind.value}_view"
    return view


embed_municipality_view = _embed(ScopeKind.MUNICIPALITY)
embed_region_view = _embed(ScopeKind.REGION)
embed_venue_view = _embed(ScopeKind.VENUE)


@require_safe
@cache_control(public=True, max_age=THEME_CACHE_SECONDS)
def theme_css_view(request: HttpRequest) -> HttpResponse:
    """The accent colour as a stylesheet, so the pages need no inline style (CSP style-src 'self')."""
    accent = accent_colour(request.GET.get("accent"))
    if accent is None:
        raise Http404("No such theme.")
    return HttpResponse(theme_css(accent), content_type="text/css; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=THEME_CACHE_SECONDS)
def resize_script_view(request: HttpRequest) -> HttpResponse:
    """The script of the embed snippet (/embed/resize.js): a stable address, unlike hashed static
    files, because it is pasted into other sites. It sizes the iframes from the heights our
    embed pages post, and trusts only messages from this site's origin (settings.SITE_URL)."""
    parts = urlsplit(settings.SITE_URL)
    origin = f"{parts.scheme}://{parts.netloc}"
    body = render_to_string("events/embed/resize.js", {"origin_json": json.dumps(origin)})
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")
