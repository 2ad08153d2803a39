"""The network's Django admin: list pages, search, filters, and membership writes that keep the rules."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
)
from venues.models import Membership, Organization

pytestmark = pytest.mark.django_db

COORDINATOR = Membership.Role.COORDINATOR
LEADER = Membership.Role.LEADER

# A changelist costs a fixed number of queries (session, user, counts, rows,
# filters); the network below has rows enough that one query per row would
# exceed it several times over.
MAX_CHANGELIST_QUERIES = 8
ROWS = 15


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; PBKDF2's deliberate slowness would cost seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True, email="admin@example.fi")


@pytest.fixture
def admin(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def network():
    """Two sub-regions, ROWS municipalities and organizations, each with a coordinator and a leader."""
    turku = RegionFactory(
        code="023", slug="turku", name_fi="Turun seutukunta", name_sv="Åbo ekonomiska region"
    )
    aboland = RegionFactory(code="025", slug="aboland", name_fi="Turunmaan seutukunta", name_sv="Åboland")
    organizations = []
    for i in range(ROWS):
        municipality = MunicipalityFactory(code=f"{100 + i:03d}", region=turku if i % 2 else aboland)
        organization = OrganizationFactory(municipality=municipality)
        MembershipFactory(organization=organization, role=COORDINATOR)
        MembershipFactory(organization=organization, role=LEADER)
        organizations.append(organization)
    return {"turku": turku, "aboland": aboland, "organizations": organizations}


@pytest.mark.parametrize(
    ("path", "rows"),
    [
        ("/en/admin/venues/region/", 2),
        ("/en/admin/venues/municipality/", ROWS),
        ("/en/admin/venues/organization/", ROWS),
        ("/en/admin/venues/membership/", 2 * ROWS),
        ("/en/admin/accounts/user/", 2 * ROWS + 1),
    ],
)
def test_changelists_answer_with_a_bounded_number_of_queries(
    admin, network, django_assert_max_num_queries, path, rows
):
    with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES):
        response = admin.get(path)
    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


def test_organization_changelist_shows_home_area_and_counts(admin, network):
    organization = network["organizations"][0]
    MembershipFactory(organization=organization, role=LEADER)
    Organization.objects.create(
        name_fi="Hyvinvointialue", slug="hyvinvointialue", kind=Organization.Kind.COUNTY
    )
    response = admin.get("/en/admin/venues/organization/", {"q": organization.name_fi})
    body = response.content.decode()
    assert str(organization.municipality) in body
    assert f'?organization__id__exact={organization.pk}">3</a>' in body
    response = admin.get("/en/admin/venues/organization/", {"q": "hyvinvointialue"})
    assert "whole network" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/en/admin/venues/region/", "025", {"Turunmaan seutukunta"}),
        ("/en/admin/venues/region/", "Åbo ekonomiska", {"Turun seutukunta"}),
        ("/en/admin/venues/municipality/", "Kommun", None),  # Swedish names of every municipality
    ],
)
def test_region_and_municipality_search(admin, network, path, query, expected):
    response = admin.get(path, {"q": query})
    assert response.status_code == 200
    found = {str(obj.name) for obj in response.context["cl"].result_list}
    if expected is None:
        assert len(found) == ROWS
    else:
        assert found == expected


def test_organization_search_by_member_email(admin, network):
    organization = network["organizations"][3]
    leader = organization.memberships.get(role=LEADER).user
    response = admin.get("/en/admin/venues/organization/", {"q": leader.email})
    assert response.status_code == 200
    results = list(response.context["cl"].result_list)
    assert results == [organization]
    assert results[0].member_count == 2
    assert results[0].coordinator_count == 1


def test_searching_members_does_not_multiply_counts(admin, network):
    """Every member's email matches: a joined Count would show 4 (2 matches x 2 members)."""
    response = admin.get("/en/admin/venues/organization/", {"q": "@example.fi"})
    results = list(response.context["cl"].result_list)
    assert len(results) == ROWS
    assert {(o.member_count, o.coordinator_count) for o in results} == {(2, 1)}


def test_organization_search_by_swedish_name(admin, network):
    organization = network["organizations"][5]
    organization.name_sv = "Familjecentralen Solrosen"
    organization.save()
    response = admin.get("/en/admin/venues/organization/", {"q": "solrosen"})
    assert list(response.context["cl"].result_list) == [organization]


def test_membership_search_by_email_and_organization(admin, network):
    organization = network["organizations"][7]
    coordinator = organization.memberships.get(role=COORDINATOR)
    response = admin.get("/en/admin/venues/membership/", {"q": coordinator.user.email})
    assert list(response.context["cl"].result_list) == [coordinator]
    response = admin.get("/en/admin/venues/membership/", {"q": organization.name_fi})
    assert set(response.context["cl"].result_list) == set(organization.memberships.all())


def test_filters_by_sub_region_kind_and_role(admin, network):
    turku = network["turku"]
    county_in_turku = Organization.objects.create(
        name_fi="Seudullinen palvelu", slug="seudullinen", kind=Organization.Kind.PARISH, region=turku
    )
    response = admin.get("/en/admin/venues/organization/", {"sub_region": turku.pk})
    found = set(response.context["cl"].result_list)
    expected = {o for o in network["organizations"] if o.municipality.region_id == turku.pk} | {
        county_in_turku
    }
    assert found == expected
    response = admin.get("/en/admin/venues/organization/", {"kind__exact": Organization.Kind.PARISH})
    assert list(response.context["cl"].result_list) == [county_in_turku]
    response = admin.get("/en/admin/venues/membership/", {"role__exact": COORDINATOR, "sub_region": turku.pk})
    memberships = list(response.context["cl"].result_list)
    assert len(memberships) == ROWS // 2
    assert all(
        m.role == COORDINATOR and m.organization.municipality.region_id == turku.pk for m in memberships
    )


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/venues/region/add/",
        "/en/admin/venues/municipality/add/",
        "/en/admin/venues/organization/add/",
        "/en/admin/venues/membership/add/",
    ],
)
def test_add_pages_offer_every_language(admin, path):
    response = admin.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    if "membership" not in path:
        for field in ("name_fi", "name_sv", "name_en"):
            assert f'name="{field}"' in body
        assert "prepopulated_fields" in body or "data-prepopulated-fields" in body


def test_organization_change_page_has_member_inline(admin, network):
    organization = network["organizations"][0]
    response = admin.get(f"/en/admin/venues/organization/{organization.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="memberships-TOTAL_FORMS"' in body
    for membership in organization.memberships.all():
        assert membership.user.email in body
    assert "readonly" in body  # created / updated


# --- membership writes keep the rules -------------------------------------------------------


def organization_post_data(organization, rows):
    """The change form of an organization, with its membership inline as `rows` (dicts)."""
    data = {
        "name_fi": organization.name_fi,
        "name_sv": organization.name_sv or "",
        "name_en": organization.name_en or "",
        "slug": organization.slug,
        "kind": organization.kind,
        "is_active": "on",
        "municipality": organization.municipality_id or "",
        "region": organization.region_id or "",
        "business_id": "",
        "website": "",
        "email": "",
        "phone": "",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data[f"memberships-{i}-id"] = row.get("id", "")
        data[f"memberships-{i}-organization"] = organization.pk
        data[f"memberships-{i}-user"] = row.get("user", "")
        data[f"memberships-{i}-role"] = row["role"]
        if row.get("delete"):
            data[f"memberships-{i}-DELETE"] = "on"
    return data


@pytest.fixture
def organization():
    organization = OrganizationFactory()
    MembershipFactory(organization=organization, role=COORDINATOR, user__email="coordinator@example.fi")
    MembershipFactory(organization=organization, role=LEADER, user__email="leader@example.fi")
    return organization


def rows_of(organization, **changes):
    rows = []
    for membership in organization.memberships.order_by("pk"):
        row = {"id": membership.pk, "user": membership.user_id, "role": membership.role}
        row.update(changes.get(membership.user.email, {}))
        rows.append(row)
    return rows


def roles(organization):
    return dict(organization.memberships.values_list("user__email", "role"))


def test_inline_refuses_deleting_the_last_coordinator(admin, organization):
    url = f"/en/admin/venues/organization/{organization.pk}/change/"
    data = organization_post_data(
        organization, rows_of(organization, **{"coordinator@example.fi": {"delete": True}})
    )
    response = admin.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "An organization needs at least one coordinator" in response.content.decode()
    assert roles(organization) == {"coordinator@example.fi": COORDINATOR, "leader@example.fi": LEADER}


def test_inline_refuses_demoting_the_last_coordinator(admin, organization):
    url = f"/en/admin/venues/organization/{organization.pk}/change/"
    data = organization_post_data(
        organization, rows_of(organization, **{"coordinator@example.fi": {"role": LEADER}})
    )
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "An organization needs at least one coordinator" in response.content.decode()
    assert roles(organization)["coordinator@example.fi"] == COORDINATOR


def test_inline_swaps_coordinators_in_one_submission(admin, organization):
    url = f"/en/admin/venues/organization/{organization.pk}/change/"
    data = organization_post_data(
        organization,
        rows_of(
            organization,
            **{"coordinator@example.fi": {"delete": True}, "leader@example.fi": {"role": COORDINATOR}},
        ),
    )
    response = admin.post(url, data)
    assert response.status_code == 302
    assert roles(organization) == {"leader@example.fi": COORDINATOR}


def test_inline_adds_a_member_through_the_service(admin, superuser, organization):
    newcomer = UserFactory(email="newcomer@example.fi")
    url = f"/en/admin/venues/organization/{organization.pk}/change/"
    rows = [*rows_of(organization), {"user": newcomer.pk, "role": LEADER}]
    response = admin.post(url, organization_post_data(organization, rows))
    assert response.status_code == 302
    membership = Membership.objects.get(organization=organization, user=newcomer)
    assert membership.created_by == superuser


def test_inline_does_not_move_a_membership_to_another_person(admin, organization):
    other = UserFactory(email="other@example.fi")
    url = f"/en/admin/venues/organization/{organization.pk}/change/"
    data = organization_post_data(
        organization, rows_of(organization, **{"leader@example.fi": {"user": other.pk}})
    )
    admin.post(url, data)
    assert roles(organization) == {"coordinator@example.fi": COORDINATOR, "leader@example.fi": LEADER}


def test_deleting_the_last_coordinator_is_refused(admin, organization):
    coordinator = organization.memberships.get(role=COORDINATOR)
    logs_before = LogEntry.objects.count()
    response = admin.post(
        f"/en/admin/venues/membership/{coordinator.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "An organization needs at least one coordinator. Add another coordinator first."
    ]
    assert Membership.objects.filter(pk=coordinator.pk).exists()
    assert LogEntry.objects.count() == logs_before


def test_deleting_a_leader_works(admin, organization):
    leader = organization.memberships.get(role=LEADER)
    response = admin.post(f"/en/admin/venues/membership/{leader.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=leader.pk).exists()


def test_bulk_delete_is_refused_as_a_whole(admin, organization):
    pks = list(organization.memberships.values_list("pk", flat=True))
    response = admin.post(
        "/en/admin/venues/membership/",
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["An organization needs at least one coordinator. Add another coordinator first."]
    assert organization.memberships.count() == 2


def test_bulk_delete_of_leaders_works(admin, organization):
    leader = organization.memberships.get(role=LEADER)
    response = admin.post(
        "/en/admin/venues/membership/",
        {"action": "delete_selected", "_selected_action": [leader.pk], "post": "yes"},
        follow=True,
    )
    assert "Successfully deleted 1 membership." in [str(m) for m in response.context["messages"]]
    assert not Membership.objects.filter(pk=leader.pk).exists()


def test_demoting_the_last_coordinator_in_the_membership_form_is_refused(admin, organization):
    coordinator = organization.memberships.get(role=COORDINATOR)
    url = f"/en/admin/venues/membership/{coordinator.pk}/change/"
    response = admin.post(url, {"role": LEADER}, follow=True)
    assert response.status_code == 200
    assert "An organization needs at least one coordinator. Add another coordinator first." in [
        str(m) for m in response.context["messages"]
    ]
    coordinator.refresh_from_db()
    assert coordinator.role == COORDINATOR


def test_membership_form_changes_a_role_and_adds(admin, superuser, organization):
    leader = organization.memberships.get(role=LEADER)
    response = admin.post(f"/en/admin/venues/membership/{leader.pk}/change/", {"role": COORDINATOR})
    assert response.status_code == 302
    leader.refresh_from_db()
    assert leader.role == COORDINATOR

    newcomer = UserFactory(email="newcomer@example.fi")
    response = admin.post(
        "/en/admin/venues/membership/add/",
        {"user": newcomer.pk, "organization": organization.pk, "role": LEADER},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer, organization=organization).created_by == superuser


def test_staff_coordinator_manages_only_their_own_organization(organization, network):
    """Admin rights on memberships do not reach past the network's rules."""
    staff = organization.memberships.get(role=COORDINATOR).user
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="_membership"))
    led_elsewhere = network["organizations"][1]
    MembershipFactory(organization=led_elsewhere, user=staff, role=LEADER)
    client = Client()
    client.force_login(staff)

    response = client.get("/en/admin/venues/membership/")
    assert set(response.context["cl"].result_list) == set(
        Membership.objects.filter(organization__in=[organization, led_elsewhere])
    )
    # Seen but not theirs to manage (they only lead there): refused.
    colleague = led_elsewhere.memberships.exclude(user=staff).get(role=LEADER)
    assert (
        client.post(f"/en/admin/venues/membership/{colleague.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    # Not even seen: answered as missing.
    unseen = network["organizations"][0].memberships.get(role=LEADER)
    response = client.post(f"/en/admin/venues/membership/{unseen.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"
    assert Membership.objects.filter(pk__in=[colleague.pk, unseen.pk]).count() == 2
    # Their own organization: allowed.
    own_leader = organization.memberships.get(role=LEADER)
    assert (
        client.post(f"/en/admin/venues/membership/{own_leader.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert not Membership.objects.filter(pk=own_leader.pk).exists()
