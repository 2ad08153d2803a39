"""A leader rolls a group over to the next term in Chromium (360 and 1280 px): the preview lists the
clash with another group's booking, then the save makes the new term. Axe-clean (WCAG 2.2 AA) and
the same flow without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from events.models import Series
from events.services.series import SeriesSpec, series_create
from tests.browser.support import DESKTOP, WCAG21_AA, assert_axe_clean, assert_no_sideways_scrolling
from tests.factories import GroupFactory, MembershipFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.browser

NARROW = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
WCAG22_AA = (*WCAG21_AA, "wcag22aa")


def _series(actor, group, room, first, last, start):
    spec = SeriesSpec(
        room=room, first_date=first, last_date=last, start_time=start, duration_minutes=90, weekdays=(0,)
    )
    return series_create(actor=actor, group=group, spec=spec).series


@pytest.fixture
def world(transactional_db):
    leader = MembershipFactory(role="leader").user
    organization = leader.memberships.get().organization
    room = RoomFactory(venue=VenueFactory(organization=organization), name_fi="Perhehuone")
    group = GroupFactory(
        organization=organization, slug="vauvaryhma", title_fi="Vauvaryhmä", leaders=[leader]
    )
    _series(leader, group, room, dt.date(2027, 1, 11), dt.date(2027, 5, 31), dt.time(10))
    other_leader = MembershipFactory(organization=organization, role="leader").user
    other = GroupFactory(
        organization=organization, slug="muskari", title_fi="Muskari", leaders=[other_leader]
    )
    _series(other_leader, other, room, dt.date(2027, 9, 6), dt.date(2027, 9, 6), dt.time(10, 30))
    return {"leader": leader, "group": group}


def _logged_in(open_page, live_server, leader, **device):
    client = Client()
    client.force_login(leader)
    page, log = open_page(**device)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page, log


def _fill_term(page):
    page.get_by_label("Uuden kauden ensimmäinen päivä").fill("2027-08-16")
    page.get_by_label("Uuden kauden viimeinen päivä").fill("2027-12-13")
    first_break = page.get_by_role("group", name="Tauko 1")
    first_break.get_by_label("Ensimmäinen päivä").fill("2027-10-18")
    first_break.get_by_label("Viimeinen päivä").fill("2027-10-22")
    first_break.get_by_label("Syy").fill("Syysloma")


@pytest.mark.parametrize("device", [NARROW, DESKTOP], ids=["360", "1280"])
def test_a_leader_previews_the_clash_and_saves_the_next_term(open_page, live_server, world, device):
    page, log = _logged_in(open_page, live_server, world["leader"], **device)
    page.goto("/fi/leader/groups/vauvaryhma/", timeout=30_000)  # the first page of a loaded machine
    page.get_by_role("link", name="Kopioi seuraavalle kaudelle").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ryhmän Vauvaryhmä seuraava kausi").is_visible()
    _fill_term(page)
    page.get_by_role("button", name="Esikatsele").click()
    page.wait_for_load_state()

    clashes = page.get_by_role("region", name="Tila on jo varattu näinä aikoina")
    assert clashes.is_visible()
    assert "6.9.2027 10.00 (Muskari)" in clashes.inner_text()
    preview = page.get_by_role("region", name="Uuden kauden esikatselu")
    assert "16 kertaa" in preview.inner_text(), preview.inner_text()
    assert Series.objects.filter(group=world["group"]).count() == 1  # the preview wrote nothing
    assert_axe_clean(page, WCAG22_AA)
    assert_no_sideways_scrolling(page)

    page.get_by_label("Tallenna ilman päällekkäisiä päiviä").check()
    page.get_by_role("button", name="Tallenna uusi kausi").click()
    page.wait_for_load_state()
    assert page.get_by_text("Aikataulu kopioitiin uudelle kaudelle: 1 aikataulu, 15 kertaa.").is_visible()
    assert Series.objects.filter(group=world["group"]).count() == 2
    assert_axe_clean(page, WCAG22_AA)
    assert_no_sideways_scrolling(page)
    assert log.console_errors == []
    assert log.page_errors == []


def test_the_roll_over_works_without_javascript(open_page, live_server, world):
    page, log = _logged_in(open_page, live_server, world["leader"], java_script_enabled=False, **NARROW)
    page.goto("/fi/leader/groups/vauvaryhma/next-term/", timeout=30_000)
    _fill_term(page)
    page.get_by_role("button", name="Esikatsele").click()
    page.wait_for_load_state()
    assert "6.9.2027 10.00 (Muskari)" in page.content()
    page.get_by_label("Tallenna ilman päällekkäisiä päiviä").check()
    page.get_by_role("button", name="Tallenna uusi kausi").click()
    page.wait_for_load_state()
    assert page.url.endswith("/fi/leader/groups/vauvaryhma/#sessions")
    assert Series.objects.filter(group=world["group"]).count() == 2
    assert log.page_errors == []
