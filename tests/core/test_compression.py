"""brotli and gzip for pages, feeds and the API; never for responses that may hold a secret (BREACH)."""

import gzip

import brotli
import pytest
from django.conf import settings

from tests.events.test_feeds import SITE, feed_urls, world  # noqa: F401 (the fixture)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.mark.parametrize(("accept", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip")])
def test_feeds_are_compressed_with_their_own_strong_etag(client, world, accept, encoding):  # noqa: F811
    url = feed_urls(world)["municipality"]
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING=accept)
    assert packed["Content-Encoding"] == encoding
    assert packed["Vary"] == "Accept-Encoding"
    body = brotli.decompress(packed.content) if encoding == "br" else gzip.decompress(packed.content)
    assert body == plain.content
    assert len(packed.content) < len(plain.content) / 2
    assert packed["ETag"] == plain["ETag"][:-1] + f'-{encoding}"'  # strong: other bytes, other tag
    again = client.get(url, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == packed["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304


def test_public_pages_and_the_api_are_compressed(client, world):  # noqa: F811
    for url in ("/fi/", f"/fi/groups/{world['public'].slug}/", "/api/v1/venues", "/api/v1/openapi.json"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="br")
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "br", url
        assert "Accept-Encoding" in response["Vary"], url


def test_no_compression_without_accept_encoding_or_for_tiny_bodies(client):
    assert "Content-Encoding" not in client.get("/fi/")
    assert "Content-Encoding" not in client.get("/healthz", HTTP_ACCEPT_ENCODING="br")


def test_signed_in_pages_are_never_compressed(client):
    """A session cookie: personal data beside reflected input, what BREACH reads out."""
    client.force_login(UserFactory())
    response = client.get("/fi/?q=reflected", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME in client.cookies
    assert "Content-Encoding" not in response


def test_pages_with_a_csrf_token_are_never_compressed(client):
    response = client.get("/fi/accounts/login/?next=/fi/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response
