"""Feeds at national scale: an edit re-renders only the feeds that contain it, the date alone
re-renders nothing, a 304 needs neither the body nor the database, and a cold feed is rendered
once however many poll it at the same moment (real Redis, real threads).
"""

import datetime as dt
import os
import threading

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.feeds import cache as feed_cache
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from events.services.sessions import session_cancel
from tests.factories import MembershipFactory, MunicipalityFactory, OrganizationFactory, RoomFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db
# A Redis CACHE_URL names the database to use (each engineer has their own); else db 3.
_CACHE_URL = os.environ.get("CACHE_URL", "")
REDIS = (
    "redis://" + _CACHE_URL.split("://", 1)[1]
    if _CACHE_URL.startswith(("redis://", "rediscache://"))
    else "redis://127.0.0.1:6379/3"
)


def _network(names):
    """One organization, venue, group and weekly series per municipality, all in one region."""
    found = {}
    region = None
    for code in names:
        municipality = MunicipalityFactory(code=code, **({"region": region} if region else {}))
        region = municipality.region
        organization = OrganizationFactory(slug=f"org-{code}", municipality=municipality)
        room = RoomFactory(venue__organization=organization, venue__municipality=municipality)
        leader = MembershipFactory(organization=organization, role=Membership.Role.LEADER).user
        group = group_create(
            actor=leader,
            organization=organization,
            data={"title_fi": f"Ryhmä {code}", "topic": "peer_support"},
        )
        first = dt.date.today() + dt.timedelta(days=3)  # noqa: DTZ011 (a date, not a moment)
        spec = SeriesSpec(
            room=room,
            first_date=first,
            last_date=first + dt.timedelta(days=60),
            start_time=dt.time(10),
            duration_minutes=90,
            weekdays=(first.weekday(),),
        )
        series = series_create(actor=leader, group=group, spec=spec).series
        found[code] = {"leader": leader, "series": series, "group": group, "venue": room.venue}
    return region, found


def _feeds(region, network):
    urls = {f"municipality {code}": f"/feeds/municipality/{code}.ics" for code in network}
    urls["region"] = f"/feeds/region/{region.slug}.ics"
    for code, item in network.items():
        urls[f"venue {code}"] = f"/feeds/venue/{item['venue'].slug}.ics"
        urls[f"group {code}"] = f"/feeds/group/{item['group'].slug}.ics"
        urls[f"organization {code}"] = f"/feeds/organization/org-{code}.ics"
    return urls


def test_one_cancel_re_renders_only_the_feeds_that_contain_it(client, monkeypatch):
    region, network = _network(["001", "002", "003"])
    urls = _feeds(region, network)
    first = {label: client.get(url) for label, url in urls.items()}
    rendered = []
    real = feed_cache.render_feed
    monkeypatch.setattr(feed_cache, "render_feed", lambda **kw: rendered.append(kw["key"]) or real(**kw))
    item = network["002"]
    session_cancel(actor=item["leader"], session=item["series"].sessions.first(), reason="Sairas")
    answers = {label: client.get(url, HTTP_IF_NONE_MATCH=first[label]["ETag"]) for label, url in urls.items()}
    changed = {label for label, response in answers.items() if response.status_code == 200}
    assert changed == {"municipality 002", "region", "venue 002", "group 002", "organization 002"}
    assert all(answers[label].status_code == 304 for label in set(urls) - changed)
    assert len(rendered) == len(changed)


def test_the_date_alone_invalidates_nothing(client, monkeypatch):
    _, network = _network(["001"])
    url = "/feeds/municipality/001.ics"
    first = client.get(url)
    tomorrow = dt.date.today() + dt.timedelta(days=1)  # noqa: DTZ011
    monkeypatch.setattr(feed_cache, "helsinki_today", lambda: tomorrow)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(queries) == 0
    # Once the series has been over for PAST_DAYS it leaves the feed: then the bytes change.
    later = network["001"]["series"].last_date + dt.timedelta(days=61)
    monkeypatch.setattr(feed_cache, "helsinki_today", lambda: later)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_304_loads_neither_the_body_nor_anything_from_the_database(client):
    _network(["001"])
    url = "/feeds/municipality/001.ics"
    first = client.get(url)
    cache.delete_many([key for key in _keys() if key.startswith("feeds:body:")])
    with CaptureQueriesContext(connection) as queries:
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert len(queries) == 0
    again = client.get(url)  # the body was lost: rendered again, the same bytes
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def _keys():
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):  # LocMemCache: keys are made with KEY_PREFIX and version
        return [key.split(":", 2)[2] for key in backend]
    return [key.decode().split(":", 2)[2] for key in cache._cache.get_client().keys("*")]


@pytest.fixture
def redis_cache(settings, on_postgres):
    """Real Redis (REDIS) under real threads, on PostgreSQL: SQLite's shared in-memory
    test database locks whole tables against concurrent writers (FeedState)."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "t",
        }
    }
    cache.clear()
    yield cache
    cache.clear()


def _slow_renders(monkeypatch, seconds):
    calls = []
    real = feed_cache.render_feed

    def slow(**kwargs):
        calls.append(kwargs["key"])
        threading.Event().wait(seconds)
        return real(**kwargs)

    monkeypatch.setattr(feed_cache, "render_feed", slow)
    return calls


def _poll_at_once(url, count, headers=None):
    barrier = threading.Barrier(count)
    answers = []

    def poll():
        barrier.wait()
        try:
            response = Client().get(url, **(headers or {}))
            answers.append((response.status_code, response["ETag"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=poll) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_single_flight_a_cold_feed_renders_once(redis_cache, monkeypatch):
    _network(["001"])
    calls = _slow_renders(monkeypatch, 0.5)
    answers = _poll_at_once("/feeds/municipality/001.ics", 8)
    assert len(answers) == 8
    assert {status for status, _ in answers} == {200}
    assert len({etag for _, etag in answers}) == 1
    assert calls == ["001"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_single_flight_others_get_the_previous_bytes_while_one_renders(redis_cache, monkeypatch):
    _, network = _network(["001"])
    url = "/feeds/municipality/001.ics"
    old = Client().get(url)["ETag"]
    item = network["001"]
    session_cancel(actor=item["leader"], session=item["series"].sessions.first(), reason="Sairas")
    calls = _slow_renders(monkeypatch, 1.0)
    answers = _poll_at_once(url, 6)
    assert calls == ["001"]
    etags = [etag for _, etag in answers]
    assert etags.count(old) == 5  # answered at once with what they had
    (new,) = set(etags) - {old}
    assert Client().get(url, HTTP_IF_NONE_MATCH=new).status_code == 304  # and now everyone gets it
    assert calls == ["001"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_negative_control_without_the_lock_every_poll_renders(redis_cache, monkeypatch):
    """Proves the race exists: with `cache.add` always winning, all eight render."""
    _network(["001"])
    calls = _slow_renders(monkeypatch, 0.5)
    monkeypatch.setattr(RedisCache, "add", lambda self, *args, **kwargs: True)  # every thread "wins"
    answers = _poll_at_once("/feeds/municipality/001.ics", 8)
    assert len(answers) == 8
    assert len(calls) == 8


def test_a_venue_moving_to_another_municipality_changes_both_feeds(client):
    _, network = _network(["001", "002"])
    old = client.get("/feeds/municipality/001.ics")
    new = client.get("/feeds/municipality/002.ics")
    venue = network["001"]["venue"]
    venue.municipality = network["002"]["venue"].municipality
    venue.save()
    assert client.get("/feeds/municipality/001.ics", HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 200
    assert client.get("/feeds/municipality/002.ics", HTTP_IF_NONE_MATCH=new["ETag"]).status_code == 200
