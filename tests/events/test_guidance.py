""" "What help fits us?" at /<lang>/help/: a first contact (with its tel: link and today's hours)
before anything else, then fitting groups, services and places near the family; bad values are a
translated error on the form; the mapping lives in the database and coordinators edit it."""

import datetime as dt
import re

import pytest

from directory.models import Channel, HelpSituation, Service, ServiceClass, ServiceHours
from events.models import Group
from tests.events.test_public_pages import days_ahead, make_group, schedule, titles
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RegionFactory,
    RoomFactory,
    VenueFactory,
)
from venues.models import Membership, Organization, Venue

pytestmark = pytest.mark.django_db
ANSWER = "/fi/help/?situation=new_baby&age=1&municipality=853&language=fi"


@pytest.fixture
def network():
    return build_network()


def build_network() -> dict:
    """Turku with a neuvola (phone, open all day), other services, four groups and a family
    centre; Kaarina in the same sub-region with its own neuvola, group and meeting place."""
    region = RegionFactory(slug="turun-seutukunta")
    turku = MunicipalityFactory(code="853", name_fi="Turku", region=region)
    kaarina = MunicipalityFactory(code="202", name_fi="Kaarina", region=region)
    county = OrganizationFactory(name_fi="Hyvinvointialue", kind=Organization.Kind.COUNTY, municipality=None)

    def service(slug, name, classes, municipality=None, **fields):
        made = Service.objects.create(slug=slug, name_fi=name, organization=county, **fields)
        made.service_classes.set(ServiceClass.objects.filter(code__in=classes))
        if municipality:
            made.municipalities.add(municipality)
        return made

    neuvola = service("neuvola-turku", "Neuvola, Turku", ["P5.2", "P3.2"], turku, languages="fi,sv")
    phone = Channel.objects.create(kind="phone", name_fi="Neuvolan ajanvaraus", phone="029 000 0101")
    for day in range(7):
        ServiceHours.objects.create(channel=phone, weekday=day, opens=dt.time(0), closes=dt.time(23, 59))
    neuvola.channels.add(phone)
    service("neuvola-kaarina", "Neuvola, Kaarina", ["P5.2"], kaarina).channels.add(
        Channel.objects.create(kind="phone", name_fi="Kaarinan neuvola", phone="029 000 0202")
    )
    service("perhetyo", "Perhetyö", ["P3.6"], turku)
    service("parisuhde", "Pariterapia", ["P3.1"], turku)
    service("sv-only", "Rådgivning på svenska", ["P5.2"], turku, languages="sv")
    room = RoomFactory(
        venue=VenueFactory(
            name_fi="Varissuon perhekeskus",
            municipality=turku,
            kind=Venue.Kind.FAMILY_CENTRE,
            organization__municipality=turku,
        )
    )
    baby = make_group(room, "Vauvaryhmä", age_min_months=0, age_max_months=12, in_finnish=True)
    toddlers = make_group(room, "Taaperoiden leikki", age_min_months=24, age_max_months=48)
    massage = make_group(room, "Vauvahieronta", topic=Group.Topic.BABY_MASSAGE, age_max_months=12)
    talk = make_group(room, "Isien ilta", topic=Group.Topic.INFORMATION)
    for hour, group in enumerate((baby, toddlers, massage, talk), start=9):
        schedule(group, room, days_ahead(3), at=dt.time(hour * 2 - 10))
    kaarina_room = RoomFactory(
        venue=VenueFactory(
            name_fi="Kaarinan perhekeskus", municipality=kaarina, kind=Venue.Kind.OPEN_MEETING_PLACE
        )
    )
    schedule(make_group(kaarina_room, "Kaarinan vauvakahvila"), kaarina_room, days_ahead(4))
    return {"turku": turku, "kaarina": kaarina}


def test_the_situations_are_seeded_with_codes():
    new_baby = HelpSituation.objects.get(situation="new_baby")
    assert HelpSituation.objects.count() == 9
    assert [c.code for c in new_baby.first_contact_classes.all()] == ["P5.2"]
    assert "baby_massage" in new_baby.topic_list
    assert HelpSituation.objects.get(situation="relationship").life_events.filter(code="KE7").exists()


def test_the_answer_starts_with_whom_to_contact_first(client, network):
    html = client.get(ANSWER).content.decode()
    first = re.search(r'<section class="help-first".*?</section>', html, re.S).group(0)
    assert "Neuvola, Turku" in first  # the family's own municipality, not Kaarina's
    assert 'href="tel:0290000101"' in first
    assert "Tänään: 00.00–23.59" in first
    assert html.index("help-first") < html.index("groups-heading") < html.index("services-heading")


def test_groups_fit_the_age_and_the_situation_near_the_family(client, network):
    response = client.get(ANSWER)
    assert set(titles(response)) == {"Vauvaryhmä", "Vauvahieronta"}  # not toddlers, not other topics


def test_services_and_places_near_the_family(client, network):
    html = client.get(ANSWER).content.decode()
    services = re.search(r'aria-labelledby="services-heading">(.*?)</section>', html, re.S).group(1)
    assert "Perhetyö" in services
    assert "Pariterapia" not in services  # another situation's class
    assert "Rådgivning på svenska" not in services  # not in the family's language
    assert "Neuvola, Turku" not in services  # already the first contact
    places = re.search(r'aria-labelledby="places-heading">(.*?)</section>', html, re.S).group(1)
    assert "Varissuon perhekeskus" in places
    assert "Kaarinan perhekeskus" not in places


def test_a_municipality_without_groups_gets_its_sub_region(client, network):
    empty = MunicipalityFactory(code="019", name_fi="Aura", region=network["turku"].region)
    response = client.get(f"/fi/help/?situation=new_baby&municipality={empty.code}")
    assert "Kaarinan vauvakahvila" in titles(response)
    assert "nämä ovat lähistöltä" in response.content.decode()


def test_the_mapping_is_data_a_changed_topic_changes_the_answer(client, network):
    HelpSituation.objects.filter(situation="new_baby").update(group_topics="information")
    assert titles(client.get("/fi/help/?situation=new_baby&municipality=853")) == ["Isien ilta"]


@pytest.mark.parametrize(
    "query",
    [
        "situation=party&age=1",
        "situation=new_baby&age=abc",
        "situation=new_baby&age=999",
        "situation=new_baby&municipality=99x",
        "situation=new_baby&language=de",
        "age=1",
    ],
)
def test_bad_values_are_a_translated_error_on_the_form(client, network, query):
    response = client.get(f"/fi/help/?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert "Korjaa" in html
    assert "help-first" not in html


def test_the_questions_page_and_swedish(client, network):
    assert "Millaista apua" in client.get("/fi/help/").content.decode()
    html = client.get("/sv/help/?situation=new_baby&age=1&municipality=853&language=fi").content.decode()
    assert 'href="tel:0290000101"' in html
    assert "Kontakta först" in html


def test_help_is_linked_from_the_front_page_and_the_menu(client, network):
    html = client.get("/fi/").content.decode()
    assert html.count('href="/fi/help/"') >= 2


def test_nothing_is_stored_no_cookie_no_session(client, network):
    response = client.get(ANSWER)
    assert "sessionid" not in response.cookies


# --- Workspace ---------------------------------------------------------------------------------


@pytest.fixture
def coordinator():
    county = OrganizationFactory(kind=Organization.Kind.COUNTY, municipality=None)
    return MembershipFactory(organization=county, role=Membership.Role.COORDINATOR).user


def test_anonymous_is_sent_to_the_login(client):
    for url in ("/fi/leader/help/", "/fi/leader/help/new_baby/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/fi/accounts/login/")


def test_a_leader_and_an_ngo_coordinator_are_refused(client):
    county = OrganizationFactory(kind=Organization.Kind.COUNTY, municipality=None)
    leader = MembershipFactory(organization=county, role=Membership.Role.LEADER).user
    ngo_coordinator = MembershipFactory(role=Membership.Role.COORDINATOR).user
    for user in (leader, ngo_coordinator):
        client.force_login(user)
        assert client.get("/fi/leader/help/").status_code == 403
        assert client.post("/fi/leader/help/new_baby/", {"advice_fi": "x"}).status_code == 403
    assert HelpSituation.objects.get(situation="new_baby").advice_fi != "x"


def test_a_coordinator_edits_a_situation(client, coordinator):
    client.force_login(coordinator)
    assert "Meillä on uusi vauva" in client.get("/fi/leader/help/").content.decode()
    page = client.get("/fi/leader/help/new_baby/").content.decode()
    assert 'value="P5.2" checked' in page or re.search(r'value="P5\.2"[^>]*checked', page)
    response = client.post(
        "/fi/leader/help/new_baby/",
        {
            "advice_fi": "Soita neuvolaan.",
            "advice_sv": "Ring rådgivningen.",
            "first_contact_classes": ["P3.7"],
            "service_classes": ["P3.7", "P5.2"],
            "life_events": ["KE1"],
            "group_topics": ["peer_support", "outdoor"],
        },
    )
    assert response.status_code == 302
    saved = HelpSituation.objects.get(situation="new_baby")
    assert saved.advice_fi == "Soita neuvolaan."
    assert [c.code for c in saved.first_contact_classes.all()] == ["P3.7"]
    assert saved.topic_list == ["peer_support", "outdoor"]


def test_a_coordinator_gets_errors_not_a_500(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/fi/leader/help/new_baby/", {"first_contact_classes": ["P999"], "group_topics": ["x"]}
    )
    assert response.status_code == 422
    assert "Korjaa" in response.content.decode()
    assert client.get("/fi/leader/help/nothing/").status_code == 404


def test_the_answer_costs_the_same_queries_whatever_the_number_of_rows(client, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ANSWER).status_code == 200
        return len(queries)

    before = count()
    county = Service.objects.get(slug="neuvola-turku").organization
    for n in range(5):
        more = Service.objects.create(slug=f"perhetyo-{n}", name_fi=f"Perhetyö {n}", organization=county)
        more.service_classes.set(ServiceClass.objects.filter(code="P3.6"))
        more.municipalities.add(network["turku"])
        more.channels.add(Channel.objects.create(kind="phone", name_fi=f"Puhelin {n}", phone="029 000 0303"))
    assert count() == before
