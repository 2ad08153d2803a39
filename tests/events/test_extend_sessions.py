"""The daily extension and the one recurrence engine behind it.

`recurrence.occurrences` (python-dateutil, from the series' fields) expands exactly as
django-scheduler does with Helsinki-aware windows, across DST changes and for the nth weekday;
`extend_sessions` creates only what is missing, in queries that do not grow with the sessions,
skips what would clash (also between series of one room extended together), and is idempotent.
"""

import datetime as dt
import io
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import recurrence
from events.models import RoomReservation, Series, Session
from events.services.extend import sessions_extend
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from tests.factories import MembershipFactory, RoomFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")
SUNDAYS_2027 = 52


@pytest.fixture
def room():
    return RoomFactory()


@pytest.fixture
def leader(room):
    return MembershipFactory(organization=room.venue.organization, role=Membership.Role.LEADER).user


def _group(leader, room, title="Vauvaryhmä"):
    return group_create(
        actor=leader, organization=room.venue.organization, data={"title_fi": title, "topic": "peer_support"}
    )


def _spec(room, **changes):
    values = {
        "room": room,
        "first_date": dt.date(2027, 1, 1),
        "last_date": dt.date(2027, 12, 31),
        "start_time": dt.time(10),
        "duration_minutes": 120,
        "weekdays": (6,),  # Sundays: both DST changes of 2027 fall on one
        "skip_public_holidays": False,
    }
    return SeriesSpec(**(values | changes))


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"weekdays": (0, 2), "interval_weeks": 2, "start_time": dt.time(18)},
        {"weekdays": (2,), "frequency": Series.Frequency.MONTHLY, "nth_of_month": -1},
        {"weekdays": (6,), "frequency": Series.Frequency.MONTHLY, "nth_of_month": 1},
        {"start_time": dt.time(23), "duration_minutes": 180},  # over midnight
    ],
)
def test_windowed_expansion_is_django_schedulers_across_dst(leader, room, settings, changes):
    settings.SESSION_HORIZON_DAYS = 30  # the rule matters here, not the sessions
    series = series_create(actor=leader, group=_group(leader, room), spec=_spec(room, **changes)).series
    windows = [
        (dt.datetime(2027, 3, 21, tzinfo=HEL), dt.datetime(2027, 4, 5, tzinfo=HEL)),  # spring forward
        (dt.datetime(2027, 10, 24, 11, tzinfo=HEL), dt.datetime(2027, 11, 8, tzinfo=HEL)),  # mid-session
        (dt.datetime(2027, 10, 31, 1, tzinfo=dt.UTC), dt.datetime(2027, 12, 1, tzinfo=dt.UTC)),  # UTC bounds
        (dt.datetime(2026, 12, 1, tzinfo=HEL), dt.datetime(2028, 1, 1, tzinfo=HEL)),  # the whole rule
    ]
    for start, end in windows:
        assert recurrence.occurrences(series, start, end) == recurrence.scheduler_occurrences(
            series, start, end
        ), (start, end)
    every = recurrence.occurrences(series)
    assert every == recurrence.scheduler_occurrences(series, *windows[-1])
    assert {o.original_start.astimezone(HEL).time() for o in every} == {series.start_time}


def test_extend_creates_the_missing_sessions_and_is_idempotent(leader, room, settings):
    settings.SESSION_HORIZON_DAYS = 60
    series = series_create(actor=leader, group=_group(leader, room), spec=_spec(room)).series
    before = series.sessions.count()
    settings.SESSION_HORIZON_DAYS = 500
    assert sessions_extend() == SUNDAYS_2027 - before
    assert series.sessions.count() == SUNDAYS_2027
    assert RoomReservation.objects.filter(session__series=series, is_active=True).count() == SUNDAYS_2027
    assert sessions_extend() == 0
    out = io.StringIO()
    call_command("extend_sessions", stdout=out)
    assert out.getvalue().strip() == "0 new sessions."
    assert {s.start.astimezone(HEL).time() for s in series.sessions.all()} == {dt.time(10)}


def test_extend_skips_holidays_and_breaks(leader, room, settings):
    from events.services.series import BreakSpec

    settings.SESSION_HORIZON_DAYS = 30
    spec = _spec(
        room,
        first_date=dt.date(2027, 12, 1),
        weekdays=(0, 1, 2, 3, 4),
        skip_public_holidays=True,
        breaks=(BreakSpec(dt.date(2027, 12, 20), dt.date(2027, 12, 31), "Joulutauko"),),
    )
    series = series_create(actor=leader, group=_group(leader, room), spec=spec).series
    assert not series.sessions.exists()  # beyond the horizon
    settings.SESSION_HORIZON_DAYS = 500
    sessions_extend()
    dates = {s.start.astimezone(HEL).date() for s in series.sessions.all()}
    assert dt.date(2027, 12, 6) not in dates  # Independence Day
    assert dt.date(2027, 12, 7) in dates
    assert not any(d >= dt.date(2027, 12, 20) for d in dates)


def _extend_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        sessions_extend()
    return len(queries)


def test_nothing_to_create_costs_the_same_few_queries_however_many_sessions(leader, room, settings):
    settings.SESSION_HORIZON_DAYS = 500
    series_create(actor=leader, group=_group(leader, room), spec=_spec(room))
    few = _extend_queries()
    for hour in (13, 16):
        series_create(actor=leader, group=_group(leader, room), spec=_spec(room, start_time=dt.time(hour)))
    other = RoomFactory(venue=room.venue)
    series_create(actor=leader, group=_group(leader, room), spec=_spec(other, weekdays=(0, 1, 2)))
    assert Session.objects.count() > 250
    assert _extend_queries() == few <= 3


def test_creating_costs_queries_per_room_not_per_session(leader, room, settings):
    def extended_by(days):
        Session.objects.all().delete()
        Series.objects.all().delete()
        settings.SESSION_HORIZON_DAYS = 40
        for hour in (10, 13):
            series_create(
                actor=leader, group=_group(leader, room), spec=_spec(room, start_time=dt.time(hour))
            )
        settings.SESSION_HORIZON_DAYS = 40 + days
        with CaptureQueriesContext(connection) as queries:
            created = sessions_extend()
        inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        return created, len(queries) - len(inserts), len(inserts)

    few, few_queries, few_inserts = extended_by(14)
    many, many_queries, many_inserts = extended_by(300)
    assert many > 10 * few > 0
    assert many_queries == few_queries
    # Two bulk inserts, in batches as large as the database takes (SQLite limits parameters).
    assert few_inserts == 2
    assert many_inserts <= 2 + many // 50


def test_a_booking_in_the_way_is_skipped_and_tried_again(leader, room, settings):
    settings.SESSION_HORIZON_DAYS = 60
    series = series_create(actor=leader, group=_group(leader, room), spec=_spec(room)).series
    # Another group takes the room on one Sunday beyond the first series' horizon.
    settings.SESSION_HORIZON_DAYS = 500
    sunday = dt.date(2027, 6, 6)
    other = series_create(
        actor=leader,
        group=_group(leader, room, "Muskari"),
        spec=_spec(room, first_date=sunday, last_date=sunday, start_time=dt.time(11)),
    )
    assert other.created == 1
    sessions_extend()
    dates = {s.start.astimezone(HEL).date() for s in series.sessions.all()}
    assert sunday not in dates
    assert len(dates) == SUNDAYS_2027 - 1
    assert sessions_extend() == 0  # still in the way


def test_two_series_of_one_room_extended_together_never_overlap(leader, room, settings):
    settings.SESSION_HORIZON_DAYS = 20
    first = series_create(actor=leader, group=_group(leader, room), spec=_spec(room)).series
    # Overlaps the first series, but only beyond the horizon, so both were saved.
    later = series_create(
        actor=leader,
        group=_group(leader, room, "Muskari"),
        spec=_spec(room, first_date=dt.date(2027, 5, 1), start_time=dt.time(11)),
    ).series
    settings.SESSION_HORIZON_DAYS = 500
    sessions_extend()
    reservations = list(RoomReservation.objects.filter(room=room, is_active=True).order_by("start"))
    assert all(a.end <= b.start for a, b in itertools.pairwise(reservations))
    assert first.sessions.count() == SUNDAYS_2027  # the earlier start wins each Sunday
    assert not later.sessions.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"weekdays": "0,2", "interval_weeks": 2},
        {"weekdays": "4", "interval_weeks": 3},
        {"weekdays": "1,3,5", "interval_weeks": 1},
        {"weekdays": "2", "frequency": Series.Frequency.MONTHLY, "nth_of_month": -1},
        {"weekdays": "6", "frequency": Series.Frequency.MONTHLY, "nth_of_month": 2},
    ],
)
def test_a_window_late_in_the_series_gives_exactly_the_whole_rules_occurrences_there(fields):
    """Windows restart the rule near themselves (cheap); they must stay in step with the whole rule."""
    series = Series(
        first_date=dt.date(2027, 1, 13),
        last_date=dt.date(2027, 12, 31),
        start_time=dt.time(18),
        duration_minutes=90,
        **fields,
    )
    whole = recurrence.occurrences(series)
    assert len(whole) > 10
    day = dt.datetime(2027, 1, 1, tzinfo=HEL)
    while day.year == 2027:
        end = day + dt.timedelta(days=10)
        inside = [o for o in whole if o.original_start < end and o.end > day]
        assert recurrence.occurrences(series, day, end) == inside, day
        day += dt.timedelta(days=3)
