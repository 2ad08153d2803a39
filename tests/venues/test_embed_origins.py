"""The web sites allowed to embed an organization's calendars: validation, the publish page, who may
change them, and the embed pages' CSP frame-ancestors read from the database without a restart."""

import pytest
from django.test import Client

from core.errors import PermissionRefused
from events.models import Group
from tests.events.test_public_pages import days_ahead, make_group, schedule
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RegionFactory,
    RoomFactory,
    VenueFactory,
)
from venues.embed_origins import invalidate
from venues.models import EmbedOrigin, Membership, Organization
from venues.origins import OriginRefused, parse_origin
from venues.services.embedding import EmbedOriginError, embed_origin_add

# Real transactions: the services invalidate the cached lists after commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

PUBLISH = "/fi/leader/organizations/turku/publish/"
ADD = PUBLISH + "origins/"
LOGIN = "/fi/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_lists():
    invalidate()  # nothing cached by an earlier test


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("https://www.turku.fi", "https://www.turku.fi"),
        ("  HTTPS://WWW.Turku.FI/perhepalvelut/kalenteri?x=1 ", "https://www.turku.fi"),
        ("www.kaarina.fi", "https://www.kaarina.fi"),
        ("https://www.turku.fi:443/", "https://www.turku.fi"),
        ("https://intra.turku.fi:8443", "https://intra.turku.fi:8443"),
        ("https://pöytyä.fi", "https://" + "pöytyä".encode("idna").decode() + ".fi"),
    ],
)
def test_typed_addresses_become_origins(typed, origin):
    assert parse_origin(typed, allow_loopback_http=False) == origin


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "http://www.turku.fi",
        "ftp://www.turku.fi",
        "https://*.turku.fi",
        "https://user:pass@www.turku.fi",
        "https://turku",
        "https://-turku.fi",
        "https://www.turku.fi:99999",
        "https://1.2.3.4",
        "javascript:alert(1)",
        "https://www.turku.fi 'unsafe-inline'",
        "http://localhost:8000",  # loopback http only where allowed
    ],
)
def test_anything_but_an_https_origin_is_refused(typed):
    with pytest.raises(OriginRefused):
        parse_origin(typed, allow_loopback_http=False)


def test_loopback_http_only_when_allowed_and_only_for_this_machine():
    assert parse_origin("http://localhost:8000/x", allow_loopback_http=True) == "http://localhost:8000"
    assert parse_origin("http://127.0.0.1:5173", allow_loopback_http=True) == "http://127.0.0.1:5173"
    with pytest.raises(OriginRefused):
        parse_origin("http://www.turku.fi", allow_loopback_http=True)


# --- the publish page ------------------------------------------------------------------------------


@pytest.fixture
def turku() -> Organization:
    region = RegionFactory(slug="turun-seutukunta")
    municipality = MunicipalityFactory(code="853", name_fi="Turku", region=region)
    organization = OrganizationFactory(
        slug="turku", name_fi="Turun kaupunki", kind=Organization.Kind.MUNICIPALITY, municipality=municipality
    )
    VenueFactory(slug="aurinko", name_fi="Perhekeskus Aurinko", organization=organization)
    return organization


def member(organization, role):
    return MembershipFactory(organization=organization, role=role).user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_coordinator_adds_and_removes_a_site_on_the_publish_page(turku):
    coordinator = client_for(member(turku, Membership.Role.COORDINATOR))
    response = coordinator.post(ADD, {"origin": "https://www.turku.fi/perhepalvelut/"})
    assert response.status_code == 302
    assert response["Location"] == PUBLISH + "#sites"
    added = EmbedOrigin.objects.get(organization=turku)
    assert added.origin == "https://www.turku.fi"
    page = coordinator.get(PUBLISH).content.decode()
    assert "<code>https://www.turku.fi</code>" in page
    assert f'action="{PUBLISH}origins/{added.pk}/remove/"' in page

    again = coordinator.post(ADD, {"origin": "www.turku.fi"})
    assert again.status_code == 400
    assert "https://www.turku.fi on jo listalla." in again.content.decode()
    refused = coordinator.post(ADD, {"origin": "http://www.turku.fi"})
    assert refused.status_code == 400
    assert "Osoitteen pitää alkaa https://" in refused.content.decode()
    assert EmbedOrigin.objects.count() == 1

    assert coordinator.post(f"{PUBLISH}origins/{added.pk}/remove/").status_code == 302
    assert not EmbedOrigin.objects.exists()


def test_the_page_offers_english_snippets_and_copy_buttons(turku):
    page = client_for(member(turku, Membership.Role.COORDINATOR)).get(PUBLISH).content.decode()
    assert "/embed/municipality/853/?lang=en" in page
    assert 'data-copy="snippet-municipality-853-en"' in page
    assert 'data-copy="feed-municipality-853"' in page
    assert '<pre id="feed-municipality-853" class="snippet one-line" tabindex="0" role="textbox"' in page
    assert "js/copy.js" in page


def test_only_the_organizations_coordinators_change_its_sites(turku):
    existing = EmbedOrigin.objects.create(organization=turku, origin="https://www.turku.fi")
    remove = f"{PUBLISH}origins/{existing.pk}/remove/"
    anonymous = Client()
    for method, url in (("get", PUBLISH), ("post", ADD), ("post", remove)):
        response = getattr(anonymous, method)(url, {"origin": "https://paha.example"})
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    leader = client_for(member(turku, Membership.Role.LEADER))
    assert leader.get(PUBLISH).status_code == 403
    assert leader.post(ADD, {"origin": "https://paha.example"}).status_code == 403
    assert leader.post(remove).status_code == 403

    outsider = client_for(member(OrganizationFactory(), Membership.Role.COORDINATOR))
    assert outsider.get(PUBLISH).status_code == 404
    assert outsider.post(ADD, {"origin": "https://paha.example"}).status_code == 404
    assert outsider.post(remove).status_code == 404
    # Another organization's site through this organization's address: not found either.
    other = EmbedOrigin.objects.create(organization=OrganizationFactory(), origin="https://muu.example")
    coordinator = client_for(member(turku, Membership.Role.COORDINATOR))
    assert coordinator.post(f"{PUBLISH}origins/{other.pk}/remove/").status_code == 404
    assert list(EmbedOrigin.objects.order_by("origin").values_list("origin", flat=True)) == [
        "https://muu.example",
        "https://www.turku.fi",
    ]


def test_the_service_refuses_a_leader_with_a_code(turku):
    leader = member(turku, Membership.Role.LEADER)
    with pytest.raises(PermissionRefused) as refused:
        embed_origin_add(actor=leader, organization=turku, origin="https://www.turku.fi")
    assert refused.value.code == "forbidden"
    with pytest.raises(EmbedOriginError) as invalid:
        embed_origin_add(actor=member(turku, Membership.Role.COORDINATOR), organization=turku, origin="x")
    assert invalid.value.code == "invalid_origin"


# --- frame-ancestors -------------------------------------------------------------------------------


def frame_ancestors(response) -> list[str]:
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directive = next(d.strip() for d in policy.split(";") if d.strip().startswith("frame-ancestors"))
    return directive.split()[1:]


@pytest.fixture
def network(turku, settings):
    """Turku's venue where an NGO of Kaarina runs a group; an NGO elsewhere that has nothing here."""
    settings.EMBED_FRAME_ANCESTORS = ["https://global.example"]
    settings.EMBED_ALLOW_HTTP_LOOPBACK = True
    room = RoomFactory(venue=turku.venues.get(), name_fi="Perhehuone")
    kaarina = MunicipalityFactory(code="202", region=turku.municipality.region)
    visiting = OrganizationFactory(slug="mll-kaarina", municipality=kaarina)
    group = make_group(room, "Vauvaryhmä")
    schedule(group, room, days_ahead(2))
    Group.objects.filter(pk=group.pk).update(organization=visiting)  # a visiting NGO's group meets here
    elsewhere = OrganizationFactory(slug="mll-salo", municipality=MunicipalityFactory(code="734"))
    return {"visiting": visiting, "elsewhere": elsewhere, "group": group}


def test_embed_pages_allow_the_sites_of_the_organizations_concerned_without_a_restart(turku, network, client):
    assert frame_ancestors(client.get("/embed/municipality/853/")) == ["https://global.example"]
    coordinator = member(turku, Membership.Role.COORDINATOR)
    embed_origin_add(actor=coordinator, organization=turku, origin="https://www.turku.fi")
    visiting = network["visiting"]
    embed_origin_add(
        actor=member(visiting, Membership.Role.COORDINATOR), organization=visiting, origin="https://mll.fi"
    )
    elsewhere = network["elsewhere"]
    embed_origin_add(
        actor=member(elsewhere, Membership.Role.COORDINATOR), organization=elsewhere, origin="https://salo.fi"
    )
    # Read on the next request: the owner, the organization whose group meets there, the global default.
    expected = ["https://global.example", "https://www.turku.fi", "https://mll.fi"]
    for path in ("/embed/municipality/853/", "/embed/region/turun-seutukunta/", "/embed/venue/aurinko/"):
        assert sorted(frame_ancestors(client.get(path))) == sorted(expected), path
    assert frame_ancestors(client.get("/embed/municipality/734/")) == [
        "https://global.example",
        "https://salo.fi",
    ]
    assert "X-Frame-Options" not in client.get("/embed/venue/aurinko/")


def test_with_no_global_default_only_listed_sites_frame_and_none_means_none(turku, network, settings, client):
    settings.EMBED_FRAME_ANCESTORS = []
    assert frame_ancestors(client.get("/embed/municipality/853/")) == ["'none'"]
    added = embed_origin_add(
        actor=member(turku, Membership.Role.COORDINATOR), organization=turku, origin="http://localhost:8000"
    )
    assert frame_ancestors(client.get("/embed/municipality/853/")) == ["http://localhost:8000"]
    client_for(member(turku, Membership.Role.COORDINATOR)).post(f"{PUBLISH}origins/{added.pk}/remove/")
    assert frame_ancestors(client.get("/embed/municipality/853/")) == ["'none'"]


def test_an_inactive_organizations_sites_no_longer_frame(turku, network, settings, client):
    settings.EMBED_FRAME_ANCESTORS = []
    visiting = network["visiting"]
    EmbedOrigin.objects.create(organization=visiting, origin="https://mll.fi")
    invalidate()
    assert "https://mll.fi" in frame_ancestors(client.get("/embed/venue/aurinko/"))
    Organization.objects.filter(pk=visiting.pk).update(is_active=False)
    assert frame_ancestors(client.get("/embed/venue/aurinko/")) == ["'none'"]
    assert Group.objects.filter(pk=network["group"].pk).exists()


def test_the_resize_script_trusts_only_this_sites_origin(client, settings):
    settings.SITE_URL = "https://perhekeskus.example.fi/"
    response = client.get("/embed/resize.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert 'var ORIGIN = "https://perhekeskus.example.fi";' in body
    assert "event.origin !== ORIGIN" in body
    assert "public" in response["Cache-Control"]
