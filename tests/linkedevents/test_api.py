"""The /linkedevents/v1/ API over HTTP, checked against Linked Events' schemas (tests/linkedevents/schemas.py)
and field by field, for a weekly series across a DST change with a cancelled and a moved session."""

import datetime as dt
import json
from urllib.parse import quote, urlencode

import jsonschema_rs
import pytest
from django.utils import timezone

from events.models import Group
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from events.uids import one_off_uid
from linkedevents import ids
from tests.linkedevents import schemas
from tests.linkedevents.conftest import HELSINKI, SITE, move_later, remove_last_session

pytestmark = pytest.mark.django_db
API = "/linkedevents/v1"
PERSONAL = ("user_name", "user_email", "user_phone_number", "user_organization", "user_consent")


def _valid(schema: dict, body: dict) -> None:
    errors = [str(error) for error in jsonschema_rs.validator_for(schema).iter_errors(body)]
    assert not errors, "\n\n".join(errors[:5])


def _get(client, path: str, **params) -> dict:
    url = f"{API}/{path}" + (f"?{urlencode(params)}" if params else "")
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:500])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def _event_id(world, session) -> str:
    return f"perhekeskus:{one_off_uid(world.series, session.original_start)}"


def _by_id(body: dict) -> dict[str, dict]:
    return {event["id"]: event for event in body["data"]}


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Every endpoint against the schemas ------------------------------------------------------------


def test_every_endpoint_answers_in_linked_events_schemas(world, client):
    events = _get(client, "event/")
    _valid(schemas.paginated(schemas.EVENT), events)
    included = _get(client, "event/", include="location,keywords,audience,in_language")
    _valid(schemas.paginated(schemas.EVENT), included)
    assert included["data"][0]["location"]["@type"] == "Place"
    assert included["data"][0]["keywords"][0]["@type"] == "Keyword"
    assert included["data"][0]["in_language"][0]["@type"] == "Language"
    for event in events["data"]:
        _valid(schemas.EVENT, _get(client, f"event/{event['id']}/"))
        assert not {*PERSONAL, "created_by", "last_modified_by"} & set(event)
    for endpoint, schema in (
        ("place", schemas.PLACE),
        ("keyword", schemas.KEYWORD),
        ("organization", schemas.ORGANIZATION),
        ("language", schemas.LANGUAGE),
    ):
        listing = _get(client, f"{endpoint}/", page_size=100)
        _valid(schemas.paginated(schema), listing)
        assert listing["data"], endpoint
        for item in listing["data"]:
            detail = _get(client, f"{endpoint}/{item['id']}/")
            _valid(schema, detail)
            assert detail == item
            assert detail["@id"] == f"{SITE}{API}/{endpoint}/{item['id']}/"


# --- The series, field by field --------------------------------------------------------------------


def test_series_is_a_recurring_super_event_of_its_sessions(world, client):
    body = _get(client, "event/", sort="start_time")
    assert body["meta"] == {"count": 6, "next": None, "previous": None}
    found = _by_id(body)
    super_id = f"perhekeskus:{world.series.uid}"
    parent = found.pop(super_id)
    sub_ids = [_event_id(world, s) for s in world.sessions]
    assert set(found) == set(sub_ids)
    assert parent["super_event_type"] == "recurring"
    assert parent["super_event"] is None
    assert [ref["@id"] for ref in parent["sub_events"]] == [f"{SITE}{API}/event/{i}/" for i in sub_ids]
    assert parent["start_time"] == _utc(world.sessions[0].start)
    assert parent["end_time"] == _utc(world.sessions[-1].end)
    assert parent["event_status"] == "EventScheduled"
    assert parent["info_url"] == {
        lang: f"{SITE}/{lang}/groups/{world.group.slug}/" for lang in ("fi", "sv", "en")
    }
    for sub in found.values():
        assert sub["super_event"] == {"@id": f"{SITE}{API}/event/{super_id}/"}
        assert sub["super_event_type"] is None
        assert sub["sub_events"] == []


def test_times_are_utc_across_the_dst_change(world, client):
    found = _by_id(_get(client, "event/"))
    plain = [s for s in world.sessions if s.pk not in (world.cancelled.pk, world.moved.pk)]
    offsets = set()
    for session in plain:
        event = found[_event_id(world, session)]
        local = session.start.astimezone(HELSINKI)
        assert (local.hour, local.minute) == (10, 0)  # 10:00 in Helsinki, winter and summer alike
        offsets.add(local.utcoffset())
        assert event["start_time"] == _utc(session.start)
        assert event["end_time"] == _utc(session.start + dt.timedelta(minutes=90))
        assert event["event_status"] == "EventScheduled"
    assert offsets == {dt.timedelta(hours=2), dt.timedelta(hours=3)}
    winter, summer = (found[_event_id(world, s)]["start_time"][11:16] for s in (plain[0], plain[-1]))
    assert {winter, summer} == {"08:00", "07:00"}


def test_a_session_field_by_field(world, client):
    session = world.sessions[0]
    event = _get(client, f"event/{_event_id(world, session)}/")
    page = {lang: f"{SITE}/{lang}/sessions/{session.pk}/" for lang in ("fi", "sv", "en")}
    venue = world.room.venue
    assert event == event | {
        "id": _event_id(world, session),
        "@id": f"{SITE}{API}/event/{_event_id(world, session)}/",
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
        "start_time": _utc(session.start),
        "end_time": _utc(session.end),
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
    found = _by_id(_get(client, "event/"))
    cancelled = found[_event_id(world, world.cancelled)]
    assert cancelled["event_status"] == "EventCancelled"
    assert cancelled["start_time"] == _utc(world.cancelled.start)
    assert cancelled["description"]["fi"].startswith("<p>Ohjaaja sairastui.</p>")
    assert cancelled["description"]["sv"].startswith("<p>Ohjaaja sairastui.</p>")
    moved = found[_event_id(world, world.moved)]
    # Still the id of where the rule put it, now at its new time and room.
    assert moved["id"] == f"perhekeskus:{one_off_uid(world.series, world.moved.original_start)}"
    assert moved["event_status"] == "EventRescheduled"
    assert moved["start_time"] == _utc(world.moved.start)
    assert moved["end_time"] == _utc(world.moved.start + dt.timedelta(hours=1))
    assert moved["location_extra_info"] == {"fi": "Sali"}


def test_place_keyword_organization_and_language_field_by_field(world, client):
    venue = world.room.venue
    place = _get(client, f"place/{ids.place_id(venue)}/")
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
    keyword = _get(client, "keyword/yso:p12878/")
    assert keyword["name"] == {"fi": "vertaistuki", "sv": "kamratstöd", "en": "peer support"}
    assert (keyword["data_source"], keyword["origin_id"], keyword["n_events"]) == ("yso", "p12878", 6)
    organization = _get(client, f"organization/{ids.organization_id(world.group.organization)}/")
    assert organization["name"] == "MLL Turku"
    assert _get(client, "language/sv/")["name"] == {"fi": "ruotsi", "sv": "svenska", "en": "Swedish"}


# --- Paging ------------------------------------------------------------------------------------------


def test_paging_follows_meta_links(world, client):
    first = _get(client, "event/", page_size=4)
    assert first["meta"]["count"] == 6
    assert first["meta"]["previous"] is None
    assert first["meta"]["next"] == f"{SITE}{API}/event/?page_size=4&page=2"
    second = client.get(first["meta"]["next"].removeprefix(SITE)).json()
    assert second["meta"]["next"] is None
    assert second["meta"]["previous"] == f"{SITE}{API}/event/?page_size=4"
    assert len({e["id"] for e in first["data"] + second["data"]}) == 6
    assert client.get(f"{API}/event/?page=3&page_size=4").status_code == 404
    assert len(_get(client, "keyword/", page_size=1000)["data"]) == 24  # capped at 100, not refused


# --- Filters -----------------------------------------------------------------------------------------


def _ids(client, **params) -> set[str]:
    return {event["id"] for event in _get(client, "event/", page_size=100, **params)["data"]}


def test_filters(world, client):
    every = _ids(client)
    super_id = f"perhekeskus:{world.series.uid}"
    subs = every - {super_id}
    first, last = world.sessions[0], world.sessions[-1]
    assert _ids(client, super_event_type="recurring") == {super_id}
    assert _ids(client, super_event_type="none") == subs
    assert _ids(client, super_event="none") == {super_id}
    assert _ids(client, super_event=super_id) == subs
    assert _ids(client, hide_recurring_children="true") == {super_id}
    assert _ids(client, event_status="EventCancelled") == {_event_id(world, world.cancelled)}
    assert _ids(client, event_status="EventRescheduled,EventCancelled") == {
        _event_id(world, world.cancelled),
        _event_id(world, world.moved),
    }
    window = {"start": first.start.astimezone(HELSINKI).date().isoformat()}
    window["end"] = window["start"]
    assert _ids(client, **window) == {super_id, _event_id(world, first)}
    assert _ids(client, start=_utc(last.start), super_event_type="none") == {_event_id(world, last)}
    assert _ids(client, end="today") == set()
    assert _ids(client, start="now") == every  # all still to come
    assert _ids(client, start="now", end="now") == set()
    assert _ids(client, days=3650) == every
    place = ids.place_id(world.room.venue)
    assert _ids(client, location=place) == every
    assert _ids(client, location="tprek:1") == set()
    assert _ids(client, keyword="yso:p12878") == every
    assert _ids(client, keyword="yso:p1808") == set()
    assert _ids(client, keyword="yso:p20513,yso:p1808") == every  # an audience keyword, OR
    for division in ("ocd-division/country:fi/kunta:turku", "Åbo", "kunta:turku", "turku"):
        assert _ids(client, division=division) == every, division
    assert _ids(client, division="peruspiiri:malmi") == set()
    assert _ids(client, text="babyklubb") == every
    assert _ids(client, text="jooga") == set()
    assert _ids(client, in_language="sv") == every
    assert _ids(client, in_language="en") == set()
    assert _ids(client, language="en") == every  # the name has an English translation
    orders = _get(client, "event/", sort="-start_time", super_event_type="none")["data"]
    assert [e["start_time"] for e in orders] == sorted((e["start_time"] for e in orders), reverse=True)
    default = _get(client, "event/")["data"]
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


# --- Changes: last_modified_since and tombstones ------------------------------------------------------


def _since(client, moment: dt.datetime, **params) -> dict[str, dict]:
    return _by_id(_get(client, "event/", page_size=100, last_modified_since=_utc_micro(moment), **params))


def _utc_micro(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def test_last_modified_since_returns_exactly_what_changed(world, client):
    from events.services.sessions import session_cancel

    super_id = f"perhekeskus:{world.series.uid}"
    middle = world.sessions[2]
    before_edit = timezone.now()
    assert _since(client, before_edit) == {}
    move_later(world, middle)
    assert set(_since(client, before_edit)) == {_event_id(world, middle)}

    before_cancel = timezone.now()
    session_cancel(actor=world.leader, session=world.moved, reason="Sali on remontissa.")
    changed = _since(client, before_cancel)
    assert set(changed) == {_event_id(world, world.moved)}
    assert changed[_event_id(world, world.moved)]["event_status"] == "EventCancelled"

    before_delete = timezone.now()
    last = world.sessions[-1]
    result = remove_last_session(world)
    assert result.removed == 1
    gone = _event_id(world, last)
    # Without show_deleted: the super event, whose sub-events changed; the session is simply not there.
    assert set(_since(client, before_delete)) == {super_id}
    with_deleted = _since(client, before_delete, show_deleted="true")
    assert set(with_deleted) == {super_id, gone}
    tombstone = with_deleted[gone]
    _valid(schemas.TOMBSTONE, tombstone)
    assert tombstone["deleted"] is True
    assert gone not in {ref["@id"].rsplit("/", 2)[-2] for ref in with_deleted[super_id]["sub_events"]}
    # All three changes since before the edit; a removed event's own URL answers 410 with its tombstone.
    everything = _since(client, before_edit, show_deleted="true")
    assert set(everything) == {_event_id(world, middle), _event_id(world, world.moved), gone, super_id}
    response = client.get(f"{API}/event/{gone}/")
    assert response.status_code == 410
    assert response.json() == tombstone
    assert gone not in _ids(client)
    assert gone in _ids(client, show_deleted="true")


def test_a_group_edit_changes_all_its_events(world, client):
    from events.services.groups import group_update

    before = timezone.now()
    group_update(actor=world.leader, group=world.group, data={"title_en": "Babies' club"})
    changed = _since(client, before)
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
    assert _get(client, "event/", page_size=100)["meta"]["count"] > 20
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
    assert set(uids) | {super_id} <= _ids(client)
    before = timezone.now()
    tour_stop_remove(actor=world.leader, stop=added.stop)
    removed = _since(client, before, show_deleted="true")
    assert set(removed) == set(uids) | {super_id}
    assert all(event["deleted"] for event in removed.values())
    assert not (set(uids) | {super_id}) & _ids(client)


def test_errors_speak_the_clients_language(world, client):
    response = client.get(f"{API}/event/?days=7&start=today", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert response.json() == {"detail": "days kan inte användas tillsammans med start eller end."}


def test_remaining_places_come_from_sign_ups_and_no_family_is_named(world, client):
    from bookings.services.signups import Contact, Party, signup_create

    session = world.sessions[0]
    signup_create(
        actor=None,
        session=session,
        contact=Contact(name="Maija Meikäläinen", email="maija@example.fi", phone="040 123 4567"),
        party=Party(adults=1, children_under_1=2, prams=1),
        consent=True,
    )
    response = client.get(f"{API}/event/?page_size=100&include=location,keywords,audience,in_language")
    body = response.content.decode()
    for personal in ("Maija", "maija@example.fi", "040 123 4567"):
        assert personal not in body
    event = _by_id(response.json())[_event_id(world, session)]
    assert event["custom_data"]["perhekeskus_places_left"] == "9"
    assert event["custom_data"]["perhekeskus_pram_places_left"] == "5"
    assert event["maximum_attendee_capacity"] == 12
