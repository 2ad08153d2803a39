"""What a sign-up costs in queries: at most 8 for the POST, 1 for the form (SQLite and PostgreSQL).

Counted over the whole request, commit included: the transaction is real (so the task is queued
after commit, into the database queue as in production), and SQLite's `BEGIN IMMEDIATE` counts.
"""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Booking, Notice, SignUp
from events.models import Group, Series, Session
from tests.bookings.test_signup_pages import form_data, signup_url
from tests.factories import GroupFactory, SessionFactory, course_sessions

pytestmark = pytest.mark.django_db(transaction=True)

POST_QUERIES = 8


@pytest.fixture(autouse=True)
def _tasks_in_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _post(client, session, **overrides):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(signup_url(session), form_data(**overrides))
    assert response.status_code == 303, response.content.decode()[:500]
    return queries


def test_a_sign_up_post_costs_at_most_eight_queries(client, django_assert_max_num_queries):
    session = SessionFactory(group__capacity_people=4, group__capacity_prams=None)
    _post(client, session, email="first@example.fi")  # a party of 2: room for one more
    with django_assert_max_num_queries(POST_QUERIES):
        client.post(signup_url(session), form_data(email="second@example.fi"))
    with django_assert_max_num_queries(POST_QUERIES):  # full: to the waiting list, the same price
        client.post(signup_url(session), form_data(email="third@example.fi"))
    statuses = sorted(SignUp.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    # Each sign-up queued its email, and its task is in the database queue.
    assert Notice.objects.filter(kind=Notice.Kind.CONFIRMATION).count() == 3
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 3


def test_a_series_sign_up_post_costs_the_same(client, django_assert_max_num_queries):
    group = GroupFactory(signup_mode=Group.SignUpMode.SERIES, capacity_people=10)
    first = SessionFactory(group=group)
    series = Series.objects.create(
        group=group,
        room=first.room,
        first_date=first.start.date(),
        last_date=first.start.date() + datetime.timedelta(weeks=5),
        start_time=datetime.time(10),
        duration_minutes=120,
        weekdays=str(first.start.weekday()),
    )
    for week in range(1, 6):
        SessionFactory(group=group, room=first.room, start=first.start + datetime.timedelta(weeks=week))
    Session.objects.filter(group=group).update(series=series)
    with django_assert_max_num_queries(POST_QUERIES):
        client.post(signup_url(first), form_data())
    booking = Booking.objects.get()
    assert booking.series_id == series.pk
    assert booking.signups.filter(status=SignUp.Status.CONFIRMED).count() == 6


def test_the_query_count_is_the_same_however_full_the_session(client):
    """No query per sign-up already there: the count for the 1st and the 30th is the same."""
    session = SessionFactory(group__capacity_people=100, group__capacity_prams=None)
    counts = [len(_post(client, session, email=f"p{n}@example.fi")) for n in range(30)]
    assert len(set(counts[1:])) == 1, counts
    assert max(counts) <= POST_QUERIES


def test_the_form_page_costs_one_query(client, django_assert_num_queries):
    session = SessionFactory(group__capacity_people=3)
    _post(client, session)
    with django_assert_num_queries(1):
        page = client.get(signup_url(session))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 place left" in client.get(signup_url(session, "en")).content.decode()
    assert 'name="idempotency_key"' in html


def test_a_repeated_submit_is_answered_from_the_first(client):
    data = form_data(idempotency_key=uuid.uuid4().hex)
    session = SessionFactory(group__capacity_people=3)
    first = client.post(signup_url(session), data)
    second = client.post(signup_url(session), data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Booking.objects.count() == 1


def test_the_blank_fields_rendered_once_per_language_stay_in_their_language(client):
    session = SessionFactory(group__capacity_people=3)
    for _ in range(2):  # the second time from the process's memo
        english = client.get(signup_url(session, "en")).content.decode()
        finnish = client.get(signup_url(session, "fi")).content.decode()
        assert "Your name" in english
        assert "Your name" not in finnish
        assert '<option value="en" selected>' in english
        assert '<option value="fi" selected>' in finnish


def test_a_course_sign_up_with_the_full_sessions_choice_costs_the_same(client, django_assert_max_num_queries):
    """The choice is decided from the places counted under the lock: no query of its own."""
    first, full = course_sessions(2, capacity_people=10)
    Session.objects.filter(pk=full.pk).update(capacity_people=1)
    with django_assert_max_num_queries(POST_QUERIES):
        client.post(signup_url(first), form_data(when_full="waitlist"))
    statuses = dict(SignUp.objects.values_list("session_id", "status"))
    assert statuses == {first.pk: "confirmed", full.pk: "waitlisted"}
