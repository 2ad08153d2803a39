"""A group may belong to a directory service (Group.service): the group form offers its organization's
services, refuses any other, and the group's page and API link to the service."""

import pytest

from directory.models import Service
from events.models import Group
from tests.events import test_workspace_groups as workspace_groups
from tests.events.test_workspace_groups import client_for, errors_of, group_form
from tests.factories import GroupFactory, MembershipFactory, UserFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db

LEADER = Membership.Role.LEADER
COORDINATOR = Membership.Role.COORDINATOR

# The groups workspace's fixtures: two organizations, a leader of the first, and the leader's group.
org_a, org_b, leader, group = (
    workspace_groups.org_a,
    workspace_groups.org_b,
    workspace_groups.leader,
    workspace_groups.group,
)


@pytest.fixture
def family_work(org_a):
    return Service.objects.create(
        slug="perhetyo", name_fi="Perhetyö", name_en="Family work", organization=org_a
    )


@pytest.fixture
def helpline(org_b):
    return Service.objects.create(slug="auttava-puhelin", name_fi="Auttava puhelin", organization=org_b)


EDIT = "/en/leader/groups/vauvaryhma/"
NEW = "/en/leader/groups/new/"


def test_the_edit_form_offers_only_the_organizations_own_services(leader, group, family_work, helpline):
    page = client_for(leader).get(EDIT).content.decode()
    assert 'name="service"' in page
    assert "Family work" in page
    assert "Auttava puhelin" not in page


def test_a_service_of_the_organization_is_saved_and_shown(leader, group, family_work, client):
    response = client_for(leader).post(EDIT, group_form(title_fi="Vauvaryhmä", service=family_work.pk))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.service == family_work
    assert client_for(leader).get(EDIT).context["form"]["service"].value() == family_work.pk

    page = client.get("/fi/groups/vauvaryhma/").content.decode()
    assert 'href="/fi/services/perhetyo/"' in page
    assert "Perhetyö" in page
    body = client.get("/api/v1/groups/vauvaryhma?lang=en").json()
    assert body["service"]["id"] == family_work.pk
    assert body["service"]["name"] == "Family work"
    assert body["service"]["url"].endswith("/en/services/perhetyo/")
    listed = client.get("/api/v1/groups?lang=fi").json()["items"]
    assert [row["service"]["slug"] for row in listed] == ["perhetyo"]

    # "No service" unlinks it.
    assert client_for(leader).post(EDIT, group_form(title_fi="Vauvaryhmä", service="")).status_code == 302
    group.refresh_from_db()
    assert group.service is None
    assert "/fi/services/perhetyo/" not in client.get("/fi/groups/vauvaryhma/").content.decode()
    assert client.get("/api/v1/groups/vauvaryhma").json()["service"] is None


def test_another_organizations_service_is_refused_and_nothing_is_saved(leader, group, family_work, helpline):
    group.service = family_work
    group.save(update_fields=["service"])
    response = client_for(leader).post(
        EDIT, group_form(title_fi="Uusi nimi", audience=Group.Audience.MUMS, service=helpline.pk)
    )
    assert response.status_code == 400
    assert errors_of(response) == {
        "service": ["Choose one of the services of the group's organization, or none."]
    }
    group.refresh_from_db()
    assert (group.title_fi, group.audience, group.service) == (
        "Vauvaryhmä",
        Group.Audience.FAMILIES,
        family_work,
    )


def test_the_refusal_is_in_finnish(leader, group, family_work, helpline):
    response = client_for(leader).post(
        EDIT.replace("/en/", "/fi/"), group_form(title_fi="Vauvaryhmä", service=helpline.pk)
    )
    assert response.status_code == 400
    assert "Valitse jokin ryhmän organisaation palveluista tai ei mitään." in errors_of(response)["service"]


def test_starting_a_group_with_a_service_of_the_other_chosen_organization_is_refused(
    leader, org_a, org_b, family_work, helpline
):
    """A member of two organizations is offered both's services; the service itself checks that the
    service is the chosen organization's."""
    MembershipFactory(user=leader, organization=org_b, role=LEADER)
    client = client_for(leader)
    page = client.get(NEW).content.decode()
    assert "Family work" in page
    assert "Auttava puhelin" in page
    response = client.post(NEW, group_form(organization=org_a.pk, service=helpline.pk))
    assert response.status_code == 400
    assert errors_of(response) == {
        "service": [
            "Auttava puhelin is not a service of Perhekeskus A ry. Choose one of its services, or none."
        ]
    }
    assert not Group.objects.exists()

    response = client.post(NEW, group_form(organization=org_a.pk, service=family_work.pk))
    assert response.status_code == 302
    assert Group.objects.get().service == family_work


def test_a_service_the_organization_produces_is_offered_and_an_unpublished_one_is_not(
    leader, group, org_a, helpline, family_work
):
    helpline.producers.add(org_a)
    Service.objects.filter(pk=family_work.pk).update(is_published=False)
    page = client_for(leader).get(EDIT).content.decode()
    assert "Auttava puhelin" in page
    assert "Family work" not in page
    response = client_for(leader).post(EDIT, group_form(title_fi="Vauvaryhmä", service=family_work.pk))
    assert response.status_code == 400
    assert "service" in errors_of(response)


def test_an_existing_link_to_an_unoffered_service_survives_an_edit(leader, group, helpline):
    """A link made before the rule (an import) stays when the leader edits something else."""
    group.service = helpline
    group.save(update_fields=["service"])
    response = client_for(leader).post(EDIT, group_form(title_fi="Vauvaryhmä 2", service=helpline.pk))
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.title_fi, group.service) == ("Vauvaryhmä 2", helpline)


def test_without_services_to_offer_the_form_does_not_ask(leader, group):
    response = client_for(leader).get(EDIT)
    assert "service" not in response.context["form"].fields
    assert client_for(leader).post(EDIT, group_form(title_fi="Vauvaryhmä")).status_code == 302


def test_who_may_link_a_service_is_who_may_edit_the_group(org_a, org_b, group, family_work):
    outsider = MembershipFactory(organization=org_b, role=COORDINATOR).user
    nobody = UserFactory()
    for user in (outsider, nobody):
        response = client_for(user).post(EDIT, group_form(title_fi="Vauvaryhmä", service=family_work.pk))
        assert response.status_code == 404
    group.refresh_from_db()
    assert group.service is None
    coordinator = MembershipFactory(organization=org_a, role=COORDINATOR).user
    assert (
        client_for(coordinator)
        .post(EDIT, group_form(title_fi="Vauvaryhmä", service=family_work.pk))
        .status_code
        == 302
    )


def test_group_page_links_its_published_service(client):
    group = GroupFactory()
    service = Service.objects.create(
        slug="perhekahvila", name_fi="Perhekahvila", organization=group.organization
    )
    group.service = service
    group.save(update_fields=["service"])
    page = client.get(f"/fi/groups/{group.slug}/").content.decode()
    assert "/fi/services/perhekahvila/" in page
    Service.objects.filter(pk=service.pk).update(is_published=False)
    assert "/fi/services/perhekahvila/" not in client.get(f"/fi/groups/{group.slug}/").content.decode()
    assert client.get(f"/api/v1/groups/{group.slug}").json()["service"] is None


def test_deleting_the_service_keeps_the_group(client):
    group = GroupFactory()
    group.service = Service.objects.create(slug="kerho", name_fi="Kerho", organization=group.organization)
    group.save(update_fields=["service"])
    group.service.delete()
    group.refresh_from_db()
    assert group.service is None
