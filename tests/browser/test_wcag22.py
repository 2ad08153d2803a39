"""WCAG 2.2 AA on every public page, in Chromium: axe-core's 2.2 rules at 360 and 1280 px in fi and sv,
and what axe cannot see by itself: overlapping map markers spread apart (2.5.8 Target Size), the
focus never hidden behind the sticky "show results" bar (2.4.11 Focus Not Obscured), the small
"forgot password" link a real target, and text in another language marked with its `lang`.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bookings.services.signups import Contact, Party, signup_create
from directory.models import Service
from events.models import Group, Session
from tests.browser.support import (
    SMALL_PHONE,
    WCAG21_AA,
    WCAG22_AA,
    WIDE,
    axe_violations,
    format_violations,
)
from tests.browser.test_venue_map import ATTRIBUTION, TILE_ORIGIN
from tests.events.test_public_pages import days_ahead, make_group, schedule
from tests.events.test_tours import add_stop, make_tour
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    VenueFactory,
)
from venues.models import Membership, Organization

pytestmark = pytest.mark.browser

SAME_SPOT = {"latitude": Decimal("60.451810"), "longitude": Decimal("22.266630")}


@pytest.fixture
def site(transactional_db, settings) -> dict[str, str]:
    """A small public network with every kind of public page, and the paths to them (without /<lang>)."""
    settings.MAP_TILE_URL = f"{TILE_ORIGIN}/{{z}}/{{x}}/{{y}}.png"
    settings.MAP_ATTRIBUTION = ATTRIBUTION
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    aurinko = VenueFactory(
        name_fi="Perhekeskus Aurinko", slug="aurinko", organization__municipality=turku, **SAME_SPOT
    )
    # Two venues in one building: their markers would cover each other.
    VenueFactory(
        name_fi="Aurinkon seurakuntakoti",
        slug="seurakuntakoti",
        organization=aurinko.organization,
        **SAME_SPOT,
    )
    room = RoomFactory(venue=aurinko, name_fi="Perhehuone", capacity_people=20)
    babies = make_group(room, "Vauvaryhmä", signup_mode=Group.SignUpMode.PER_SESSION, capacity_people=12)
    schedule(babies, room, days_ahead(1), days_ahead(30))
    course = make_group(room, "Vauvahieronta", signup_mode=Group.SignUpMode.SERIES, capacity_people=4)
    first, second, *_rest = schedule(course, room, days_ahead(2), days_ahead(16))
    Session.objects.filter(pk=second.pk).update(capacity_people=1)  # the course is uneven: the choice shows
    county = OrganizationFactory(name_fi="Hyvinvointialue", kind=Organization.Kind.COUNTY, municipality=None)
    coordinator = MembershipFactory(organization=county, role=Membership.Role.COORDINATOR).user
    tour = make_tour(coordinator, county)
    add_stop(
        coordinator,
        tour,
        RoomFactory(venue=VenueFactory(organization=county, municipality=turku)),
        week=1,
        weekday=1,
    )
    service = Service.objects.create(
        slug="perheneuvola", name_fi="Perheneuvola", summary_fi="Tukea perheen arkeen.", organization=county
    )
    service.municipalities.add(turku)
    booking = signup_create(
        actor=None,
        session=babies.sessions.order_by("start").first(),
        contact=Contact(name="Maija", email="maija@example.fi"),
        party=Party(adults=1, children_under_1=1),
        consent=True,
    )
    return {
        "front": "/",
        "search": "/?q=vauva",
        "session": f"/sessions/{first.pk}/",
        "signup": f"/sessions/{first.pk}/signup/",
        "group": f"/groups/{course.slug}/",
        "venue": f"/venues/{aurinko.slug}/",
        "venues": "/venues/",
        "tours": "/tours/",
        "tour": f"/tours/{tour.slug}/",
        "services": "/services/",
        "service": f"/services/{service.slug}/",
        "privacy": "/privacy/",
        "login": "/accounts/login/",
        "manage": f"/signups/{booking.token}/",
        "wishes": "/wishes/",
        "help": "/help/",
        "help answer": "/help/?situation=new_baby&age=1&municipality=853&language=fi",
    }


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("device", [SMALL_PHONE, WIDE], ids=["360", "1280"])
def test_every_public_page_meets_wcag22_aa(open_page, site, lang, device):
    page, _log = open_page(**device)
    page.set_default_timeout(30_000)  # a shared machine; nothing here is timed
    failures = []
    for name, path in site.items():
        response = page.goto(f"/{lang}{path}")
        assert response is not None
        assert response.status == 200, f"{name}: {response.status} {path}"
        if page.locator("[data-venue-map]").count():
            page.wait_for_selector("[data-venue-map-ready]")
        violations = axe_violations(page, WCAG22_AA)
        if violations:
            failures.append(f"--- {name} ({page.url})\n{format_violations(violations)}")
    assert not failures, "axe-core, WCAG 2.2 AA:\n" + "\n".join(failures)


def _boxes(page, selector):
    return [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]


def _overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("device", [SMALL_PHONE, WIDE], ids=["360", "1280"])
def test_markers_of_venues_in_one_building_are_spread_apart(open_page, site, device):
    page, _log = open_page(**device)
    page.goto("/fi/venues/")
    page.wait_for_selector("[data-venue-map-ready]")
    markers = _boxes(page, ".leaflet-marker-icon")
    assert len(markers) == 2
    assert not _overlap(*markers), markers
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in markers)
    # Zoomed in, they stay apart (the spread is redone at every zoom).
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(400)  # Leaflet's zoom animation
    assert not _overlap(*_boxes(page, ".leaflet-marker-icon"))


def test_the_keyboard_focus_is_never_under_the_sticky_show_results_bar(open_page, site):
    page, _log = open_page(**SMALL_PHONE)
    page.goto("/fi/")
    page.locator(".filter-panel > summary").click()
    bar = page.locator(".filter-panel .filter-actions")
    page.locator(".filter-panel > summary").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        inside_bar = page.evaluate(
            "() => { const el = document.activeElement;"
            " return !!el.closest('.filter-actions') || !el.closest('.filter-panel'); }"
        )
        if inside_bar:
            break
        focused = page.evaluate(
            "() => { const r = document.activeElement.getBoundingClientRect();"
            " return {x: r.x, y: r.y, width: r.width, height: r.height}; }"
        )
        sticky = bar.bounding_box()
        assert sticky is not None
        assert not _overlap(focused, sticky), (focused, sticky)


@pytest.mark.parametrize("device", [SMALL_PHONE, WIDE], ids=["360", "1280"])
def test_the_forgot_password_link_is_a_real_target(open_page, site, device):
    page, _log = open_page(**device)
    page.goto("/fi/accounts/login/")
    link = page.locator("a[href*='password/reset']").first
    box = link.bounding_box()
    assert box is not None
    assert box["height"] >= 24, box
    assert box["width"] >= 24, box


def test_finnish_only_titles_are_marked_on_swedish_pages(open_page, site):
    page, _log = open_page(**WIDE)
    page.goto(f"/sv{site['group']}")
    assert page.locator("h1").get_attribute("lang") == "fi"
    page.goto(f"/fi{site['group']}")
    assert page.locator("h1").get_attribute("lang") is None


def test_the_wcag22_rules_catch_targets_too_small_and_too_close(open_page, transactional_db):
    """Negative control: two 10 px buttons side by side fail axe's target-size (2.5.8); 2.1's rules pass."""
    page, _log = open_page(**WIDE)
    page.set_default_timeout(30_000)
    page.goto("/fi/privacy/")
    page.evaluate(
        """() => {
            const p = document.createElement('p');
            for (const name of ['a', 'b']) {
                const button = document.createElement('button');
                button.textContent = name;
                // Through the CSSOM, which the page's CSP (no inline styles) does not govern.
                Object.assign(button.style, {all: 'unset', display: 'inline-block', width: '10px',
                                             height: '10px', fontSize: '8px'});
                p.append(button);
            }
            document.querySelector('main').append(p);
        }"""
    )
    assert "target-size" in {v["id"] for v in axe_violations(page, WCAG22_AA)}
    assert "target-size" not in {v["id"] for v in axe_violations(page, WCAG21_AA)}
