"""Providers keep their local services: plain-language choices to PTV codes, hours, "checked today"."""

import datetime

import pytest
from django.utils import timezone

from directory.models import Channel, Service
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    UserFactory,
    VenueFactory,
)
from venues.models import Membership

pytestmark = pytest.mark.django_db

NEW = "/fi/leader/services/new/"


@pytest.fixture
def coordinator(client):
    turku = MunicipalityFactory(code="853", name_fi="Turku")
    org = OrganizationFactory(name_fi="MLL Turku", municipality=turku)
    user = UserFactory()
    MembershipFactory(user=user, organization=org, role=Membership.Role.COORDINATOR)
    client.force_login(user)
    return org


def _form(org, **extra):
    data = {
        "organization": org.pk,
        "name_fi": "Perhekahvila",
        "summary_fi": "Avoin kahvila vauvaperheille.",
        "description_fi": "Tiistaisin.",
        "what": "meeting_place",
        "who": ["families"],
        "situations": ["baby"],
        "languages": ["fi", "sv"],
        "municipalities": ["853"],
        "charge": "free",
    }
    data.update(extra)
    return data


def test_plain_language_choices_map_to_ptv_codes(client, coordinator):
    response = client.post(NEW, _form(coordinator))
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.source == "local"
    assert sorted(c.code for c in service.service_classes.all()) == ["P25.5", "P4.12"]
    assert [g.code for g in service.target_groups.all()] == ["KR1.2"]
    assert [e.code for e in service.life_events.all()] == ["KE1"]
    assert service.languages == "fi,sv"
    assert service.last_checked_at is not None


def test_bad_input_is_refused_with_errors_not_500(client, coordinator):
    response = client.post(
        NEW,
        _form(coordinator, summary_fi="x" * 151, what="spaceship", age_min_months="24", age_max_months="12"),
    )
    assert response.status_code == 422
    assert not Service.objects.exists()


def test_a_leader_of_another_organization_cannot_edit(client, coordinator):
    client.post(NEW, _form(coordinator))
    service = Service.objects.get()
    client.force_login(UserFactory())
    assert client.get(f"/fi/leader/services/{service.pk}/").status_code == 404
    assert client.post(f"/fi/leader/services/{service.pk}/checked/").status_code == 404


def test_ptv_entries_are_read_only(client, coordinator):
    service = Service.objects.create(
        slug="neuvola",
        name_fi="Neuvola",
        organization=coordinator,
        source="ptv",
        ptv_id="9a8b7c6d-0000-4000-8000-000000000001",
    )
    page = client.get(f"/fi/leader/services/{service.pk}/").content.decode()
    assert "PTV" in page
    assert '<form method="post" novalidate>' not in page
    client.post(f"/fi/leader/services/{service.pk}/", _form(coordinator, name_fi="Muutettu"))
    service.refresh_from_db()
    assert service.name_fi == "Neuvola"
    client.post(f"/fi/leader/services/{service.pk}/checked/")
    service.refresh_from_db()
    assert service.last_checked_at is None


def test_channel_with_weekly_hours(client, coordinator):
    client.post(NEW, _form(coordinator))
    service = Service.objects.get()
    venue = VenueFactory(organization=coordinator, municipality=coordinator.municipality)
    response = client.post(
        f"/fi/leader/services/{service.pk}/channels/new/",
        {"kind": "visit", "name_fi": "Kahvila", "venue": venue.pk, "opens_1": "10:00", "closes_1": "12:00"},
    )
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert channel.venue == venue
    assert [(h.weekday, h.opens.hour, h.closes.hour) for h in channel.hours.all()] == [(1, 10, 12)]
    bad = client.post(
        f"/fi/leader/services/{service.pk}/channels/new/",
        {"kind": "phone", "name_fi": "Puhelin", "opens_0": "12:00", "closes_0": "10:00"},
    )
    assert bad.status_code == 422
    assert Channel.objects.count() == 1


def test_entries_not_checked_for_six_months_are_listed_and_checked_today(client, coordinator):
    client.post(NEW, _form(coordinator))
    service = Service.objects.get()
    Service.objects.filter(pk=service.pk).update(
        last_checked_at=timezone.now() - datetime.timedelta(days=200)
    )
    page = client.get("/fi/leader/services/").content.decode()
    assert "stale-heading" in page
    client.post(f"/fi/leader/services/{service.pk}/checked/")
    service.refresh_from_db()
    assert service.last_checked_at > timezone.now() - datetime.timedelta(minutes=1)
    assert "stale-heading" not in client.get("/fi/leader/services/").content.decode()


def test_coordinator_page_says_what_is_missing_for_ptv(client, coordinator):
    client.post(NEW, _form(coordinator))
    service = Service.objects.get()
    page = client.get(f"/fi/leader/services/{service.pk}/").content.decode()
    assert "ptv-heading" in page
