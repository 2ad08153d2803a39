"""The sign-up race through the real stack: fifty families submit the form at once to a live server.

Each family first opens the form (its own CSRF cookie and token, and the
idempotency key the page put in the form), then all fifty POST together:
exactly ten are confirmed and forty waitlisted, every answer a 303 to the
family's own manage page, none a 500. A double-click sent five times at once
makes one booking. The negative control removes the lock in the live server
(it runs in this process) and shows the same requests really overbook.
"""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from bookings.models import Booking, SignUp
from events.models import Session
from tests.bookings.test_signup_concurrency import TIMEOUT, without_lock_and_slow_count
from tests.factories import SessionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.usefixtures("generous_lock_timeout"),  # fifty writers queue on one row (conftest)
]
FAMILIES = 50
PLACES = 10
DOUBLE_CLICKS = 5
MANAGE_URL = re.compile(r"^/fi/signups/[^/?]+/\?new=1$")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Family:
    """One browser: its own cookies; opens the form, then submits it."""

    def __init__(self, base_url: str, session: Session, n: int) -> None:
        self.url = f"{base_url}/fi/sessions/{session.pk}/signup/"
        self.n = n
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect
        )
        self.fields: dict[str, str] = {}

    def open_form(self) -> None:
        with self.opener.open(self.url, timeout=TIMEOUT) as response:
            assert response.status == 200
            page = response.read().decode()
        hidden = dict(re.findall(r'name="(csrfmiddlewaretoken|idempotency_key)" value="([^"]+)"', page))
        assert set(hidden) == {"csrfmiddlewaretoken", "idempotency_key"}, "the form lacks a hidden field"
        self.fields = {
            **hidden,
            "name": f"Perhe {self.n}",
            "email": f"perhe{self.n}@example.fi",
            "phone": "",
            "language": "fi",
            "adults": "1",
            "children_under_1": "0",
            "children_1_to_2": "0",
            "children_3_to_6": "0",
            "children_7_plus": "0",
            "prams": "0",
            "note": "",
            "consent": "on",
            "website": "",
        }

    def submit(self) -> tuple[int, str]:
        """The status and the Location header (or the start of the body when there is none)."""
        body = urllib.parse.urlencode(self.fields).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")  # noqa: S310 - live server
        try:
            with self.opener.open(request, timeout=3 * TIMEOUT) as response:
                return response.status, response.read().decode()[:500]
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location") or error.read().decode()[:500]


def _submit_all(families: list[Family]) -> list[tuple[int, str]]:
    barrier = threading.Barrier(len(families), timeout=TIMEOUT)
    answers: list[tuple[int, str]] = []

    def post(family: Family) -> None:
        barrier.wait()
        try:
            answers.append(family.submit())
        except BaseException as error:  # noqa: BLE001 - a dropped connection is a finding too
            answers.append((0, repr(error)))

    threads = [threading.Thread(target=post, args=(family,)) for family in families]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.fixture
def families(on_postgres, live_server, settings) -> tuple[Session, list[Family]]:
    # Fifty sign-ups from one address (127.0.0.1) would trip the per-address limit: off here.
    settings.ACCOUNT_RATE_LIMITS = {"family_signup": None}
    # Django's test server queues only 10 unaccepted connections (gunicorn: 2048); fifty at once
    # would see "connection reset" before any code of ours runs. Listening again raises the queue.
    live_server.thread.httpd.socket.listen(4 * FAMILIES)
    session = SessionFactory(capacity_people=PLACES)
    crowd = [Family(live_server.url, session, n) for n in range(FAMILIES)]
    for family in crowd:
        family.open_form()
    return session, crowd


def _counts(session: Session) -> dict[str, int]:
    statuses = list(SignUp.objects.filter(session=session).values_list("status", flat=True))
    return {status: statuses.count(status) for status in ("confirmed", "waitlisted")}


def test_fifty_families_submit_at_once_ten_confirmed_forty_waitlisted(families):
    session, crowd = families
    answers = _submit_all(crowd)

    assert sorted(status for status, _ in answers) == [303] * FAMILIES, answers
    locations = [location for _, location in answers]
    assert all(MANAGE_URL.match(location) for location in locations), locations
    assert len(set(locations)) == FAMILIES  # each family its own link
    assert _counts(session) == {"confirmed": PLACES, "waitlisted": FAMILIES - PLACES}
    assert Booking.objects.filter(group=session.group).count() == FAMILIES


def test_a_double_click_sent_five_times_at_once_makes_one_booking(families):
    session, crowd = families
    impatient = crowd[0]
    answers = _submit_all([impatient] * DOUBLE_CLICKS)

    assert [status for status, _ in answers] == [303] * DOUBLE_CLICKS, answers
    assert len({location for _, location in answers}) == 1  # all five land on the same sign-up
    assert Booking.objects.filter(idempotency_key=impatient.fields["idempotency_key"]).count() == 1
    assert SignUp.objects.filter(session=session).count() == 1


def test_negative_control_without_the_lock_the_same_requests_overbook(families, monkeypatch):
    session, crowd = families
    with without_lock_and_slow_count(monkeypatch, FAMILIES):
        answers = _submit_all(crowd)
    assert all(status == 303 for status, _ in answers), answers
    assert _counts(session)["confirmed"] > PLACES, "the race did not happen; the tests above prove nothing"
