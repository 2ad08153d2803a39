"""Public pages families use: find sessions (/<lang>/), a group, a session. Thin: parse, read, render.

Never a 500 for what a visitor typed: bad filter values and dates are dropped
with a notice, a bad page number shows the nearest page, an unknown, inactive or
(for sessions) unkeyed unlisted group is a 404.
"""

import datetime
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accessibility.rules import Verdict
from core.errors import PermissionRefused
from events.feeds import FeedFilters
from events.selectors import (
    SessionFilters,
    group_get,
    helsinki_today,
    session_get,
    session_search,
)
from events.selectors_suggest import (
    WIDEN_COUNT_CAP,
    place_matches,
    search_suggestion,
    service_filters_for,
    service_matches_for,
    session_next,
    session_widenings,
)
from events.views.feeds import SubscribeLinks, subscribe_links
from events.views.forms import WIDEN_PARAMS, SessionFilterForm, filter_summary, session_filter_pairs
from events.views.paging import page_of
from events.views.public_display import (
    by_day,
    group_page,
    session_page,
    session_row,
    week_days,
    window_label,
)
from venues.selectors import region_list

PER_PAGE = 30
# A week is one view; a busy week is split into pages of this many, days marked where they continue.
WEEK_PER_PAGE = 100
WEEK = datetime.timedelta(days=7)


def _query(pairs: list[tuple[str, str]], **extra: str) -> str:
    return urlencode([*pairs, *((name, value) for name, value in extra.items() if value)])


@dataclass(frozen=True)
class Widening:
    """A link that drops one filter, with how many sessions the window then has."""

    label: str
    count: str  # "12", or "100+" past the cap
    query: str


def _dead_end(
    filters: SessionFilters, pairs: list[tuple[str, str]], *, last: datetime.date, today: datetime.date
) -> dict:
    """What an empty window offers instead of "nothing": the next matching session, whenever it
    is, and each filter in use with the count its removal would give."""
    upcoming = session_next(filters=filters, after=last + datetime.timedelta(days=1))
    widen = []
    for name, count in session_widenings(filters=filters).items():
        params, label = WIDEN_PARAMS[name]
        if count:
            widen.append(
                Widening(
                    label=str(label),
                    count=f"{WIDEN_COUNT_CAP}+" if count > WIDEN_COUNT_CAP else str(count),
                    query=_query([(key, value) for key, value in pairs if key not in params]),
                )
            )
    return {
        "next_session": session_row(upcoming, today=today) if upcoming else None,
        "widen": widen,
    }


def _search_feed(filters: SessionFilters) -> SubscribeLinks | None:
    """The feed of the municipality or sub-region the search is narrowed to, with its filters that
    feeds know (language, accessibility); none for a search of the whole county."""
    access = filters.access.value if filters.access in (Verdict.YES, Verdict.LIMITED) else None
    feed_filters = FeedFilters(
        language=filters.language,
        viewpoint=filters.viewpoint.value if filters.viewpoint and access else None,
        access=access,
    )
    if filters.municipality:
        return subscribe_links("municipality", filters.municipality, feed_filters)
    if filters.region:
        return subscribe_links("region", filters.region, feed_filters)
    return None


def _service_query(filters: SessionFilters) -> str:
    """The full service list's query for the same words, area and language."""
    wanted = service_filters_for(filters)
    return urlencode(
        [
            (name, getattr(wanted, name))
            for name in ("q", "municipality", "region", "language")
            if getattr(wanted, name)
        ]
    )


@require_safe
def session_search_view(request: HttpRequest) -> HttpResponse:
    today = helsinki_today()
    form = SessionFilterForm(request.GET, regions=region_list())
    form.is_valid()  # what did not validate is dropped and named in `notices`
    filters = form.filters()
    pairs = session_filter_pairs(filters)  # the filters in use, for links that keep them
    week = request.GET.get("view") == "week"
    if week:
        # Seven days from the chosen day (today by default); the week's links move date_from.
        start = filters.date_from or today
        filters = replace(filters, date_from=start, date_to=start + WEEK - datetime.timedelta(days=1))
        pairs = [(name, value) for name, value in pairs if name not in {"date_from", "date_to"}]
    first, last = filters.window(today)
    per_page = WEEK_PER_PAGE if week else PER_PAGE
    page = page_of(
        session_search(filters=filters, cards=True), per_page=per_page, number=request.GET.get("page")
    )
    rows = [session_row(session, today=today) for session in page.object_list]
    context = {
        "form": form,
        "notices": form.notices(),
        "filtered": bool(pairs) or bool(form.notices()),
        "page": page,
        "week": week,
        "window": window_label(first, last, today=today),
        "summary": filter_summary(form),
    }
    if filters.text:
        # A text search also answers with the places it names, and with nearer words when it finds nothing.
        context["places"] = place_matches(text=filters.text)
        context["services"] = service_matches_for(actor=request.user, filters=filters)
        context["services_query"] = _service_query(filters)
        if not page.object_list and not context["places"] and not context["services"]:
            suggestion = search_suggestion(text=filters.text)
            if suggestion:
                context["did_you_mean"] = suggestion
                context["did_you_mean_query"] = _query(
                    [(name, value) for name, value in pairs if name != "q"], q=suggestion
                )
    if not page.object_list:
        context |= _dead_end(filters, pairs, last=last, today=today)
    if week:
        context |= {
            "days": week_days(
                rows, first, today=today, has_previous=page.has_previous(), has_next=page.has_next()
            ),
            "page_query": _query(pairs, date_from=first.isoformat(), view="week"),
            "list_query": _query(pairs, date_from=first.isoformat(), date_to=last.isoformat()),
            "week_query": _query(pairs, date_from=first.isoformat(), view="week"),
            "previous_week_query": _query(pairs, date_from=(first - WEEK).isoformat(), view="week"),
            "next_week_query": _query(pairs, date_from=(first + WEEK).isoformat(), view="week"),
        }
    else:
        context |= {
            "days": by_day(rows, today=today),
            "page_query": _query(pairs),
            "list_query": _query(pairs),
            "week_query": _query([(name, value) for name, value in pairs if name != "date_to"], view="week"),
        }
    context["subscribe"] = _search_feed(filters)
    return render(request, "events/public/search.html", context)


@require_safe
def group_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        group = group_get(slug=slug)
    except PermissionRefused as error:
        raise Http404(str(error)) from error
    return render(
        request,
        "events/public/group_detail.html",
        {
            "page": group_page(group, today=helsinki_today()),
            "subscribe": subscribe_links("group", group.slug),
        },
    )


@require_safe
def session_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = session_get(pk=pk, group_slug=request.GET.get("group"))
    except PermissionRefused as error:
        raise Http404(str(error)) from error
    return render(
        request, "events/public/session_detail.html", {"page": session_page(session, now=timezone.now())}
    )
