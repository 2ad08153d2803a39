"""/feeds/me/<token>.ics: an account's own sessions, private, revocable; others' tokens open nothing."""

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from bookings.models import FeedToken, SignUp
from bookings.services.feeds import feed_token_create, feed_token_revoke
from bookings.services.signups import Contact, Party, booking_cancel, signup_create
from core.errors import PermissionRefused
from events.models import Session
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign(session, *, user, email="maija@example.fi"):
    return signup_create(
        actor=user,
        session=session,
        contact=Contact(name="Maija Meikäläinen", email=email, phone="040 123 4567"),
        party=Party(adults=2),
        consent=True,
    )


@pytest.fixture
def family():
    return UserFactory(email="maija@example.fi", preferred_language="fi")


def needs_catalog(lang: str) -> None:
    """fi/sv wording comes from the merged catalogs (/tmp/tx/privacy.json until the lead merges it)."""
    with translation.override(lang):
        if lang != "en" and gettext("Waiting list: %(title)s") == "Waiting list: %(title)s":
            pytest.skip(f"the {lang} catalog has no translation of the waiting-list prefix yet")


def events_of(response):
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_feed_has_confirmed_and_waitlisted_sessions(client, family):
    roomy = SessionFactory(group__title_fi="Vauvaryhmä")
    full = SessionFactory(group__title_fi="Muskari", group__capacity_people=2)
    sign(full, user=UserFactory(), email="eka@example.fi")  # takes both places
    confirmed = sign(roomy, user=family)
    waiting = sign(full, user=family)
    assert waiting.signups[0].status == "waitlisted"
    cancelled_by_me = SessionFactory()
    gone = sign(cancelled_by_me, user=family)
    booking_cancel(booking=gone.booking)
    token = feed_token_create(user=family).token

    response = client.get(f"/feeds/me/{token}.ics?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["ETag"].startswith('"')
    assert not response["ETag"].startswith("W/")
    assert response["X-Robots-Tag"] == "noindex"
    assert not response.cookies
    assert response.get("Vary", "Accept-Encoding") == "Accept-Encoding"  # never Cookie

    events = {str(e["SUMMARY"]): e for e in events_of(response)}
    assert set(events) == {"Vauvaryhmä", "Waiting list: Muskari"}
    assert str(events["Vauvaryhmä"]["UID"]) == str(uuid.uuid5(confirmed.booking.public_id, str(roomy.pk)))
    assert str(events["Vauvaryhmä"]["CLASS"]) == "PRIVATE"
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"Maija" not in response.content  # nobody's name in a calendar that may be shared
    assert b"maija@example.fi" not in response.content


@pytest.mark.parametrize(
    ("lang", "prefix"), [("fi", "Jonossa: "), ("sv", "I kö: "), ("en", "Waiting list: ")]
)
def test_waitlisted_prefix_follows_the_language(client, family, lang, prefix):
    needs_catalog(lang)
    full = SessionFactory(group__title_fi="Muskari", group__title_sv="Musiklek", group__capacity_people=2)
    full.group.title_en = "Music play"
    full.group.save()
    sign(full, user=UserFactory(), email="eka@example.fi")
    sign(full, user=family)
    token = feed_token_create(user=family).token
    response = client.get(f"/feeds/me/{token}.ics?lang={lang}")
    (event,) = events_of(response)
    assert str(event["SUMMARY"]).startswith(prefix)


def test_cancelled_session_is_status_cancelled(client, family):
    session = SessionFactory()
    sign(session, user=family)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED, sequence=1)
    token = feed_token_create(user=family).token
    (event,) = events_of(client.get(f"/feeds/me/{token}.ics"))
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_etag_is_stable_and_answers_304_then_changes(client, family):
    session = SessionFactory()
    sign(session, user=family)
    token = feed_token_create(user=family).token
    url = f"/feeds/me/{token}.ics"
    first = client.get(url)
    again = client.get(url)
    assert first["ETag"] == again["ETag"]
    assert first.content == again.content
    cached = client.get(url, headers={"if-none-match": first["ETag"]})
    assert cached.status_code == 304
    assert cached["Cache-Control"] == "private, max-age=300"
    sign(SessionFactory(), user=family)
    assert client.get(url)["ETag"] != first["ETag"]


def test_past_sessions_leave_the_feed(client, family):
    session = SessionFactory()
    sign(session, user=family)
    old_start = session.start - dt.timedelta(days=60)
    Session.objects.filter(pk=session.pk).update(start=old_start, end=old_start + dt.timedelta(hours=2))
    token = feed_token_create(user=family).token
    assert events_of(client.get(f"/feeds/me/{token}.ics")) == []


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "short", "a" * 100, "has.dots.in.it.and.more.than.twenty"],
)
def test_unknown_or_malformed_token_is_404(client, family, token):
    feed_token_create(user=family)
    response = client.get(f"/feeds/me/{token}.ics")
    assert response.status_code == 404
    assert "Kalenterilinkki ei toimi" in response.text  # feeds answer in Finnish by default


def test_revoked_token_is_404(client, family):
    sign(SessionFactory(), user=family)
    new = feed_token_create(user=family)
    url = f"/feeds/me/{new.token}.ics"
    assert client.get(url).status_code == 200
    client.force_login(family)
    response = client.post(reverse("my_feed_revoke", kwargs={"pk": new.feed_token.pk}))
    assert response.status_code == 302
    client.logout()
    assert client.get(url).status_code == 404


def test_token_shows_only_its_own_family(client, family):
    other = UserFactory(email="naapuri@example.fi")
    sign(SessionFactory(group__title_fi="Meidän ryhmä"), user=family)
    sign(SessionFactory(group__title_fi="Naapurin ryhmä"), user=other, email="naapuri@example.fi")
    mine = feed_token_create(user=family).token
    theirs = feed_token_create(user=other).token
    assert b"Naapurin" not in client.get(f"/feeds/me/{mine}.ics").content
    assert "Meidän".encode() not in client.get(f"/feeds/me/{theirs}.ics").content


def test_cannot_revoke_another_familys_token(client, family):
    theirs = feed_token_create(user=UserFactory())
    with pytest.raises(PermissionRefused):
        feed_token_revoke(user=family, feed_token_id=theirs.feed_token.pk)
    client.force_login(family)
    client.post(reverse("my_feed_revoke", kwargs={"pk": theirs.feed_token.pk}))
    assert FeedToken.objects.get(pk=theirs.feed_token.pk).revoked_at is None


def test_create_shows_the_link_once_with_subscribe_links(client, family, settings):
    client.force_login(family)
    response = client.post(reverse("my_feed_create"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    (feed_token,) = FeedToken.objects.filter(user=family)
    text = response.text
    start = text.index("/feeds/me/") + len("/feeds/me/")
    token = text[start : text.index(".ics", start)]
    assert len(token) >= 40
    assert token not in feed_token.token_hash
    assert f"webcal://{settings.SITE_URL.split('://')[1]}/feeds/me/{token}.ics" in text
    assert "calendar.google.com/calendar/r?cid=http" in text
    assert client.get(f"/feeds/me/{token}.ics").status_code == 200
    assert token not in client.get(reverse("my_signups")).text  # never shown again


def test_promotion_from_the_waiting_list_raises_sequence(client, family):
    """SUMMARY loses its waiting-list prefix: without a higher SEQUENCE calendars keep the old one."""
    full = SessionFactory(group__title_fi="Muskari", group__capacity_people=2)
    first = sign(full, user=UserFactory(), email="eka@example.fi")
    waiting = sign(full, user=family)
    token = feed_token_create(user=family).token
    (before,) = events_of(client.get(f"/feeds/me/{token}.ics"))
    booking_cancel(booking=first.booking)  # the family moves up
    assert SignUp.objects.get(pk=waiting.signups[0].pk).status == SignUp.Status.CONFIRMED
    (after,) = events_of(client.get(f"/feeds/me/{token}.ics"))
    assert str(after["SUMMARY"]) != str(before["SUMMARY"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_post_to_the_private_feed_is_405(client, family):
    token = feed_token_create(user=family).token
    response = Client(enforce_csrf_checks=True).post(f"/feeds/me/{token}.ics")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
