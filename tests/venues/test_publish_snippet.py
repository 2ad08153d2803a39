"""The workspace's "Publish on your website" page, through real HTTP: who sees it, and what it offers."""

import html
import re

import pytest
from django.test import Client
from django.urls import resolve

from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    VenueFactory,
)
from venues.models import Membership, Organization

pytestmark = pytest.mark.django_db

PUBLISH = "/en/leader/organizations/turku/publish/"
SITE = "https://perhekeskus.example.fi"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def turku() -> Organization:
    region = RegionFactory(slug="turun-seutukunta", name_fi="Turun seutukunta")
    municipality = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo", region=region)
    kaarina = MunicipalityFactory(code="202", name_fi="Kaarina", region=region)
    organization = OrganizationFactory(
        slug="turku", name_fi="Turun kaupunki", kind=Organization.Kind.MUNICIPALITY, municipality=municipality
    )
    VenueFactory(slug="aurinko", name_fi="Perhekeskus Aurinko", organization=organization)
    # A venue in a neighbouring municipality brings that municipality along.
    VenueFactory(
        slug="kaarinan-kohtaamispaikka",
        name_fi="Kaarinan kohtaamispaikka",
        organization=organization,
        municipality=kaarina,
    )
    VenueFactory(slug="suljettu", organization=organization, is_active=False)
    return organization


def client_for(role: str | None, organization: Organization) -> Client:
    user = UserFactory()
    if role:
        MembershipFactory(user=user, organization=organization, role=role)
    client = Client()
    client.force_login(user)
    return client


def snippets(response) -> list[str]:
    assert response.status_code == 200
    return [
        html.unescape(text)
        for text in re.findall(
            r'<pre id="[^"]*" class="snippet" [^>]*><code>([^<]*)</code></pre>', response.content.decode()
        )
    ]


def test_coordinator_gets_iframe_snippets_for_municipalities_region_and_venues(turku):
    response = client_for(Membership.Role.COORDINATOR, turku).get(PUBLISH)
    found = snippets(response)
    assert (
        f'<iframe src="{SITE}/embed/municipality/853/?lang=fi" title="Perhepalvelujen kalenteri: Turku" '
        'loading="lazy" style="width:100%;height:600px;border:0"></iframe>\n'
        f'<script src="{SITE}/embed/resize.js" async></script>'
    ) in found
    sources = [re.search(r'src="([^"]*)"', snippet).group(1) for snippet in found]
    assert sources == [
        f"{SITE}/embed/{path}/?lang={lang}"
        for path in (
            "municipality/202",
            "municipality/853",
            "region/turun-seutukunta",
            "venue/kaarinan-kohtaamispaikka",  # by name
            "venue/aurinko",
        )
        for lang in ("fi", "sv", "en")
    ]  # not the inactive venue
    page = response.content.decode()
    for feed in (
        "municipality/853.ics",
        "municipality/202.ics",
        "region/turun-seutukunta.ics",
        "venue/aurinko.ics",
        "organization/turku.ics",
    ):
        assert f"data-copy-source><code>{SITE}/feeds/{feed}</code></pre>" in page
    assert f"data-copy-source><code>{SITE}/api/v1/</code></pre>" in page


def test_swedish_snippet_has_a_swedish_title(turku):
    found = snippets(client_for(Membership.Role.COORDINATOR, turku).get(PUBLISH))
    swedish = next(snippet for snippet in found if "municipality/853/?lang=sv" in snippet)
    assert 'title="' in swedish
    assert "Åbo" in swedish  # the place's Swedish name


def test_snippet_embeds_a_page_that_answers(turku, client):
    found = snippets(client_for(Membership.Role.COORDINATOR, turku).get(PUBLISH))
    for snippet in found:
        path = re.search(r'src="([^"]*)"', snippet).group(1).removeprefix(SITE)
        assert client.get(path).status_code == 200, path


def test_names_in_snippets_are_escaped(turku):
    turku.municipality.name_fi = 'Turku"><script>alert(1)</script>'
    turku.municipality.save()
    response = client_for(Membership.Role.COORDINATOR, turku).get(PUBLISH)
    assert "<script>alert(1)" not in response.content.decode()
    assert any(
        'title="Perhepalvelujen kalenteri: Turku&quot;&gt;&lt;script&gt;' in s for s in snippets(response)
    )


def test_leaders_are_refused_and_strangers_see_nothing(turku):
    leader = client_for(Membership.Role.LEADER, turku).get(PUBLISH)
    assert leader.status_code == 403
    assert "iframe" not in leader.content.decode()
    stranger = client_for(None, turku)
    assert stranger.get(PUBLISH).status_code == 404
    assert stranger.get("/en/leader/organizations/nowhere/publish/").status_code == 404
    other = OrganizationFactory(slug="muu")
    assert client_for(Membership.Role.COORDINATOR, other).get(PUBLISH).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(turku, client):
    response = client.get(PUBLISH)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_platform_admin_may_look(turku):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert client.get(PUBLISH).status_code == 200


def test_workspace_home_links_coordinators_only(turku):
    coordinator = client_for(Membership.Role.COORDINATOR, turku).get("/en/leader/").content.decode()
    assert f'href="{PUBLISH}"' in coordinator
    leader = client_for(Membership.Role.LEADER, turku).get("/en/leader/").content.decode()
    assert "/publish/" not in leader


def test_printed_feed_and_api_addresses_are_routes_of_this_site(turku):
    page = client_for(Membership.Role.COORDINATOR, turku).get(PUBLISH).content.decode()
    addresses = re.findall(r'<pre id="[^"]*" class="snippet one-line"[^>]*><code>([^<]*)</code></pre>', page)
    assert len(addresses) == 7  # five places, the organization, the API
    for address in addresses:
        assert address.startswith(SITE)
        resolve(address.removeprefix(SITE))  # raises Resolver404 for an address nothing answers
