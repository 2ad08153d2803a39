"""Publishing in Chromium: the copy buttons copy; a site added on the publish page frames the calendar at
once (no restart) while a site not listed is refused by the browser; the snippet's iframe takes its
content's height; WCAG 2.2 AA at 360 and 1280 px.

Two loopback origins: the live server (http://localhost:<port>) and a host page served by a second
http.server on http://127.0.0.1:<port> (tests.browser.test_embed.host_site): different origins.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.browser.support import WCAG21_AA, assert_axe_clean, assert_no_sideways_scrolling
from tests.browser.test_embed import host_site  # noqa: F401 (a fixture)
from tests.events.test_public_pages import days_ahead, make_group, schedule
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    VenueFactory,
)
from venues.embed_origins import invalidate
from venues.models import EmbedOrigin, Membership, Organization
from venues.publishing import SNIPPET_LANGUAGES  # noqa: F401 (documents the languages offered)

pytestmark = pytest.mark.browser

WCAG22_AA = (*WCAG21_AA, "wcag22aa")
PUBLISH = "/fi/leader/organizations/turku/publish/"


@pytest.fixture
def turku(transactional_db, settings, live_server) -> Organization:
    settings.SITE_URL = live_server.url
    settings.EMBED_FRAME_ANCESTORS = []  # only the listed sites
    settings.EMBED_ALLOW_HTTP_LOOPBACK = True
    invalidate()
    municipality = MunicipalityFactory(code="853", name_fi="Turku")
    organization = OrganizationFactory(
        slug="turku", name_fi="Turun kaupunki", kind=Organization.Kind.MUNICIPALITY, municipality=municipality
    )
    room = RoomFactory(venue=VenueFactory(slug="aurinko", organization=organization), name_fi="Perhehuone")
    group = make_group(room, "Vauvaryhmä")
    schedule(group, room, days_ahead(1), days_ahead(40))
    return organization


def log_in(page, live_server, user) -> None:
    page.set_default_timeout(15_000)  # a shared machine: the workspace pages are not the fastest
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def coordinator_of(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.COORDINATOR).user


def text_of(locator) -> str:
    return locator.evaluate("element => element.textContent")


def selected_text(page) -> str:
    return page.evaluate("() => window.getSelection().toString()")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_copy_button_copies_and_the_page_is_accessible(open_page, live_server, turku, width):
    page, log = open_page(
        viewport={"width": width, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    log_in(page, live_server, coordinator_of(turku))
    page.goto(PUBLISH)
    feed = page.locator("#feed-municipality-853")
    button = page.get_by_role("button", name="Kopioi – Kalenterisyöte (iCalendar), Turku")
    button.click()
    page.locator('[data-copy-status="feed-municipality-853"]').filter(has_text="Kopioitu.").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == text_of(feed)
    assert text_of(feed) == f"{live_server.url}/feeds/municipality/853.ics"

    english = page.locator("#snippet-municipality-853-en")
    page.locator('[data-copy="snippet-municipality-853-en"]').click()
    page.locator('[data-copy-status="snippet-municipality-853-en"]').filter(has_text="Kopioitu.").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == text_of(english)
    assert "/embed/municipality/853/?lang=en" in copied
    assert "/embed/resize.js" in copied

    # A click on a text selects all of it, for copying by hand; so does reaching it by keyboard.
    feed.click()
    assert selected_text(page) == text_of(feed)
    page.evaluate("() => window.getSelection().removeAllRanges()")
    page.locator("#snippet-municipality-853-fi").focus()
    assert selected_text(page) == text_of(page.locator("#snippet-municipality-853-fi"))
    assert_axe_clean(page, WCAG22_AA)
    assert_no_sideways_scrolling(page)
    assert log.page_errors == []


@pytest.mark.parametrize("width", [360, 1280])
def test_without_javascript_one_click_selects_a_whole_text(open_page, live_server, turku, width):
    page, _log = open_page(java_script_enabled=False, viewport={"width": width, "height": 900})
    log_in(page, live_server, coordinator_of(turku))
    page.goto(PUBLISH)
    assert page.locator("[data-copy]").first.is_hidden()
    snippet = page.locator("#snippet-municipality-853-fi")
    html = text_of(snippet)
    assert html.startswith("<iframe ")
    assert "\n<script " in html  # the snippet's two lines, as they are copied

    # One click, anywhere on it: the whole snippet is selected, both lines (CSS user-select: all).
    snippet.scroll_into_view_if_needed()
    box = snippet.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 5, box["y"] + box["height"] - 5)
    assert selected_text(page) == html
    feed = page.locator("#feed-municipality-853")
    feed.click()
    assert selected_text(page) == f"{live_server.url}/feeds/municipality/853.ics"

    # Reached by keyboard, and named by its label for screen readers.
    assert page.get_by_role("textbox", name="Kalenterisyöte (iCalendar)").first.get_attribute("id") == (
        "feed-municipality-853"
    )
    assert snippet.get_attribute("tabindex") == "0"
    assert snippet.get_attribute("aria-readonly") == "true"
    # Long lines wrap: nothing on the page is wider than a 360 px phone.
    assert_no_sideways_scrolling(page)


def test_a_newly_allowed_site_frames_the_calendar_without_a_restart_and_others_are_refused(
    open_page,
    live_server,
    turku,
    host_site,  # noqa: F811
):
    Client().get("/embed/municipality/853/")  # the lists are cached before the site is added
    page, log = open_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, coordinator_of(turku))
    page.goto(PUBLISH)
    html = text_of(page.locator("#snippet-municipality-853-fi"))
    host = host_site(f'<div id="host">{html}</div>')
    host_origin = host.rstrip("/")
    page.route(f"{host}**", lambda route: route.continue_())

    # Not listed: the browser refuses to show the calendar in the host's page.
    page.goto(host)
    frame = page.locator("iframe").element_handle().content_frame()
    page.wait_for_timeout(500)
    assert frame.url.startswith("chrome-error://"), frame.url
    assert any("frame-ancestors" in error for error in log.console_errors)

    # The coordinator lists the host's site on the publish page; the next load is framed.
    page.goto(PUBLISH)
    page.get_by_label("Sivuston osoite").fill(host)
    page.get_by_role("button", name="Lisää sivusto").click()
    page.wait_for_url(f"**{PUBLISH}#sites")
    assert EmbedOrigin.objects.get(organization=turku).origin == host_origin
    page.goto(host)
    embed = page.frame_locator("iframe")
    embed.locator("h1").wait_for()
    assert "Turku" in embed.locator("h1").inner_text()

    # The snippet's script sized the iframe to its content (600 px fixed without it).
    page.wait_for_function(
        "() => { const h = document.querySelector('iframe').style.height; return h && h !== '600px'; }"
    )
    content = (
        page.frame_locator("iframe")
        .locator("html")
        .evaluate("html => Math.ceil(html.getBoundingClientRect().height)")
    )
    framed = page.evaluate("() => document.querySelector('iframe').getBoundingClientRect().height")
    assert abs(framed - content) <= 2, (framed, content)

    # Another organization's site is still refused.
    other = OrganizationFactory(municipality=MunicipalityFactory(code="734"))
    EmbedOrigin.objects.create(organization=other, origin="http://127.0.0.2:1")
    invalidate()
    response = Client().get("/embed/municipality/853/")
    assert "127.0.0.2" not in response["Content-Security-Policy"]
