"""A leader on a phone marks who came, in Chromium: the form works, and the page meets WCAG 2.1 AA."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from bookings.models import SignUp
from bookings.services.signups import Contact, Party, signup_create
from events.models import Group, Session
from tests.browser.support import PHONE, assert_axe_clean, assert_no_sideways_scrolling
from tests.factories import GroupFactory, MembershipFactory, SessionFactory

pytestmark = pytest.mark.browser

# The checkbox's label is "Came", with the household's name for screen readers only.
AINO_CAME = re.compile(r"^Came\W+Aino Aalto$")


@pytest.fixture
def today(transactional_db):
    leader = MembershipFactory(role="leader").user
    group = GroupFactory(
        organization=leader.memberships.get().organization,
        title_fi="Vauvaryhmä",
        signup_mode=Group.SignUpMode.PER_SESSION,
        capacity_people=4,
        leaders=[leader],
    )
    session = SessionFactory(group=group)
    families = [
        ("Aino Aalto", Party(adults=1, children_under_1=1, prams=1), {"phone": "+358 40 123 4567"}),
        ("Bertta Berg", Party(adults=1, children_3_to_6=1), {"email": "bertta@example.fi"}),
        ("Cecilia Carlsson", Party(adults=2), {"email": "cecilia@example.fi"}),  # waits: 4 places
    ]
    signups = [
        signup_create(
            actor=None, session=session, contact=Contact(name=name, **contact), party=party, consent=True
        )
        .signups[0]
        .pk
        for name, party, contact in families
    ]
    now = timezone.now()  # the session started an hour ago: attendance is open
    Session.objects.filter(pk=session.pk).update(
        start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=1)
    )
    return {"leader": leader, "session": session, "signups": signups}


def test_leader_marks_attendance_on_a_phone(open_page, live_server, today):
    client = Client()
    client.force_login(today["leader"])  # a logged-in leader: the session cookie goes to the browser
    page, log = open_page(**PHONE)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    response = page.goto(f"/en/leader/participants/sessions/{today['session'].pk}/")
    assert response is not None
    assert response.status == 200
    assert page.get_by_role("heading", name="Coming (2 households)").is_visible()

    aino, bertta, _waiting = today["signups"]
    page.get_by_role("checkbox", name=AINO_CAME).check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert page.get_by_text("Attendance was saved (2 changes).").is_visible()
    assert page.get_by_role("checkbox", name=AINO_CAME).is_checked()
    assert SignUp.objects.get(pk=aino).attended is True
    assert SignUp.objects.get(pk=bertta).attended is False

    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)
    assert log.console_errors == []
    assert log.page_errors == []
