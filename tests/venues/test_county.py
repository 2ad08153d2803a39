"""The wellbeing services county above the sub-regions, and who coordinates it."""

import io

import pytest
from django.core.management import call_command

from tests.factories import MembershipFactory, OrganizationFactory, RegionFactory, UserFactory
from venues.demo import network
from venues.models import County, Membership, Organization, Region
from venues.permissions import coordinated_county_ids

pytestmark = pytest.mark.django_db


def test_county_coordinator_sees_the_county_leaders_and_others_do_not():
    county_org = OrganizationFactory(kind=Organization.Kind.COUNTY, municipality=None)
    county = County.objects.create(code="02", slug="varha", name_fi="Varha", organization=county_org)
    coordinator = MembershipFactory(organization=county_org, role=Membership.Role.COORDINATOR).user
    leader = MembershipFactory(organization=county_org, role=Membership.Role.LEADER).user
    other = MembershipFactory(role=Membership.Role.COORDINATOR).user
    assert coordinated_county_ids(coordinator) == [county.pk]
    assert coordinated_county_ids(leader) == []
    assert coordinated_county_ids(other) == []
    assert coordinated_county_ids(None) == []
    coordinator.is_active = False
    assert coordinated_county_ids(coordinator) == []
    assert coordinated_county_ids(UserFactory()) == []


def test_a_region_may_belong_to_a_county():
    county = County.objects.create(code="03", slug="satakunta", name_fi="Satakunta")
    region = RegionFactory(county=county)
    assert list(county.regions.all()) == [region]


def test_seed_demo_ties_varha_to_every_sub_region_and_prints_the_new_logins(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("seed_demo", "--only", "network", stdout=out, stderr=io.StringIO())
    varha = County.objects.get(slug="varha")
    assert varha.organization.slug == "varsinais-suomen-hyvinvointialue"
    assert varha.organization.kind == Organization.Kind.COUNTY
    assert set(Region.objects.values_list("county__slug", flat=True)) == {"varha"}
    printed = out.getvalue()
    assert "county@demo.perhekeskus.invalid" in printed
    assert "ngo@demo.perhekeskus.invalid" in printed
    county_user = Membership.objects.get(user__email="county@demo.perhekeskus.invalid")
    assert coordinated_county_ids(county_user.user) == [varha.pk]
    ngo = Membership.objects.get(user__email="ngo@demo.perhekeskus.invalid")
    assert (ngo.role, ngo.organization.kind) == (Membership.Role.COORDINATOR, Organization.Kind.NGO)
    assert len(network.COUNTIES) == 1
    # Idempotent: a second run changes no county.
    again = io.StringIO()
    call_command("seed_demo", "--only", "network", stdout=again, stderr=io.StringIO())
    assert County.objects.get(slug="varha").organization_id == varha.organization_id
