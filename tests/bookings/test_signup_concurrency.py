"""Fifty families press "Sign up" at once: no session is ever overbooked (PostgreSQL, real threads).

Every thread has its own database connection, as a gunicorn worker would. Each
guard is shown both ways: with the session lock the places add up exactly;
without it (negative control: `lock_sessions` made a no-op and every thread held
between counting the places and writing, so the race is as wide as it can be on
any machine) the same requests really overbook, so the tests above can fail.
"""

import threading
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.db import close_old_connections, connection, connections
from django.db.models import Q, Sum

from bookings.models import Booking, Notice, SignUp
from bookings.selectors_public import waitlist_position
from bookings.services import signups as signups_service
from bookings.services.signups import Contact, Party, booking_cancel, signup_create
from core.errors import DomainError
from events.models import Session
from tests.factories import SessionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.usefixtures("generous_lock_timeout"),  # fifty writers queue on one row (conftest)
]
FAMILIES = 50
PLACES = 10
PRAM_PLACES = 5
TIMEOUT = 120  # seconds a barrier waits: generous, the machine is shared


SINGLE = Party(adults=1)


def _sign(session: Session, n: int, party: Party = SINGLE) -> signups_service.SignUpResult:
    return signup_create(
        actor=None,
        session=session,
        contact=Contact(name=f"Perhe {n}", email=f"perhe{n}@example.fi"),
        party=party,
        consent=True,
    )


def run_at_once(jobs: list[Callable[[], object]]) -> tuple[list[object], list[str], list[BaseException]]:
    """Run each job in its own thread with its own connection, all released by one barrier."""
    barrier = threading.Barrier(len(jobs), timeout=TIMEOUT)
    results: list[object] = []
    codes: list[str] = []
    crashes: list[BaseException] = []

    def work(job: Callable[[], object]) -> None:
        close_old_connections()
        try:
            barrier.wait()
            results.append(job())
        except DomainError as error:
            codes.append(error.code)
        except BaseException as error:  # noqa: BLE001 - any other error is what the test looks for
            crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, codes, crashes


def _statuses(session: Session) -> dict[str, int]:
    rows = SignUp.objects.filter(session=session).values_list("status", flat=True)
    return {status: list(rows).count(status) for status in SignUp.Status.values}


def _confirmed_people(session: Session) -> int:
    taken = SignUp.objects.filter(session=session, status=SignUp.Status.CONFIRMED).aggregate(n=Sum("people"))
    return taken["n"] or 0


@contextmanager
def without_lock_and_slow_count(monkeypatch, parties: int):
    """Remove the session lock, and hold every transaction between counting the places (`_taken`) and
    writing until all `parties` have counted: the widest possible race, the same on a loaded machine
    as on an idle one."""
    original = signups_service._taken
    all_counted = threading.Barrier(parties, timeout=TIMEOUT)

    def unlocked(session_ids=(), *, where=None, only=()):
        """`lock_sessions` without FOR UPDATE: the same rows, nothing locked."""
        where = where if where is not None else Q(pk__in=sorted(set(session_ids)))
        sessions = Session.objects.select_related("group__organization", "room__venue")
        sessions = sessions.only(*only) if only else sessions
        return list(sessions.filter(where).order_by("pk"))

    def count_then_wait(session_ids):
        taken = original(session_ids)
        all_counted.wait()
        return taken

    monkeypatch.setattr(signups_service, "lock_sessions", unlocked)
    monkeypatch.setattr(signups_service, "_taken", count_then_wait)
    yield


# --- fifty families, ten places ----------------------------------------------------------------


@pytest.fixture
def ten_places(on_postgres) -> Session:
    return SessionFactory(capacity_people=PLACES)


def _fifty_sign_up(session: Session, party: Party = SINGLE):
    return run_at_once([lambda n=n: _sign(session, n, party) for n in range(FAMILIES)])


def test_fifty_families_ten_places_exactly_ten_confirmed_and_an_ordered_waiting_list(ten_places):
    results, codes, crashes = _fifty_sign_up(ten_places)

    assert crashes == []
    assert codes == []
    assert len(results) == FAMILIES
    assert _statuses(ten_places) == {"confirmed": PLACES, "waitlisted": FAMILIES - PLACES, "cancelled": 0}
    assert _confirmed_people(ten_places) == PLACES
    waiting = SignUp.objects.filter(session=ten_places, status=SignUp.Status.WAITLISTED).order_by(
        "queued_at", "pk"
    )
    positions = [waitlist_position(signup) for signup in waiting]
    assert positions == list(range(1, FAMILIES - PLACES + 1))
    # What each family was told agrees with the database: ten heard "confirmed", forty "waiting list".
    told = sorted(result.signups[0].status for result in results)
    assert told == ["confirmed"] * PLACES + ["waitlisted"] * (FAMILIES - PLACES)
    # Nobody who was confirmed came after somebody who was waitlisted.
    last_confirmed = (
        SignUp.objects.filter(session=ten_places, status="confirmed").order_by("-queued_at").first()
    )
    assert last_confirmed.queued_at <= waiting.first().queued_at


def test_negative_control_without_the_lock_fifty_families_overbook(ten_places, monkeypatch):
    with without_lock_and_slow_count(monkeypatch, FAMILIES):
        _results, _codes, crashes = _fifty_sign_up(ten_places)
    assert crashes == []
    assert _statuses(ten_places)["confirmed"] > PLACES, (
        "the race did not happen; the test above proves nothing"
    )
    assert _confirmed_people(ten_places) > PLACES


# --- fifty prams, five pram places ---------------------------------------------------------------


@pytest.fixture
def five_pram_places(on_postgres) -> Session:
    return SessionFactory(capacity_people=200, capacity_prams=PRAM_PLACES)


PRAM_FAMILY = Party(adults=1, children_under_1=1, prams=1)


def test_fifty_prams_five_pram_places_exactly_five_confirmed(five_pram_places):
    _results, codes, crashes = _fifty_sign_up(five_pram_places, PRAM_FAMILY)

    assert crashes == []
    assert codes == []
    assert _statuses(five_pram_places) == {
        "confirmed": PRAM_PLACES,
        "waitlisted": FAMILIES - PRAM_PLACES,
        "cancelled": 0,
    }
    prams = SignUp.objects.filter(session=five_pram_places, status="confirmed").aggregate(n=Sum("prams"))["n"]
    assert prams == PRAM_PLACES
    waiting = SignUp.objects.filter(session=five_pram_places, status="waitlisted").order_by("queued_at", "pk")
    assert [waitlist_position(s) for s in waiting] == list(range(1, FAMILIES - PRAM_PLACES + 1))


def test_negative_control_without_the_lock_fifty_prams_overbook(five_pram_places, monkeypatch):
    with without_lock_and_slow_count(monkeypatch, FAMILIES):
        _results, _codes, crashes = _fifty_sign_up(five_pram_places, PRAM_FAMILY)
    assert crashes == []
    prams = SignUp.objects.filter(session=five_pram_places, status="confirmed").aggregate(n=Sum("prams"))["n"]
    assert prams > PRAM_PLACES, "the race did not happen; the test above proves nothing"


# --- cancellations and promotions racing new sign-ups --------------------------------------------

CANCELLERS = 6
WAITING = 20
NEWCOMERS = 24


@pytest.fixture
def full_with_queue(on_postgres) -> tuple[Session, list[Booking], list[Booking]]:
    """Ten confirmed households and twenty on the waiting list, signed up one after another."""
    session = SessionFactory(capacity_people=PLACES)
    confirmed = [_sign(session, n).booking for n in range(PLACES)]
    waiting = [_sign(session, 100 + n).booking for n in range(WAITING)]
    assert _statuses(session) == {"confirmed": PLACES, "waitlisted": WAITING, "cancelled": 0}
    return session, confirmed, waiting


class Sampler:
    """Reads the confirmed people from its own connection, over and over, while the race runs."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.samples: list[int] = []
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        close_old_connections()
        try:
            while not self._stop.is_set():
                self.samples.append(_confirmed_people(self.session))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)
        finally:
            connections["default"].close()

    def __enter__(self) -> "Sampler":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()


def _cancel_and_sign_up(session: Session, confirmed: list[Booking]):
    jobs = [lambda b=b: booking_cancel(booking=b) for b in confirmed[:CANCELLERS]]
    jobs += [lambda n=n: _sign(session, 200 + n) for n in range(NEWCOMERS)]
    return run_at_once(jobs)


def _promoted_notices(bookings: list[Booking]) -> dict[int, int]:
    notices = Notice.objects.filter(booking__in=bookings, kind=Notice.Kind.PROMOTED)
    return {b.pk: notices.filter(booking=b).count() for b in bookings}


def test_cancellations_racing_new_sign_ups_promote_the_first_in_line_and_never_overbook(full_with_queue):
    session, confirmed, waiting = full_with_queue

    with Sampler(session) as sampler:
        _results, codes, crashes = _cancel_and_sign_up(session, confirmed)

    assert crashes == []
    assert codes == []
    assert sampler.errors == []
    assert len(sampler.samples) > 10, "the sampler saw too little of the race"
    # Seen from outside, during the race: never over the limit, and never a place left empty
    # (a cancellation and its promotion commit together).
    assert max(sampler.samples) == PLACES
    assert set(sampler.samples) == {PLACES}

    # Recomputed at the end: the freed places went to the first six in line, in order, once each.
    by_booking = dict(SignUp.objects.filter(session=session).values_list("booking_id", "status"))
    expected_confirmed = {b.pk for b in confirmed[CANCELLERS:]} | {b.pk for b in waiting[:CANCELLERS]}
    assert {pk for pk, status in by_booking.items() if status == "confirmed"} == expected_confirmed
    assert {pk for pk, status in by_booking.items() if status == "cancelled"} == {
        b.pk for b in confirmed[:CANCELLERS]
    }
    assert _confirmed_people(session) == PLACES
    assert set(_promoted_notices(waiting).values()) <= {0, 1}
    assert [pk for pk, n in _promoted_notices(waiting).items() if n == 1] == [
        b.pk for b in waiting[:CANCELLERS]
    ]
    # Newcomers found no free place: all behind the households that were already waiting.
    queue = SignUp.objects.filter(session=session, status="waitlisted").order_by("queued_at", "pk")
    queued_bookings = [s.booking_id for s in queue]
    assert queued_bookings[: WAITING - CANCELLERS] == [b.pk for b in waiting[CANCELLERS:]]
    assert len(queued_bookings) == WAITING - CANCELLERS + NEWCOMERS
    assert [waitlist_position(s) for s in queue] == list(range(1, len(queued_bookings) + 1))


def test_negative_control_without_the_lock_cancellations_lose_or_double_promote(full_with_queue, monkeypatch):
    session, confirmed, waiting = full_with_queue

    with without_lock_and_slow_count(monkeypatch, CANCELLERS + NEWCOMERS):
        _results, _codes, crashes = _cancel_and_sign_up(session, confirmed)

    assert crashes == []
    # Each cancellation counted the others' places as still taken, so all promoted the same
    # first household: freed places stay empty while families wait, and one household is
    # told "you got a place" several times.
    assert _confirmed_people(session) < PLACES, "the race did not happen; the test above proves nothing"
    assert max(_promoted_notices(waiting).values()) > 1
