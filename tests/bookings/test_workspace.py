"""The leaders' participants pages through real HTTP: who sees them, the lists and counts,
attendance, headcount, walk-ins, a leader's cancel, places and the CSV export.

Messages are asserted in English (/en/). Sign-ups are made with the service, as the public
form does. A session "today" is made by moving a signed-up session to the current hour.
"""

import csv
import datetime as dt
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import Booking, Headcount, SignUp
from bookings.selectors import participants_for_session
from bookings.services.attendance import attendance_set, headcount_set
from bookings.services.signups import (
    Contact,
    Party,
    SignUpRefused,
    booking_cancel,
    signup_create,
    walk_in_add,
)
from core.errors import PermissionRefused
from events.models import Group, Session
from tests.factories import GroupFactory, MembershipFactory, OrganizationFactory, SessionFactory

pytestmark = pytest.mark.django_db


# --- fixtures and helpers -------------------------------------------------------------------------------


@pytest.fixture
def org_a():
    return OrganizationFactory()


@pytest.fixture
def leader(org_a):
    return MembershipFactory(organization=org_a, role="leader").user


@pytest.fixture
def group(org_a, leader):
    return GroupFactory(
        organization=org_a,
        slug="vauvaryhma",
        signup_mode=Group.SignUpMode.PER_SESSION,
        capacity_people=4,
        capacity_prams=2,
        leaders=[leader],
    )


@pytest.fixture
def session(group):
    return SessionFactory(group=group)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_leader(leader):
    return client_for(leader)


def sign(session, name="Maija Meikäläinen", party=None, note="", **contact):
    contact.setdefault("email", "maija@example.fi")
    result = signup_create(
        actor=None,
        session=session,
        contact=Contact(name=name, **contact),
        party=party or Party(adults=1, children_under_1=1),
        note=note,
        consent=True,
    )
    return result.signups[0]


def page(session):
    return f"/en/leader/participants/sessions/{session.pk}/"


def make_today(session):
    """The session began an hour ago (after its sign-ups were made)."""
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=1)
    )
    session.refresh_from_db()
    return session


def text(response):
    return response.content.decode()


@pytest.fixture
def full_session(session):
    """4 of 4 places taken, 1 of 2 prams; two households waiting; one waiting household cancelled."""
    a = sign(session, "Aino Aalto", Party(adults=1, children_under_1=1, prams=1))
    b = sign(session, "Bertta Berg", Party(adults=1, children_3_to_6=1), phone="040 123 4567", email="")
    c = sign(session, "Cecilia Carlsson", Party(adults=2))
    e = sign(session, "Eetu Esimerkki", Party(adults=1))
    d = sign(session, "Daniel Dahl", Party(adults=1))
    booking_cancel(booking=e.booking)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


# --- the lists and counts -------------------------------------------------------------------------------


def test_leader_sees_confirmed_waiting_list_cancelled_and_headcounts(as_leader, session, full_session):
    response = as_leader.get(page(session))
    assert response.status_code == 200
    data = response.context["data"]
    assert [s.booking.contact_name for s in data.confirmed] == ["Aino Aalto", "Bertta Berg"]
    assert [(r.signup.booking.contact_name, r.position) for r in data.waitlisted] == [
        ("Cecilia Carlsson", 1),
        ("Daniel Dahl", 2),
    ]
    assert [s.booking.contact_name for s in data.cancelled] == ["Eetu Esimerkki"]
    totals = data.totals
    assert (totals.households, totals.adults, totals.children_under_1, totals.children_3_to_6) == (2, 2, 1, 1)
    assert (totals.people, totals.prams) == (4, 1)
    assert (data.free_people, data.free_prams) == (0, 1)
    assert data.counts == {"confirmed": 2, "waitlisted": 2, "people": 4, "prams": 1}
    html = text(response)
    assert "4 of 4 places taken, 0 free" in html
    assert "1 of 2 pram places taken, 1 free" in html
    assert 'href="tel:0401234567"' in html
    assert "1. Cecilia Carlsson" in html
    assert "2. Daniel Dahl" in html
    assert "<details>" in html  # cancelled ones folded


def test_group_page_links_to_participants_with_the_count(as_leader, group, session, full_session):
    response = as_leader.get(f"/en/leader/groups/{group.slug}/")
    assert f'href="/en/leader/participants/sessions/{session.pk}/"' in text(response)
    assert "Participants (2)" in text(response)


def test_group_overview_counts_each_upcoming_session(as_leader, group, session, full_session):
    later = SessionFactory(group=group, start=session.start + dt.timedelta(days=7))
    sign(later, "Aino Aalto", Party(adults=3))
    response = as_leader.get(f"/en/leader/participants/groups/{group.slug}/")
    assert response.status_code == 200
    rows = {
        s.pk: (s.confirmed_count, s.confirmed_people, s.waitlisted_count)
        for s in response.context["sessions"]
    }
    assert rows == {session.pk: (2, 4, 2), later.pk: (1, 3, 0)}
    assert "<dt>Households coming</dt><dd>2</dd>" in text(response)


@pytest.mark.parametrize("households", [3, 30])
def test_participants_page_runs_a_constant_number_of_queries(
    as_leader, group, session, households, django_assert_max_num_queries
):
    Group.objects.filter(pk=group.pk).update(capacity_people=200, capacity_prams=None)
    for n in range(households):
        sign(session, f"Perhe {n}", Party(adults=1, children_1_to_2=1), email=f"p{n}@example.fi")
    # login session + user, then session + role + leadership + sign-ups (measured: 6 for 3 and 30).
    with django_assert_max_num_queries(6):
        response = as_leader.get(page(session))
    assert len(response.context["data"].confirmed) == households


def test_selector_query_count_is_the_same_for_3_and_30(leader, group, session):
    Group.objects.filter(pk=group.pk).update(capacity_people=200)
    counts = []
    for target in (3, 30):
        while SignUp.objects.filter(session=session).count() < target:
            n = SignUp.objects.count()
            sign(session, f"Perhe {n}", Party(adults=1), email=f"q{n}@example.fi")
        with CaptureQueriesContext(connection) as queries:
            participants_for_session(actor=leader, session_id=session.pk)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4


# --- who may see them -----------------------------------------------------------------------------------


def test_a_leader_of_another_group_in_the_same_organization_gets_404(org_a, session, full_session):
    other = MembershipFactory(organization=org_a, role="leader").user
    GroupFactory(organization=org_a, leaders=[other])
    client = client_for(other)
    for url in (
        page(session),
        page(session) + "participants.csv",
        "/en/leader/participants/groups/vauvaryhma/",
    ):
        assert client.get(url).status_code == 404
    response = client.post(page(session) + "attendance/", {"shown": [full_session["a"].pk]})
    assert response.status_code == 404
    response = client.post(page(session) + f"signups/{full_session['a'].pk}/cancel/")
    assert response.status_code == 404
    assert SignUp.objects.get(pk=full_session["a"].pk).status == "confirmed"


def test_the_organizations_coordinator_sees_every_group(org_a, session, full_session):
    coordinator = MembershipFactory(organization=org_a, role="coordinator").user
    assert client_for(coordinator).get(page(session)).status_code == 200


def test_a_coordinator_of_another_organization_gets_404_as_for_a_missing_session(session):
    outsider = MembershipFactory(organization=OrganizationFactory(), role="coordinator").user
    client = client_for(outsider)
    assert client.get(page(session)).status_code == 404
    assert client.get(f"/en/leader/participants/sessions/{session.pk + 999}/").status_code == 404
    with pytest.raises(PermissionRefused) as refused:
        participants_for_session(actor=outsider, session_id=session.pk)
    assert refused.value.code == "not_found"


def test_anonymous_visitors_are_sent_to_log_in(session):
    response = Client().get(page(session))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Client().get(page(session) + "participants.csv").status_code == 302


# --- attendance -----------------------------------------------------------------------------------------


def test_attendance_is_marked_with_one_form(as_leader, session, full_session):
    make_today(session)
    a, b = full_session["a"], full_session["b"]
    response = as_leader.post(
        page(session) + "attendance/", {"shown": [a.pk, b.pk], "attended": [a.pk]}, follow=True
    )
    assert "Attendance was saved (2 changes)." in text(response)
    assert SignUp.objects.get(pk=a.pk).attended is True
    assert SignUp.objects.get(pk=b.pk).attended is False
    # Unticking later is a change too.
    as_leader.post(page(session) + "attendance/", {"shown": [a.pk, b.pk], "attended": [b.pk]})
    assert SignUp.objects.get(pk=a.pk).attended is False
    assert 'checked><label for="attended-' + str(b.pk) in text(as_leader.get(page(session)))


def test_attendance_saves_the_rest_when_a_row_was_cancelled_meanwhile(as_leader, session, full_session):
    make_today(session)
    a, b = full_session["a"], full_session["b"]
    booking_cancel(booking=b.booking, now=session.start - dt.timedelta(hours=1))  # before the form is sent
    both = [a.pk, b.pk]
    response = as_leader.post(page(session) + "attendance/", {"shown": both, "attended": both})
    assert response.status_code == 302
    assert SignUp.objects.get(pk=a.pk).attended is True
    assert SignUp.objects.get(pk=b.pk).attended is None
    response = as_leader.post(page(session) + "attendance/", {"shown": ["x"]}, follow=True)
    assert "The list could not be read, so nothing was saved." in text(response)


def test_attendance_waits_for_the_day_of_the_session(as_leader, leader, session, full_session):
    a = full_session["a"]
    assert 'name="attended"' not in text(as_leader.get(page(session)))
    response = as_leader.post(
        page(session) + "attendance/", {"shown": [a.pk], "attended": [a.pk]}, follow=True
    )
    assert "Attendance can be recorded from the day of the session on." in text(response)
    assert SignUp.objects.get(pk=a.pk).attended is None
    with pytest.raises(SignUpRefused) as refused:
        attendance_set(actor=leader, session=session, attended={a.pk: True})
    assert refused.value.code == "not_started"


def test_attendance_skips_what_is_not_a_confirmed_sign_up_of_this_session(leader, session, full_session):
    make_today(session)
    waiting = full_session["c"]
    changed = attendance_set(
        actor=leader, session=session, attended={full_session["a"].pk: True, waiting.pk: True}
    )
    assert changed == 1
    assert SignUp.objects.get(pk=waiting.pk).attended is None


def test_attendance_is_refused_to_others(org_a, session, full_session):
    make_today(session)
    other = MembershipFactory(organization=org_a, role="leader").user
    with pytest.raises(PermissionRefused):
        attendance_set(actor=other, session=session, attended={full_session["a"].pk: True})


# --- headcount ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("501", "Ensure this value is less than or equal to 500."),
        ("abc", "Enter a whole number."),
    ],
)
def test_headcount_form_refuses_bad_numbers(as_leader, session, value, error):
    make_today(session)
    data = {"headcount-adults": value, "headcount-children_1_to_2": "3", "headcount-prams": "1"}
    response = as_leader.post(page(session) + "headcount/", data)
    assert response.status_code == 400
    assert error in text(response)
    assert not Headcount.objects.exists()


def test_headcount_errors_are_translated(session, leader):
    make_today(session)
    client = client_for(leader)
    data = {"headcount-adults": "abc", "headcount-children_under_1": "0", "headcount-prams": "0"}
    response = client.post(f"/fi/leader/participants/sessions/{session.pk}/headcount/", data)
    assert response.status_code == 400
    assert "Syötä kokonaisluku." in text(response)


@pytest.mark.parametrize(
    ("adults", "code"), [(-1, "negative"), (501, "too_many"), ("abc", "bad_number"), (True, "bad_number")]
)
def test_headcount_service_validates(leader, session, adults, code):
    make_today(session)
    with pytest.raises(SignUpRefused) as refused:
        headcount_set(actor=leader, session=session, adults=adults, prams=0)
    assert refused.value.code == code


def test_drop_in_headcount_is_saved_and_replaced(as_leader, org_a, leader):
    group = GroupFactory(organization=org_a, signup_mode=Group.SignUpMode.DROP_IN, leaders=[leader])
    session = make_today(SessionFactory(group=group))
    html = text(as_leader.get(page(session)))
    assert "How many came" in html
    assert "walk-in-heading" not in html  # drop-in: no sign-up lists, no walk-ins
    data = {
        "headcount-adults": "7",
        "headcount-children_under_1": "2",
        "headcount-children_1_to_2": "3",
        "headcount-children_3_to_6": "4",
        "headcount-children_7_plus": "0",
        "headcount-prams": "4",
    }
    response = as_leader.post(page(session) + "headcount/", data, follow=True)
    assert "The headcount was saved." in text(response)
    assert "adults: 7, children: 9, prams: 4 (under 1: 2, 1–2 years: 3, 3–6 years: 4, 7 or over: 0)" in text(
        response
    )
    # The form shows the saved bands again.
    assert response.context["headcount_form"].initial["children_1_to_2"] == 3
    as_leader.post(page(session) + "headcount/", {**data, "headcount-adults": "8"})
    headcount = Headcount.objects.get(session=session)
    assert (headcount.adults, headcount.children, headcount.prams, headcount.recorded_by) == (8, 9, 4, leader)
    bands = (headcount.children_under_1, headcount.children_1_to_2, headcount.children_3_to_6)
    assert (*bands, headcount.children_7_plus) == (2, 3, 4, 0)


def test_headcount_bands_add_up_to_at_most_the_limit(leader, session):
    make_today(session)
    with pytest.raises(SignUpRefused) as refused:
        headcount_set(
            actor=leader, session=session, adults=1, prams=0, children_under_1=300, children_3_to_6=201
        )
    assert refused.value.code == "too_many"
    assert not Headcount.objects.exists()


def test_database_refuses_bands_beyond_the_children_total(session):
    with pytest.raises(IntegrityError), transaction.atomic():
        Headcount.objects.create(session=session, adults=1, children=1, children_under_1=2)


# --- walk-ins, a leader's cancel, places ------------------------------------------------------------------


def walk_in_data(**overrides):
    data = {
        "walkin-adults": "1",
        "walkin-children_under_1": "1",
        "walkin-children_1_to_2": "0",
        "walkin-children_3_to_6": "0",
        "walkin-children_7_plus": "0",
        "walkin-prams": "0",
    }
    return {**data, **overrides}


def test_walk_in_is_added_while_there_is_room(as_leader, session):
    response = as_leader.post(page(session) + "walk-ins/", walk_in_data(), follow=True)
    assert "A walk-in household of 2 people was added." in text(response)
    signup = SignUp.objects.get(session=session)
    assert (signup.status, signup.people, signup.attended, signup.booking.source) == (
        "confirmed",
        2,
        True,
        "walk_in",
    )
    assert "Walk-in" in text(response)


def test_walk_in_is_refused_when_full(as_leader, leader, session, full_session):
    before = SignUp.objects.count()
    response = as_leader.post(page(session) + "walk-ins/", walk_in_data())
    assert response.status_code == 400  # the refusal on the walk-in form (core.forms_flow)
    assert "Only 0 places are left. Raise the number of places first if the room allows." in text(response)
    assert SignUp.objects.count() == before
    with pytest.raises(SignUpRefused) as refused:
        walk_in_add(actor=leader, session=session, party=Party(adults=1))
    assert refused.value.code == "full"


def test_walk_in_form_errors_are_shown(as_leader, session):
    response = as_leader.post(page(session) + "walk-ins/", walk_in_data(**{"walkin-adults": "-1"}))
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in text(response)
    assert not SignUp.objects.exists()


def test_leader_cancel_promotes_the_waiting_list(as_leader, session, full_session):
    a, c = full_session["a"], full_session["c"]
    confirm = as_leader.get(page(session) + f"signups/{a.pk}/cancel/")
    assert confirm.status_code == 200
    assert "Aino Aalto" in text(confirm)
    response = as_leader.post(page(session) + f"signups/{a.pk}/cancel/", follow=True)
    html = text(response)
    assert "The sign-up of Aino Aalto was cancelled." in html
    assert "Moved up from the waiting list: Cecilia Carlsson." in html
    a.refresh_from_db()
    c.refresh_from_db()
    assert (a.status, a.cancelled_by) == ("cancelled", "leader")
    assert c.status == "confirmed"
    assert c.promoted_at is not None


def test_cancelling_twice_is_a_message_not_an_error(as_leader, session, full_session):
    url = page(session) + f"signups/{full_session['a'].pk}/cancel/"
    as_leader.post(url)
    response = as_leader.post(url, follow=True)
    assert response.status_code == 200
    assert "This sign-up is no longer active." in text(response)


def test_raising_the_places_promotes_and_tells_who(as_leader, session, full_session):
    data = {"places-people": "7", "places-prams": ""}
    response = as_leader.post(page(session) + "places/", data, follow=True)
    html = text(response)
    assert "The places were saved." in html
    assert "Moved up from the waiting list: Cecilia Carlsson, Daniel Dahl." in html
    session.refresh_from_db()
    assert (session.capacity_people, session.capacity_prams) == (7, None)
    assert set(SignUp.objects.filter(session=session).values_list("status", flat=True)) == {
        "confirmed",
        "cancelled",
    }


def test_places_form_refuses_zero(as_leader, session):
    response = as_leader.post(page(session) + "places/", {"places-people": "0", "places-prams": ""})
    assert response.status_code == 400
    assert "A session needs at least one place." in text(response)


# --- CSV ------------------------------------------------------------------------------------------------


def test_csv_is_excel_friendly_and_neutralises_formulas(as_leader, session):
    Group.objects.filter(pk=session.group_id).update(capacity_people=20)
    evil = sign(
        session,
        '=HYPERLINK("http://evil")',
        Party(adults=2, children_1_to_2=1, prams=1),
        phone="+358 40 123 4567",
        email="",
    )
    sign(session, "@Tuomas", Party(adults=1), email="tuomas@example.fi", note="-1 allergia\n=2+3")
    Booking.objects.filter(pk=evil.booking_id).update(note="Vaunut; kaksi")
    response = as_leader.get(page(session) + "participants.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="participants-vauvaryhma-')
    assert response["Cache-Control"] == "no-store"
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Status", "Place in the queue", "Name"]
    assert rows[0][-1] == "Attended"
    first, second = rows[1], rows[2]
    assert first[2] == '\'=HYPERLINK("http://evil")'
    assert first[3] == "'+358 40 123 4567"  # still readable: the apostrophe only makes it text
    assert first[5:11] == ["2", "0", "1", "0", "0", "1"]
    assert first[11] == "Vaunut; kaksi"  # the separator inside a cell is quoted, not split
    assert second[2] == "'@Tuomas"
    assert second[11] == "'-1 allergia\n=2+3"
    assert first[0] == "Confirmed"
