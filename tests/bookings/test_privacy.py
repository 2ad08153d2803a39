"""Export, erasure and retention of a household's sign-up data: services, manage-link pages, the command."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Notice, SignUp
from bookings.services.privacy import booking_erase, booking_export, personal_data_purge
from bookings.services.signups import Contact, Party, signup_create
from bookings.tokens import booking_token
from events.models import Session
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

FAMILY = Party(adults=1, children_under_1=1, prams=1)


def sign(
    session,
    *,
    name="Maija Meikäläinen",
    email="maija@example.fi",
    phone="040 123 4567",
    note="",
    party=FAMILY,
):
    contact = Contact(name=name, email=email, phone=phone, language="sv")
    return signup_create(actor=None, session=session, contact=contact, party=party, note=note, consent=True)


@pytest.fixture
def session():
    return SessionFactory(group__capacity_people=2)


def age(booking: Booking, session: Session, *, ended_days_ago: float, now: dt.datetime) -> None:
    """Move a session (and the booking's creation) into the past: signup_create refuses past sessions."""
    end = now - dt.timedelta(days=ended_days_ago)
    Session.objects.filter(pk=session.pk).update(start=end - dt.timedelta(hours=2), end=end)
    Booking.objects.filter(pk=booking.pk).update(created_at=end - dt.timedelta(days=7))


# --- export --------------------------------------------------------------------------------------


def test_export_holds_everything_stored_about_the_household(session, django_capture_on_commit_callbacks):
    result = sign(session, note="Tulemme vaunuilla")
    Notice.objects.create(booking=result.booking, session=session, kind=Notice.Kind.REMINDER, state="sent")
    data = booking_export(booking=result.booking)

    assert data["contact"] == {
        "name": "Maija Meikäläinen",
        "email": "maija@example.fi",
        "phone": "040 123 4567",
    }
    assert data["party"] == {
        "adults": 1,
        "children_under_1": 1,
        "children_1_to_2": 0,
        "children_3_to_6": 0,
        "children_7_plus": 0,
        "prams": 1,
    }
    assert data["language"] == "sv"
    assert data["note"] == "Tulemme vaunuilla"
    assert data["consented_at"] is not None
    (signup,) = data["signups"]
    assert signup["status"] == "confirmed"
    assert signup["session"]["id"] == session.pk
    assert signup["session"]["start"] == session.start.isoformat()
    assert signup["session"]["group"] == session.group.title
    assert signup["session"]["venue"] == session.room.venue.name
    assert {n["kind"] for n in data["notices"]} == {"confirmation", "reminder"}
    assert all(n["created_at"] for n in data["notices"])
    assert "token_hash" not in json.dumps(data)
    assert result.booking.token_hash not in json.dumps(data)


def test_export_download_by_manage_link(client, session):
    result = sign(session)
    response = client.get(reverse("signup_export", kwargs={"token": result.token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert response.json()["contact"]["email"] == "maija@example.fi"


@pytest.mark.parametrize("token", ["x" * 40, "short", "not-alnum-but-long-enough-token-here!!"])
def test_guessed_or_malformed_token_is_a_clear_404(client, session, token):
    sign(session)
    for name in ("signup_export", "signup_erase"):
        response = client.get(reverse(name, kwargs={"token": token}))
        assert response.status_code == 404
        assert "Linkki ei toimi" in response.text  # the Finnish page (reverse() in the default language)
        assert "maija" not in response.text.lower()


# --- erasure -------------------------------------------------------------------------------------


def test_erase_clears_contact_keeps_counts_and_promotes_the_waiting_list(
    session, django_capture_on_commit_callbacks
):
    mine = sign(session, note="MARKER-NOTE")  # 2 people: the session is full
    waiting = sign(session, name="Toinen Perhe", email="toinen@example.fi")
    assert waiting.signups[0].status == SignUp.Status.WAITLISTED
    Notice.objects.filter(booking=mine.booking).update(last_error="550 maija@example.fi unknown")

    with django_capture_on_commit_callbacks(execute=True):
        booking_erase(booking=mine.booking)

    booking = Booking.objects.get(pk=mine.booking.pk)
    assert (booking.contact_name, booking.email, booking.phone, booking.note) == ("", "", "", "")
    assert booking.user is None
    assert booking.anonymised_at is not None
    assert (booking.adults, booking.children_under_1, booking.prams) == (1, 1, 1)  # counts for metrics
    assert SignUp.objects.get(booking=booking).status == SignUp.Status.CANCELLED
    assert SignUp.objects.get(booking=waiting.booking).status == SignUp.Status.CONFIRMED
    # The SMTP error quoting the address is gone (the cancel notice finds no address: "no address").
    assert not Notice.objects.filter(booking=booking, last_error__icontains="maija").exists()
    stored = json.dumps(booking_export(booking=booking))
    assert "maija" not in stored
    assert "MARKER-NOTE" not in stored


def test_erase_twice_is_harmless(session):
    result = sign(session)
    first = booking_erase(booking=result.booking)
    again = booking_erase(booking=Booking.objects.get(pk=result.booking.pk))
    assert again.anonymised_at == first.anonymised_at


def test_erase_of_a_past_booking_only_anonymises(session):
    result = sign(session)
    now = timezone.now()
    age(result.booking, session, ended_days_ago=3, now=now)
    booking_erase(booking=result.booking, now=now)
    assert SignUp.objects.get(booking=result.booking).status == SignUp.Status.CONFIRMED  # history kept
    assert Booking.objects.get(pk=result.booking.pk).email == ""


def test_erase_page_confirms_then_erases_and_the_link_shows_410(client, session):
    result = sign(session)
    url = reverse("signup_erase", kwargs={"token": result.token})
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert b'method="post"' in confirm.content
    assert confirm["Cache-Control"] == "no-store"
    assert Booking.objects.get(pk=result.booking.pk).anonymised_at is None  # GET changes nothing

    done = client.post(url)
    assert done.status_code == 200
    assert "tiedot on poistettu" in done.text  # Finnish page
    assert Booking.objects.get(pk=result.booking.pk).anonymised_at is not None

    for name in ("signup_export", "signup_erase"):
        gone = client.get(reverse(name, kwargs={"token": result.token}))
        assert gone.status_code == 410
        assert "tiedot on poistettu" in gone.text
        assert "maija" not in gone.text.lower()
    assert client.post(url).status_code == 410
    manage = client.get(f"/fi/signups/{result.token}/")  # the lead's manage page
    assert manage.status_code == 410
    assert "maija" not in manage.text.lower()


def test_erase_needs_the_csrf_token(session):
    from django.test import Client

    result = sign(session)
    response = Client(enforce_csrf_checks=True).post(reverse("signup_erase", kwargs={"token": result.token}))
    assert response.status_code == 403
    assert Booking.objects.get(pk=result.booking.pk).anonymised_at is None


def test_manage_section_links_export_and_erase(rf, session):
    from django.template.loader import render_to_string

    result = sign(session)
    html = render_to_string(
        "bookings/_manage_privacy.html", {"booking": result.booking, "token": result.token}
    )
    assert reverse("signup_export", kwargs={"token": result.token}) in html
    assert reverse("signup_erase", kwargs={"token": result.token}) in html
    assert reverse("privacy") in html


# --- retention -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ended_days_ago", "purged"),
    [(89, False), (90, False), (90 + 1 / 86400, True), (91, True)],
)
def test_purge_boundary(session, ended_days_ago, purged):
    result = sign(session, note="MARKER-NOTE")
    now = timezone.now()
    age(result.booking, session, ended_days_ago=ended_days_ago, now=now)
    assert personal_data_purge(now=now, retention_days=90) == int(purged)
    booking = Booking.objects.get(pk=result.booking.pk)
    assert (booking.email == "") is purged
    assert (booking.note == "") is purged
    assert booking.adults == 1


def test_series_booking_waits_for_its_last_session():
    first = SessionFactory()
    later = SessionFactory(group=first.group, room=first.room, start=first.start + dt.timedelta(days=7))
    later.end = later.start + dt.timedelta(hours=2)
    later.save()
    result = sign(first)
    SignUp.objects.create(
        booking=result.booking, session=later, status="confirmed", people=2, prams=1, queued_at=timezone.now()
    )
    now = timezone.now()
    age(result.booking, first, ended_days_ago=120, now=now)
    Session.objects.filter(pk=later.pk).update(
        start=now - dt.timedelta(days=61), end=now - dt.timedelta(days=60)
    )
    assert personal_data_purge(now=now, retention_days=90) == 0
    Session.objects.filter(pk=later.pk).update(
        start=now - dt.timedelta(days=100), end=now - dt.timedelta(days=95)
    )
    assert personal_data_purge(now=now, retention_days=90) == 1


def test_purge_is_batched_and_idempotent(session):
    now = timezone.now()
    bookings = []
    for n in range(7):
        other = SessionFactory(group=session.group, room=session.room)
        result = sign(other, email=f"perhe{n}@example.fi")
        age(result.booking, other, ended_days_ago=100, now=now)
        bookings.append(result.booking)
    Notice.objects.filter(booking__in=bookings).update(last_error="550 perhe@example.fi")
    fresh = sign(session)

    assert personal_data_purge(now=now, retention_days=90, batch_size=3) == 7
    assert Booking.objects.filter(pk__in=[b.pk for b in bookings], email="").count() == 7
    assert not Notice.objects.filter(booking__in=bookings).exclude(last_error="").exists()
    assert Booking.objects.get(pk=fresh.booking.pk).email == "maija@example.fi"
    stamps = list(
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).values_list("anonymised_at", flat=True)
    )
    assert personal_data_purge(now=now + dt.timedelta(days=1), retention_days=90) == 0
    after = list(
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).values_list("anonymised_at", flat=True)
    )
    assert after == stamps


def test_purge_command_dry_run_changes_nothing(session, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    result = sign(session)
    age(result.booking, session, ended_days_ago=100, now=timezone.now())
    before = Booking.objects.filter(pk=result.booking.pk).values().get()

    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "1 bookings would be anonymised" in out.getvalue()
    assert Booking.objects.filter(pk=result.booking.pk).values().get() == before

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Anonymised 1 bookings" in out.getvalue()
    assert Booking.objects.get(pk=result.booking.pk).email == ""
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Anonymised 0 bookings" in out.getvalue()


def test_purged_booking_link_shows_410(client, session):
    result = sign(session)
    now = timezone.now()
    age(result.booking, session, ended_days_ago=100, now=now)
    personal_data_purge(now=now, retention_days=90)
    token = booking_token(result.booking)
    response = client.get(reverse("signup_export", kwargs={"token": token}))
    assert response.status_code == 410


# --- the notice ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_privacy_notice_page(client, settings, lang):
    settings.PERSONAL_DATA_RETENTION_DAYS = 77
    response = client.get(f"/{lang}/privacy/")
    assert response.status_code == 200
    assert "77" in response.text
    assert 'lang="' + lang + '"' in response.text
    home = client.get(f"/{lang}/")
    assert f'href="/{lang}/privacy/"' in home.text  # the footer links it
