"""Cookies and language headers that match how each response really varies.

- A response a shared cache may keep (`Cache-Control: public`: feeds, embeds) and every feed go
  out without `Set-Cookie` and `Vary: Cookie`, whatever cookies the request brought: a stale
  session cookie (SessionMiddleware would delete it) or a malformed CSRF cookie (CsrfViewMiddleware
  would replace it). Before the fix both came back as `Set-Cookie` on cacheable responses.
- Feeds, embeds and the API take their language from `?lang=` (fi by default): `Content-Language`
  says that language and nothing varies on Accept-Language. Pages under /<lang>/ are unchanged.
- In production (secure cookies) the session and CSRF cookies are named `__Host-…`; over http in
  development they keep their plain names.
"""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from bookings.services.feeds import feed_token_create
from tests.core.test_settings import BASE_DIR, production_env
from tests.factories import GroupFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    session = SessionFactory(group=GroupFactory(slug="vauvaryhma"))
    municipality = session.room.venue.municipality
    return {"session": session, "municipality": municipality}


def hostile_client() -> Client:
    """A browser with a stale session cookie and a malformed CSRF cookie."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "stale0000000000000000000000000000"
    client.cookies[settings.CSRF_COOKIE_NAME] = "not-a-token!"
    return client


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


def cacheable_urls(published) -> list[str]:
    code = published["municipality"].code
    return [
        "/feeds/group/vauvaryhma.ics",
        f"/feeds/municipality/{code}.ics",
        f"/embed/municipality/{code}/",
        f"/embed/municipality/{code}/?lang=sv",
    ]


def test_no_set_cookie_on_public_responses_whatever_the_request_brought(published):
    client = hostile_client()
    for url in cacheable_urls(published):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"], url
        assert not response.cookies, (url, response.cookies.output())
        assert "set-cookie" not in {name.lower() for name in response.headers}, url
        assert "cookie" not in vary(response), url


def test_the_private_feed_sets_no_cookie_either(published):
    user = UserFactory()
    token = feed_token_create(user=user).token
    response = hostile_client().get(f"/feeds/me/{token}.ics")
    assert response.status_code == 200
    assert not response.cookies


def test_pages_still_set_their_cookies(published):
    """Negative control: a normal page still replaces the malformed CSRF cookie."""
    response = hostile_client().get("/fi/accounts/login/")
    assert response.status_code == 200
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("url", "lang"),
    [
        ("/feeds/group/vauvaryhma.ics?lang=sv", "sv"),
        ("/feeds/group/vauvaryhma.ics?lang=en", "en"),
        ("/feeds/group/vauvaryhma.ics", "fi"),
        ("/api/v1/regions?lang=sv", "sv"),
        ("/api/v1/regions?lang=en", "en"),
        ("/api/v1/regions", "fi"),
        ("/api/v1/openapi.json", "fi"),
    ],
)
def test_content_language_follows_lang_not_accept_language(published, client, url, lang):
    response = client.get(url, headers={"accept-language": "en" if lang != "en" else "sv"})
    assert response.status_code == 200, url
    assert response["Content-Language"] == lang
    assert "accept-language" not in vary(response)


def test_embeds_say_their_language_without_varying_on_accept_language(published, client):
    code = published["municipality"].code
    response = client.get(f"/embed/municipality/{code}/?lang=en", headers={"accept-language": "sv"})
    assert response["Content-Language"] == "en"
    assert "accept-language" not in vary(response)


def test_the_private_feed_says_the_familys_language(published, client):
    user = UserFactory(preferred_language="sv")
    token = feed_token_create(user=user).token
    assert client.get(f"/feeds/me/{token}.ics")["Content-Language"] == "sv"
    assert client.get(f"/feeds/me/{token}.ics?lang=en")["Content-Language"] == "en"


def test_pages_and_the_root_redirect_keep_their_language_headers(published, client):
    page = client.get("/sv/", headers={"accept-language": "en"})
    assert page["Content-Language"] == "sv"
    root = client.get("/", headers={"accept-language": "sv"})
    assert root.status_code == 302
    assert "accept-language" in vary(root)  # "/" really does pick by Accept-Language


COOKIE_NAMES = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps([settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME]))
"""


def cookie_names(env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", COOKIE_NAMES],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_host_prefixed(tmp_path):
    assert cookie_names(production_env(tmp_path)) == ["__Host-sessionid", "__Host-csrftoken"]


def test_development_over_http_keeps_plain_names(tmp_path):
    env = production_env(tmp_path, DEBUG="1", SECURE_SSL_REDIRECT=None)
    assert cookie_names(env) == ["sessionid", "csrftoken"]
