"""Two rules a family and a leader meet: cancelling closes when the session starts; lowering the
places below what is confirmed keeps those families confirmed and tells the leader by how much.

Before the fix a family could cancel a session that had begun (until it ended), and a leader who
lowered the places below the confirmed count heard nothing.
"""

# ruff: noqa: F811 - pytest fixtures imported from test_workspace are parameters here
import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bookings.models import SignUp
from bookings.services.signups import Party, SignUpRefused, booking_cancel
from bookings.tokens import booking_token
from events.models import Session
from tests.bookings.test_workspace import (  # noqa: F401 - fixtures, used by name
    as_leader,
    group,
    leader,
    org_a,
    page,
    session,
    sign,
    text,
)

pytestmark = pytest.mark.django_db


def started(session: Session) -> Session:
    """The session began ten minutes ago and runs for another hour and fifty."""
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        start=now - dt.timedelta(minutes=10), end=now + dt.timedelta(minutes=110)
    )
    session.refresh_from_db()
    return session


def test_a_family_cannot_cancel_once_the_session_has_started(client, session):
    signup = sign(session)
    started(session)
    with pytest.raises(SignUpRefused) as refused:
        booking_cancel(booking=signup.booking)
    assert refused.value.code == "nothing_to_cancel"
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED

    # Through the manage link: no cancel button, and a forged POST changes nothing.
    manage = f"/en/signups/{booking_token(signup.booking)}/"
    assert "Cancel my sign-up" not in text(client.get(manage))
    response = client.post(manage + "cancel/", follow=True)
    assert response.status_code == 200
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED


def test_a_family_can_cancel_until_the_start(client, session):
    """Control: the same sign-up before the start is cancelled, and the page offers it."""
    signup = sign(session)
    manage = f"/en/signups/{booking_token(signup.booking)}/"
    assert "Cancel my sign-up" in text(client.get(manage))
    client.post(manage + "cancel/")
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CANCELLED


def test_a_leader_may_still_cancel_a_running_sessions_place(session):
    signup = sign(session)
    started(session)
    booking_cancel(booking=signup.booking, by=SignUp.CancelledBy.LEADER)
    signup.refresh_from_db()
    assert (signup.status, signup.cancelled_by) == ("cancelled", "leader")


def test_lowering_places_below_the_confirmed_keeps_them_and_says_so(as_leader, session):
    # The group has 4 places and 2 pram places: 4 people and 2 prams confirmed.
    a = sign(session, "Aino Aalto", Party(adults=1, children_under_1=1, prams=1))
    b = sign(session, "Bertta Berg", Party(adults=1, children_under_1=1, prams=1), email="b@example.fi")
    assert {a.status, b.status} == {"confirmed"}

    response = as_leader.post(
        page(session) + "places/", {"places-people": "2", "places-prams": "1"}, follow=True
    )

    html = text(response)
    assert "The places were saved." in html
    assert (
        "4 people are already confirmed, more than the 2 places now set. "
        "They keep their places; new sign-ups go to the waiting list."
    ) in html
    assert "2 prams are already confirmed, more than the 1 pram places now set." in html
    session.refresh_from_db()
    assert (session.capacity_people, session.capacity_prams) == (2, 1)
    assert list(SignUp.objects.filter(session=session).values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
    ]
    # A new sign-up waits.
    assert sign(session, "Cecilia", Party(adults=1), email="c@example.fi").status == "waitlisted"


def test_lowering_within_the_confirmed_says_nothing_extra(as_leader, session):
    sign(session, "Aino Aalto", Party(adults=1))
    response = as_leader.post(
        page(session) + "places/", {"places-people": "3", "places-prams": ""}, follow=True
    )
    html = text(response)
    assert "The places were saved." in html
    assert "already confirmed" not in html


def test_the_finnish_message_has_the_numbers(leader, session):
    sign(session, "Aino Aalto", Party(adults=3))
    client = Client()
    client.force_login(leader)
    response = client.post(
        f"/fi/leader/participants/sessions/{session.pk}/places/",
        {"places-people": "1", "places-prams": ""},
        follow=True,
    )
    assert "3 henkilöä on jo vahvistettu" in text(response)


@pytest.mark.parametrize("bad", ["abc", "0", "-3", str(2**64)])
def test_a_session_that_cannot_be_read_cancels_nothing(client, session, bad):
    """A malformed "can't come this time" used to fall through to cancelling the whole sign-up (or,
    past 64 bits, a 500 on SQLite): now it is refused with a message and nothing changes."""
    signup = sign(session)
    manage = f"/en/signups/{booking_token(signup.booking)}/"
    response = client.post(manage + "cancel/", {"session": bad}, follow=True)
    assert response.status_code == 200
    assert "Nothing was cancelled" in text(response)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED
