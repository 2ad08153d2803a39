"""The public venue pages in Chromium: WCAG 2.1 AA (axe-core), phones, no JavaScript, CSP, no CDN."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.browser.support import DESKTOP, PHONE, assert_axe_clean
from tests.events.test_venue_pages import (
    FOUR_STEPS,
    ONE_STEP,
    STEP_FREE,
    UPSTAIRS_NO_LIFT,
    survey,
    survey_room,
)
from tests.factories import MunicipalityFactory, RoomFactory, VenueFactory
from venues.models import OpeningHours, Venue

pytestmark = pytest.mark.browser


@pytest.fixture
def network(transactional_db, settings) -> dict[str, Venue]:
    # Without tiles: these tests allow no request outside the site (the map: test_venue_map.py).
    settings.MAP_TILE_URL = ""
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    salo = MunicipalityFactory(code="734", name_fi="Salo")
    aurinko = survey(
        VenueFactory(
            name_fi="Perhekeskus Aurinko",
            organization__municipality=turku,
            description_fi="Avoin kohtaamispaikka vauvaperheille. Tervetuloa kahville!",
            directions_fi="Bussit 1 ja 2, pysäkki Kauppatori.",
            latitude=Decimal("60.451810"),
            longitude=Decimal("22.266630"),
            phone="02 123 4567",
        ),
        {**STEP_FREE, "pram_parking": "indoors", "changing_table_count": 2, "feeding_room": True},
    )
    survey_room(RoomFactory(venue=aurinko, name_fi="Ullakko", floor=3), UPSTAIRS_NO_LIFT)
    RoomFactory(venue=aurinko, name_fi="Perhehuone")
    OpeningHours.objects.create(venue=aurinko, weekday=0, opens="09:00", closes="12:00")
    OpeningHours.objects.create(venue=aurinko, weekday=0, opens="13:00", closes="16:00")
    survey(
        VenueFactory(
            name_fi="Seurakuntatalo", kind=Venue.Kind.PARTNER_PREMISES, organization__municipality=turku
        ),
        ONE_STEP,
    )
    survey(VenueFactory(name_fi="Salon perhekeskus", organization__municipality=salo), FOUR_STEPS)
    VenueFactory(name_fi="Kartoittamaton kerhotila", organization__municipality=salo)
    return {"aurinko": aurinko}


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_venue_pages_meet_wcag21_aa_and_fit_a_phone(open_page, network, device, lang):
    for path in (f"/{lang}/venues/", f"/{lang}/venues/{network['aurinko'].slug}/"):
        page, log = open_page(**device)
        response = page.goto(path)
        assert response is not None
        assert response.status == 200

        for details in page.locator("details").all():  # the folded lists are checked too
            details.evaluate("element => { element.open = true; }")
        assert_axe_clean(page)
        overflow = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth,"
            " client: document.documentElement.clientWidth})"
        )
        assert overflow["scroll"] <= overflow["client"], f"{path} scrolls sideways: {overflow}"
        assert log.console_errors == []
        assert log.page_errors == []
        assert log.foreign_requests == []


def test_filters_work_without_javascript(open_page, network):
    page, log = open_page(**PHONE, java_script_enabled=False)
    page.goto("/en/venues/")
    assert page.locator("h2.venue-name").count() == 4

    page.get_by_label("Municipality").select_option("853")
    page.get_by_label("Moving with").select_option("pram")
    page.get_by_label("Show", exact=True).select_option("limited")
    with page.expect_navigation():
        page.get_by_role("button", name="Show venues").click()

    names = page.locator("h2.venue-name").all_inner_texts()
    assert sorted(names) == ["Perhekeskus Aurinko", "Seurakuntatalo"]
    assert "municipality=853" in page.url
    # The chosen filters stay chosen.
    assert page.get_by_label("Municipality").input_value() == "853"
    assert page.get_by_label("Show", exact=True).input_value() == "limited"
    assert log.foreign_requests == []


def test_map_links_point_to_openstreetmap(open_page, network):
    page, log = open_page(**PHONE)
    page.goto("/en/venues/")
    link = page.locator("#map").get_by_role("link", name=re.compile(r"^Show on map\s*: Perhekeskus Aurinko$"))
    assert link.get_attribute("href") == (
        "https://www.openstreetmap.org/?mlat=60.45181&mlon=22.26663#map=17/60.45181/22.26663"
    )
    assert log.foreign_requests == []
