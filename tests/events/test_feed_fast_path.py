"""Public feeds at warm cost: answered before the page middleware yet exactly as the whole stack
answers them, sent in the compressed bytes stored when they were rendered (never compressed
again per request), and a made-up feed key leaves nothing behind in the cache.
"""

import brotli
import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from events import feed_versions
from events.feeds import cache as feed_cache
from tests.events.test_feed_cache import _keys
from tests.events.test_feeds import KINDS, SITE, feed_urls, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
FAST = "events.middleware.PublicFeedMiddleware"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    cache.clear()


def _requests(urls):
    url = urls["municipality"]
    return [
        ("plain", url, {}),
        ("br", url, {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}),
        ("gzip", url, {"HTTP_ACCEPT_ENCODING": "gzip"}),
        ("swedish", urls["group"] + "?lang=sv", {"HTTP_ACCEPT_LANGUAGE": "en"}),
        ("filtered", urls["region"] + "?audience=dads", {}),
        ("bad filter", urls["region"] + "?audience=aliens", {}),
        ("unknown", "/feeds/venue/ei-ole.ics", {}),
        ("bad key", "/feeds/municipality/12%2034.ics", {}),
        ("post", url, {"method": "post"}),
        # A stale session cookie and a malformed CSRF cookie: still no Set-Cookie, no Vary: Cookie.
        ("cookies", url, {"HTTP_COOKIE": "__Host-sessionid=stale; sessionid=stale; csrftoken=bad"}),
    ]


def _answer(client, url, headers):
    headers = dict(headers)
    method = headers.pop("method", "get")
    response = getattr(client, method)(url, **headers)
    return response.status_code, response.content, dict(response.headers), response


def test_the_fast_path_answers_as_the_whole_stack_does(world, settings):  # noqa: F811
    urls = feed_urls(world)
    assert FAST in settings.MIDDLEWARE
    fast = {label: _answer(Client(), url, headers) for label, url, headers in _requests(urls)}
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != FAST]
    cache.clear()  # rendered again by the whole stack: the same bytes
    whole = {label: _answer(Client(), url, headers) for label, url, headers in _requests(urls)}
    for label, (status, content, headers, _response) in whole.items():
        fast_status, fast_content, fast_headers, _ = fast[label]
        assert (fast_status, fast_content) == (status, content), label
        # The page stack's CSP header means nothing on a calendar file; every other header is kept.
        headers.pop("Content-Security-Policy", None)
        assert fast_headers == headers, label
    assert fast["swedish"][2]["Content-Language"] == "sv"
    assert fast["br"][2]["Content-Encoding"] == "br"
    assert "Set-Cookie" not in fast["cookies"][2]
    assert fast["post"][0] == 405


def test_revalidating_a_compressed_copy_is_a_304_on_the_fast_path(client, world):  # noqa: F811
    url = feed_urls(world)["municipality"]
    packed = client.get(url, HTTP_ACCEPT_ENCODING="br")
    again = client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == packed["ETag"]
    assert again["Content-Language"] == "fi"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_warm_feed_is_sent_in_the_bytes_compressed_when_it_was_rendered(client, world, encoding):  # noqa: F811
    url = feed_urls(world)["municipality"]
    first = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert first["Content-Encoding"] == encoding
    [stored] = [key for key in _keys() if key.startswith("feeds:body:") and key.endswith(f":{encoding}")]
    assert cache.get(stored) == first.content
    # What is sent is the stored variant itself, not the body compressed again per request.
    marker = b"stored variant " + encoding.encode()
    cache.set(stored, marker)
    assert client.get(url, HTTP_ACCEPT_ENCODING=encoding).content == marker
    # The variant lost but the plain body kept: compressed by the middleware, the same bytes.
    cache.delete(stored)
    fallback = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert (fallback["Content-Encoding"], fallback["ETag"]) == (encoding, first["ETag"])
    assert fallback.content == first.content


def test_a_lost_body_is_rendered_again_in_the_encoding_asked_for(client, world):  # noqa: F811
    url = feed_urls(world)["venue"]
    plain = client.get(url)
    cache.delete_many([key for key in _keys() if key.startswith("feeds:body:")])
    packed = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert packed["Content-Encoding"] == "br"
    assert brotli.decompress(packed.content) == plain.content


def _permanent_entries() -> set[str]:
    """Cache keys with no expiry (LocMemCache or Redis, whichever the tests run on)."""
    backend = cache._cache
    if isinstance(backend, dict):
        return {key for key, expiry in cache._expire_info.items() if expiry is None}
    client = backend.get_client()
    return {key.decode() for key in client.keys("*") if client.ttl(key) == -1}


@pytest.mark.parametrize("kind", KINDS)
def test_made_up_feed_keys_leave_nothing_in_the_cache(client, world, kind):  # noqa: F811
    client.get(feed_urls(world)[kind])  # a real feed's entries are there already
    before, permanent = set(_keys()), _permanent_entries()
    made_up = [f"{n:03d}" if kind == "municipality" else f"ei-ole-{n}" for n in range(100, 140)]
    for key in made_up:
        response = client.get(f"/feeds/{kind}/{key}.ics", HTTP_IF_NONE_MATCH='"x"')
        assert response.status_code == 404, key
    assert set(_keys()) == before  # nothing new, for a while or for ever
    assert _permanent_entries() == permanent
    assert client.get(feed_urls(world)[kind]).status_code == 200  # the real one still answers


def test_an_inactive_scope_is_refused_before_the_cache_too(client, world):  # noqa: F811
    url = f"/feeds/group/{world['series']['inactive'].group.slug}.ics"
    feed_versions.flush_pending()  # the fixture's own writes (its transaction never commits)
    cache.clear()
    assert client.get(url).status_code == 404
    assert _keys() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_timeout_on_the_fast_path_answers_busy(client, world, monkeypatch):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")

    def slow(**kwargs):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = '200ms'")
            cursor.execute("SELECT pg_sleep(5)")

    monkeypatch.setattr(feed_cache, "render_feed", slow)
    response = client.get(feed_urls(world)["municipality"])
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Set-Cookie" not in response
