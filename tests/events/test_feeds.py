"""Public iCalendar feeds over real HTTP (Django's test client, whole middleware stack).

The URL contract of DESIGN.md, filters (bad ones are a 400), who appears in which feed,
caching validators that change exactly when the bytes change (edits, cancellations,
deletions), the warm path's query count, and the subscribe links on the pages.
"""

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from accessibility.models import RoomAccessibility
from events.ical import rule_occurrences, scheduler_occurrences
from events.models import Group, Series
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create, series_update
from events.services.sessions import session_cancel, session_move
from tests.factories import MembershipFactory, MunicipalityFactory, OrganizationFactory, RoomFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db
HEL = dt.timezone(dt.timedelta(hours=2))
SITE = "https://perhekeskus.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _spec(room, *, days=56, weekdays=(1,), start=dt.time(10)):
    first = dt.date.today() + dt.timedelta(days=3)  # noqa: DTZ011 (a date, not a moment)
    return SeriesSpec(
        room=room,
        first_date=first,
        last_date=first + dt.timedelta(days=days),
        start_time=start,
        duration_minutes=90,
        weekdays=weekdays,
    )


def _group(leader, organization, **data):
    fields = {"title_fi": "Vauvaryhmä", "topic": "peer_support"} | data
    return group_create(actor=leader, organization=organization, data=fields)


@pytest.fixture
def world():
    municipality = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo", region__slug="turun-seutu")
    organization = OrganizationFactory(slug="mll-turku", municipality=municipality)
    room = RoomFactory(venue__organization=organization, venue__slug="perhekeskus-a")
    RoomAccessibility.objects.create(room=room, pram_verdict="yes")
    plain_room = RoomFactory(venue=room.venue)  # no accessibility facts: unknown
    leader = MembershipFactory(organization=organization, role=Membership.Role.LEADER).user
    public = _group(leader, organization, title_fi="Vauvaryhmä", title_sv="Babygrupp")
    dads = _group(leader, organization, title_fi="Isien ilta", audience="dads")
    swedish = _group(leader, organization, title_fi="Ruotsiksi", in_finnish=False, in_swedish=True)
    unlisted = _group(leader, organization, title_fi="Salainen", visibility=Group.Visibility.UNLISTED)
    inactive = _group(leader, organization, title_fi="Lopetettu")
    series = {
        "public": series_create(actor=leader, group=public, spec=_spec(room)).series,
        "dads": series_create(actor=leader, group=dads, spec=_spec(plain_room, weekdays=(2,))).series,
        "swedish": series_create(actor=leader, group=swedish, spec=_spec(room, weekdays=(3,))).series,
        "unlisted": series_create(actor=leader, group=unlisted, spec=_spec(room, weekdays=(4,))).series,
        "inactive": series_create(actor=leader, group=inactive, spec=_spec(room, weekdays=(0,))).series,
    }
    Group.objects.filter(pk=inactive.pk).update(is_active=False)
    return {
        "leader": leader,
        "room": room,
        "venue": room.venue,
        "municipality": municipality,
        "organization": organization,
        "public": public,
        "unlisted": unlisted,
        "series": series,
    }


def uids(response):
    return {str(event["UID"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}


def uid(world, name):
    return str(world["series"][name].uid)


def feed_urls(world):
    return {
        "region": "/feeds/region/turun-seutu.ics",
        "municipality": "/feeds/municipality/853.ics",
        "venue": "/feeds/venue/perhekeskus-a.ics",
        "organization": "/feeds/organization/mll-turku.ics",
        "group": f"/feeds/group/{world['public'].slug}.ics",
    }


KINDS = ("region", "municipality", "venue", "organization", "group")


@pytest.mark.parametrize("kind", KINDS)
def test_every_feed_answers_a_calendar_without_cookies_or_vary(client, world, kind):
    response = client.get(feed_urls(world)[kind])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert response.content.endswith(b"END:VCALENDAR\r\n")
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    # Only the encoding varies the bytes (compression); never Cookie or Accept-Language.
    assert response.headers.get("Vary", "Accept-Encoding") == "Accept-Encoding"
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["Content-Disposition"].startswith('inline; filename="')
    assert response["Content-Disposition"].endswith('.ics"')
    assert response["ETag"].startswith('"')
    assert not response["ETag"].startswith("W/")
    assert "X-Robots-Tag" not in response.headers
    assert uid(world, "public") in uids(response)
    calendar = Calendar.from_ical(response.content)
    assert calendar["X-WR-TIMEZONE"] == "Europe/Helsinki"
    assert str(calendar["SOURCE"]) == SITE + feed_urls(world)[kind]
    assert str(calendar["URL"]).startswith(SITE + "/fi/")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT4H" in response.content


@pytest.mark.parametrize("kind", ["region", "municipality", "venue", "organization"])
def test_unlisted_and_inactive_groups_never_appear_in_public_feeds(client, world, kind):
    found = uids(client.get(feed_urls(world)[kind]))
    assert uid(world, "public") in found
    assert uid(world, "unlisted") not in found
    assert uid(world, "inactive") not in found


def test_an_unlisted_groups_own_feed_answers_with_noindex(client, world):
    response = client.get(f"/feeds/group/{world['unlisted'].slug}.ics")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert uids(response) == {uid(world, "unlisted")}


def test_inactive_group_feed_is_not_found(client, world):
    inactive = world["series"]["inactive"].group
    assert client.get(f"/feeds/group/{inactive.slug}.ics").status_code == 404


def test_no_personal_data_in_feeds(client, world):
    leader = world["leader"]
    for url in feed_urls(world).values():
        body = client.get(url).content.decode()
        assert leader.email not in body
        assert leader.last_name not in body
        assert "ATTENDEE" not in body
        assert "ORGANIZER" not in body


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("", {"public", "dads", "swedish"}),
        ("?audience=dads", {"dads"}),
        ("?language=sv", {"swedish"}),
        ("?language=fi", {"public", "dads"}),
        ("?access=yes", {"public", "swedish"}),  # pram, the default viewpoint; dads' room is unknown
        ("?access=limited&viewpoint=pram", {"public", "swedish"}),
        ("?access=yes&viewpoint=wheelchair", set()),
        ("?audience=families&language=fi&access=yes", {"public"}),
    ],
)
def test_filters(client, world, query, wanted):
    response = client.get("/feeds/municipality/853.ics" + query)
    assert response.status_code == 200
    assert uids(response) == {uid(world, name) for name in wanted}


def test_lang_gives_the_feeds_text_in_swedish(client, world):
    response = client.get("/feeds/municipality/853.ics?lang=sv")
    calendar = Calendar.from_ical(response.content)
    assert "Åbo" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
    assert str(calendar["URL"]) == f"{SITE}/sv/?municipality=853"
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert "Babygrupp" in summaries
    finnish = Calendar.from_ical(client.get("/feeds/municipality/853.ics").content)
    assert "Turku" in str(finnish["X-WR-CALNAME"])
    assert "Vauvaryhmä" in {str(event["SUMMARY"]) for event in finnish.walk("VEVENT")}


@pytest.mark.parametrize(
    "query",
    [
        "?audience=aliens",
        "?language=de",
        "?access=maybe",
        "?access=no",
        "?access=yes&viewpoint=bicycle",
        "?lang=xx",
    ],
)
def test_bad_filters_are_a_400_with_a_message(client, world, query):
    response = client.get("/feeds/region/turun-seutu.ics" + query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.startswith(b"Tuntematon ")  # translated; Finnish by default
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/region/nowhere.ics",
        "/feeds/municipality/999.ics",
        "/feeds/municipality/abc.ics",
        "/feeds/venue/nowhere.ics",
        "/feeds/organization/nowhere.ics",
        "/feeds/group/nowhere.ics",
    ],
)
def test_unknown_scope_is_a_404(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers


# --- Validators, caching, changes ---------------------------------------------------------------


def test_bytes_and_validators_stable_when_nothing_changed(client, world):
    url = feed_urls(world)["municipality"]
    first = client.get(url)
    cache.clear()  # rendered again from the database: the same bytes, the same Last-Modified
    second = client.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]


def _conditional(client, url, response):
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    return by_etag, by_date


def test_304_only_while_nothing_changed(client, world):
    url = feed_urls(world)["venue"]
    first = client.get(url)
    by_etag, by_date = _conditional(client, url, first)
    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert by_etag.headers.get("Vary", "Accept-Encoding") == "Accept-Encoding"
    assert "Set-Cookie" not in by_etag.headers
    # An older copy is stale.
    earlier = format_datetime(
        parsedate_to_datetime(first["Last-Modified"]) - dt.timedelta(seconds=1), usegmt=True
    )
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def _first_session(world, name="public"):
    return world["series"][name].sessions.order_by("start").first()


def _edit_series(world):
    series = world["series"]["public"]
    spec = _spec(world["room"], start=dt.time(11))
    series_update(actor=world["leader"], series=Series.objects.get(pk=series.pk), spec=spec)


def _move_session(world):
    session = _first_session(world)
    start = session.start + dt.timedelta(hours=3)
    session_move(
        actor=world["leader"],
        session=session,
        start=start,
        end=start + dt.timedelta(hours=1),
        room=world["room"],
    )


def _cancel_session(world):
    session_cancel(actor=world["leader"], session=_first_session(world), reason="Ohjaaja sairastui")


def _delete_sessions(world):
    # Shortening the series deletes its later sessions (series_update → _materialize).
    series = world["series"]["public"]
    series_update(
        actor=world["leader"], series=Series.objects.get(pk=series.pk), spec=_spec(world["room"], days=20)
    )


def _delete_series(world):
    Series.objects.filter(pk=world["series"]["swedish"].pk).delete()


def _delete_group(world):
    world["series"]["dads"].group.delete()


@pytest.mark.parametrize(
    "change", [_edit_series, _move_session, _cancel_session, _delete_sessions, _delete_series, _delete_group]
)
@pytest.mark.parametrize("kind", ["municipality", "organization"])
def test_any_change_gives_200_new_etag_and_later_last_modified(client, world, change, kind):
    url = feed_urls(world)[kind]
    first = client.get(url)
    assert _conditional(client, url, first)[0].status_code == 304
    change(world)
    by_etag, by_date = _conditional(client, url, first)
    assert by_etag.status_code == 200
    assert by_date.status_code == 200
    assert by_etag["ETag"] != first["ETag"]
    assert by_etag.content != first.content
    assert parsedate_to_datetime(by_date["Last-Modified"]) > parsedate_to_datetime(first["Last-Modified"])
    # And from then on the new copy is current.
    assert _conditional(client, url, by_etag)[0].status_code == 304
    assert _conditional(client, url, by_etag)[1].status_code == 304


def test_a_change_elsewhere_keeps_last_modified(client, world):
    """Another venue's edit changes the stamp (the cache renders again) but not this feed's bytes."""
    url = feed_urls(world)["group"]
    first = client.get(url)
    other = RoomFactory(venue__organization=OrganizationFactory())
    leader = MembershipFactory(organization=other.venue.organization).user
    group = _group(leader, other.venue.organization, title_fi="Muualla")
    series_create(actor=leader, group=group, spec=_spec(other))
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_warm_poll_and_304_cost_one_query(client, world, django_assert_max_num_queries):
    url = feed_urls(world)["region"]
    first = client.get(url)
    with django_assert_max_num_queries(1):
        warm = client.get(url)
    assert warm.status_code == 200
    assert warm.content == first.content
    with django_assert_max_num_queries(1):
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with django_assert_max_num_queries(1):
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_cold_rendering_takes_a_constant_number_of_queries(client, world):
    def cold_queries():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/feeds/region/turun-seutu.ics").status_code == 200
        return len(queries)

    cold_queries()  # the first rendering also stores the feed's Last-Modified
    few = cold_queries()
    leader, room = world["leader"], world["room"]
    for n in range(4):
        group = _group(leader, world["organization"], title_fi=f"Lisää {n}")
        series_create(actor=leader, group=group, spec=_spec(room, weekdays=(5,), start=dt.time(8 + 2 * n)))
    cold_queries()
    many = cold_queries()
    assert many == few
    assert few <= 8


@pytest.mark.parametrize(
    "spec",
    [
        {"weekdays": (0, 2), "interval_weeks": 2},
        {"weekdays": (3,), "frequency": Series.Frequency.MONTHLY, "nth_of_month": -1},
        {"weekdays": (6,), "frequency": Series.Frequency.MONTHLY, "nth_of_month": 2},
    ],
)
def test_in_memory_expansion_matches_django_scheduler(world, spec):
    base = _spec(world["room"], days=300, weekdays=spec["weekdays"], start=dt.time(18))
    fields = {name: value for name, value in spec.items() if name != "weekdays"}
    result = series_create(
        actor=world["leader"], group=world["public"], spec=SeriesSpec(**{**base.__dict__, **fields})
    )
    assert rule_occurrences(result.series) == scheduler_occurrences(result.series)
    assert len(rule_occurrences(result.series)) > 5


# --- Subscribe links ----------------------------------------------------------------------------


def _links_ok(html, path):
    https = SITE + path
    assert f'href="webcal://perhekeskus.example{path}"' in html
    assert f'href="https://calendar.google.com/calendar/r?cid={quote(https, safe="")}"' in html
    assert f'value="{https}"' in html
    assert "readonly" in html
    assert 'for="subscribe-url"' in html
    assert 'id="subscribe-url"' in html


def test_group_page_has_subscribe_links(client, world):
    html = client.get(f"/fi/groups/{world['public'].slug}/").content.decode()
    _links_ok(html, f"/feeds/group/{world['public'].slug}.ics")


def test_venue_page_has_subscribe_links(client, world):
    html = client.get("/fi/venues/perhekeskus-a/").content.decode()
    _links_ok(html, "/feeds/venue/perhekeskus-a.ics")


def test_swedish_pages_subscribe_to_swedish_feeds(client, world):
    html = client.get("/sv/venues/perhekeskus-a/").content.decode()
    _links_ok(html, "/feeds/venue/perhekeskus-a.ics?lang=sv")


def test_search_page_subscribes_to_its_municipality_or_region(client, world):
    assert "subscribe-url" not in client.get("/fi/").content.decode()
    html = client.get("/fi/?municipality=853&language=sv").content.decode()
    _links_ok(html, "/feeds/municipality/853.ics?language=sv")
    html = client.get("/fi/?region=turun-seutu").content.decode()
    _links_ok(html, "/feeds/region/turun-seutu.ics")


def test_the_linked_feeds_answer(client, world):
    for path in ("/feeds/municipality/853.ics?language=sv", "/feeds/venue/perhekeskus-a.ics?lang=sv"):
        assert client.get(path).status_code == 200
