"""Emails to families: every kind in Finnish and Swedish, the manage link, Helsinki time, .ics, escaping."""

import datetime as dt
import email
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from icalendar import Calendar

from bookings.emails import when
from bookings.models import Booking, Notice, SignUp
from bookings.services.notices import notice_queue
from bookings.services.signups import Contact, Party, signup_create
from bookings.tokens import booking_token
from events.models import Session
from tests.factories import OrganizationFactory, RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
# The last Sunday of March 2027: clocks go from 03.00 to 04.00, so an hour's slip would show.
DST_DAY = dt.datetime(2027, 3, 28, 10, 0, tzinfo=HELSINKI)
SCRIPT = "<script>alert(1)</script>"

# A phrase of each kind's subject, and one of its body, in each language.
PHRASES = {
    "confirmation": {
        "fi": ("Ilmoittautuminen vahvistettu", "Kiitos ilmoittautumisesta"),
        "sv": ("Din anmälan är bekräftad", "Tack för din anmälan"),
    },
    "waitlisted": {
        "fi": ("Olet jonossa", "Ryhmä on täynnä, joten olet jonossa"),
        "sv": ("Du står i kö", "Gruppen är full, så du står i kö"),
    },
    "promoted": {
        "fi": ("Sait paikan", "paikka vapautui"),
        "sv": ("Du fick en plats", "en plats blev ledig"),
    },
    "reminder": {
        "fi": ("Muistutus", "Muistutus tulevasta kerrasta"),
        "sv": ("Påminnelse", "En påminnelse om ditt kommande tillfälle"),
    },
    "session_cancelled": {
        "fi": ("Peruttu", "Ohjaajan viesti: Ohjaaja on sairaana"),
        "sv": ("Inställt", "Gruppledarens meddelande: Ohjaaja on sairaana"),
    },
    "session_moved": {
        "fi": ("Uusi aika tai paikka", "Aiemmin: la 27.3.2027 klo 10.00–12.00"),
        "sv": ("Ny tid eller plats", "Tidigare: lör 27.3.2027 kl. 10.00–12.00"),
    },
    "cancelled": {
        "fi": ("Ilmoittautumisesi on peruttu", "Kiitos, että ilmoitit"),
        "sv": ("Din anmälan är avbokad", "Tack för att du meddelade oss"),
    },
    "link": {
        "fi": ("Ilmoittautumisesi linkki", "Tässä on linkki ilmoittautumiseesi"),
        "sv": ("Länken till din anmälan", "Här är länken till din anmälan"),
    },
}
WHEN = {"fi": "su 28.3.2027 klo 10.00–12.00", "sv": "sön 28.3.2027 kl. 10.00–12.00"}
FOOTER = {"fi": "vastauksia lueta", "sv": "Svar på det läses inte"}
CALENDAR_KINDS = {"confirmation", "promoted", "session_moved", "session_cancelled"}


@pytest.fixture
def session():
    organization = OrganizationFactory(email="info@perhe.example", phone="02 123 4567")
    return SessionFactory(
        group__organization=organization,
        group__title_fi=f"Vauvaryhmä {SCRIPT}",
        group__title_sv=f"Babygrupp {SCRIPT}",
        group__capacity_people=10,
        start=DST_DAY,
        end=DST_DAY + dt.timedelta(hours=2),
    )


def sign(session, *, language="fi", name=f"Maija {SCRIPT}", party=None, when_full=None):
    return signup_create(
        when_full=when_full,
        actor=None,
        session=session,
        contact=Contact(name=name, email="maija@example.fi", language=language),
        party=party or Party(adults=1, children_under_1=1),
        consent=True,
    )


def parts(message):
    """The sent bytes parsed back: text, HTML and the calendar attachment (or None)."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    found = {}
    for part in parsed.walk():
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html", "text/calendar") and kind not in found:
            found[kind] = (part.get_payload(decode=True), part)
    text = found["text/plain"][0].decode()
    html = found["text/html"][0].decode()
    calendar = found.get("text/calendar")
    return text, html, calendar


def make_kind(kind, session, booking):
    """Put the session and the booking in the state the kind's email is about."""
    if kind == "session_cancelled":
        Session.objects.filter(pk=session.pk).update(
            status=Session.Status.CANCELLED, cancel_reason_fi="Ohjaaja on sairaana", sequence=1
        )
    elif kind == "session_moved":
        room = RoomFactory(venue__organization=session.group.organization, venue__name_fi="Uusi talo")
        Session.objects.filter(pk=session.pk).update(
            original_start=DST_DAY - dt.timedelta(days=1), room=room, sequence=2
        )
    elif kind == "cancelled":
        SignUp.objects.filter(booking=booking).update(
            status=SignUp.Status.CANCELLED, cancelled_at=DST_DAY - dt.timedelta(days=3)
        )
    elif kind == "waitlisted":
        SignUp.objects.filter(booking=booking).update(status=SignUp.Status.WAITLISTED)


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("kind", list(PHRASES))
def test_every_kind_in_the_familys_language(
    kind, language, session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = sign(session, language=language)
    booking = result.booking
    if kind != "confirmation":
        make_kind(kind, session, booking)
        mailoutbox.clear()
        session.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            notice = notice_queue(booking=booking, kind=kind, session=session)
    else:
        notice = Notice.objects.get(booking=booking)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    subject_phrase, body_phrase = PHRASES[kind][language]
    other = "sv" if language == "fi" else "fi"
    assert message.subject.startswith("[Perhekeskus] ")
    assert subject_phrase in message.subject
    assert message.to == ["maija@example.fi"]
    text, html, calendar = parts(message)
    assert body_phrase in text
    assert PHRASES[kind][other][1] not in text
    assert FOOTER[language] in text
    assert "info@perhe.example" in text  # how to reach the organization
    url = f"http://testserver.example/{language}/signups/{booking_token(booking)}/"
    assert url in text
    assert f'href="{url}"' in html
    assert WHEN[language] in text
    assert "09.00" not in text
    assert "11.00" not in text
    notice.refresh_from_db()
    assert notice.state == Notice.State.SENT
    assert notice.sent_at is not None
    assert notice.attempts == 1
    assert (calendar is not None) == (kind in CALENDAR_KINDS)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


def test_the_html_part_escapes_the_familys_name_and_the_group_title(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign(session)
    text, html, _ = parts(mailoutbox[0])
    assert "<script>" not in html
    assert "Maija &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Vauvaryhmä &lt;script&gt;" in html
    # The plain text part is plain text: no entities.
    assert f"Hei Maija {SCRIPT}," in text
    assert f"Vauvaryhmä {SCRIPT}" in text


def test_confirmation_lists_each_place_with_its_status_and_position(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    Session.objects.filter(pk=session.pk).update(capacity_people=3)
    sign(session, name="Eka", party=Party(adults=2))
    sign(session, name="Toka", party=Party(adults=1, children_1_to_2=1))  # waitlisted, 1st
    with django_capture_on_commit_callbacks(execute=True):
        third = sign(session, name="Kolmas", language="sv", party=Party(adults=2))
    assert third.signups[0].status == SignUp.Status.WAITLISTED
    (message,) = mailoutbox
    text, _, calendar = parts(message)
    assert "Du står i kö" in message.subject
    assert "I kön som nummer 2." in text
    assert "Om en plats blir ledig" in text
    assert calendar is None  # no place, nothing for the calendar
    # Only this household: never another family's name or address.
    assert "Eka" not in text
    assert "Toka" not in text


def test_calendar_attachment_parses_with_the_session_in_helsinki_time(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = sign(session)
    _, _, calendar = parts(mailoutbox[0])
    raw, part = calendar
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    assert b"\r\n" in raw
    assert re.search(rb"(?<!\r)\n", raw) is None  # CRLF only
    assert b"DTSTART;TZID=Europe/Helsinki:20270328T100000\r\n" in raw
    assert b"ATTENDEE" not in raw
    assert b"VALARM" not in raw
    parsed = Calendar.from_ical(raw)
    assert parsed["METHOD"] == "PUBLISH"
    (event,) = parsed.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == DST_DAY
    assert start.utcoffset() == dt.timedelta(hours=3)
    assert event.decoded("DTEND") == DST_DAY + dt.timedelta(hours=2)
    assert event["SEQUENCE"] == 0
    assert "maija" not in raw.decode().lower()
    # The UID is stable for this household and session: a later email updates the same event.
    uid = str(event["UID"])
    mailoutbox.clear()
    Session.objects.filter(pk=session.pk).update(sequence=3)
    with django_capture_on_commit_callbacks(execute=True):
        notice_queue(booking=result.booking, kind=Notice.Kind.PROMOTED, session=session)
    (again,) = Calendar.from_ical(parts(mailoutbox[0])[2][0]).walk("VEVENT")
    assert str(again["UID"]) == uid
    assert again["SEQUENCE"] == 3


def test_a_rolled_back_change_sends_nothing(session, mailoutbox, django_capture_on_commit_callbacks):
    booking = sign(session).booking
    mailoutbox.clear()

    def change_that_fails():
        with transaction.atomic():
            notice_queue(booking=booking, kind=Notice.Kind.LINK)
            raise RuntimeError("the surrounding change failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        change_that_fails()
    assert callbacks == []
    assert mailoutbox == []
    assert not Notice.objects.filter(kind=Notice.Kind.LINK).exists()


def test_a_notice_is_sent_only_after_commit(session, mailoutbox, django_capture_on_commit_callbacks):
    booking = sign(session).booking
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice_queue(booking=booking, kind=Notice.Kind.LINK)
        assert mailoutbox == []  # not inside the transaction
    assert len(mailoutbox) == 1


def test_anonymised_bookings_are_never_emailed(session, mailoutbox, django_capture_on_commit_callbacks):
    from bookings.tasks import send_notice

    booking = sign(session).booking
    notice = Notice.objects.create(booking=booking, kind=Notice.Kind.LINK)
    Booking.objects.filter(pk=booking.pk).update(email="", contact_name="", anonymised_at=DST_DAY)
    mailoutbox.clear()
    send_notice.call(notice.pk)
    assert mailoutbox == []
    notice.refresh_from_db()
    assert notice.state == Notice.State.FAILED


def test_when_is_on_the_helsinki_clock_across_dst():
    from django.utils import translation

    winter = dt.datetime(2027, 3, 27, 8, 0, tzinfo=dt.UTC)  # 10.00 EET
    summer = dt.datetime(2027, 3, 28, 7, 0, tzinfo=dt.UTC)  # 10.00 EEST
    with translation.override("fi"):
        assert when(winter, winter + dt.timedelta(hours=2)) == "la 27.3.2027 klo 10.00–12.00"
        assert when(summer, summer + dt.timedelta(hours=2)) == "su 28.3.2027 klo 10.00–12.00"
    with translation.override("sv"):
        assert when(summer, summer + dt.timedelta(hours=2)) == "sön 28.3.2027 kl. 10.00–12.00"


def test_a_course_half_full_says_so_in_the_subject_and_names_the_waitlisted_sessions(
    mailoutbox, django_capture_on_commit_callbacks
):
    from events.models import Group, Series
    from tests.factories import GroupFactory

    group = GroupFactory(signup_mode=Group.SignUpMode.SERIES, capacity_people=2, title_fi="Vauvahieronta")
    first = SessionFactory(group=group, start=DST_DAY, end=DST_DAY + dt.timedelta(hours=2))
    series = Series.objects.create(
        group=group,
        room=first.room,
        first_date=first.start.date(),
        last_date=first.start.date() + dt.timedelta(weeks=2),
        start_time=dt.time(10),
        duration_minutes=120,
        weekdays=str(first.start.weekday()),
    )
    week = dt.timedelta(weeks=1)
    later = [
        SessionFactory(
            group=group,
            room=first.room,
            start=DST_DAY + i * week,
            end=DST_DAY + i * week + 2 * dt.timedelta(hours=1),
        )
        for i in (1, 2)
    ]
    Session.objects.filter(pk__in=[first.pk, *(s.pk for s in later)]).update(series=series)
    Session.objects.filter(pk=later[1].pk).update(capacity_people=1)  # too small for the party: full
    with django_capture_on_commit_callbacks(execute=True):
        result = sign(first, party=Party(adults=1, children_under_1=1), when_full="waitlist")
    assert sorted(s.status for s in result.signups) == ["confirmed", "confirmed", "waitlisted"]
    (message,) = mailoutbox
    # The subject names the full session's date (11.4.2027), never just "signed up".
    assert message.subject == "[Perhekeskus] Paikka 2 kerralle, jono 1 kerralle (11.4.): Vauvahieronta"
    text, _html, _calendar = parts(message)
    assert "1 kerta on täynnä" in text
    assert "Jonossa" in text or "jonossa" in text


@pytest.mark.parametrize("kind", sorted(CALENDAR_KINDS))
def test_calendar_attachment_never_carries_the_manage_link(
    kind, session, mailoutbox, django_capture_on_commit_callbacks
):
    """An .ics imported into a shared calendar would hand the token (the right to cancel) to all."""
    with django_capture_on_commit_callbacks(execute=True):
        result = sign(session)
    booking = result.booking
    make_kind(kind, session, booking)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice_queue(booking=booking, kind=kind, session=session)
    raw = parts(mailoutbox[-1])[2][0]
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    token = booking_token(booking)
    unfolded = raw.replace(b"\r\n ", b"").decode()
    assert token not in unfolded
    assert "/signups/" not in unfolded
    assert str(event["URL"]).endswith(f"/groups/{session.group.slug}/")
    assert str(event["URL"]) in str(event["DESCRIPTION"])
