"""schema.org JSON-LD on the public session and group pages, read back from the rendered HTML.

Sessions come from the leader's services (group_create, series_create, session_cancel,
session_move), in 2027 across the spring DST change (Finland: 28 March 2027).
"""

import datetime as dt
import json
import re

import pytest

from events.models import Group
from events.selectors import HELSINKI
from events.services.sessions import session_cancel, session_move
from tests.events.test_api import make_group, room_for, schedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MARKER = "zqxmarker"
BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
BREAKOUT = "</script><script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture
def leader():
    return UserFactory(email=f"{MARKER}@example.fi", first_name=f"Anna{MARKER}", last_name=f"Leader{MARKER}")


@pytest.fixture
def room(leader):
    return room_for(
        leader,
        slug="keskus",
        name_fi="Perhekeskus Keskus",
        street_address_fi="Linnankatu 1",
        postal_code="20100",
        post_office="Turku",
        latitude="60.451000",
        longitude="22.266000",
    )


@pytest.fixture
def group(leader, room):
    return make_group(
        leader,
        room,
        "Vauvaryhmä",
        description_fi="Vauvaperheiden vertaisryhmä.",
        in_swedish=True,
        age_min_months=6,
        age_max_months=18,
        signup_mode=Group.SignUpMode.PER_SESSION,
    )


@pytest.fixture
def sundays(leader, group, room):
    """Sundays 21 March (EET, +02:00) and 28 March 2027 (EEST, +03:00), and two more."""
    return schedule(leader, group, room, dt.date(2027, 3, 21), dt.date(2027, 4, 11))


def blocks(response) -> list[dict]:
    assert response.status_code == 200
    html = response.content.decode()
    found = [json.loads(text) for text in BLOCK.findall(html)]
    assert found, "no JSON-LD block"
    return found


def session_data(client, session, **params) -> dict:
    [data] = blocks(client.get(f"/fi/sessions/{session.pk}/", params))
    return data


def test_session_event_has_the_required_fields(client, sundays, group):
    data = session_data(client, sundays[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Vauvaryhmä"
    assert data["description"] == "Vauvaperheiden vertaisryhmä."
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["url"] == f"http://testserver/fi/sessions/{sundays[0].pk}/"
    assert data["isAccessibleForFree"] is True
    assert data["inLanguage"] == ["fi", "sv"]
    assert data["organizer"] == {"@type": "Organization", "name": group.organization.name} | (
        {"url": group.organization.website} if group.organization.website else {}
    )
    location = data["location"]
    assert location["@type"] == "Place"
    assert location["name"] == "Perhekeskus Keskus"
    assert location["address"]["@type"] == "PostalAddress"
    assert location["address"]["streetAddress"] == "Linnankatu 1"
    assert location["address"]["postalCode"] == "20100"
    assert location["address"]["addressCountry"] == "FI"
    assert location["geo"] == {"@type": "GeoCoordinates", "latitude": 60.451, "longitude": 22.266}
    # 6–18 months as years.
    assert data["audience"]["@type"] == "PeopleAudience"
    assert data["audience"]["suggestedMinAge"] == 0.5
    assert data["audience"]["suggestedMaxAge"] == 1.5
    # A sign-up group: its free places.
    assert data["offers"]["@type"] == "Offer"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["remainingAttendeeCapacity"] == data["maximumAttendeeCapacity"] > 0


def test_times_carry_the_helsinki_offset_across_dst(client, sundays):
    before, after = session_data(client, sundays[0]), session_data(client, sundays[1])
    assert before["startDate"] == "2027-03-21T10:00:00+02:00"
    assert before["endDate"] == "2027-03-21T12:00:00+02:00"
    assert after["startDate"] == "2027-03-28T10:00:00+03:00"
    assert after["endDate"] == "2027-03-28T12:00:00+03:00"


def test_cancelled_session_is_event_cancelled_without_offers(client, leader, sundays):
    session_cancel(actor=leader, session=sundays[0], reason="Ohjaaja sairastui")
    data = session_data(client, sundays[0])
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert "offers" not in data


def test_moved_session_is_rescheduled_with_its_previous_start(client, leader, sundays, room):
    start = dt.datetime(2027, 3, 23, 14, tzinfo=HELSINKI)
    session_move(actor=leader, session=sundays[0], start=start, end=start + dt.timedelta(hours=2), room=room)
    data = session_data(client, sundays[0])
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["startDate"] == "2027-03-23T14:00:00+02:00"
    assert data["previousStartDate"] == "2027-03-21T10:00:00+02:00"


def test_drop_in_group_has_no_offers_and_whole_years(client, leader, room):
    drop_in = make_group(leader, room, "Avoin kohtaamispaikka", age_min_months=24, age_max_months=72)
    [session, *_] = schedule(leader, drop_in, room, dt.date(2027, 3, 21), dt.date(2027, 3, 28))
    data = session_data(client, session)
    assert "offers" not in data
    assert "remainingAttendeeCapacity" not in data
    assert (data["audience"]["suggestedMinAge"], data["audience"]["suggestedMaxAge"]) == (2, 6)


def test_a_title_cannot_break_out_of_the_script_block(client, leader, room):
    hostile = make_group(leader, room, f"Ryhmä {BREAKOUT} & <b>", description_fi=BREAKOUT)
    [session, *_] = schedule(leader, hostile, room, dt.date(2027, 3, 21), dt.date(2027, 3, 28))
    for path in (f"/fi/sessions/{session.pk}/", f"/fi/groups/{hostile.slug}/"):
        response = client.get(path)
        html = response.content.decode()
        assert "<script>alert(1)" not in html
        [block] = BLOCK.findall(html)
        assert "<" not in block
        assert ">" not in block
        assert "&" not in block
        assert json.loads(block)["name"] == f"Ryhmä {BREAKOUT} & <b>"


def test_group_page_has_an_event_series_of_the_next_ten_sessions(client, leader, group, room):
    sessions = schedule(leader, group, room, dt.date(2027, 3, 1), dt.date(2027, 6, 30))
    [data] = blocks(client.get(f"/fi/groups/{group.slug}/"))
    assert data["@type"] == "EventSeries"
    assert data["name"] == "Vauvaryhmä"
    assert data["url"] == f"http://testserver/fi/groups/{group.slug}/"
    assert len(data["subEvent"]) == 10
    first = data["subEvent"][0]
    assert first["@type"] == "Event"
    assert "@context" not in first
    assert first["url"] == f"http://testserver/fi/sessions/{sessions[0].pk}/"
    assert [event["startDate"][:10] for event in data["subEvent"][:5]] == [
        "2027-03-07",
        "2027-03-14",
        "2027-03-21",
        "2027-03-28",
        "2027-04-04",
    ]
    assert data["subEvent"][3]["startDate"].endswith("+03:00")


def test_unlisted_group_links_its_sessions_with_the_key_and_stays_noindex(client, leader, room):
    hidden = make_group(leader, room, "Salainen ryhmä", visibility=Group.Visibility.UNLISTED)
    [session, *_] = schedule(leader, hidden, room, dt.date(2027, 3, 21), dt.date(2027, 3, 28))
    response = client.get(f"/fi/groups/{hidden.slug}/")
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    [data] = blocks(response)
    assert data["subEvent"][0]["url"].endswith(f"/fi/sessions/{session.pk}/?group={hidden.slug}")
    assert session_data(client, session, group=hidden.slug)["url"] == data["subEvent"][0]["url"]


def test_no_personal_data_in_the_blocks(client, sundays, group):
    group.leaders.add(UserFactory(email=f"second{MARKER}@example.fi", first_name=MARKER))
    for path in (f"/fi/sessions/{sundays[0].pk}/", f"/fi/groups/{group.slug}/", f"/sv/groups/{group.slug}/"):
        for data in blocks(client.get(path)):
            text = json.dumps(data)
            assert MARKER not in text
            assert "@example.fi" not in text


def test_session_page_keeps_its_csp_header(client, sundays):
    response = client.get(f"/fi/sessions/{sundays[0].pk}/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy


def test_venue_without_coordinates_has_no_geo(client, leader):
    bare = room_for(leader, latitude=None, longitude=None)
    other = make_group(leader, bare, "Muu ryhmä")
    [session, *_] = schedule(leader, other, bare, dt.date(2027, 3, 21), dt.date(2027, 3, 28))
    assert "geo" not in session_data(client, session)["location"]
