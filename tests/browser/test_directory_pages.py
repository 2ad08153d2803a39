"""The service directory in Chromium: axe-clean (WCAG 2.1 AA) at 360 and 1280 px, works without JavaScript."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from directory.models import Channel, Service, ServiceHours
from tests.browser.support import DESKTOP, assert_axe_clean
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    UserFactory,
    VenueFactory,
)
from venues.models import Membership, Organization

pytestmark = pytest.mark.browser

NARROW = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def directory(transactional_db, settings):
    settings.MAP_TILE_URL = ""
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    parainen = MunicipalityFactory(code="445", name_fi="Parainen", name_sv="Pargas")
    county = OrganizationFactory(name_fi="Hyvinvointialue", kind=Organization.Kind.COUNTY, municipality=None)
    parish = OrganizationFactory(
        name_fi="Pargas svenska församling", kind=Organization.Kind.PARISH, municipality=parainen
    )
    venue = VenueFactory(
        organization=county, municipality=turku, latitude=Decimal("60.45"), longitude=Decimal("22.27")
    )
    neuvola = Service.objects.create(
        slug="neuvola",
        name_fi="Lastenneuvola",
        name_sv="Barnrådgivning",
        summary_fi="Lapsen kasvun seuranta.",
        organization=county,
        languages="fi,sv",
        description_fi="Neuvolassa seurataan lapsen kasvua.",
    )
    neuvola.municipalities.add(turku)
    visit = Channel.objects.create(kind="visit", name_fi="Neuvola Keskusta", venue=venue)
    for day in range(5):
        ServiceHours.objects.create(
            channel=visit, weekday=day, opens=datetime.time(8), closes=datetime.time(16)
        )
    phone = Channel.objects.create(
        kind="phone",
        name_fi="Ajanvaraus",
        phone="+358 29 000 0101",
        charge="charged",
        charge_description_fi="Normaali puhelumaksu.",
    )
    chat = Channel.objects.create(kind="chat", name_fi="Perhechat", url="https://chat.example.fi/")
    neuvola.channels.add(visit, phone, chat)
    klubben = Service.objects.create(
        slug="familjeklubben",
        name_fi="Perhekerho",
        name_sv="Familjeklubben",
        organization=parish,
        languages="sv",
    )
    klubben.municipalities.add(parainen)
    user = UserFactory(email="coordinator@example.fi")
    MembershipFactory(user=user, organization=parish, role=Membership.Role.COORDINATOR)
    return {"user": user}


def _check(page, path):
    page.set_default_timeout(30_000)  # a loaded machine; these pages are not timed here (bench/ is)
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, path
    assert_axe_clean(page)
    overflow = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert overflow["scroll"] <= overflow["client"], f"{path} scrolls sideways: {overflow}"


@pytest.mark.parametrize("device", [NARROW, DESKTOP], ids=["360", "1280"])
def test_directory_pages_are_axe_clean(open_page, directory, device):
    page, log = open_page(**device)
    for path in (
        "/fi/services/",
        "/sv/services/?municipality=445",
        "/en/services/neuvola/",
        "/fi/services/neuvola/",
    ):
        _check(page, path)
    assert log.foreign_requests == []
    assert log.page_errors == []


@pytest.mark.parametrize("device", [NARROW, DESKTOP], ids=["360", "1280"])
def test_workspace_pages_are_axe_clean(open_page, directory, device, live_server):
    client = Client()
    client.force_login(directory["user"])  # the session cookie goes to the browser
    page, log = open_page(**device)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    _check(page, "/en/leader/services/")
    _check(page, "/en/leader/services/new/")
    assert log.foreign_requests == []


def test_filters_work_without_javascript(open_page, directory):
    page, log = open_page(**NARROW, java_script_enabled=False)
    page.set_default_timeout(30_000)
    page.goto("/en/services/")
    assert page.locator("h2.service-name").count() == 2
    page.get_by_label("Municipality").select_option("445")
    with page.expect_navigation():
        page.get_by_role("button", name="Show services").click()
    assert page.locator("h2.service-name").all_inner_texts() == ["Perhekerho"]
    assert page.get_by_label("Municipality").input_value() == "445"
    page.goto("/en/services/neuvola/")
    assert page.get_by_text("+358 29 000 0101").is_visible()
    assert page.locator('a[href="https://chat.example.fi/"]').inner_text().startswith("Open the chat")
    assert log.foreign_requests == []
