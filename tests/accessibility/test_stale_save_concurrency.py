"""Editors saving the same accessibility facts at once, from forms of one version (PostgreSQL, real threads).

With the row lock and the version check inside the transaction, exactly one save goes through and
every other is refused as stale. Negative control: without the lock, every thread held right after
its check, all of them pass it and overwrite each other (last write wins) — so the test can fail.
"""

import threading

import pytest
from django.db import close_old_connections, connection
from django.db.models import QuerySet

from accessibility import services
from accessibility.models import AccessibilityChange, VenueAccessibility
from accessibility.services import StaleFacts, venue_accessibility_update
from tests.factories import MembershipFactory, VenueFactory
from venues.models import Membership

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.usefixtures("on_postgres", "generous_lock_timeout"),
]
EDITORS = 6
TIMEOUT = 120


def save_at_once(venue, users, version, after_check=None) -> tuple[int, int, list[BaseException]]:
    barrier = threading.Barrier(len(users), timeout=TIMEOUT)
    saved, stale, crashes = [], [], []

    def work(n: int, user) -> None:
        close_old_connections()
        try:
            barrier.wait()
            venue_accessibility_update(
                actor=user, venue=venue, data={"entrance_door_width_cm": 80 + n}, version=version
            )
            saved.append(n)
        except StaleFacts:
            stale.append(n)
        except BaseException as error:  # noqa: BLE001 - anything else is what the test looks for
            crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n, user)) for n, user in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(saved), len(stale), crashes


@pytest.fixture
def world():
    venue = VenueFactory()
    users = [
        MembershipFactory(organization=venue.organization, role=Membership.Role.LEADER).user
        for _ in range(EDITORS)
    ]
    venue_accessibility_update(actor=users[0], venue=venue, data={"entrance_steps": 0})
    return venue, users, AccessibilityChange.objects.get().pk


def test_one_save_goes_through_and_the_others_are_refused_as_stale(world):
    venue, users, version = world
    saved, stale, crashes = save_at_once(venue, users, version)
    assert crashes == []
    assert (saved, stale) == (1, EDITORS - 1)
    assert AccessibilityChange.objects.count() == 2


def test_negative_control_without_the_lock_every_save_overwrites_the_last(world, monkeypatch):
    venue, users, version = world
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)
    checked = threading.Barrier(EDITORS, timeout=TIMEOUT)
    check = services._require_current

    def check_then_wait(*args, **kwargs):
        check(*args, **kwargs)
        checked.wait()  # every thread has passed the check before any writes

    monkeypatch.setattr(services, "_require_current", check_then_wait)
    saved, stale, crashes = save_at_once(venue, users, version)
    assert crashes == []
    assert (saved, stale) == (EDITORS, 0)  # lost updates: last write wins
    assert AccessibilityChange.objects.count() == 1 + EDITORS
    assert VenueAccessibility.objects.get(venue=venue).entrance_door_width_cm is not None
