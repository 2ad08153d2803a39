"""The directory's admin pages open, and a PTV entry is read-only there but for the venue link."""

import pytest

from directory.models import Channel, Service
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_and_ptv_entries_read_only(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    org = OrganizationFactory()
    service = Service.objects.create(
        slug="neuvola",
        name_fi="Neuvola",
        organization=org,
        source="ptv",
        ptv_id="9a8b7c6d-0000-4000-8000-000000000001",
    )
    channel = Channel.objects.create(
        kind="visit", name_fi="Paikka", source="ptv", ptv_id="9a8b7c6d-0000-4000-8000-000000000002"
    )
    for url in (
        "/fi/admin/directory/service/",
        "/fi/admin/directory/channel/",
        "/fi/admin/directory/serviceclass/",
        "/fi/admin/directory/organizationptvid/",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/fi/admin/directory/service/{service.pk}/change/").content.decode()
    assert 'name="name_fi"' not in page  # read-only: edited in PTV
    page = client.get(f"/fi/admin/directory/channel/{channel.pk}/change/").content.decode()
    assert 'name="venue"' in page  # a coordinator may link the place to a venue
    assert 'name="name_fi"' not in page
