"""Bounded waits: a row locked by another transaction answers a translated 503 within seconds, nothing saved.

Before the fix a sign-up waited for the lock as long as the other transaction held it (in production
until gunicorn killed the worker, and the family got an empty 500). Here another connection holds
the session row FOR UPDATE while the form is posted; the request must give up after the lock
timeout (3 s by default) and change nothing. The holder lets go after at most HOLD seconds, so
without the timeout the same request would succeed late and the test fails.
"""

import threading
import time
import uuid

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from django.db import OperationalError, connection, connections, transaction
from django.test import Client

from bookings.models import Booking, SignUp
from core.middleware import is_busy_error
from events.models import Session
from tests.bookings.test_signup_pages import form_data, signup_url
from tests.factories import SessionFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
HOLD = 12  # seconds the other transaction keeps the lock at most


@pytest.fixture
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")


class RowHolder(threading.Thread):
    """Another connection: locks a row FOR UPDATE and keeps it until released (or HOLD)."""

    def __init__(self, pk: object, model: type = Session) -> None:
        super().__init__(daemon=True)
        self.pk = pk
        self.model = model
        self.locked = threading.Event()
        self.release = threading.Event()

    def run(self) -> None:
        try:
            with transaction.atomic():
                self.model.objects.select_for_update().get(pk=self.pk)
                self.locked.set()
                self.release.wait(HOLD)
        finally:
            connections.close_all()


@pytest.mark.usefixtures("_postgres_only")
def test_web_connections_have_bounded_waits():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "3s"
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"


@pytest.mark.usefixtures("_postgres_only")
def test_sign_up_on_a_locked_session_answers_busy_and_saves_nothing(client):
    session = SessionFactory(group__capacity_people=5)
    holder = RowHolder(session.pk)
    holder.start()
    assert holder.locked.wait(30)
    try:
        started = time.monotonic()
        response = client.post(signup_url(session), form_data(idempotency_key=uuid.uuid4().hex))
        waited = time.monotonic() - started
    finally:
        holder.release.set()
        holder.join(30)

    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Palvelu on juuri nyt ruuhkainen" in page  # Finnish, the page's language
    assert waited < HOLD - 2, f"waited {waited:.1f} s: the lock timeout did not apply"
    assert Booking.objects.count() == 0
    assert SignUp.objects.count() == 0

    # Nothing is stuck: once the other transaction ends, the same form goes through.
    retry = client.post(signup_url(session), form_data(idempotency_key=uuid.uuid4().hex))
    assert retry.status_code == 303
    assert SignUp.objects.filter(session=session).count() == 1


@pytest.mark.usefixtures("_postgres_only")
@pytest.mark.urls("tests.core.busy_urls")
def test_a_statement_timeout_answers_busy_too(client):
    response = client.get("/slow-statement/", headers={"accept-language": "en"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The service is busy right now" in response.content.decode()


@pytest.mark.usefixtures("_postgres_only")
@pytest.mark.urls("tests.core.busy_urls")
def test_a_lock_timeout_after_the_view_answers_busy_too():
    """The session is saved by SessionMiddleware after the view, outside process_exception's reach;
    Django reports the lock timeout there as SessionInterrupted (400), which handler400 maps."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    key = client.session.session_key
    holder = RowHolder(key, model=DjangoSession)
    holder.start()
    assert holder.locked.wait(30)
    try:
        response = client.get("/touch-session/", headers={"accept-language": "en"})
    finally:
        holder.release.set()
        holder.join(30)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The service is busy right now" in response.content.decode()


def test_other_database_errors_are_not_hidden():
    """Negative control for the mapping: an operational error that is no timeout stays an error."""
    assert not is_busy_error(OperationalError("connection refused"))
    assert not is_busy_error(ValueError("not a database error"))
    wrapped = ValueError("wrapped")
    wrapped.__cause__ = OperationalError("connection refused")
    assert not is_busy_error(wrapped)
