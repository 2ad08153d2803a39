"""The interactive venue map in Chromium: markers, keyboard, WCAG 2.1 AA, and the address list without it.

Tile requests leave the live server, so conftest aborts them (net::ERR_BLOCKED_BY_CLIENT): the map
is drawn over a blank background. That those requests are made at all shows the page's CSP allows
the tile origin; an image the CSP refused would never reach the network.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.browser.support import DESKTOP, PHONE, PageLog, assert_axe_clean, assert_no_sideways_scrolling
from tests.events.test_venue_map import ATTRIBUTION
from tests.events.test_venue_pages import ONE_STEP, STEP_FREE, survey
from tests.factories import VenueFactory
from venues.models import Venue

pytestmark = pytest.mark.browser

TILE_ORIGIN = "https://tile.openstreetmap.org"


@pytest.fixture
def tiles(settings):
    settings.MAP_TILE_URL = f"{TILE_ORIGIN}/{{z}}/{{x}}/{{y}}.png"
    settings.MAP_ATTRIBUTION = ATTRIBUTION


@pytest.fixture
def placed(transactional_db) -> dict[str, Venue]:
    aurinko = survey(
        VenueFactory(
            name_fi="Perhekeskus Aurinko",
            slug="aurinko",
            latitude=Decimal("60.451810"),
            longitude=Decimal("22.266630"),
        ),
        STEP_FREE,
    )
    kuu = survey(
        VenueFactory(
            name_fi="Perhekeskus Kuu", slug="kuu", latitude=Decimal("60.5"), longitude=Decimal("22.3")
        ),
        ONE_STEP,
    )
    VenueFactory(name_fi="Koordinaatiton talo", slug="koordinaatiton")
    return {"aurinko": aurinko, "kuu": kuu}


def unexpected_console_errors(log: PageLog) -> list[str]:
    """Console errors other than the tile requests conftest blocked, which name their URL."""
    blocked = [url for url in log.foreign_requests if url.startswith(f"{TILE_ORIGIN}/")]
    return [
        error
        for error in log.console_errors
        if not ("net::ERR_BLOCKED_BY_CLIENT" in error and any(f"({url})" in error for url in blocked))
    ]


def open_map(open_page, path: str, **device):
    page, log = open_page(**device)
    response = page.goto(path)
    assert response is not None
    assert response.status == 200
    page.wait_for_selector("[data-venue-map-ready]")
    return page, log


@pytest.mark.parametrize(("device", "height"), [(PHONE, 300), (DESKTOP, 420)], ids=["phone", "desktop"])
def test_list_map_has_a_marker_per_placed_venue(open_page, tiles, placed, device, height):
    page, log = open_map(open_page, "/en/venues/", **device)

    canvas = page.get_by_role("region", name="Map of the venues on this page")
    assert canvas.is_visible()
    box = canvas.bounding_box()
    assert box is not None
    assert round(box["height"]) == height
    markers = page.locator(".leaflet-marker-icon")
    assert markers.count() == 2
    assert sorted(markers.evaluate_all("icons => icons.map(icon => icon.alt)")) == [
        "Perhekeskus Aurinko, Pram or pushchair: Accessible",
        "Perhekeskus Kuu, Pram or pushchair: Partly accessible",
    ]
    assert page.get_by_role("button", name="Zoom in").is_visible()
    assert page.get_by_role("link", name="OpenStreetMap").get_attribute("href") == (
        "https://www.openstreetmap.org/copyright"
    )
    # The address list is still there, the venue without coordinates included.
    assert page.locator(".map-list li").count() == 3

    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)
    assert unexpected_console_errors(log) == []
    assert log.page_errors == []
    assert log.failed_responses == []
    foreign = log.foreign_requests
    assert foreign, "the map asked for no tiles"
    assert all(url.startswith(f"{TILE_ORIGIN}/") for url in foreign), foreign


def test_markers_work_from_the_keyboard(open_page, tiles, placed):
    page, _log = open_map(open_page, "/en/venues/", **PHONE)

    marker = page.get_by_role("button", name=re.compile(r"^Perhekeskus Kuu, "))
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup").get_by_role("link", name="Perhekeskus Kuu")
    link.wait_for()
    assert link.evaluate("element => element === document.activeElement")
    assert link.get_attribute("href") == "/en/venues/kuu/"
    assert page.locator(".leaflet-popup").get_by_text("Pram or pushchair: Partly accessible").is_visible()
    assert page.locator(".leaflet-popup").get_by_role("button", name="Close").is_visible()
    # With the popup open, once Leaflet's fade-in is over (axe would measure a half-transparent popup).
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert_axe_clean(page)

    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert marker.evaluate("element => element === document.activeElement")

    page.keyboard.press(" ")  # role="button" answers to Space as well
    link.wait_for()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/en/venues/kuu/")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_detail_map_shows_its_venue(open_page, tiles, placed, lang):
    page, log = open_map(open_page, f"/{lang}/venues/aurinko/", **PHONE)

    assert page.locator(".leaflet-marker-icon").count() == 1
    assert page.locator("[data-venue-map]").get_attribute("role") == "region"
    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)
    assert unexpected_console_errors(log) == []
    assert log.page_errors == []


@pytest.mark.parametrize("path", ["/en/venues/", "/en/venues/aurinko/"])
def test_without_javascript_the_addresses_stand_alone(open_page, tiles, placed, path):
    page, log = open_page(**PHONE, java_script_enabled=False)
    page.goto(path)

    canvas = page.locator("[data-venue-map]")
    assert canvas.count() == 1
    assert canvas.is_hidden()  # no empty box where the map would be
    assert canvas.bounding_box() is None
    assert page.locator(".leaflet-container").count() == 0
    if path == "/en/venues/":
        assert page.locator(".map-list li").count() == 3
        link = page.get_by_role("link", name=re.compile(r"^Show on map\s*: Perhekeskus Aurinko$"))
        assert link.is_visible()
    else:
        assert page.locator("address.venue-address").is_visible()
    assert_no_sideways_scrolling(page)
    assert log.foreign_requests == []


def test_no_map_and_no_script_when_tiles_are_off(open_page, settings, placed):
    settings.MAP_TILE_URL = ""
    page, log = open_page(**PHONE)
    page.goto("/en/venues/")

    assert page.locator("[data-venue-map]").count() == 0
    assert not [url for url in log.requests if "leaflet" in url or url.endswith("venue-map.js")]
    assert page.locator(".map-list li").count() == 3
    assert log.console_errors == []
    assert log.foreign_requests == []
