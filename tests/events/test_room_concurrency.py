"""Twenty leaders book the same room at the same time: exactly one wins, on PostgreSQL, with real threads.

Each guard is shown both ways: with it, one booking; without it (negative
control), the race really double-books, so the test could fail.
"""

import datetime as dt
import threading
from contextlib import contextmanager

import pytest
from django.db import close_old_connections, connection

from core.errors import DomainError
from events.models import RoomReservation, Session
from events.services import series as series_service
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from tests.factories import MembershipFactory, RoomFactory
from venues.models import Membership

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 20
DAY = dt.date(2027, 2, 9)


@pytest.fixture
def contenders(on_postgres):
    room = RoomFactory()
    leaders, groups = [], []
    for n in range(THREADS):
        leader = MembershipFactory(organization=room.venue.organization, role=Membership.Role.LEADER).user
        leaders.append(leader)
        groups.append(
            group_create(
                actor=leader,
                organization=room.venue.organization,
                data={"title_fi": f"Ryhmä {n}", "topic": "parenting"},
            )
        )
    # A first series elsewhere creates the shared scheduler rows (calendar, rule), so the race below
    # is about the room alone.
    series_create(
        actor=leaders[0],
        group=groups[0],
        spec=SeriesSpec(
            room=RoomFactory(venue=room.venue),
            first_date=DAY,
            last_date=DAY,
            start_time=dt.time(10),
            duration_minutes=90,
            weekdays=(1,),
        ),
    )
    return room, leaders, groups


def _race(room, leaders, groups) -> tuple[int, list[str], list[BaseException]]:
    barrier = threading.Barrier(THREADS)
    wins, codes, crashes = [], [], []

    def book(n: int) -> None:
        close_old_connections()
        try:
            barrier.wait()
            spec = SeriesSpec(
                room=room,
                first_date=DAY,
                last_date=DAY,
                start_time=dt.time(10),
                duration_minutes=90,
                weekdays=(1,),
            )
            series_create(actor=leaders[n], group=groups[n], spec=spec)
            wins.append(n)
        except DomainError as error:
            codes.append(error.code)
        except BaseException as error:  # noqa: BLE001 - any other error is what the test looks for
            crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(wins), codes, crashes


@contextmanager
def _without_lock_and_slow_check(monkeypatch):
    """Remove the room lock, and hold every booking between its clash check and its insert until all
    have checked: the widest possible race, the same on a loaded machine as on an idle one."""
    original = series_service.room_clashes
    all_checked = threading.Barrier(THREADS, timeout=30)

    def check_then_wait(*args, **kwargs):
        found = original(*args, **kwargs)
        all_checked.wait()
        return found

    monkeypatch.setattr(series_service, "lock_rooms", lambda room_ids: None)
    monkeypatch.setattr(series_service, "room_clashes", check_then_wait)
    yield


@contextmanager
def _without_exclusion_constraint():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE events_roomreservation DROP CONSTRAINT reservation_no_overlap_per_room")
    try:
        yield
    finally:
        RoomReservation.objects.all().delete()
        Session.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE events_roomreservation ADD CONSTRAINT reservation_no_overlap_per_room "
                "EXCLUDE USING gist (room_id WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
                "WHERE (is_active)"
            )


def test_twenty_leaders_one_room_exactly_one_wins(contenders):
    wins, codes, crashes = _race(*contenders)
    assert crashes == []
    assert wins == 1
    assert codes == ["room_clash"] * (THREADS - 1)
    assert RoomReservation.objects.filter(room=contenders[0], is_active=True).count() == 1


def test_the_exclusion_constraint_alone_still_allows_only_one(contenders, monkeypatch):
    with _without_lock_and_slow_check(monkeypatch):
        wins, codes, crashes = _race(*contenders)
    assert crashes == []
    assert wins == 1
    assert codes == ["room_clash"] * (THREADS - 1)


def test_negative_control_without_lock_and_constraint_double_books(contenders, monkeypatch):
    with _without_exclusion_constraint(), _without_lock_and_slow_check(monkeypatch):
        wins, _codes, crashes = _race(*contenders)
        assert crashes == []
        assert wins > 1, "the race did not happen; the guard tests above prove nothing"
        assert RoomReservation.objects.filter(room=contenders[0], is_active=True).count() == wins
