"""In a bilingual municipality (Parainen/Pargas) the group and service forms ask for Swedish too."""

import pytest

from directory.models import Service
from events.models import Group
from tests.directory.test_workspace import NEW, _form
from tests.events.test_workspace_groups import group_form
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    UserFactory,
)
from venues.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def pargas():
    return MunicipalityFactory(code="445", name_fi="Parainen", name_sv="Pargas", languages="sv,fi")


@pytest.fixture
def coordinator(client, pargas):
    org = OrganizationFactory(name_fi="Paraisten kaupunki", municipality=pargas)
    user = UserFactory()
    MembershipFactory(user=user, organization=org, role=Membership.Role.COORDINATOR)
    client.force_login(user)
    return org


def test_a_group_of_a_bilingual_municipality_needs_its_swedish_name(client, coordinator):
    response = client.post("/fi/leader/groups/new/", group_form(organization=coordinator.pk))
    assert response.status_code == 400
    assert "Parainen on kaksikielinen: anna ryhmälle nimi myös ruotsiksi." in response.content.decode()
    assert not Group.objects.exists()
    swedish = client.get("/sv/leader/groups/new/")
    assert swedish.status_code == 200
    response = client.post("/sv/leader/groups/new/", group_form(organization=coordinator.pk))
    assert "Pargas är tvåspråkig: ge gruppen ett namn också på svenska." in response.content.decode()
    response = client.post(
        "/fi/leader/groups/new/", group_form(organization=coordinator.pk, title_sv="Pappaklubb")
    )
    assert response.status_code == 302
    assert Group.objects.get().title_sv == "Pappaklubb"


def test_editing_a_group_asks_the_same(client, coordinator):
    group = GroupFactory(organization=coordinator, title_fi="Vauvaryhmä", title_sv="")
    response = client.post(f"/fi/leader/groups/{group.slug}/", group_form())
    assert response.status_code == 400
    assert "myös ruotsiksi" in response.content.decode()


def test_a_unilingual_municipality_keeps_swedish_optional(client):
    org = OrganizationFactory(municipality=MunicipalityFactory(code="734", name_fi="Salo"))
    user = UserFactory()
    MembershipFactory(user=user, organization=org, role=Membership.Role.COORDINATOR)
    client.force_login(user)
    assert client.post("/fi/leader/groups/new/", group_form(organization=org.pk)).status_code == 302


def test_a_service_for_a_bilingual_municipality_needs_its_swedish_name_and_sentence(client, coordinator):
    response = client.post(NEW, _form(coordinator, municipalities=["445"]))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Parainen on kaksikielinen: anna nimi myös ruotsiksi." in html
    assert "Parainen on kaksikielinen: kirjoita lause myös ruotsiksi." in html
    assert not Service.objects.exists()
    response = client.post(
        NEW,
        _form(
            coordinator, municipalities=["445"], name_sv="Familjecafé", summary_sv="Öppet café för familjer."
        ),
    )
    assert response.status_code == 302
