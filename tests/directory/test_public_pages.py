"""Public directory pages: list with filters, detail with channels, venue pages list their services."""

import datetime
import json
import re

import pytest

from directory.models import Channel, Service, ServiceHours
from tests.factories import MunicipalityFactory, OrganizationFactory, VenueFactory
from venues.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    turku = MunicipalityFactory(code="853", name_fi="Turku")
    county = OrganizationFactory(name_fi="Hyvinvointialue", kind=Organization.Kind.COUNTY, municipality=None)
    venue = VenueFactory(organization=county, municipality=turku)
    service = Service.objects.create(
        slug="neuvola", name_fi="Neuvola", summary_fi="Lyhyesti.", organization=county, languages="fi,sv"
    )
    service.municipalities.add(turku)
    visit = Channel.objects.create(kind="visit", name_fi="Neuvola Keskusta", venue=venue)
    for day in range(7):
        ServiceHours.objects.create(
            channel=visit, weekday=day, opens=datetime.time(0), closes=datetime.time(23, 59)
        )
    phone = Channel.objects.create(
        kind="phone", name_fi="Ajanvaraus", phone="+358 29 000 0101", charge="free"
    )
    service.channels.add(visit, phone)
    return service


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_list_and_detail_in_every_language(client, service, lang):
    assert client.get(f"/{lang}/services/").status_code == 200
    page = client.get(f"/{lang}/services/neuvola/").content.decode()
    assert "Neuvola Keskusta" in page
    assert "+358 29 000 0101" in page


def test_detail_shows_open_now_charge_source_and_jsonld(client, service):
    page = client.get("/en/services/neuvola/").content.decode()
    assert "open now" in page
    assert "Free call" in page
    assert "Source: the provider" in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["name"] == "Hyvinvointialue"


def test_filters_and_bad_input(client, service):
    assert "Neuvola" in client.get("/fi/services/?municipality=853&channel=phone").content.decode()
    assert "Neuvola</a>" not in client.get("/fi/services/?channel=chat").content.decode()
    bad = client.get("/fi/services/?municipality=<b>&language=xx&page=zzz")
    assert bad.status_code == 200


def test_unpublished_service_is_not_found(client, service):
    Service.objects.filter(pk=service.pk).update(is_published=False)
    assert client.get("/fi/services/neuvola/").status_code == 404
    assert "neuvola/" not in client.get("/fi/services/").content.decode()


def test_venue_page_lists_its_services(client, service):
    venue = service.channels.get(kind="visit").venue
    page = client.get(f"/fi/venues/{venue.slug}/").content.decode()
    assert "/fi/services/neuvola/" in page
