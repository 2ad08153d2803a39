"""Public venue pages: /<lang>/venues/ and /<lang>/venues/<slug>/. Thin: parse, call selectors, render.

Never a 500 for what a visitor typed: bad filter values are dropped with a notice,
a bad page number shows the nearest page, an unknown or hidden venue is a 404.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.errors import PermissionRefused
from core.maps import allows_map_tiles
from directory.selectors import services_at_venue
from events.selectors import VenueFilters, helsinki_today, venue_get, venue_list, venue_sessions_upcoming
from events.views.display import venue_card, venue_map, venue_page
from events.views.feeds import subscribe_links
from events.views.forms import VenueFilterForm, filter_query
from events.views.public_display import session_row
from venues.selectors import region_list

PER_PAGE = 30


@require_safe
@allows_map_tiles
def venue_list_view(request: HttpRequest) -> HttpResponse:
    form = VenueFilterForm(request.GET, regions=region_list())
    form.is_valid()  # what did not validate is dropped and named in `notices`
    filters = form.filters()
    page = Paginator(venue_list(filters=filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/venues/list.html",
        {
            "form": form,
            "notices": form.notices(),
            "filtered": filters != VenueFilters(),
            "filter_query": filter_query(filters),
            "page": page,
            "cards": [venue_card(venue) for venue in page.object_list],
            "venue_map": venue_map(page.object_list),
        },
    )


@require_safe
@allows_map_tiles
def venue_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    today = helsinki_today()
    try:
        venue = venue_get(slug=slug, today=today)
    except PermissionRefused as error:
        raise Http404(str(error)) from error
    return render(
        request,
        "events/venues/detail.html",
        {
            "page": venue_page(venue, today=today),
            "venue_map": venue_map([venue]),
            "subscribe": subscribe_links("venue", venue.slug),
            "services": services_at_venue(actor=request.user, venue=venue),
            "upcoming_sessions": [
                session_row(session, today=today) for session in venue_sessions_upcoming(venue=venue)
            ],
        },
    )
