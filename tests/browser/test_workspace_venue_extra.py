"""The workspace's venue extras in Chromium: the coordinate picker (click, drag, without JavaScript) and the
photo order; WCAG 2.2 AA at 360 and 1280 px."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from tests.browser.support import WCAG21_AA, assert_axe_clean, assert_no_sideways_scrolling
from tests.factories import MembershipFactory, VenueFactory, VenuePhotoFactory
from venues.models import Membership, Venue, VenuePhoto

pytestmark = pytest.mark.browser

WCAG22_AA = (*WCAG21_AA, "wcag22aa")
EDIT = "/fi/leader/venues/aurinko/"
WIDTHS = [360, 1280]


@pytest.fixture
def tiles(settings):
    # Tiles from this site's own (missing) path: nothing leaves the live server, the map draws blank.
    settings.MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"


@pytest.fixture
def coordinator(transactional_db):
    venue = VenueFactory(slug="aurinko", name_fi="Perhekeskus Aurinko")
    return MembershipFactory(organization=venue.organization, role=Membership.Role.COORDINATOR).user


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def field(page, name: str):
    return page.locator(f"#id_{name}")


@pytest.mark.parametrize("width", WIDTHS)
def test_clicking_and_dragging_the_marker_fills_the_coordinates_and_saves(
    open_page, live_server, tiles, coordinator, width
):
    page, log = open_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, coordinator)
    page.goto(EDIT)
    picker = page.locator("[data-map-picker]")
    picker.wait_for()
    page.wait_for_selector("[data-map-picker-ready]")
    assert field(page, "latitude").input_value() == ""
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lat, lon = field(page, "latitude").input_value(), field(page, "longitude").input_value()
    assert "," in lat  # the Finnish page's decimal comma, as the localized field expects
    assert abs(float(lat.replace(",", ".")) - 60.4518) < 0.05
    assert abs(float(lon.replace(",", ".")) - 22.2666) < 0.1

    marker = page.locator(".leaflet-marker-icon")
    marker_box = marker.bounding_box()
    assert marker_box is not None
    x, y = marker_box["x"] + marker_box["width"] / 2, marker_box["y"] + marker_box["height"] - 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y - 60, steps=8)
    page.mouse.up()
    dragged_lat = float(field(page, "latitude").input_value().replace(",", "."))
    dragged_lon = float(field(page, "longitude").input_value().replace(",", "."))
    assert dragged_lat > float(lat.replace(",", "."))  # north: up on the map
    assert dragged_lon > float(lon.replace(",", "."))  # east: right

    assert_axe_clean(page, WCAG22_AA)
    assert_no_sideways_scrolling(page)
    page.get_by_role("button", name="Tallenna muutokset").click()
    page.wait_for_url(f"**{EDIT}")
    venue = Venue.objects.get(slug="aurinko")
    assert venue.latitude == Decimal(f"{dragged_lat:.6f}")
    assert venue.longitude == Decimal(f"{dragged_lon:.6f}")
    assert log.page_errors == []


def test_without_javascript_the_fields_stay_and_save(open_page, live_server, tiles, coordinator):
    page, _log = open_page(java_script_enabled=False)
    log_in(page, live_server, coordinator)
    page.goto(EDIT)
    assert page.locator("[data-map-picker]").is_hidden()
    field(page, "latitude").fill("60,451810")
    field(page, "longitude").fill("22,266630")
    page.get_by_role("button", name="Tallenna muutokset").click()
    page.wait_for_url(f"**{EDIT}")
    venue = Venue.objects.get(slug="aurinko")
    assert (venue.latitude, venue.longitude) == (Decimal("60.451810"), Decimal("22.266630"))


@pytest.mark.parametrize("width", WIDTHS)
def test_photo_order_and_deactivation_pages_are_accessible(open_page, live_server, coordinator, width):
    venue = Venue.objects.get(slug="aurinko")
    photos = [VenuePhotoFactory(venue=venue, position=i, alt_text_fi=f"Kuva {i}") for i in range(3)]
    page, _log = open_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, coordinator)
    page.goto(f"{EDIT}photos/")
    page.get_by_role("button", name="Siirrä ylemmäs – Kuva 2").click()
    page.wait_for_url(f"**{EDIT}photos/#photo-{photos[2].pk}")
    assert list(
        VenuePhoto.objects.filter(venue=venue).order_by("position").values_list("alt_text_fi", flat=True)
    ) == ["Kuva 0", "Kuva 2", "Kuva 1"]
    assert_axe_clean(page, WCAG22_AA)
    assert_no_sideways_scrolling(page)
    page.goto(f"{EDIT}deactivate/")
    assert_axe_clean(page, WCAG22_AA)
    assert_no_sideways_scrolling(page)
