"""Changes in /linkedevents/v1/: last_modified_since with tombstones, HTTP validators, cost per page,
the other deleting service, and remaining places from sign-ups."""

import datetime as dt
import json
from urllib.parse import quote

import pytest
from django.utils import timezone

from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from tests.linkedevents import schemas
from tests.linkedevents.conftest import move_later, remove_last_session
from tests.linkedevents.support import (
    API,
    by_id,
    changed_since,
    event_id,
    event_ids,
    get,
    valid,
)

pytestmark = pytest.mark.django_db


# --- Changes: last_modified_since and tombstones ------------------------------------------------------


def test_last_modified_since_returns_exactly_what_changed(world, client):
    from events.services.sessions import session_cancel

    super_id = f"perhekeskus:{world.series.uid}"
    middle = world.sessions[2]
    before_edit = timezone.now()
    assert changed_since(client, before_edit) == {}
    move_later(world, middle)
    assert set(changed_since(client, before_edit)) == {event_id(world, middle)}

    before_cancel = timezone.now()
    session_cancel(actor=world.leader, session=world.moved, reason="Sali on remontissa.")
    changed = changed_since(client, before_cancel)
    assert set(changed) == {event_id(world, world.moved)}
    assert changed[event_id(world, world.moved)]["event_status"] == "EventCancelled"

    before_delete = timezone.now()
    last = world.sessions[-1]
    result = remove_last_session(world)
    assert result.removed == 1
    gone = event_id(world, last)
    # Without show_deleted: the super event, whose sub-events changed; the session is simply not there.
    assert set(changed_since(client, before_delete)) == {super_id}
    with_deleted = changed_since(client, before_delete, show_deleted="true")
    assert set(with_deleted) == {super_id, gone}
    tombstone = with_deleted[gone]
    valid(schemas.TOMBSTONE, tombstone)
    assert tombstone["deleted"] is True
    assert gone not in {ref["@id"].rsplit("/", 2)[-2] for ref in with_deleted[super_id]["sub_events"]}
    # All three changes since before the edit; a removed event's own URL answers 410 with its tombstone.
    everything = changed_since(client, before_edit, show_deleted="true")
    assert set(everything) == {event_id(world, middle), event_id(world, world.moved), gone, super_id}
    response = client.get(f"{API}/event/{gone}/")
    assert response.status_code == 410
    assert response.json() == tombstone
    assert gone not in event_ids(client)
    assert gone in event_ids(client, show_deleted="true")


def test_a_group_edit_changes_all_its_events(world, client):
    from events.services.groups import group_update

    before = timezone.now()
    group_update(actor=world.leader, group=world.group, data={"title_en": "Babies' club"})
    changed = changed_since(client, before)
    assert len(changed) == 6
    assert {event["name"]["en"] for event in changed.values()} == {"Babies' club"}


# --- HTTP caching, like the feeds --------------------------------------------------------------------


def test_validators_and_304(world, client):
    url = f"{API}/event/?sort=start_time"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "Vary" not in first
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    again = client.get(url)
    assert (again["ETag"], again["Last-Modified"]) == (etag, modified)
    from events.services.sessions import session_cancel

    session_cancel(actor=world.leader, session=world.sessions[0], reason="Myrsky.")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert json.loads(changed.content)["data"][1]["event_status"] == "EventCancelled"


def test_ids_in_urls_need_no_escaping(world, client):
    event_id = f"perhekeskus:{world.series.uid}"
    assert client.get(f"{API}/event/{quote(event_id)}/").status_code == 200


# --- Cost and the other deleting service ---------------------------------------------------------------


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first answer at this URL stores its Last-Modified
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query",
    ["page_size=100", "page_size=100&include=location,keywords,audience,in_language&show_deleted=true"],
)
def test_a_page_costs_the_same_queries_however_many_events(world, client, query):
    url = f"{API}/event/?{query}"
    few = _queries(client, url)
    more = group_create(
        actor=world.leader,
        organization=world.group.organization,
        data={
            "title_fi": "Isä-lapsi-ryhmä",
            "topic": "music_and_play",
            "age_min_months": 24,
            "age_max_months": 72,
        },
    )
    first = dt.date.today() + dt.timedelta(days=2)  # noqa: DTZ011 (a date)
    for weekday, room in ((0, world.room), (2, world.other_room)):
        spec = SeriesSpec(
            room=room,
            first_date=first,
            last_date=first + dt.timedelta(days=70),
            start_time=dt.time(17),
            duration_minutes=60,
            weekdays=(weekday,),
        )
        series_create(actor=world.leader, group=more, spec=spec)
    assert get(client, "event/", page_size=100)["meta"]["count"] > 20
    assert _queries(client, url) == few


def test_a_removed_tour_stop_leaves_tombstones(world, client):
    from events.services.tours import tour_create, tour_stop_add, tour_stop_remove

    tour = tour_create(
        actor=world.leader,
        organization=world.group.organization,
        name_fi="Perhebussi",
    )
    added = tour_stop_add(
        actor=world.leader,
        tour=tour,
        venue=world.room.venue,
        room=world.other_room,
        week_of_cycle=1,
        weekday=(dt.date.today() + dt.timedelta(days=3)).weekday(),  # noqa: DTZ011 (a date)
        start_time=dt.time(13),
        duration_minutes=60,
        first_date=dt.date.today() + dt.timedelta(days=1),  # noqa: DTZ011 (a date)
        last_date=dt.date.today() + dt.timedelta(days=30),  # noqa: DTZ011 (a date)
    )
    series = added.stop.series
    uids = [f"perhekeskus:{uid}" for uid in series.sessions.values_list("uid", flat=True)]
    super_id = f"perhekeskus:{series.uid}"
    assert set(uids) | {super_id} <= event_ids(client)
    before = timezone.now()
    tour_stop_remove(actor=world.leader, stop=added.stop)
    removed = changed_since(client, before, show_deleted="true")
    assert set(removed) == set(uids) | {super_id}
    assert all(event["deleted"] for event in removed.values())
    assert not (set(uids) | {super_id}) & event_ids(client)


def test_remaining_places_come_from_sign_ups_and_no_family_is_named(world, client):
    from bookings.services.signups import Contact, Party, signup_create

    session = world.sessions[0]
    url = f"{API}/event/?page_size=100&include=location,keywords,audience,in_language"
    before = by_id(client.get(url).json())[event_id(world, session)]  # cached from here on
    assert before["custom_data"]["perhekeskus_places_left"] == "12"
    signup_create(
        actor=None,
        session=session,
        contact=Contact(name="Maija Meikäläinen", email="maija@example.fi", phone="040 123 4567"),
        party=Party(adults=1, children_under_1=2, prams=1),
        consent=True,
    )
    response = client.get(url)
    body = response.content.decode()
    for personal in ("Maija", "maija@example.fi", "040 123 4567"):
        assert personal not in body
    event = by_id(response.json())[event_id(world, session)]
    assert event["custom_data"]["perhekeskus_places_left"] == "9"
    assert event["custom_data"]["perhekeskus_pram_places_left"] == "5"
    assert event["maximum_attendee_capacity"] == 12
