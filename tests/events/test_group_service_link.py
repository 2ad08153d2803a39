"""A group may belong to a directory service (Group.service); its page links to the service."""

import pytest

from directory.models import Service
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


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


def test_deleting_the_service_keeps_the_group(client):
    group = GroupFactory()
    group.service = Service.objects.create(slug="kerho", name_fi="Kerho", organization=group.organization)
    group.save(update_fields=["service"])
    group.service.delete()
    group.refresh_from_db()
    assert group.service is None
