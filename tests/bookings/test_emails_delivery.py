"""Sending emails to families: retries, failure state, idempotency, reminders, the coordinators' page."""

import datetime as dt
import smtplib
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task_backends

from bookings.models import Booking, Notice, SignUp
from bookings.sending import MAX_ATTEMPTS
from bookings.services.notices import notice_queue
from bookings.services.outbox import NoticeRefused, notice_retry
from bookings.services.reminders import reminders_queue
from bookings.services.signups import Contact, Party, booking_cancel, signup_create
from bookings.tasks import send_notice
from core.errors import PermissionRefused
from events.models import Session
from tests.factories import MembershipFactory, OrganizationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

FAMILY_EMAIL = "perhe.virtanen@example.fi"
FAILING = "tests.bookings.test_emails_delivery.FailingBackend"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient, quoting the address in its error (as real ones do)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {FAMILY_EMAIL: (550, b"5.1.1 <perhe.virtanen@example.fi> unknown")}
        )


def sign(session, *, email=FAMILY_EMAIL, name="Virtanen"):
    return signup_create(
        actor=None,
        session=session,
        contact=Contact(name=name, email=email),
        party=Party(adults=1, children_under_1=1),
        consent=True,
    )


@pytest.fixture
def booking():
    return sign(SessionFactory()).booking


def queued_tasks():
    return task_backends["default"].results


# --- retries ---------------------------------------------------------------------------------------


def test_a_failing_send_is_retried_with_backoff_then_marked_failed(
    booking, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY_TASKS
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_queue(booking=booking, kind=Notice.Kind.LINK)
    assert [r.args for r in queued_tasks()] == [[notice.pk]]
    assert queued_tasks()[0].task.run_after is None  # the first try at once

    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        before = timezone.now()
        send_notice.call(notice.pk)  # what the worker does with the queued task
        notice.refresh_from_db()
        assert notice.attempts == attempt
        assert notice.last_error == "SMTPRecipientsRefused"
        assert "@" not in notice.last_error  # no personal data
        if attempt < MAX_ATTEMPTS:
            assert notice.state == Notice.State.QUEUED
            assert len(queued_tasks()) == attempt + 1
            delays.append(queued_tasks()[-1].task.run_after - before)
    assert [round(d.total_seconds() / 60) for d in delays] == [1, 5, 30]
    assert notice.state == Notice.State.FAILED
    assert len(queued_tasks()) == MAX_ATTEMPTS  # no fifth try
    assert mailoutbox == []

    # Once failed, a stray run of the task sends nothing, even with the server back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_notice.call(notice.pk)
    assert mail.outbox == []
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (Notice.State.FAILED, MAX_ATTEMPTS)


def test_with_immediate_tasks_the_tries_run_at_once(booking, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_queue(booking=booking, kind=Notice.Kind.LINK)
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (Notice.State.FAILED, MAX_ATTEMPTS)


def test_a_sent_notice_is_never_sent_twice(booking, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_queue(booking=booking, kind=Notice.Kind.LINK)
    assert len(mailoutbox) == 1
    send_notice.call(notice.pk)
    send_notice.call(notice.pk)
    assert len(mailoutbox) == 1
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (Notice.State.SENT, 1)


class SlowBackend(locmem.EmailBackend):
    """A mail server that takes its time, so two workers overlap."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


def _two_workers_send(notice_id):
    def work():
        try:
            send_notice.call(notice_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.postgres
@pytest.mark.parametrize("guarded", [True, False])
def test_two_workers_never_send_one_notice_twice(
    guarded, on_postgres, transactional_db, settings, monkeypatch
):
    settings.EMAIL_BACKEND = "tests.bookings.test_emails_delivery.SlowBackend"
    settings.TASKS = DUMMY_TASKS
    booking = sign(SessionFactory()).booking
    notice = Notice.objects.create(booking=booking, kind=Notice.Kind.LINK)
    mail.outbox = []
    if not guarded:  # negative control: without the row lock both workers send
        monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    _two_workers_send(notice.pk)
    assert len(mail.outbox) == (1 if guarded else 2)
    notice.refresh_from_db()
    assert notice.state == Notice.State.SENT


# --- coordinators resend ---------------------------------------------------------------------------


@pytest.fixture
def failed(booking, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_queue(booking=booking, kind=Notice.Kind.LINK)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notice.refresh_from_db()
    assert notice.state == Notice.State.FAILED
    return notice


def coordinator_of(organization, role="coordinator"):
    user = UserFactory()
    MembershipFactory(user=user, organization=organization, role=role)
    return user


def test_a_coordinator_sends_a_failed_notice_again(failed, mailoutbox, django_capture_on_commit_callbacks):
    coordinator = coordinator_of(failed.booking.group.organization)
    with django_capture_on_commit_callbacks(execute=True):
        notice_retry(actor=coordinator, notice=failed)
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (Notice.State.SENT, 1)
    assert len(mailoutbox) == 1
    with pytest.raises(NoticeRefused) as refused:
        notice_retry(actor=coordinator, notice=failed)
    assert refused.value.code == "already_sent"


@pytest.mark.parametrize("who", ["leader", "other_coordinator", "nobody"])
def test_only_the_organizations_coordinators_may_resend(failed, who):
    organization = failed.booking.group.organization
    actor = {
        "leader": lambda: coordinator_of(organization, role="leader"),
        "other_coordinator": lambda: coordinator_of(OrganizationFactory()),
        "nobody": lambda: None,
    }[who]()
    with pytest.raises(PermissionRefused) as refused:
        notice_retry(actor=actor, notice=failed)
    assert refused.value.code == "forbidden"
    failed.refresh_from_db()
    assert failed.state == Notice.State.FAILED


def test_an_anonymised_booking_is_not_resent(failed):
    Booking.objects.filter(pk=failed.booking_id).update(email="", anonymised_at=timezone.now())
    failed.booking.refresh_from_db()
    with pytest.raises(NoticeRefused) as refused:
        notice_retry(actor=coordinator_of(failed.booking.group.organization), notice=failed)
    assert refused.value.code == "no_address"


# --- the coordinators' page ------------------------------------------------------------------------

PAGE = "/fi/leader/participants/emails/"


def test_the_page_lists_failed_notices_without_the_familys_contact(client, failed):
    client.force_login(coordinator_of(failed.booking.group.organization))
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"perhe nro {failed.booking_id}" in html or f"household #{failed.booking_id}" in html
    assert "SMTPRecipientsRefused" in html
    assert f'name="notice" value="{failed.pk}"' in html
    assert FAMILY_EMAIL not in html
    assert "Virtanen" not in html
    assert "@example.fi" not in html


def test_the_page_shows_only_the_coordinators_own_organizations(client, failed):
    other = coordinator_of(OrganizationFactory())
    client.force_login(other)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert f'value="{failed.pk}"' not in page.content.decode()
    # Resending another organization's email: as if it did not exist.
    assert client.post(PAGE, {"notice": failed.pk}).status_code == 404
    failed.refresh_from_db()
    assert failed.state == Notice.State.FAILED


def test_a_group_leader_is_refused_the_page(client, failed):
    client.force_login(coordinator_of(failed.booking.group.organization, role="leader"))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"notice": failed.pk}).status_code in (403, 404)
    failed.refresh_from_db()
    assert failed.state == Notice.State.FAILED


def test_anonymous_visitors_are_sent_to_log_in(client, failed):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_resend_button_sends(client, failed, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(coordinator_of(failed.booking.group.organization))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"notice": failed.pk})
    assert response.status_code == 302
    assert response["Location"] == PAGE
    failed.refresh_from_db()
    assert failed.state == Notice.State.SENT
    assert [m.to for m in mailoutbox] == [[FAMILY_EMAIL]]
    # A sent notice leaves the list.
    assert f'value="{failed.pk}"' not in client.get(PAGE).content.decode()


# --- reminders -------------------------------------------------------------------------------------


def signed_up_at(session, *, days_ago=3, **kwargs):
    """A confirmed sign-up made some days before (outside the reminder window)."""
    result = sign(session, **kwargs)
    earlier = timezone.now() - dt.timedelta(days=days_ago)
    SignUp.objects.filter(booking=result.booking).update(queued_at=earlier)
    return result.signups[0]


def at(hours):
    start = (timezone.now() + dt.timedelta(hours=hours)).replace(microsecond=0)
    return SessionFactory(start=start, end=start + dt.timedelta(hours=2))


def test_reminders_go_once_to_confirmed_signups_starting_within_the_window(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SIGNUP_REMINDER_HOURS = 24
    due = signed_up_at(at(23), email="due@example.fi")
    signed_up_at(at(25), email="later@example.fi")
    cancelled_session = signed_up_at(at(5), email="cancelled-session@example.fi")
    Session.objects.filter(pk=cancelled_session.session_id).update(status=Session.Status.CANCELLED)
    cancelled = signed_up_at(at(6), email="cancelled@example.fi")
    booking_cancel(booking=cancelled.booking)
    waiting = signed_up_at(at(7), email="waiting@example.fi")
    SignUp.objects.filter(pk=waiting.pk).update(status=SignUp.Status.WAITLISTED)
    sign(at(8), email="just-now@example.fi")  # signed up inside the window: the confirmation was enough
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=None)
    assert [m.to for m in mailoutbox] == [["due@example.fi"]]
    assert "Muistutus" in mailoutbox[0].subject or "Reminder" in mailoutbox[0].subject
    due.refresh_from_db()
    assert due.reminded_at is not None
    notice = Notice.objects.get(kind=Notice.Kind.REMINDER)
    assert notice.session_id == due.session_id

    # Run again (cron every 10 minutes): nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert len(mailoutbox) == 1
    assert Notice.objects.filter(kind=Notice.Kind.REMINDER).count() == 1


def test_a_session_entering_the_window_later_is_reminded_then(mailoutbox, django_capture_on_commit_callbacks):
    signup = signed_up_at(at(30))
    now = timezone.now()
    assert reminders_queue(now=now, hours=24) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_queue(now=now + dt.timedelta(hours=7), hours=24) == 1
    signup.refresh_from_db()
    assert signup.reminded_at == now + dt.timedelta(hours=7)
    assert len([m for m in mailoutbox if "Muistutus" in m.subject or "Reminder" in m.subject]) == 1


def test_reminders_can_be_turned_off(settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.SIGNUP_REMINDER_HOURS = 0
    signed_up_at(at(2))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert mailoutbox == []
    assert not Notice.objects.filter(kind=Notice.Kind.REMINDER).exists()
