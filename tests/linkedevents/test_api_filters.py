"""Filters, bad input, unknown ids and what never appears in /linkedevents/v1/."""

import datetime as dt

import pytest

from events.models import Group
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from linkedevents import ids
from tests.linkedevents.conftest import HELSINKI
from tests.linkedevents.support import (
    API,
    PERSONAL,
    event_id,
    event_ids,
    get,
    utc,
)

pytestmark = pytest.mark.django_db


# --- Filters -----------------------------------------------------------------------------------------


def test_filters(world, client):
    every = event_ids(client)
    super_id = f"perhekeskus:{world.series.uid}"
    subs = every - {super_id}
    first, last = world.sessions[0], world.sessions[-1]
    assert event_ids(client, super_event_type="recurring") == {super_id}
    assert event_ids(client, super_event_type="none") == subs
    assert event_ids(client, super_event="none") == {super_id}
    assert event_ids(client, super_event=super_id) == subs
    assert event_ids(client, hide_recurring_children="true") == {super_id}
    assert event_ids(client, event_status="EventCancelled") == {event_id(world, world.cancelled)}
    assert event_ids(client, event_status="EventRescheduled,EventCancelled") == {
        event_id(world, world.cancelled),
        event_id(world, world.moved),
    }
    window = {"start": first.start.astimezone(HELSINKI).date().isoformat()}
    window["end"] = window["start"]
    assert event_ids(client, **window) == {super_id, event_id(world, first)}
    assert event_ids(client, start=utc(last.start), super_event_type="none") == {event_id(world, last)}
    assert event_ids(client, end="today") == set()
    assert event_ids(client, start="now") == every  # all still to come
    assert event_ids(client, start="now", end="now") == set()
    assert event_ids(client, days=3650) == every
    place = ids.place_id(world.room.venue)
    assert event_ids(client, location=place) == every
    assert event_ids(client, location="tprek:1") == set()
    assert event_ids(client, keyword="yso:p12878") == every
    assert event_ids(client, keyword="yso:p1808") == set()
    assert event_ids(client, keyword="yso:p20513,yso:p1808") == every  # an audience keyword, OR
    for division in ("ocd-division/country:fi/kunta:turku", "Åbo", "kunta:turku", "turku"):
        assert event_ids(client, division=division) == every, division
    assert event_ids(client, division="peruspiiri:malmi") == set()
    assert event_ids(client, text="babyklubb") == every
    assert event_ids(client, text="jooga") == set()
    assert event_ids(client, in_language="sv") == every
    assert event_ids(client, in_language="en") == set()
    assert event_ids(client, language="en") == every  # the name has an English translation
    orders = get(client, "event/", sort="-start_time", super_event_type="none")["data"]
    assert [e["start_time"] for e in orders] == sorted((e["start_time"] for e in orders), reverse=True)
    default = get(client, "event/")["data"]
    stamps = [e["last_modified_time"] for e in default]
    assert stamps == sorted(stamps, reverse=True)  # -last_modified_time


@pytest.mark.parametrize(
    "query",
    [
        "start=tomorrowish",
        "end=2026-13-45",
        "start=9999-01-01",
        "days=7&start=today",
        "days=lots",
        "event_status=EventMaybe",
        "super_event_type=festival",
        "sort=price",
        "include=images",
        "page=0",
        "page_size=-1",
        "show_deleted=perhaps",
        "last_modified_since=yesterday",
        "language=de",
    ],
)
def test_bad_parameters_are_a_400_with_the_reason(world, client, query):
    response = client.get(f"{API}/event/?{query}")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert query.split("=")[0].split("&")[0] in detail or "days" in detail


def test_unknown_ids_are_404(world, client):
    for path in (
        "event/perhekeskus:00000000-0000-0000-0000-000000000000/",
        "event/tprek:1/",
        "event/perhekeskus:not-a-uuid/",
        "place/perhekeskus:00000000-0000-0000-0000-000000000000/",
        "keyword/yso:p1/",
        "organization/helsinki:1/",
        "language/de/",
    ):
        response = client.get(f"{API}/{path}")
        assert response.status_code == 404, path
        assert "detail" in response.json()


def test_unlisted_groups_never_appear(world, client):
    hidden = group_create(
        actor=world.leader,
        organization=world.group.organization,
        data={"title_fi": "Salainen ryhmä", "topic": "peer_support", "visibility": Group.Visibility.UNLISTED},
    )
    first = dt.date.today() + dt.timedelta(days=5)  # noqa: DTZ011 (a date)
    spec = SeriesSpec(
        room=world.other_room,
        first_date=first,
        last_date=first + dt.timedelta(days=14),
        start_time=dt.time(17),
        duration_minutes=60,
        weekdays=(first.weekday(),),
    )
    series = series_create(actor=world.leader, group=hidden, spec=spec).series
    body = client.get(f"{API}/event/?page_size=100&show_deleted=true").content.decode()
    assert "Salainen" not in body
    assert str(series.uid) not in body
    assert client.get(f"{API}/event/perhekeskus:{series.uid}/").status_code == 404
    session = series.sessions.first()
    assert client.get(f"{API}/event/perhekeskus:{session.uid}/").status_code == 404


def test_no_personal_data(world, client):
    body = client.get(f"{API}/event/?page_size=100&include=location,keywords").content.decode()
    assert world.leader.email not in body
    assert world.leader.get_full_name() not in body
    for name in PERSONAL:
        assert f'"{name}"' not in body


def test_errors_speak_the_clients_language(world, client):
    response = client.get(f"{API}/event/?days=7&start=today", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert response.json() == {"detail": "days kan inte användas tillsammans med start eller end."}
