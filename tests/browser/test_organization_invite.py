"""A county coordinator adds an NGO and invites its coordinator, who logs in by the emailed code,
accepts and starts a group (issue 13). Chromium at 360 and 1280 px, axe-clean (WCAG 2.x AA).

The emails are read from django.core.mail.outbox: the live server runs in this process with
the locmem backend pytest-django sets up.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from events.models import Group
from tests.browser.support import DESKTOP, assert_axe_clean, assert_no_sideways_scrolling
from tests.factories import MembershipFactory, MunicipalityFactory, OrganizationFactory, RegionFactory
from venues.models import County, Membership, Organization

pytestmark = pytest.mark.browser

NARROW = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
LINK = re.compile(r"https?://[^/\s]+(/fi/invites/[\w-]+/)")
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.M)


@pytest.fixture
def county(transactional_db):
    cache.clear()  # allauth's rate limits count per address: every run starts fresh
    county_org = OrganizationFactory(kind=Organization.Kind.COUNTY, municipality=None, name_fi="Varha")
    county = County.objects.create(code="02", slug="varha", name_fi="Varha", organization=county_org)
    kaarina = MunicipalityFactory(region=RegionFactory(county=county), name_fi="Kaarina", code="202")
    return MembershipFactory(organization=county_org, role=Membership.Role.COORDINATOR).user, kaarina


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("device", [NARROW, DESKTOP], ids=["360px", "1280px"])
def test_a_new_ngo_coordinator_is_invited_logs_in_by_code_and_starts_a_group(
    open_page, live_server, county, device
):
    coordinator, kaarina = county
    page, log = open_page(**device)
    # The live server's first answers can be slow on a busy machine: navigation may take longer.
    page.set_default_navigation_timeout(20_000)
    _log_in(page, live_server, coordinator)
    page.goto("/fi/leader/organizations/new/")
    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)
    page.get_by_label("Nimi").fill("Perhekerho Pikku Karhut ry")
    page.get_by_label("Tyyppi").select_option("ngo")
    page.get_by_label("Y-tunnus").fill("0204819-8")
    page.get_by_label("Kunta").select_option(label=str(kaarina))
    page.get_by_label("Ensimmäisen koordinaattorin sähköpostiosoite").fill("karhut@example.fi")
    page.get_by_label("Kutsun kieli").select_option("fi")
    page.get_by_role("button", name="Lisää ja lähetä kutsu").click()
    page.wait_for_load_state()
    assert page.get_by_text("Kutsu lähetettiin osoitteeseen karhut@example.fi").is_visible()
    assert_axe_clean(page)

    link = LINK.search(mail.outbox[-1].body).group(1)
    invitee, invitee_log = open_page(**device)
    invitee.set_default_navigation_timeout(20_000)
    invitee.goto(link)
    assert_axe_clean(invitee)
    invitee.get_by_role("button", name="Lähetä minulle kirjautumiskoodi").click()
    invitee.wait_for_load_state()
    code = CODE.search(mail.outbox[-1].body).group(1)
    invitee.locator('input[name="code"]').fill(code)
    invitee.locator('form button[type="submit"]').first.click()
    invitee.wait_for_url(f"**{link}")
    assert_axe_clean(invitee)
    invitee.get_by_role("button", name="Hyväksy kutsu").click()
    invitee.wait_for_load_state()
    assert invitee.get_by_text(
        "Olet nyt organisaation Perhekerho Pikku Karhut ry koordinaattori"
    ).is_visible()
    assert_axe_clean(invitee)
    assert_no_sideways_scrolling(invitee)

    invitee.goto("/fi/leader/groups/new/")
    invitee.locator('input[name="title_fi"]').fill("Karhujen vauvakerho")
    invitee.get_by_label("Aihe").select_option("peer_support")
    invitee.locator('select[name="audience"]').select_option("families")  # required, no default
    invitee.get_by_role("button", name="Luo ryhmä").click()
    invitee.wait_for_load_state()
    group = Group.objects.get(title_fi="Karhujen vauvakerho")
    assert group.organization.name == "Perhekerho Pikku Karhut ry"
    assert log.page_errors == invitee_log.page_errors == []
    assert log.console_errors == invitee_log.console_errors == []
