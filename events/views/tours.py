"""The mobile family centre's public pages: /<lang>/tours/ and /<lang>/tours/<slug>/.

"Where is the mobile family centre this week?": this week's and next week's visits
(venue, municipality, time, address, map link, cancellations and moves), then the
whole circuit. Weeks are Monday to Sunday in Helsinki, whatever the server's zone.

The reads are here, beside the only pages that use them; each page runs a fixed
number of queries whatever the number of stops and sessions (tests pin it).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from events import recurrence
from events.models import Group, Session, Tour, TourStop
from events.selectors import helsinki_today
from events.services.tours import monday_of, week_1_of, week_of_cycle
from events.views.display import date_range, format_time, map_url
from venues.models import Venue

HELSINKI = recurrence.HELSINKI


# --- Reads ----------------------------------------------------------------------------------------


def _public_tours() -> QuerySet[Tour]:
    return Tour.objects.filter(
        is_active=True,
        group__is_active=True,
        group__visibility=Group.Visibility.PUBLIC,
        organization__is_active=True,
    )


def _stops() -> Prefetch:
    return Prefetch(
        "stops",
        queryset=TourStop.objects.select_related("venue__municipality", "series__room").filter(
            venue__is_active=True
        ),
    )


def tour_list() -> list[Tour]:
    """Active public tours with their stops (two queries)."""
    return list(
        _public_tours().select_related("organization").prefetch_related(_stops()).order_by("name", "pk")
    )


def tour_get(*, slug: str) -> Tour:
    tour = (
        _public_tours()
        .filter(slug=slug)
        .select_related("organization", "group")
        .prefetch_related(_stops())
        .first()
    )
    if tour is None:
        raise Http404(_("Tour not found."))
    return tour


def tour_sessions(tour: Tour, start: dt.datetime, end: dt.datetime) -> list[Session]:
    """The tour group's sessions held in [start, end) or planned there before being moved away."""
    return list(
        Session.objects.filter(group_id=tour.group_id)
        .filter(Q(start__gte=start, start__lt=end) | Q(original_start__gte=start, original_start__lt=end))
        .select_related("room__venue__municipality", "series__room__venue__municipality")
        .order_by("start", "pk")
    )


# --- Shaped for the template ------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    venue: Venue
    room: str
    address: str
    municipality: str
    map_url: str


def _place(venue: Venue, room_name: str) -> Place:
    return Place(
        venue=venue,
        room=room_name,
        address=f"{venue.street_address}, {venue.postal_code} {venue.post_office}",
        municipality=venue.municipality.name,
        map_url=map_url(venue),
    )


def _day_label(day: dt.date) -> str:
    """Tiistai 24.11. / Tisdag 24.11. / Tuesday 24.11., for a heading."""
    return capfirst(_day(day))


def _day(day: dt.date) -> str:
    """tiistai 24.11. / tisdag 24.11. / Tuesday 24.11., within a sentence."""
    return f"{date_format(day, 'l')} {dateformat.format(day, 'j.n.')}"


def _moment(value: dt.datetime) -> str:
    local = value.astimezone(HELSINKI)
    return f"{_day(local.date())} {format_time(local.time())}"


@dataclass(frozen=True)
class Visit:
    session_id: int
    day: str
    starts: dt.datetime  # Helsinki
    ends: dt.datetime
    time: str
    place: Place
    cancelled: bool = False
    cancel_reason: str = ""
    notes: tuple[str, ...] = ()  # moved: from where and when
    moved_away: bool = False  # shown where it was planned; held in another week
    past: bool = False


def _visit(session: Session, *, now: dt.datetime, week_start: dt.datetime, week_end: dt.datetime) -> Visit:
    start, end = session.start.astimezone(HELSINKI), session.end.astimezone(HELSINKI)
    original = session.original_start.astimezone(HELSINKI) if session.original_start else None
    planned_room = session.series.room if session.series else None
    time_moved = original is not None and original != start
    room_moved = planned_room is not None and planned_room.pk != session.room_id
    here = week_start <= start < week_end
    place = _place(session.room.venue, session.room.name)
    notes = []
    if not here:
        # Planned in this week, held in another: shown where and when it was planned, pointing on.
        if planned_room is not None and planned_room.venue_id != session.room.venue_id:
            notes.append(
                _("Moved to %(when)s at %(venue)s.")
                % {"when": _moment(start), "venue": session.room.venue.name}
            )
            place = _place(planned_room.venue, planned_room.name)
        else:
            notes.append(_("Moved to %(when)s.") % {"when": _moment(start)})
        start = original or start
        end = start + (session.end - session.start)
    else:
        if time_moved:
            notes.append(_("Moved from %(when)s.") % {"when": _moment(original)})
        if room_moved and planned_room is not None:
            if planned_room.venue_id != session.room.venue_id:
                notes.append(_("Not at %(venue)s as planned, but here.") % {"venue": planned_room.venue.name})
            else:
                notes.append(_("In another room than usual: %(room)s.") % {"room": session.room.name})
    return Visit(
        session_id=session.pk,
        day=_day_label(start.date()),
        starts=start,
        ends=end,
        time=f"{format_time(start.time())}–{format_time(end.time())}",
        place=place,
        cancelled=session.is_cancelled,
        cancel_reason=session.cancel_reason,
        notes=tuple(notes),
        moved_away=not here,
        past=session.end <= now and here,
    )


@dataclass
class Week:
    title: str
    dates: str
    cycle_week: int | None
    visits: list[Visit] = field(default_factory=list)


@dataclass(frozen=True)
class CircuitStop:
    weekday: str
    time: str
    place: Place
    period: str


@dataclass(frozen=True)
class CircuitWeek:
    number: int
    stops: list[CircuitStop]


def _circuit(stops: list[TourStop], *, today: dt.date) -> list[CircuitWeek]:
    weeks: dict[int, list[tuple[tuple, CircuitStop]]] = {}
    for stop in stops:
        series = stop.series
        weekday = series.weekday_list[0] if series.weekday_list else 0
        start = dt.datetime.combine(series.first_date, series.start_time)
        end = start + dt.timedelta(minutes=series.duration_minutes)
        item = CircuitStop(
            weekday=capfirst(date_format(dt.date(2024, 1, 1) + dt.timedelta(days=weekday), "l")),
            time=f"{format_time(start.time())}–{format_time(end.time())}",
            place=_place(stop.venue, series.room.name),
            period=date_range(series.first_date, series.last_date, today=today),
        )
        weeks.setdefault(stop.week_of_cycle, []).append(((weekday, series.start_time, stop.pk), item))
    return [
        CircuitWeek(number=number, stops=[item for _key, item in sorted(items, key=lambda pair: pair[0])])
        for number, items in sorted(weeks.items())
    ]


@dataclass
class TourPage:
    tour: Tour
    weeks: list[Week]
    circuit: list[CircuitWeek]
    shows_cycle: bool
    municipalities: list[str]

    @property
    def stop_heading(self) -> str:
        """Stops are headed under their week's heading when the circuit has several weeks."""
        return "h4" if self.shows_cycle else "h3"


def tour_page(tour: Tour, *, today: dt.date, now: dt.datetime) -> TourPage:
    stops = list(tour.stops.all())
    monday = monday_of(today)
    window_start = recurrence.local(monday, dt.time(0))
    window_end = recurrence.local(monday + dt.timedelta(weeks=2), dt.time(0))
    sessions = tour_sessions(tour, window_start, window_end)
    if tour.first_date is not None:
        anchor: dt.date | None = monday_of(tour.first_date)
    else:
        anchor = week_1_of(min(stops, key=lambda stop: stop.pk)) if stops else None
    weeks = []
    titles = (pgettext("tour page", "This week"), pgettext("tour page", "Next week"))
    for offset, title in enumerate(titles):
        first_day = monday + dt.timedelta(weeks=offset)
        start = recurrence.local(first_day, dt.time(0))
        end = recurrence.local(first_day + dt.timedelta(weeks=1), dt.time(0))
        visits = []
        for session in sessions:
            start_here = start <= session.start < end
            planned_here = session.original_start is not None and start <= session.original_start < end
            if start_here or planned_here:
                visits.append(_visit(session, now=now, week_start=start, week_end=end))
        visits.sort(key=lambda visit: (visit.starts, visit.session_id))
        weeks.append(
            Week(
                title=title,
                dates=date_range(first_day, first_day + dt.timedelta(days=6), today=today),
                cycle_week=(
                    week_of_cycle(first_day, start=anchor, cycle_weeks=tour.cycle_weeks)
                    if anchor is not None and tour.cycle_weeks > 1
                    else None
                ),
                visits=visits,
            )
        )
    circuit = _circuit(stops, today=today)
    municipalities = sorted({stop.place.municipality for week in circuit for stop in week.stops})
    return TourPage(
        tour=tour,
        weeks=weeks,
        circuit=circuit,
        shows_cycle=tour.cycle_weeks > 1,
        municipalities=municipalities,
    )


# --- Views ------------------------------------------------------------------------------------------


@require_safe
def tour_list_view(request: HttpRequest) -> HttpResponse:
    tours = tour_list()
    items = [
        {
            "tour": tour,
            "municipalities": sorted({stop.venue.municipality.name for stop in tour.stops.all()}),
        }
        for tour in tours
    ]
    return render(request, "events/tours/list.html", {"items": items})


@require_safe
def tour_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    tour = tour_get(slug=slug)
    page = tour_page(tour, today=helsinki_today(), now=timezone.now())
    return render(request, "events/tours/detail.html", {"page": page})
