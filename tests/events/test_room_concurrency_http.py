"""The room race through the real stack: 20 leaders submit the series form at once to a live server.

Exactly one series is saved; the other 19 get the Finnish clash message with
status 400, none a 500. The negative control removes the guards and shows
the same requests really double-book.
"""

import datetime as dt
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.test import Client

from events.models import RoomReservation
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from tests.events.test_room_concurrency import _without_exclusion_constraint, _without_lock_and_slow_check
from tests.factories import MembershipFactory, RoomFactory
from venues.models import Membership

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 20
CSRF = "a" * 32  # a valid unmasked token; the same value goes in the cookie and the form


@pytest.fixture
def submissions(on_postgres, live_server):
    room = RoomFactory()
    requests = []
    for n in range(THREADS):
        leader = MembershipFactory(organization=room.venue.organization, role=Membership.Role.LEADER).user
        group = group_create(
            actor=leader,
            organization=room.venue.organization,
            data={"title_fi": f"Ryhmä {n}", "topic": "parenting"},
        )
        client = Client()
        client.force_login(leader)
        cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": CSRF,
                "room": room.pk,
                "weekdays": "1",
                "start_time": "10:00",
                "end_time": "11:30",
                "frequency": "weekly",
                "interval_weeks": "1",
                "first_date": "2027-02-09",
                "last_date": "2027-02-09",
                "skip_public_holidays": "on",
            }
        ).encode()
        url = f"{live_server.url}/fi/leader/groups/{group.slug}/series/new/"
        requests.append(
            urllib.request.Request(  # noqa: S310 - the live test server's http URL
                url, data=body, headers={"Cookie": cookie, "Referer": url}, method="POST"
            )
        )
    # A first series elsewhere creates the shared scheduler rows, so the race is about the room alone.
    series_create(
        actor=leader,
        group=group,
        spec=SeriesSpec(
            room=RoomFactory(venue=room.venue),
            first_date=dt.date(2027, 2, 9),
            last_date=dt.date(2027, 2, 9),
            start_time=dt.time(10),
            duration_minutes=90,
            weekdays=(1,),
        ),
    )
    return room, requests


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post_all(requests) -> list[tuple[int, str]]:
    barrier = threading.Barrier(len(requests))
    opener = urllib.request.build_opener(_NoRedirect)
    answers: list[tuple[int, str]] = []

    def post(request) -> None:
        barrier.wait()
        try:
            with opener.open(request, timeout=60) as response:
                answers.append((response.status, response.read().decode()))
        except urllib.error.HTTPError as error:
            answers.append((error.code, error.read().decode()))

    threads = [threading.Thread(target=post, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_twenty_leaders_submit_at_once_exactly_one_wins(submissions):
    room, requests = submissions
    answers = _post_all(requests)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [302] + [400] * (THREADS - 1)
    refused = [body for status, body in answers if status == 400]
    assert all("Tila on jo varattu" in body or "Joku varasi tilan" in body for body in refused)
    assert RoomReservation.objects.filter(room=room, is_active=True).count() == 1


def test_negative_control_without_guards_the_same_requests_double_book(submissions, monkeypatch):
    room, requests = submissions
    with _without_exclusion_constraint(), _without_lock_and_slow_check(monkeypatch):
        answers = _post_all(requests)
        wins = sum(1 for status, _ in answers if status == 302)
        assert all(status in (302, 400) for status, _ in answers)
        assert wins > 1, "the race did not happen; the test above proves nothing"
        assert RoomReservation.objects.filter(room=room, is_active=True).count() == wins
