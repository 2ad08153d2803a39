"""Series materialize into sessions: Helsinki wall clock across DST, exceptions kept, no double booking."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.errors import PermissionRefused
from events.models import RoomReservation, Session
from events.services.groups import group_create
from events.services.series import RoomClash, ScheduleError, SeriesSpec, series_create, series_update
from events.services.sessions import session_cancel, session_move
from tests.factories import MembershipFactory, RoomFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    """Materialize the whole of 2027 (today is in late 2026)."""
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture
def room():
    return RoomFactory()


@pytest.fixture
def leader(room):
    return MembershipFactory(organization=room.venue.organization, role=Membership.Role.LEADER).user


@pytest.fixture
def group(room, leader):
    return group_create(
        actor=leader,
        organization=room.venue.organization,
        data={"title_fi": "Vauvaryhmä", "topic": "peer_support"},
    )


def spec(room, **changes):
    values = {
        "room": room,
        "first_date": dt.date(2027, 3, 1),
        "last_date": dt.date(2027, 11, 30),
        "start_time": dt.time(10),
        "duration_minutes": 120,
        "weekdays": (6,),  # Sundays: both DST changes fall on one
        "skip_public_holidays": False,
    }
    values.update(changes)
    return SeriesSpec(**values)


def local_times(sessions):
    return {s.start.astimezone(HEL).time() for s in sessions}


def test_weekly_10_oclock_stays_10_oclock_across_both_dst_changes(group, leader, room):
    result = series_create(actor=leader, group=group, spec=spec(room))
    sessions = list(result.series.sessions.order_by("start"))
    assert result.created == len(sessions) == 39
    assert local_times(sessions) == {dt.time(10)}
    by_date = {s.start.astimezone(HEL).date(): s for s in sessions}
    # Last Sunday of March 2027: EET → EEST; last Sunday of October: back to EET.
    assert by_date[dt.date(2027, 3, 21)].start.astimezone(dt.UTC).hour == 8
    assert by_date[dt.date(2027, 3, 28)].start.astimezone(dt.UTC).hour == 7
    assert by_date[dt.date(2027, 10, 24)].start.astimezone(dt.UTC).hour == 7
    assert by_date[dt.date(2027, 10, 31)].start.astimezone(dt.UTC).hour == 8
    assert all(s.end - s.start == dt.timedelta(hours=2) for s in sessions)


def test_public_holidays_and_breaks_are_skipped(group, leader, room):
    from events.services.series import BreakSpec

    result = series_create(
        actor=leader,
        group=group,
        spec=spec(
            room,
            first_date=dt.date(2027, 12, 1),
            last_date=dt.date(2027, 12, 31),
            weekdays=(0, 1, 2, 3, 4),
            skip_public_holidays=True,
            breaks=(BreakSpec(dt.date(2027, 12, 20), dt.date(2027, 12, 31), "Joulutauko"),),
        ),
    )
    dates = {s.start.astimezone(HEL).date() for s in result.series.sessions.all()}
    assert dt.date(2027, 12, 6) not in dates  # Independence Day
    assert dt.date(2027, 12, 7) in dates
    assert not any(d >= dt.date(2027, 12, 20) for d in dates)


def test_monthly_last_wednesday(group, leader, room):
    result = series_create(
        actor=leader,
        group=group,
        spec=spec(
            room,
            first_date=dt.date(2027, 1, 1),
            last_date=dt.date(2027, 6, 30),
            weekdays=(2,),
            frequency="monthly",
            nth_of_month=-1,
        ),
    )
    dates = [s.start.astimezone(HEL).date().isoformat() for s in result.series.sessions.order_by("start")]
    assert dates == ["2027-01-27", "2027-02-24", "2027-03-31", "2027-04-28", "2027-05-26", "2027-06-30"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"first_date": dt.date(2027, 5, 1), "last_date": dt.date(2027, 4, 1)}, "end_before_start"),
        ({"weekdays": ()}, "no_weekday"),
        (
            {"first_date": dt.date(2027, 3, 1), "last_date": dt.date(2027, 3, 6), "weekdays": (6,)},
            "no_sessions",
        ),
        ({"last_date": dt.date(2028, 6, 30)}, "too_long"),  # longer than a term, within two years
        ({"start_time": dt.time(3, 30)}, "dst_gap"),  # 28.3.2027 03:30 does not exist
        ({"duration_minutes": 0}, "bad_duration"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(group, leader, room, changes, code):
    with pytest.raises(ScheduleError) as error:
        series_create(actor=leader, group=group, spec=spec(room, **changes))
    assert error.value.code == code
    assert not Session.objects.exists()
    assert not group.series.exists()


def test_room_of_another_organization_is_refused(group, leader):
    with pytest.raises(ScheduleError) as error:
        series_create(actor=leader, group=group, spec=spec(RoomFactory()))
    assert error.value.code == "room_of_other_organization"


def test_outsider_cannot_schedule(group, room):
    outsider = MembershipFactory(role=Membership.Role.COORDINATOR).user
    with pytest.raises(PermissionRefused):
        series_create(actor=outsider, group=group, spec=spec(room))
    assert not Session.objects.exists()


def test_clashing_series_is_refused_with_dates_or_saved_skipping_them(group, leader, room):
    series_create(actor=leader, group=group, spec=spec(room, last_date=dt.date(2027, 3, 31)))
    other = group_create(
        actor=leader,
        organization=room.venue.organization,
        data={"title_fi": "Isäryhmä", "topic": "peer_support"},
    )
    clashing = spec(
        room, first_date=dt.date(2027, 3, 20), last_date=dt.date(2027, 4, 30), start_time=dt.time(11)
    )
    with pytest.raises(RoomClash) as error:
        series_create(actor=leader, group=other, spec=clashing)
    assert [c.start.astimezone(HEL).date() for c in error.value.clashes] == [
        dt.date(2027, 3, 21),
        dt.date(2027, 3, 28),
    ]
    assert all(c.holder == "Vauvaryhmä" for c in error.value.clashes)
    assert not other.sessions.exists()
    result = series_create(actor=leader, group=other, spec=clashing, skip_clashes=True)
    assert len(result.skipped_clashes) == 2
    assert result.created == 4  # 4.4., 11.4., 18.4., 25.4.


def test_edit_regenerates_future_sessions_but_keeps_exceptions(group, leader, room):
    result = series_create(actor=leader, group=group, spec=spec(room, last_date=dt.date(2027, 4, 30)))
    sessions = list(result.series.sessions.order_by("start"))
    cancelled = session_cancel(actor=leader, session=sessions[1], reason="Ohjaaja sairastui")
    moved = session_move(
        actor=leader,
        session=sessions[2],
        start=dt.datetime(2027, 3, 16, 9, tzinfo=HEL),
        end=dt.datetime(2027, 3, 16, 11, tzinfo=HEL),
        room=room,
    )
    updated = series_update(
        actor=leader,
        series=result.series,
        spec=spec(room, last_date=dt.date(2027, 4, 30), start_time=dt.time(13)),
    )
    assert {s.pk for s in updated.kept} == {cancelled.pk, moved.pk}
    cancelled.refresh_from_db()
    moved.refresh_from_db()
    assert cancelled.is_cancelled
    assert cancelled.cancel_reason == "Ohjaaja sairastui"
    assert moved.start == dt.datetime(2027, 3, 16, 9, tzinfo=HEL)
    others = result.series.sessions.exclude(pk__in=[cancelled.pk, moved.pk])
    assert local_times(others) == {dt.time(13)}
    assert result.series.sequence == 1
    # A cancelled session never reappears, not even after extending the horizon.
    call_command("extend_sessions", stdout=io.StringIO())
    assert result.series.sessions.filter(original_start=cancelled.original_start).count() == 1
    assert not RoomReservation.objects.get(session=cancelled).is_active


def test_cancelled_session_frees_the_room(group, leader, room):
    result = series_create(actor=leader, group=group, spec=spec(room, last_date=dt.date(2027, 3, 31)))
    first = result.series.sessions.order_by("start").first()
    session_cancel(actor=leader, session=first, reason="Sairastuminen")
    other = group_create(
        actor=leader,
        organization=room.venue.organization,
        data={"title_fi": "Muskari", "topic": "music_and_play"},
    )
    day = first.start.astimezone(HEL).date()
    created = series_create(actor=leader, group=other, spec=spec(room, first_date=day, last_date=day))
    assert created.created == 1


def test_extend_sessions_is_idempotent(group, leader, room, settings):
    settings.SESSION_HORIZON_DAYS = 200
    series_create(
        actor=leader,
        group=group,
        spec=spec(room, first_date=dt.date(2027, 1, 1), last_date=dt.date(2027, 12, 31)),
    )
    before = Session.objects.count()
    settings.SESSION_HORIZON_DAYS = 400
    call_command("extend_sessions", stdout=io.StringIO())
    after = Session.objects.count()
    call_command("extend_sessions", stdout=io.StringIO())
    assert after > before
    assert Session.objects.count() == after
    assert after == 52  # every Sunday of 2027 fits in 400 days from 2026-11-22
    assert timezone.now() < Session.objects.order_by("start").first().start


def test_a_cancelled_slot_booked_by_another_group_does_not_block_editing(group, leader, room):
    result = series_create(actor=leader, group=group, spec=spec(room, last_date=dt.date(2027, 3, 31)))
    first = result.series.sessions.order_by("start").first()
    session_cancel(actor=leader, session=first, reason="Sairastuminen")
    other = group_create(
        actor=leader,
        organization=room.venue.organization,
        data={"title_fi": "Muskari", "topic": "music_and_play"},
    )
    day = first.start.astimezone(HEL).date()
    series_create(actor=leader, group=other, spec=spec(room, first_date=day, last_date=day))
    # Editing the first series (a longer session) must not see its own cancelled slot as a clash.
    updated = series_update(
        actor=leader,
        series=result.series,
        spec=spec(room, last_date=dt.date(2027, 3, 31), duration_minutes=150),
    )
    assert updated.skipped_clashes == []
    assert updated.updated == 3


def test_a_room_with_sessions_cannot_be_deleted(group, leader, room, client):
    from venues.models import Room
    from venues.services.venues import VenueError, room_delete

    series_create(actor=leader, group=group, spec=spec(room, last_date=dt.date(2027, 3, 31)))
    with pytest.raises(VenueError) as error:
        room_delete(actor=leader, room=room)
    assert error.value.code == "room_in_use"
    assert Room.objects.filter(pk=room.pk).exists()
    # Through the workspace: a message, never a 500.
    client.force_login(leader)
    venue = room.venue
    response = client.post(f"/fi/leader/venues/{venue.slug}/rooms/{room.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert Room.objects.filter(pk=room.pk).exists()
