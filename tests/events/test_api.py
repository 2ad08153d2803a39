"""The read-only JSON API at /api/v1/: shapes, filters, privacy, DST offsets, constant queries, CORS.

Data comes from the services a leader uses (group_create, series_create). Sessions are
in 2027, so their dates are passed as filters (the default window is the next 14 days).
"""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Group, Session
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from events.services.sessions import session_cancel
from tests.events.test_venue_pages import ROOM_STEP_FREE, STEP_FREE, UPSTAIRS_NO_LIFT, survey, survey_room
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RegionFactory,
    RoomFactory,
    UserFactory,
    VenueFactory,
)
from venues.models import Membership, Room

pytestmark = pytest.mark.django_db

API = "/api/v1"
MARKER = "zqxmarker"
WINDOW = {"date_from": "2027-03-01", "date_to": "2027-11-30"}


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    """Materialize the whole of 2027 (today is in late 2026)."""
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture
def leader():
    """A leader whose name and email carry a marker that must never leave the API."""
    return UserFactory(email=f"{MARKER}@example.fi", first_name=f"Anna{MARKER}", last_name=f"Leader{MARKER}")


def room_for(leader, **venue) -> Room:
    room = RoomFactory(venue=VenueFactory(**venue))
    MembershipFactory(user=leader, organization=room.venue.organization, role=Membership.Role.LEADER)
    return room


def make_group(leader, room: Room, title: str, **data) -> Group:
    return group_create(
        actor=leader,
        organization=room.venue.organization,
        data={"title_fi": title, "topic": Group.Topic.PEER_SUPPORT, **data},
    )


def schedule(leader, group: Group, room: Room, first: dt.date, last: dt.date, weekdays=(6,)) -> list[Session]:
    spec = SeriesSpec(
        room=room,
        first_date=first,
        last_date=last,
        start_time=dt.time(10),
        duration_minutes=120,
        weekdays=weekdays,
        skip_public_holidays=False,
    )
    return list(series_create(actor=leader, group=group, spec=spec).series.sessions.order_by("start"))


def get(client, path: str, **params):
    response = client.get(f"{API}{path}", params)
    assert response["Content-Type"].startswith("application/json")
    return response


@pytest.fixture
def network(leader):
    """Two venues in two municipalities of two regions, a public and an unlisted group, Sunday sessions."""
    region = RegionFactory(slug="turun-seutu", name_fi="Turun seutukunta", name_sv="Åbo ekonomiska region")
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo", region=region)
    salo = MunicipalityFactory(code="734", name_fi="Salo", name_sv="Salo")
    near = room_for(
        leader,
        slug="keskus",
        name_fi="Perhekeskus Keskus",
        name_sv="Familjecentret",
        organization=OrganizationFactory(municipality=turku),
    )
    far = room_for(leader, slug="salon-talo", organization=OrganizationFactory(municipality=salo))
    survey(near.venue, STEP_FREE)
    survey_room(near, ROOM_STEP_FREE)
    survey(far.venue, STEP_FREE)
    survey_room(far, UPSTAIRS_NO_LIFT)
    public = make_group(
        leader, near, "Vauvaryhmä", title_sv="Babygrupp", in_swedish=True, age_min_months=0, age_max_months=12
    )
    unlisted = make_group(leader, far, "Salainen ryhmä", visibility=Group.Visibility.UNLISTED)
    other = make_group(
        leader, far, "Isien ryhmä", topic=Group.Topic.OUTDOOR, age_min_months=24, age_max_months=48
    )
    public_sessions = schedule(leader, public, near, dt.date(2027, 3, 1), dt.date(2027, 11, 30))
    schedule(leader, unlisted, far, dt.date(2027, 3, 1), dt.date(2027, 3, 31), weekdays=(1,))
    schedule(leader, other, far, dt.date(2027, 4, 1), dt.date(2027, 4, 30), weekdays=(2,))
    return {
        "public": public,
        "unlisted": unlisted,
        "other": other,
        "near": near,
        "far": far,
        "sessions": public_sessions,
    }


def test_openapi_document_lists_the_paths(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert "openapi" in document
    for path in (
        "regions",
        "municipalities",
        "venues",
        "venues/{slug}",
        "groups",
        "groups/{slug}",
        "sessions",
    ):
        assert f"{API}/{path}" in document["paths"]
    assert f"{API}/sessions/{{session_id}}" in document["paths"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_no_swagger_page_that_would_load_a_cdn(client):
    assert client.get(f"{API}/docs").status_code == 404


def test_regions_and_municipalities_with_names_in_every_language(client, network):
    response = get(client, "/regions")
    assert response.status_code == 200
    regions = {row["slug"]: row for row in response.json()["items"]}
    assert regions["turun-seutu"]["names"]["sv"] == "Åbo ekonomiska region"
    assert regions["turun-seutu"]["name"] == "Turun seutukunta"

    municipalities = {row["code"]: row for row in get(client, "/municipalities", lang="sv").json()["items"]}
    assert municipalities["853"]["name"] == "Åbo"
    assert municipalities["853"]["names"] == {"fi": "Turku", "sv": "Åbo", "en": "Turku"}
    assert municipalities["853"]["region"]["slug"] == "turun-seutu"


def test_venue_list_and_detail_shape(client, network):
    response = get(client, "/venues")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    detail = get(client, "/venues/keskus").json()
    listed = next(row for row in body["items"] if row["slug"] == "keskus")
    assert listed == detail
    assert detail["address"]["postal_code"] == "20100"
    assert detail["municipality"]["code"] == "853"
    assert detail["url"].endswith("/fi/venues/keskus/")
    assert detail["accessibility"]["verdicts"]["pram"] == "yes"
    assert detail["accessibility"]["facts"]["entrance_steps"] == 0
    assert detail["accessibility"]["facts"]["has_lift"] is True
    assert detail["accessibility"]["facts"]["feeding_room"] is None  # unknown stays unknown
    assert detail["accessibility"]["facts"]["route_max_slope_percent"] == 2.0
    assert detail["accessibility"]["osm_tags"]["venue"]["stroller"] == "yes"
    assert detail["rooms"][0]["verdicts"]["wheelchair"] in {"yes", "limited", "no", "unknown"}
    assert set(detail["organization"]) == {"slug", "name", "kind", "website", "email", "phone"}


def test_venue_filters(client, network):
    def slugs(**params):
        return {row["slug"] for row in get(client, "/venues", **params).json()["items"]}

    assert slugs(municipality="853") == {"keskus"}
    assert slugs(region="turun-seutu") == {"keskus"}
    assert slugs(kind="open_meeting_place") == set()
    assert slugs(viewpoint="pram", access="yes") >= {"keskus"}


def test_unknown_venue_is_404(client, network):
    response = get(client, "/venues/nope")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/venues?municipality=Turku",
        "/venues?kind=castle",
        "/venues?viewpoint=jetpack&access=yes",
        "/venues?limit=101",
        "/venues?offset=-1",
        "/sessions?date_from=tomorrow",
        "/sessions?age_months=-3",
        "/sessions?access=unknown",
        "/sessions?lang=de",
        "/groups?topic=nope",
        "/sessions/abc",
    ],
)
def test_bad_filter_values_are_422_not_500(client, path):
    response = client.get(f"{API}{path}")
    if path.endswith("/abc"):
        assert response.status_code == 404  # not an int: no such route
        return
    assert response.status_code == 422
    assert response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_groups_list_public_ones_only_and_unlisted_detail_is_404(client, network):
    body = get(client, "/groups").json()
    slugs = {row["slug"] for row in body["items"]}
    assert network["public"].slug in slugs
    assert network["unlisted"].slug not in slugs
    assert body["count"] == 2
    assert get(client, f"/groups/{network['unlisted'].slug}").status_code == 404

    detail = get(client, f"/groups/{network['public'].slug}").json()
    assert detail["title"] == "Vauvaryhmä"
    assert detail["languages"] == ["fi", "sv"]
    assert detail["upcoming_sessions"][0]["group"]["slug"] == network["public"].slug

    assert {row["slug"] for row in get(client, "/groups", topic="outdoor").json()["items"]} == {
        network["other"].slug
    }
    assert {row["slug"] for row in get(client, "/groups", language="sv").json()["items"]} == {
        network["public"].slug
    }


def test_sessions_of_unlisted_groups_are_absent_and_404(client, network):
    body = get(client, "/sessions", limit=100, **WINDOW).json()
    groups = {row["group"]["slug"] for row in body["items"]}
    assert network["unlisted"].slug not in groups
    hidden = Session.objects.filter(group=network["unlisted"]).first()
    assert get(client, f"/sessions/{hidden.pk}").status_code == 404


def test_session_shape_and_filters(client, network):
    first = network["sessions"][0]
    detail = get(client, f"/sessions/{first.pk}").json()
    assert detail["id"] == first.pk
    assert detail["status"] == "scheduled"
    assert detail["moved"] is False
    assert detail["venue"]["slug"] == "keskus"
    assert detail["group"]["slug"] == network["public"].slug
    assert detail["room"]["name"] == network["near"].name
    assert detail["places_left"] == network["near"].capacity_people
    assert detail["pram_places_left"] == network["near"].pram_spaces
    assert detail["url"].endswith(f"/fi/sessions/{first.pk}/")

    def groups(**params):
        items = get(client, "/sessions", limit=100, **WINDOW, **params).json()["items"]
        return {row["group"]["slug"] for row in items}

    public, other = network["public"].slug, network["other"].slug
    assert groups() == {public, other}
    assert groups(municipality="853") == {public}
    assert groups(region="turun-seutu") == {public}
    assert groups(topic="outdoor") == {other}
    assert groups(age_months=30) == {other}
    assert groups(language="sv") == {public}
    assert groups(viewpoint="wheelchair", access="limited") == {public}
    assert groups(provider_kind="parish") == set()
    only_april = get(client, "/sessions", date_from="2027-04-01", date_to="2027-04-07", limit=100).json()
    assert {row["start"][:10] for row in only_april["items"]} <= {f"2027-04-0{day}" for day in range(1, 8)}


def test_pagination(client, network):
    page = get(client, "/sessions", limit=5, offset=5, **WINDOW).json()
    everything = get(client, "/sessions", limit=100, **WINDOW).json()
    assert page["count"] == everything["count"] > 10
    assert [row["id"] for row in page["items"]] == [row["id"] for row in everything["items"][5:10]]


def test_cancelled_sessions_stay_listed_with_reason(client, network, leader):
    session = network["sessions"][2]
    session_cancel(actor=leader, session=session, reason="Ohjaaja sairastui")
    row = get(client, f"/sessions/{session.pk}").json()
    assert row["status"] == "cancelled"
    assert row["cancel_reason"] == "Ohjaaja sairastui"
    listed = get(client, "/sessions", limit=100, **WINDOW).json()["items"]
    assert any(item["id"] == session.pk and item["status"] == "cancelled" for item in listed)


def test_start_and_end_carry_the_helsinki_offset_across_dst(client, network):
    by_date = {
        row["start"][:10]: row for row in get(client, "/sessions", limit=100, **WINDOW).json()["items"]
    }
    assert by_date["2027-03-21"]["start"] == "2027-03-21T10:00:00+02:00"
    assert by_date["2027-03-28"]["start"] == "2027-03-28T10:00:00+03:00"
    assert by_date["2027-03-28"]["end"] == "2027-03-28T12:00:00+03:00"
    assert by_date["2027-10-24"]["start"] == "2027-10-24T10:00:00+03:00"
    assert by_date["2027-10-31"]["start"] == "2027-10-31T10:00:00+02:00"


def test_lang_sv_gives_swedish_names(client, network):
    detail = get(client, "/venues/keskus", lang="sv").json()
    assert detail["name"] == "Familjecentret"
    assert detail["municipality"]["name"] == "Åbo"
    assert detail["url"].endswith("/sv/venues/keskus/")
    group = get(client, f"/groups/{network['public'].slug}", lang="sv").json()
    assert group["title"] == "Babygrupp"
    sessions = get(client, "/sessions", lang="sv", municipality="853", **WINDOW).json()["items"]
    assert sessions[0]["group"]["title"] == "Babygrupp"
    assert sessions[0]["venue"]["municipality"]["name"] == "Åbo"


def test_cors_header_on_every_get(client, network):
    for path in ("/regions", "/municipalities", "/venues", "/venues/keskus", "/groups", "/sessions"):
        response = get(client, path)
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Set-Cookie" not in response.headers
    assert get(client, "/venues/nope")["Access-Control-Allow-Origin"] == "*"


def test_no_personal_data_in_any_response(client, network):
    session = network["sessions"][0]
    paths = [
        "/openapi.json",
        "/regions",
        "/municipalities",
        "/venues",
        "/venues/keskus",
        "/venues/salon-talo",
        "/groups",
        f"/groups/{network['public'].slug}",
        f"/groups/{network['other'].slug}",
        f"/sessions?date_from={WINDOW['date_from']}&date_to={WINDOW['date_to']}&limit=100",
        f"/sessions/{session.pk}",
    ]
    for path in paths:
        response = client.get(f"{API}{path}")
        assert response.status_code == 200, path
        assert MARKER not in response.content.decode().lower(), path


def many_sessions(leader, count: int) -> None:
    """`count` daily sessions spread over several groups and venues."""
    first = dt.date(2027, 5, 3)
    for index in range(3):
        room = room_for(leader)
        survey_room(room, ROOM_STEP_FREE)
        group = make_group(leader, room, f"Ryhmä {index}")
        days = count // 3
        start = first + dt.timedelta(days=index * days)
        schedule(leader, group, room, start, start + dt.timedelta(days=days - 1), weekdays=tuple(range(7)))


@pytest.mark.parametrize("count", [3, 30])
def test_lists_run_a_constant_number_of_queries(client, leader, count, django_assert_max_num_queries):
    many_sessions(leader, count)
    params = {"date_from": "2027-05-01", "date_to": "2027-07-31", "limit": 100}
    assert get(client, "/sessions", **params).json()["count"] == count
    with django_assert_max_num_queries(2):  # count and rows
        get(client, "/sessions", **params)
    with django_assert_max_num_queries(5):  # count, venues, rooms with accessibility, photos
        get(client, "/venues", limit=100)
    with django_assert_max_num_queries(2):
        get(client, "/groups", limit=100)
    with django_assert_max_num_queries(4):  # the group, its series (and their rooms), its upcoming sessions
        get(client, f"/groups/{Group.objects.first().slug}")


def test_query_count_does_not_grow_with_sessions(client, leader):
    many_sessions(leader, 3)
    params = {"date_from": "2027-05-01", "date_to": "2027-07-31", "limit": 100}
    with CaptureQueriesContext(connection) as few:
        get(client, "/sessions", **params)
    many_sessions(leader, 30)
    with CaptureQueriesContext(connection) as many:
        assert get(client, "/sessions", **params).json()["count"] == 33
    assert len(many) == len(few)
