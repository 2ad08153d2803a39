"""Services in the one search at /<lang>/: a ranked "Services" group with a link to the full,
filtered service list. Inflected Finnish and Swedish words on PostgreSQL; whole words everywhere."""

import re

import pytest

from directory.models import Service
from tests.factories import MunicipalityFactory, OrganizationFactory
from venues.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    pargas = MunicipalityFactory(code="445", name_fi="Parainen", name_sv="Pargas")
    county = OrganizationFactory(name_fi="Hyvinvointialue", kind=Organization.Kind.COUNTY, municipality=None)
    made = {
        "neuvola": Service.objects.create(
            slug="neuvola-turku",
            name_fi="Äitiys- ja lastenneuvola, Turku",
            summary_fi="Neuvola seuraa raskautta ja lapsen kasvua.",
            keywords_fi="neuvola, raskaus, vauva",
            organization=county,
        ),
        "counselling": Service.objects.create(
            slug="perheneuvonta",
            name_fi="Kasvatus- ja perheneuvonta",
            description_fi="Apua arjen kasvatuskysymyksiin ja perheen ristiriitoihin.",
            organization=county,
        ),
        "radgivning": Service.objects.create(
            slug="radgivning-pargas",
            name_fi="Neuvola, Parainen",
            name_sv="Rådgivning, Pargas",
            summary_sv="Mödra- och barnrådgivning på svenska.",
            keywords_sv="rådgivning",
            organization=county,
        ),
        "hidden": Service.objects.create(
            slug="piilotettu",
            name_fi="Vanha neuvola",
            keywords_fi="neuvola",
            organization=county,
            is_published=False,
        ),
    }
    made["neuvola"].municipalities.add(turku)
    made["counselling"].municipalities.add(turku)
    made["radgivning"].municipalities.add(pargas)
    return made


def found(response) -> list[str]:
    html = response.content.decode()
    section = re.search(r'aria-labelledby="services-heading">(.*?)</section>', html, re.S)
    if section is None:
        return []
    return re.findall(r'href="/\w\w/services/([\w-]+)/"', section.group(1))


def test_a_whole_word_finds_matching_services_only(client, services):
    assert found(client.get("/fi/?q=perheneuvonta")) == ["perheneuvonta"]
    assert set(found(client.get("/fi/?q=neuvola"))) == {"neuvola-turku", "radgivning-pargas"}
    assert found(client.get("/fi/?q=kasvatuskysymyksiin")) == ["perheneuvonta"]  # in the description


def test_no_words_no_services_group(client, services):
    html = client.get("/fi/").content.decode()
    assert "services-heading" not in html


def test_the_group_links_to_the_full_filtered_service_list(client, services):
    html = client.get("/fi/?q=neuvola&municipality=853").content.decode()
    assert found(client.get("/fi/?q=neuvola&municipality=853")) == ["neuvola-turku"]
    link = re.search(r'<a href="(/fi/services/\?[^"]+)">Kaikki löytyneet palvelut</a>', html)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert "q=neuvola" in url
    assert "municipality=853" in url
    listing = client.get(url).content.decode()
    assert "Äitiys- ja lastenneuvola, Turku" in listing
    assert "Neuvola, Parainen" not in listing


def test_the_service_list_takes_search_words(client, services):
    listing = client.get("/fi/services/?q=perheneuvonta").content.decode()
    assert "Kasvatus- ja perheneuvonta" in listing
    assert "Äitiys- ja lastenneuvola" not in listing


def test_a_typo_in_a_service_name_gets_a_nearer_word(client, services):
    html = client.get("/fi/?q=perheneuvota").content.decode()
    assert found(client.get("/fi/?q=perheneuvota")) == []
    assert "perheneuvonta</a>?" in html


def test_inflected_words_find_services_on_postgresql(client, services, on_postgres):
    assert set(found(client.get("/fi/?q=neuvolaan"))) == {"neuvola-turku", "radgivning-pargas"}  # illative
    assert found(client.get("/fi/?q=perheneuvontaan")) == ["perheneuvonta"]
    assert found(client.get("/sv/?q=rådgivningen")) == ["radgivning-pargas"]  # Swedish definite form


def test_names_rank_before_descriptions_on_postgresql(client, services, on_postgres):
    Service.objects.create(
        slug="perhetyo",
        name_fi="Perhetyö",
        description_fi="Ohjaamme tarvittaessa neuvolaan.",
        organization=services["neuvola"].organization,
    )
    assert found(client.get("/fi/?q=neuvola"))[-1] == "perhetyo"
