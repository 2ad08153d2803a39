"""Find sessions on a 360 px phone, as a new family meets it: results first, never a dead end,
WCAG 2.2 AA (axe-core), and the same with JavaScript off."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Group
from tests.browser.support import SMALL_PHONE, WCAG22_AA, WIDE, assert_axe_clean, assert_no_sideways_scrolling
from tests.events.test_public_pages import days_ahead, make_group, schedule
from tests.factories import MunicipalityFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def sessions(transactional_db):
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    room = RoomFactory(venue=VenueFactory(name_fi="Varissuon perhekeskus", organization__municipality=turku))
    cafe = make_group(room, "Perhekahvila", topic=Group.Topic.OPEN_MEETING_PLACE)
    schedule(cafe, room, days_ahead(1), days_ahead(20), weekdays=tuple(range(5)), at=dt.time(9))
    massage = make_group(room, "Vauvahieronta", topic=Group.Topic.BABY_MASSAGE, in_swedish=True)
    return schedule(massage, room, days_ahead(45), days_ahead(60), at=dt.time(13))


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("javascript", [True, False])
def test_the_first_result_is_on_the_first_screen_of_a_small_phone(open_page, sessions, lang, javascript):
    page, log = open_page(**SMALL_PHONE, java_script_enabled=javascript)
    page.goto(f"/{lang}/")
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 64  # one row
    first = page.locator(".session-card").first.bounding_box()
    assert first is not None
    assert first["y"] + 120 <= 780  # the card's title and time are on the first screen
    assert_no_sideways_scrolling(page)
    if javascript:
        assert_axe_clean(page, WCAG22_AA)
        assert log.console_errors == []


@pytest.mark.parametrize("javascript", [True, False])
def test_the_menu_and_the_filters_open_without_javascript(open_page, sessions, javascript):
    page, _log = open_page(**SMALL_PHONE, java_script_enabled=javascript)
    page.goto("/fi/")
    assert not page.get_by_role("link", name="Toimipaikat").is_visible()
    page.locator(".menu > summary").click()
    assert page.get_by_role("link", name="Toimipaikat").is_visible()
    page.locator(".menu > summary").click()  # closed again, as a family would before going on
    assert not page.get_by_role("link", name="Toimipaikat").is_visible()

    assert not page.locator("#id_municipality").is_visible()
    page.locator(".filter-panel > summary").click()
    page.locator("#id_municipality").select_option("853")
    page.locator(".filter-panel").get_by_role("button", name="Hae").click()
    assert "municipality=853" in page.url
    assert "Turku" in page.locator(".filter-summary").inner_text()


@pytest.mark.parametrize("viewport", [SMALL_PHONE, WIDE])
def test_an_empty_window_leads_to_the_next_session(open_page, sessions, viewport):
    page, _log = open_page(**viewport)
    page.goto("/sv/?topic=baby_massage")
    next_link = page.locator(".next-session a")
    assert "Vauvahieronta" in next_link.inner_text()
    assert_axe_clean(page, WCAG22_AA)
    next_link.click()
    assert page.url.endswith(f"/sv/sessions/{sessions[0].pk}/")


def test_cards_sit_in_a_grid_on_a_wide_screen(open_page, sessions):
    page, _log = open_page(**WIDE)
    page.goto("/fi/")
    card = page.locator(".session-card").first.bounding_box()
    assert card is not None
    assert card["width"] < 1280 / 2.5  # three to a row, not one long line
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 64
    assert page.get_by_role("link", name="Toimipaikat").is_visible()  # the menu stands in the row
    assert_axe_clean(page, WCAG22_AA)
