"""The /linkedevents/v1/ API over HTTP, checked against Linked Events' schemas (tests/linkedevents/schemas.py)
and field by field, for a weekly series across a DST change with a cancelled and a moved session."""

import datetime as dt

import pytest

from events.uids import one_off_uid
from linkedevents import ids
from tests.linkedevents import schemas
from tests.linkedevents.conftest import HELSINKI, SITE
from tests.linkedevents.support import (
    API,
    PERSONAL,
    by_id,
    event_id,
    get,
    utc,
    valid,
)

pytestmark = pytest.mark.django_db


# --- Every endpoint against the schemas ------------------------------------------------------------


def test_every_endpoint_answers_in_linked_events_schemas(world, client):
    events = get(client, "event/")
    valid(schemas.paginated(schemas.EVENT), events)
    included = get(client, "event/", include="location,keywords,audience,in_language")
    valid(schemas.paginated(schemas.EVENT), included)
    assert included["data"][0]["location"]["@type"] == "Place"
    assert included["data"][0]["keywords"][0]["@type"] == "Keyword"
    assert included["data"][0]["in_language"][0]["@type"] == "Language"
    for event in events["data"]:
        valid(schemas.EVENT, get(client, f"event/{event['id']}/"))
        assert not {*PERSONAL, "created_by", "last_modified_by"} & set(event)
    for endpoint, schema in (
        ("place", schemas.PLACE),
        ("keyword", schemas.KEYWORD),
        ("organization", schemas.ORGANIZATION),
        ("language", schemas.LANGUAGE),
    ):
        listing = get(client, f"{endpoint}/", page_size=100)
        valid(schemas.paginated(schema), listing)
        assert listing["data"], endpoint
        for item in listing["data"]:
            detail = get(client, f"{endpoint}/{item['id']}/")
            valid(schema, detail)
            assert detail == item
            assert detail["@id"] == f"{SITE}{API}/{endpoint}/{item['id']}/"


# --- The series, field by field --------------------------------------------------------------------


def test_series_is_a_recurring_super_event_of_its_sessions(world, client):
    body = get(client, "event/", sort="start_time")
    assert body["meta"] == {"count": 6, "next": None, "previous": None}
    found = by_id(body)
    super_id = f"perhekeskus:{world.series.uid}"
    parent = found.pop(super_id)
    sub_ids = [event_id(world, s) for s in world.sessions]
    assert set(found) == set(sub_ids)
    assert parent["super_event_type"] == "recurring"
    assert parent["super_event"] is None
    assert [ref["@id"] for ref in parent["sub_events"]] == [f"{SITE}{API}/event/{i}/" for i in sub_ids]
    assert parent["start_time"] == utc(world.sessions[0].start)
    assert parent["end_time"] == utc(world.sessions[-1].end)
    assert parent["event_status"] == "EventScheduled"
    assert parent["info_url"] == {
        lang: f"{SITE}/{lang}/groups/{world.group.slug}/" for lang in ("fi", "sv", "en")
    }
    for sub in found.values():
        assert sub["super_event"] == {"@id": f"{SITE}{API}/event/{super_id}/"}
        assert sub["super_event_type"] is None
        assert sub["sub_events"] == []


def test_times_are_utc_across_the_dst_change(world, client):
    found = by_id(get(client, "event/"))
    plain = [s for s in world.sessions if s.pk not in (world.cancelled.pk, world.moved.pk)]
    offsets = set()
    for session in plain:
        event = found[event_id(world, session)]
        local = session.start.astimezone(HELSINKI)
        assert (local.hour, local.minute) == (10, 0)  # 10:00 in Helsinki, winter and summer alike
        offsets.add(local.utcoffset())
        assert event["start_time"] == utc(session.start)
        assert event["end_time"] == utc(session.start + dt.timedelta(minutes=90))
        assert event["event_status"] == "EventScheduled"
    assert offsets == {dt.timedelta(hours=2), dt.timedelta(hours=3)}
    winter, summer = (found[event_id(world, s)]["start_time"][11:16] for s in (plain[0], plain[-1]))
    assert {winter, summer} == {"08:00", "07:00"}


def test_a_session_field_by_field(world, client):
    session = world.sessions[0]
    event = get(client, f"event/{event_id(world, session)}/")
    page = {lang: f"{SITE}/{lang}/sessions/{session.pk}/" for lang in ("fi", "sv", "en")}
    venue = world.room.venue
    assert event == event | {
        "id": event_id(world, session),
        "@id": f"{SITE}{API}/event/{event_id(world, session)}/",
        "@context": "http://schema.org",
        "@type": "Event/LinkedEvent",
        "data_source": "perhekeskus",
        "publisher": ids.organization_id(world.group.organization),
        "type_id": "General",
        "publication_status": "public",
        "event_status": "EventScheduled",
        "name": {"fi": "Vauvakerho", "sv": "Babyklubben", "en": "Baby club"},
        "short_description": {
            "fi": "Vauvaperheiden vertaisryhmä. Tervetuloa!",
            "sv": "Kamratgrupp för babyfamiljer.",
            "en": "A peer group for families with babies.",
        },
        "description": {
            "fi": "<p>Vauvaperheiden vertaisryhmä.</p><p>Tervetuloa!</p>",
            "sv": "<p>Kamratgrupp för babyfamiljer.</p>",
            "en": "<p>A peer group for families with babies.</p>",
        },
        "location": {"@id": f"{SITE}{API}/place/{ids.place_id(venue)}/"},
        "location_extra_info": {"fi": "Perhehuone", "sv": "Familjerummet", "en": "Family room"},
        "provider": {"fi": "MLL Turku", "sv": "MLL Åbo"},
        "provider_contact_info": {"fi": "02 123 4567", "sv": "02 123 4567"},
        "keywords": [
            {"@id": f"{SITE}{API}/keyword/yso:p12877/"},
            {"@id": f"{SITE}{API}/keyword/yso:p12878/"},
        ],
        "audience": [
            {"@id": f"{SITE}{API}/keyword/yso:p15937/"},
            {"@id": f"{SITE}{API}/keyword/yso:p20513/"},
            {"@id": f"{SITE}{API}/keyword/yso:p13050/"},
        ],
        "in_language": [{"@id": f"{SITE}{API}/language/fi/"}, {"@id": f"{SITE}{API}/language/sv/"}],
        "audience_min_age": 0,
        "audience_max_age": 1,
        "offers": [
            {"is_free": True, "price": None, "info_url": page, "description": None, "offer_price_groups": []}
        ],
        "external_links": [{"name": "registration", "link": page[lang], "language": lang} for lang in page],
        "info_url": page,
        "maximum_attendee_capacity": 12,
        "custom_data": {
            "perhekeskus_group": str(world.group.uid),
            "perhekeskus_signup": "per_session",
            "perhekeskus_places_left": "12",
            "perhekeskus_pram_places_left": "6",
        },
        "start_time": utc(session.start),
        "end_time": utc(session.end),
        "has_start_time": True,
        "has_end_time": True,
        "deleted": False,
        "replaced_by": None,
        "registration": None,
        "images": [],
        "videos": [],
        "environment": "in",
    }
    assert event["last_modified_time"].endswith("Z")


def test_cancelled_and_moved_sessions(world, client):
    found = by_id(get(client, "event/"))
    cancelled = found[event_id(world, world.cancelled)]
    assert cancelled["event_status"] == "EventCancelled"
    assert cancelled["start_time"] == utc(world.cancelled.start)
    assert cancelled["description"]["fi"].startswith("<p>Ohjaaja sairastui.</p>")
    assert cancelled["description"]["sv"].startswith("<p>Ohjaaja sairastui.</p>")
    moved = found[event_id(world, world.moved)]
    # Still the id of where the rule put it, now at its new time and room.
    assert moved["id"] == f"perhekeskus:{one_off_uid(world.series, world.moved.original_start)}"
    assert moved["event_status"] == "EventRescheduled"
    assert moved["start_time"] == utc(world.moved.start)
    assert moved["end_time"] == utc(world.moved.start + dt.timedelta(hours=1))
    assert moved["location_extra_info"] == {"fi": "Sali"}


def test_place_keyword_organization_and_language_field_by_field(world, client):
    venue = world.room.venue
    place = get(client, f"place/{ids.place_id(venue)}/")
    assert place["position"] == {"type": "Point", "coordinates": [22.2666, 60.4518]}
    assert place["divisions"] == [
        {
            "type": "muni",
            "ocd_id": "ocd-division/country:fi/kunta:turku",
            "municipality": "Turku",
            "name": {"fi": "Turku", "sv": "Åbo", "en": "Turku"},
        }
    ]
    assert place["name"] == {"fi": "Perhekeskus Aurora", "sv": "Familjecentralen Aurora"}
    assert place["street_address"] == {"fi": "Kauppiaskatu 1", "sv": "Köpmansgatan 1"}
    assert place["address_locality"] == {"fi": "Turku", "sv": "Åbo"}
    assert place["postal_code"] == "20100"
    assert place["publisher"] == ids.organization_id(world.group.organization)
    assert (place["n_events"], place["has_upcoming_events"]) == (6, True)
    keyword = get(client, "keyword/yso:p12878/")
    assert keyword["name"] == {"fi": "vertaistuki", "sv": "kamratstöd", "en": "peer support"}
    assert (keyword["data_source"], keyword["origin_id"], keyword["n_events"]) == ("yso", "p12878", 6)
    organization = get(client, f"organization/{ids.organization_id(world.group.organization)}/")
    assert organization["name"] == "MLL Turku"
    assert get(client, "language/sv/")["name"] == {"fi": "ruotsi", "sv": "svenska", "en": "Swedish"}


# --- Paging ------------------------------------------------------------------------------------------


def test_paging_follows_meta_links(world, client):
    first = get(client, "event/", page_size=4)
    assert first["meta"]["count"] == 6
    assert first["meta"]["previous"] is None
    assert first["meta"]["next"] == f"{SITE}{API}/event/?page_size=4&page=2"
    second = client.get(first["meta"]["next"].removeprefix(SITE)).json()
    assert second["meta"]["next"] is None
    assert second["meta"]["previous"] == f"{SITE}{API}/event/?page_size=4"
    assert len({e["id"] for e in first["data"] + second["data"]}) == 6
    assert client.get(f"{API}/event/?page=3&page_size=4").status_code == 404
    assert len(get(client, "keyword/", page_size=1000)["data"]) == 24  # capped at 100, not refused
