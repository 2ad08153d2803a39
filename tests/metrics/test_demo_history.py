"""The demo's year of history: deterministic, idempotent, counts only (bookings already anonymised)."""

import datetime as dt

import pytest

from bookings.models import Booking, Headcount, SignUp
from events.models import Group, Series, Session
from metrics.demo import WEEKS, seed_demo_history
from metrics.models import Feedback
from tests.factories import GroupFactory, RoomFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


def series_for(group: Group, weekdays: str = "1") -> Series:
    room = RoomFactory(venue__organization=group.organization, capacity_people=12)
    return Series.objects.create(
        group=group,
        room=room,
        first_date=dt.date(2026, 11, 23),
        last_date=dt.date(2027, 4, 30),
        start_time=dt.time(10, 0),
        duration_minutes=120,
        weekdays=weekdays,
    )


def test_a_year_of_weekly_sessions_with_counts_and_no_contact_data():
    signups = GroupFactory(signup_mode=Group.SignUpMode.PER_SESSION, slug="vauvat")
    drop_in = GroupFactory(signup_mode=Group.SignUpMode.DROP_IN, slug="kahvila")
    series_for(signups)
    series_for(drop_in, weekdays="2")
    written = seed_demo_history(today=TODAY)
    past = Session.objects.filter(start__lt=dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
    assert past.count() == written["sessions"]
    # Weekly for a year, without July.
    assert WEEKS - 5 <= past.filter(group=signups).count() <= WEEKS
    assert not past.filter(start__month=7).exists()
    assert written["sign-ups"] == SignUp.objects.count() > 0
    assert written["headcounts"] == Headcount.objects.count() > 0
    assert written["feedback"] == Feedback.objects.count()
    assert not Headcount.objects.filter(session__group=signups).exists()
    assert Booking.objects.filter(anonymised_at=None).count() == 0
    assert not Booking.objects.exclude(email="").exists()
    # Idempotent: a second run writes nothing.
    assert seed_demo_history(today=TODAY) == {"sessions": 0, "sign-ups": 0, "headcounts": 0, "feedback": 0}
