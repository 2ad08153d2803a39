"""A coordinator sets up the mobile family centre in Chromium, on a 360 px phone and at 1280 px: a
tour with three stops, previewed and saved through plain forms (also without JavaScript); the
visits then show on the public tour page and in the tour's calendar feed. WCAG 2.2 AA (axe-core)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Tour, TourStop
from events.recurrence import HELSINKI
from tests.browser.support import WCAG21_AA, assert_axe_clean, assert_no_sideways_scrolling
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    VenueFactory,
)
from venues.models import Membership, Organization

pytestmark = pytest.mark.browser

WCAG22_AA = (*WCAG21_AA, "wcag22aa")
SMALL_PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1280, "height": 900}}
STOPS = (("Kustavi", "304", "0"), ("Taivassalo", "833", "2"), ("Oripää", "561", "4"))  # Mon, Wed, Fri


@pytest.fixture
def county(transactional_db):
    county = OrganizationFactory(name_fi="Hyvinvointialue", kind=Organization.Kind.COUNTY, municipality=None)
    for name, code, _weekday in STOPS:
        municipality = MunicipalityFactory(code=code, name_fi=name, slug=name.lower())
        venue = VenueFactory(organization=county, municipality=municipality, name_fi=f"{name}n kirjasto")
        RoomFactory(venue=venue, name_fi="Satuhuone")
    coordinator = MembershipFactory(organization=county, role=Membership.Role.COORDINATOR).user
    return {"organization": county, "coordinator": coordinator}


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)  # the session cookie goes to the browser
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _check(page, javascript: bool) -> None:
    page.wait_for_load_state("load")  # a click does not wait for the next page, nor its stylesheet
    assert_no_sideways_scrolling(page)
    if javascript:
        assert_axe_clean(page, WCAG22_AA)


@pytest.mark.parametrize(("device", "javascript"), [(SMALL_PHONE, False), (SMALL_PHONE, True), (WIDE, True)])
def test_a_coordinator_sets_up_a_tour_with_three_stops(open_page, live_server, county, device, javascript):
    page, log = open_page(**device, java_script_enabled=javascript)
    _log_in(page, live_server, county["coordinator"])
    today = timezone.now().astimezone(HELSINKI).date()

    page.goto("/en/leader/", timeout=20_000)  # the first request on a busy machine may be slow
    page.get_by_role("link", name="Mobile family centre tours").click()
    page.get_by_role("link", name="Set up a tour").click()
    page.locator("#id_name_fi").fill("Liikkuva perhekeskus")
    page.locator("#id_name_sv").fill("Mobila familjecentralen")
    page.get_by_label("Cycle length (weeks)").fill("1")
    page.get_by_label("First date").fill(today.isoformat())
    page.get_by_label("Last date").fill((today + dt.timedelta(days=70)).isoformat())
    page.get_by_label("No visits on Finnish public holidays").uncheck()  # next week is never empty
    _check(page, javascript)
    page.get_by_role("button", name="Create the tour").click()
    assert page.get_by_text("The tour Liikkuva perhekeskus was created.").is_visible()
    tour = Tour.objects.get(name_fi="Liikkuva perhekeskus")

    for name, _code, weekday in STOPS:
        page.get_by_role("link", name="Add a stop").click()
        page.get_by_label("Venue and room").select_option(label=f"{name}n kirjasto: Satuhuone")
        page.locator(f"input[name=weekday][value='{weekday}']").check()
        page.get_by_label("Starts at").fill("10:00")
        page.get_by_label("Ends at").fill("12:00")
        page.get_by_role("button", name="Preview the visits").click()
        preview = page.locator("#preview")
        preview.get_by_text(f"{name}n kirjasto").first.wait_for()  # the preview page has loaded
        assert not TourStop.objects.filter(tour=tour, venue__name_fi=f"{name}n kirjasto").exists()
        if name == "Oripää":
            _check(page, javascript)  # the form with its preview
        page.get_by_role("button", name="Add the stop").click()
        assert page.get_by_text("The stop was added.").is_visible()
    assert TourStop.objects.filter(tour=tour).count() == 3
    visits = page.locator("#visits li.card")
    assert visits.count() >= 3
    _check(page, javascript)

    # The tour's own form, with its team and a preview of the change.
    page.get_by_role("link", name="Change the tour").click()
    page.get_by_label("Cycle length (weeks)").fill("2")
    page.get_by_role("button", name="Preview the visits").click()
    page.locator("#preview").wait_for()
    _check(page, javascript)
    assert Tour.objects.get(pk=tour.pk).cycle_weeks == 1

    # The public page: next week's visits, at all three stops.
    page.goto(f"/en/tours/{tour.slug}/")
    next_week = page.locator("section", has=page.get_by_role("heading", name=re.compile(r"^Next week")))
    content = next_week.inner_text()
    for name, _code, _weekday in STOPS:
        assert f"{name}n kirjasto" in content
    _check(page, javascript)

    # And the tour group's calendar feed.
    response = page.request.get(f"/feeds/group/{tour.group.slug}.ics")
    assert response.status == 200
    feed = response.text().replace("\r\n ", "")
    assert feed.count("BEGIN:VEVENT") >= 3
    for name, _code, _weekday in STOPS:
        assert f"{name}n kirjasto" in feed
    assert log.page_errors == []
    assert log.console_errors == []


@pytest.mark.parametrize(("device", "javascript"), [(SMALL_PHONE, False), (WIDE, True)])
def test_a_coordinator_deactivates_the_tour_and_brings_it_back(
    open_page, live_server, county, device, javascript
):
    from events.services.tours import tour_create

    today = timezone.now().astimezone(HELSINKI).date()
    tour = tour_create(
        actor=county["coordinator"],
        organization=county["organization"],
        name_fi="Perheauto",
        first_date=today,
        last_date=today + dt.timedelta(days=60),
    )
    page, log = open_page(**device, java_script_enabled=javascript)
    _log_in(page, live_server, county["coordinator"])
    page.goto(f"/en/leader/tours/{tour.slug}/")
    page.get_by_role("link", name="Deactivate the tour").click()
    page.get_by_role("button", name="Yes, deactivate the tour").wait_for()
    _check(page, javascript)
    page.get_by_role("button", name="Yes, deactivate the tour").click()
    page.get_by_role("button", name="Reactivate the tour").wait_for()
    _check(page, javascript)
    assert not Tour.objects.get(pk=tour.pk).is_active
    assert page.request.get(f"/en/tours/{tour.slug}/").status == 404
    page.get_by_role("button", name="Reactivate the tour").click()
    page.get_by_role("link", name="Deactivate the tour").wait_for()
    assert Tour.objects.get(pk=tour.pk).is_active
    assert page.request.get(f"/en/tours/{tour.slug}/").status == 200
    assert log.page_errors == []
