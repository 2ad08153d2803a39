"""The demo directory comes through the real importer's parser, from v11-shaped files."""

import io

import pytest
from django.core.management import call_command

from directory.models import Channel, Service

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_directory_through_the_importer(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--only", "venues", stdout=io.StringIO(), stderr=io.StringIO())
    services = Service.objects.filter(source="ptv", is_published=True)
    assert services.count() == 15
    swedish = services.filter(languages__startswith="sv", municipalities__code__in=["445", "322"]).distinct()
    assert swedish.count() >= 4
    assert Channel.objects.filter(kind="chat").exists()
    assert Channel.objects.filter(kind="phone", charge="free").exists()
    assert Channel.objects.get(venue__slug="perhekeskus-varissuo").kind == "visit"
    # No personal data: contacts are fictional and nobody is named.
    assert not Channel.objects.exclude(email="").exclude(email__endswith=".invalid").exists()
    out = io.StringIO()
    call_command("seed_demo", "--only", "venues", stdout=out, stderr=io.StringIO())
    line = next(li for li in out.getvalue().splitlines() if li.strip().startswith("services"))
    assert line.split()[1:] == ["15", "0", "0", "15"]
