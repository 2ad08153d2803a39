# ruff: noqa: F811 (the `world` fixture of test_feeds is imported and requested by name)
"""Feed defects found in the production review (issue 15), each pinned by a test that failed before.

Breaks raise SEQUENCE, a single-date series is one plain event, LOCATION names the room,
and a POST to a feed is 405, not the CSRF check's 403.
"""

import datetime as dt

import pytest
from django.test import Client
from icalendar import Calendar

from events.models import Series
from events.services.series import BreakSpec, SeriesSpec, series_create, series_update
from events.services.sessions import session_move
from tests.events.test_feeds import SITE, _group, feed_urls, world  # noqa: F401 (the fixture)
from tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def master_of(response, series):
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return next(e for e in events if str(e["UID"]) == str(series.uid) and "RECURRENCE-ID" not in e)


def _spec_of(series, **changes):
    values = {
        "room": series.room,
        "first_date": series.first_date,
        "last_date": series.last_date,
        "start_time": series.start_time,
        "duration_minutes": series.duration_minutes,
        "weekdays": tuple(series.weekday_list),
        "breaks": tuple(BreakSpec(b.start_date, b.end_date, b.reason) for b in series.breaks.all()),
    }
    return SeriesSpec(**(values | changes))


def test_adding_and_removing_a_break_raises_sequence(client, world):
    url = feed_urls(world)["group"]
    series = Series.objects.get(pk=world["series"]["public"].pk)
    before = master_of(client.get(url), series)
    week = series.first_date + dt.timedelta(days=14)
    series_update(
        actor=world["leader"],
        series=series,
        spec=_spec_of(series, breaks=(BreakSpec(week, week + dt.timedelta(days=6), "Tauko"),)),
    )
    with_break = master_of(client.get(url), series)
    assert "EXDATE" not in before
    assert "EXDATE" in with_break
    assert int(with_break["SEQUENCE"]) > int(before["SEQUENCE"])
    series = Series.objects.get(pk=series.pk)
    series_update(actor=world["leader"], series=series, spec=_spec_of(series, breaks=()))
    without = master_of(client.get(url), series)
    assert "EXDATE" not in without
    assert int(without["SEQUENCE"]) > int(with_break["SEQUENCE"])


def test_a_single_date_series_is_one_event_without_rrule(client, world):
    room = world["room"]
    group = _group(world["leader"], world["organization"], title_fi="Infoilta")
    day = dt.date.today() + dt.timedelta(days=10)  # noqa: DTZ011 (a date, not a moment)
    spec = SeriesSpec(
        room=room,
        first_date=day,
        last_date=day,
        start_time=dt.time(18),
        duration_minutes=90,
        weekdays=(day.weekday(),),
    )
    series = series_create(actor=world["leader"], group=group, spec=spec).series
    response = client.get(f"/feeds/group/{group.slug}.ics")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == str(series.uid)
    assert "RRULE" not in event
    assert "EXDATE" not in event
    assert event.decoded("DTSTART").date() == day
    # Moved: the event itself moves, with a higher SEQUENCE, still without RECURRENCE-ID.
    session = series.sessions.get()
    start = session.start + dt.timedelta(hours=1)
    session_move(
        actor=world["leader"], session=session, start=start, end=start + dt.timedelta(hours=1), room=room
    )
    (moved,) = Calendar.from_ical(client.get(f"/feeds/group/{group.slug}.ics").content).walk("VEVENT")
    assert "RRULE" not in moved
    assert "RECURRENCE-ID" not in moved
    assert moved.decoded("DTSTART") == start
    assert int(moved["SEQUENCE"]) > int(event["SEQUENCE"])


def test_location_names_the_room_and_a_room_move_shows(client, world):
    url = feed_urls(world)["group"]
    series = world["series"]["public"]
    room = world["room"]
    master = master_of(client.get(url), series)
    assert str(master["LOCATION"]).startswith(f"{room.venue.name}, {room.name}, ")
    other = RoomFactory(venue=room.venue, name_fi="Salikerhohuone")
    session = series.sessions.order_by("start").first()
    session_move(actor=world["leader"], session=session, start=session.start, end=session.end, room=other)
    events = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    (override,) = [e for e in events if "RECURRENCE-ID" in e]
    assert ", Salikerhohuone, " in str(override["LOCATION"])
    assert int(override["SEQUENCE"]) > int(master["SEQUENCE"])


@pytest.mark.parametrize("kind", ["region", "municipality", "venue", "organization", "group"])
def test_post_to_a_feed_is_405_not_403(world, kind):
    client = Client(enforce_csrf_checks=True)
    response = client.post(feed_urls(world)[kind])
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
