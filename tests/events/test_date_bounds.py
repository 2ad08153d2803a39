# ruff: noqa: F811 - pytest fixtures imported from test_workspace_groups are parameters here
"""No session, series, break, tour stop or opening exception more than two years ahead.

A leader typed 31.12.9999 or the year 3000: before the bound, a move went through (or
overflowed into a 500) and a series was planned for the next millennium. Now the form
shows a translated error on the field, the services refuse with code "too_far_ahead"
whoever calls them, and nothing changes. The last allowed day itself still works.
"""

import datetime as dt

import pytest
from django.utils import timezone

from core.dates import latest_plannable_date
from events.models import Series, Session
from events.services.series import BreakSpec, ScheduleError, SeriesSpec, series_create, series_update
from events.services.sessions import session_move
from events.services.tours import TourError, tour_create, tour_stop_add
from tests.events.test_workspace_groups import (  # noqa: F401 - fixtures, used by name
    GROUP,
    SERIES_NEW,
    as_leader,
    client_for,
    errors_of,
    group,
    leader,
    local,
    make_series,
    org_a,
    room_a,
    series_form,
    snapshot,
    venue_a,
)
from tests.factories import MembershipFactory
from venues.models import Membership
from venues.services.venues import VenueError, opening_exception_add

pytestmark = pytest.mark.django_db
FAR = ["9999-12-31", "31.12.9999", "3000-01-01", "1.1.3000"]
TOO_FAR = "Dates can be at most two years ahead"


@pytest.fixture
def tuesdays(leader, group, room_a):
    make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 2, 2), weekdays=(1,))
    return list(Session.objects.filter(group=group).order_by("start"))


@pytest.mark.parametrize("day", FAR)
def test_a_session_cannot_be_moved_past_two_years_through_the_form(as_leader, tuesdays, room_a, day):
    before = snapshot()
    response = as_leader.post(
        f"{GROUP}sessions/{tuesdays[1].pk}/move/",
        {"date": day, "start_time": "10:00", "end_time": "12:00", "room": room_a.pk},
    )
    assert response.status_code == 400
    assert any(TOO_FAR in error for error in errors_of(response)["date"]), errors_of(response)
    assert snapshot() == before


@pytest.mark.parametrize("year", [3000, 9999])
def test_the_move_service_refuses_far_dates_too(leader, tuesdays, room_a, year):
    before = snapshot()
    start = dt.datetime(year, 12, 30, 10, tzinfo=dt.UTC)
    with pytest.raises(ScheduleError) as refused:
        session_move(
            actor=leader, session=tuesdays[1], start=start, end=start + dt.timedelta(hours=2), room=room_a
        )
    assert refused.value.code == "too_far_ahead"
    assert snapshot() == before


def test_the_last_allowed_day_is_allowed(leader, tuesdays, room_a):
    last = latest_plannable_date()
    moved = session_move(
        actor=leader, session=tuesdays[1], start=local(last, 10), end=local(last, 12), room=room_a
    )
    assert moved.start == local(last, 10)
    with pytest.raises(ScheduleError) as refused:
        session_move(
            actor=leader,
            session=tuesdays[2],
            start=local(last + dt.timedelta(days=1), 10),
            end=local(last + dt.timedelta(days=1), 12),
            room=room_a,
        )
    assert refused.value.code == "too_far_ahead"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"last_date": "9999-12-31"}, "last_date"),
        ({"first_date": "3000-01-06", "last_date": "3000-03-01"}, "first_date"),
        ({"first_date": "31.12.9999", "last_date": "31.12.9999"}, "first_date"),
        ({"break1_start": "2027-10-18", "break1_end": "9999-12-31"}, "break1_end"),
    ],
)
def test_a_series_cannot_be_planned_past_two_years_through_the_form(as_leader, room_a, fields, field):
    before = snapshot()
    response = as_leader.post(SERIES_NEW, series_form(room_a, **fields))
    assert response.status_code == 400
    assert any(TOO_FAR in error for error in errors_of(response)[field]), errors_of(response)
    assert snapshot() == before
    assert not Series.objects.exists()


def test_a_series_edit_cannot_reach_the_year_3000(as_leader, leader, group, room_a):
    result = make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 2, 2), weekdays=(1,))
    before = snapshot()
    url = f"{GROUP}series/{result.series.pk}/"
    response = as_leader.post(url, series_form(room_a, first_date="2027-01-12", last_date="3000-02-02"))
    assert response.status_code == 400
    assert any(TOO_FAR in error for error in errors_of(response)["last_date"]), errors_of(response)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("first", "last", "breaks", "code"),
    [
        (dt.date(2027, 1, 4), dt.date(9999, 12, 31), (), "too_far_ahead"),
        (dt.date(3000, 1, 6), dt.date(3000, 3, 1), (), "first_too_far"),
        (
            dt.date(2027, 1, 4),
            dt.date(2027, 3, 1),
            (BreakSpec(dt.date(2027, 2, 1), dt.date(3000, 1, 1)),),
            "break_too_far",
        ),
    ],
)
def test_the_series_services_refuse_far_dates(leader, group, room_a, first, last, breaks, code):
    spec = SeriesSpec(
        room=room_a,
        first_date=first,
        last_date=last,
        start_time=dt.time(10),
        duration_minutes=60,
        weekdays=(0,),
        breaks=breaks,
    )
    with pytest.raises(ScheduleError) as refused:
        series_create(actor=leader, group=group, spec=spec)
    assert refused.value.code == code
    assert not Series.objects.exists()

    existing = make_series(leader, group, room_a, dt.date(2027, 1, 4), dt.date(2027, 2, 1), weekdays=(0,))
    before = snapshot()
    with pytest.raises(ScheduleError) as refused:
        series_update(actor=leader, series=existing.series, spec=spec)
    assert refused.value.code == code
    assert snapshot() == before


def test_a_tour_stop_cannot_be_planned_for_9999(org_a, room_a):
    coordinator = MembershipFactory(organization=org_a, role=Membership.Role.COORDINATOR).user
    tour = tour_create(actor=coordinator, organization=org_a, name_fi="Kiertävä", cycle_weeks=2)
    with pytest.raises(TourError) as refused:
        tour_stop_add(
            actor=coordinator,
            tour=tour,
            venue=room_a.venue,
            room=room_a,
            week_of_cycle=1,
            weekday=1,
            start_time=dt.time(10),
            duration_minutes=60,
            first_date=dt.date(2027, 1, 11),
            last_date=dt.date(9999, 12, 31),
        )
    assert refused.value.code == "too_far_ahead"
    assert not Series.objects.exists()


@pytest.mark.parametrize("year", [3000, 9999])
def test_an_opening_exception_cannot_be_far_ahead(org_a, venue_a, year):
    coordinator = MembershipFactory(organization=org_a, role=Membership.Role.COORDINATOR).user
    with pytest.raises(VenueError) as refused:
        opening_exception_add(
            actor=coordinator,
            venue=venue_a,
            start_date=timezone.localdate(),
            end_date=dt.date(year, 12, 31),
            closed=True,
        )
    assert refused.value.code == "too_far_ahead"
    assert not venue_a.opening_exceptions.exists()
