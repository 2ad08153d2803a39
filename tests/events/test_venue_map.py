"""The interactive venue map, through real HTTP: only with MAP_TILE_URL set, public data only, and
the tile origin allowed in the CSP of the map pages alone."""

import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.maps import tile_origin
from tests.events.test_venue_pages import LIST, ONE_STEP, STEP_FREE, survey
from tests.factories import MembershipFactory, VenueFactory

pytestmark = pytest.mark.django_db

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
MAP_DATA = re.compile(r'<script id="venue-map-data" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def tiles(settings):
    settings.MAP_TILE_URL = OSM
    settings.MAP_ATTRIBUTION = ATTRIBUTION
    return settings


@pytest.fixture
def no_tiles(settings):
    settings.MAP_TILE_URL = ""
    return settings


@pytest.fixture
def placed():
    """Two venues with coordinates (one with contact details and a staff member) and one without."""
    aurinko = survey(
        VenueFactory(
            name_fi="Perhekeskus Aurinko",
            slug="aurinko",
            latitude=Decimal("60.451810"),
            longitude=Decimal("22.266630"),
            phone="02 123 4567",
            email="aurinko@example.fi",
        ),
        STEP_FREE,
    )
    MembershipFactory(organization=aurinko.organization, user__email="ohjaaja@example.fi")
    kuu = survey(
        VenueFactory(
            name_fi="Perhekeskus Kuu",
            slug="kuu",
            latitude=Decimal("60.500000"),
            longitude=Decimal("22.300000"),
        ),
        ONE_STEP,
    )
    unplaced = VenueFactory(name_fi="Koordinaatiton talo", slug="koordinaatiton")
    return {"aurinko": aurinko, "kuu": kuu, "unplaced": unplaced}


def map_data(html: str) -> dict:
    match = MAP_DATA.search(html)
    assert match, "no map data in the page"
    return json.loads(match.group(1))


def test_list_has_a_map_of_the_placed_venues_when_tiles_are_set(client, tiles, placed):
    html = client.get(LIST).content.decode()

    assert 'data-venue-map="venue-map-data"' in html
    assert 'role="region" aria-label="Map of the venues on this page" hidden' in html
    assert re.search(r'<script src="/static/vendor/leaflet/leaflet\.js" defer></script>', html)
    assert re.search(r'<script src="/static/js/venue-map\.js" defer></script>', html)
    assert re.search(r'<link rel="stylesheet" href="/static/vendor/leaflet/leaflet\.css">', html)
    # No inline script: the only <script> without src is the JSON block, which is never executed.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' id="venue-map-data" type="application/json"']

    data = map_data(html)
    assert data["tiles"] == {"url": OSM, "attribution": ATTRIBUTION}
    assert data["venues"] == [
        {
            "name": "Perhekeskus Aurinko",
            "url": "/en/venues/aurinko/",
            "lat": 60.45181,
            "lon": 22.26663,
            "verdict": "Pram or pushchair: Accessible",
        },
        {
            "name": "Perhekeskus Kuu",
            "url": "/en/venues/kuu/",
            "lat": 60.5,
            "lon": 22.3,
            "verdict": "Pram or pushchair: Partly accessible",
        },
    ]
    # The address list is still all there, the venue without coordinates included.
    assert html.count('<li data-lat="') == 2
    assert "Koordinaatiton talo" in html


def test_the_map_follows_the_filters_and_the_language(client, tiles, placed):
    data = map_data(client.get("/fi/venues/?viewpoint=pram&access=yes").content.decode())
    assert [(venue["name"], venue["url"]) for venue in data["venues"]] == [
        ("Perhekeskus Aurinko", "/fi/venues/aurinko/")
    ]


def test_detail_has_a_map_of_its_venue(client, tiles, placed):
    html = client.get(f"{LIST}aurinko/").content.decode()

    assert 'role="region" aria-label="Map of the venue" hidden' in html
    assert [venue["url"] for venue in map_data(html)["venues"]] == ["/en/venues/aurinko/"]


def test_no_map_without_coordinates(client, tiles, placed):
    html = client.get(f"{LIST}koordinaatiton/").content.decode()
    assert "data-venue-map" not in html
    assert "<script" not in html


@pytest.mark.parametrize("path", [LIST, f"{LIST}aurinko/"])
def test_no_map_and_no_script_when_tile_url_is_empty(client, no_tiles, placed, path):
    response = client.get(path)
    html = response.content.decode()

    assert response.status_code == 200
    assert "data-venue-map" not in html
    assert "<script" not in html
    assert "leaflet" not in html
    assert directives(response)["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize("path", [LIST, f"{LIST}aurinko/"])
def test_map_json_holds_only_public_venue_facts(client, tiles, placed, path):
    html = client.get(path).content.decode()
    data = map_data(html)

    assert set(data) == {"tiles", "venues"}
    for venue in data["venues"]:
        assert set(venue) == {"name", "url", "lat", "lon", "verdict"}
    block = MAP_DATA.search(html).group(1)
    for private in ("02 123 4567", "aurinko@example.fi", "ohjaaja@example.fi", "@"):
        assert private not in block


def test_venue_names_cannot_break_out_of_the_json_block(client, tiles):
    VenueFactory(name_fi="</script><script>alert(1)</script>", latitude=Decimal(60), longitude=Decimal(22))
    html = client.get(LIST).content.decode()
    assert "<script>alert(1)" not in html
    assert map_data(html)["venues"][0]["name"] == "</script><script>alert(1)</script>"


def directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources} (django-csp orders them at random)."""
    policy = response.headers["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def test_csp_allows_the_tile_origin_on_map_pages_only(client, tiles, placed):
    strict = directives(client.get("/fi/"))
    assert strict["img-src"] == ["'self'", "data:"]

    for path in (LIST, f"{LIST}aurinko/"):
        policy = directives(client.get(path))
        assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
        # Nothing else is relaxed.
        assert {name: sources for name, sources in policy.items() if name != "img-src"} == {
            name: sources for name, sources in strict.items() if name != "img-src"
        }


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        (OSM, "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.fi:8443/osm/{z}/{x}/{y}{r}.png", "https://*.tiles.example.fi:8443"),
        ("//tiles.example.fi/{z}/{x}/{y}.png", "tiles.example.fi"),
        ("/tiles/{z}/{x}/{y}.png", ""),
    ],
)
def test_tile_origin_is_what_img_src_needs(url, origin):
    assert tile_origin(url) == origin


@pytest.mark.parametrize("url", ["https://tiles-{s}.example.fi/{z}/{x}/{y}.png", "javascript:alert(1)"])
def test_tile_urls_the_csp_cannot_express_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        tile_origin(url)


def test_tiles_from_this_site_need_no_csp_change(client, settings, placed):
    settings.MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"
    response = client.get(LIST)
    assert "data-venue-map" in response.content.decode()
    assert directives(response)["img-src"] == ["'self'", "data:"]
