"""Fixtures shared by the venues tests."""

import pytest

from tests.factories import MembershipFactory, MunicipalityFactory, OrganizationFactory, RegionFactory
from venues.models import County, Membership, Organization


@pytest.fixture
def area():
    county_org = OrganizationFactory(kind=Organization.Kind.COUNTY, municipality=None, slug="varha")
    county = County.objects.create(code="02", slug="varha", name_fi="Varha", organization=county_org)
    region = RegionFactory(county=county)
    turku = MunicipalityFactory(region=region, name_fi="Turku")
    naantali = MunicipalityFactory(region=region, name_fi="Naantali")
    elsewhere = MunicipalityFactory(name_fi="Muualla")  # a region outside the county
    city = OrganizationFactory(kind=Organization.Kind.MUNICIPALITY, municipality=turku, slug="turku")

    def member(org, role):
        return MembershipFactory(organization=org, role=role).user

    ngo = OrganizationFactory(municipality=turku, slug="mll-turku")
    return {
        "turku": turku,
        "naantali": naantali,
        "elsewhere": elsewhere,
        "county_coordinator": member(county_org, Membership.Role.COORDINATOR),
        "county_leader": member(county_org, Membership.Role.LEADER),
        "city_coordinator": member(city, Membership.Role.COORDINATOR),
        "ngo": ngo,
        "ngo_coordinator": member(ngo, Membership.Role.COORDINATOR),
        "ngo_leader": member(ngo, Membership.Role.LEADER),
        "other_coordinator": member(OrganizationFactory(municipality=elsewhere), Membership.Role.COORDINATOR),
    }
