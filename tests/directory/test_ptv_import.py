"""The PTV importer against a PTV-shaped HTTP server on loopback (tests/directory/ptvserver.py)."""

import io
import math
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from directory.models import Channel, OrganizationPtvId, Service, ServiceHours
from directory.ptv.client import PtvUnavailable, V11HttpClient
from directory.ptv.coords import tm35fin_to_wgs84
from directory.ptv.importer import ptv_import
from tests.directory import ptvserver as ptv
from tests.factories import MunicipalityFactory, OrganizationFactory, VenueFactory
from venues.models import Organization

pytestmark = pytest.mark.django_db

TURKU, KAARINA = "853", "202"


@pytest.fixture
def network():
    return {
        TURKU: MunicipalityFactory(code=TURKU, name_fi="Turku", slug="turku"),
        KAARINA: MunicipalityFactory(code=KAARINA, name_fi="Kaarina", slug="kaarina"),
    }


@pytest.fixture
def fake(network):
    fake = ptv.FakePtv(page_size=2, delay=1.0)
    fake.add_organization(
        ptv.organization("Varha", org_type="RegionalOrganization", business_code="3221331-5")
    )
    fake.add_organization(ptv.organization("MLL Turku ry", business_code="0123456-7"))
    fake.add_organization(ptv.organization("Turun seurakuntayhtymä"))
    fake.add_channel(ptv.location("Neuvola Keskusta", org="Varha", municipality=TURKU), TURKU)
    fake.add_channel(ptv.location("Neuvola Runosmäki", org="Varha", municipality=TURKU, number="5"), TURKU)
    fake.add_channel(ptv.phone("Vanhempainpuhelin", org="MLL Turku ry"))  # reachable by id only
    fake.add_service(
        ptv.service(
            "Lastenneuvola",
            org="Varha",
            municipalities=[TURKU],
            channels=["Neuvola Keskusta", "Neuvola Runosmäki"],
        )
    )
    fake.add_service(
        ptv.service("Perheneuvola", org="Varha", municipalities=[TURKU, KAARINA], classes=["P3.7"])
    )
    fake.add_service(
        ptv.service(
            "Vanhempainpuhelin",
            org="MLL Turku ry",
            municipalities=[TURKU],
            channels=["Vanhempainpuhelin"],
            classes=["P4.12"],
        )
    )
    fake.add_service(
        ptv.service(
            "Perhekerho", org="Turun seurakuntayhtymä", municipalities=[TURKU], classes=["P25.6", "P4.12"]
        )
    )
    fake.add_service(ptv.service("Kotipalvelu", org="Varha", municipalities=[TURKU], classes=["P3.6"]))
    return fake


def run(url: str, *args: str, settings=None) -> str:
    out = io.StringIO()
    call_command("ptv_import", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def ptv_settings(settings):
    settings.PTV_TIMEOUT_SECONDS = 0.4
    settings.PTV_RETRIES = 3
    return settings


def test_several_pages_are_all_imported_and_a_second_run_changes_nothing(fake, ptv_settings):
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        output = run(url, "--municipality", TURKU)
        pages = [r for r in fake.requests if r.startswith("Service/list/area")]
        assert len(pages) == 3  # 5 services, 2 a page, first page 1
        assert Service.objects.filter(is_published=True).count() == 5
        assert "services" in output
        fake.requests.clear()
        second = run(url, "--municipality", TURKU)
    assert Service.objects.count() == 5
    line = next(li for li in second.splitlines() if li.strip().startswith("services"))
    assert line.split()[1:] == ["0", "0", "5", "0", "0"], second
    channels_line = next(li for li in second.splitlines() if li.strip().startswith("channels"))
    assert channels_line.split()[1:4] == ["0", "0", "3"], second


def test_fields_codes_organizations_channels_and_hours(fake, ptv_settings):
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        run(url, "--municipality", TURKU)
    neuvola = Service.objects.get(ptv_id=ptv.pid("service:Lastenneuvola"))
    assert neuvola.source == "ptv"
    assert neuvola.name_fi == "Lastenneuvola"
    assert neuvola.summary == "Lyhyt kuvaus."
    assert [c.code for c in neuvola.service_classes.all()] == ["P5.2"]
    assert [t.code for t in neuvola.target_groups.all()] == ["KR1.2"]
    assert [m.code for m in neuvola.municipalities.all()] == [TURKU]
    assert neuvola.organization.kind == Organization.Kind.COUNTY
    assert neuvola.channels.count() == 2
    assert neuvola.last_imported_at is not None
    assert Organization.objects.get(name_fi="Turun seurakuntayhtymä").kind == Organization.Kind.PARISH
    place = Channel.objects.get(ptv_id=ptv.pid("channel:Neuvola Keskusta"))
    assert place.kind == "visit"
    assert place.street_address == "Kauppiaskatu 1"
    assert place.venue is None
    assert "portaita" in place.accessibility_text
    weekly = place.hours.filter(kind=ServiceHours.Kind.WEEKLY)
    assert sorted(weekly.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    assert place.hours.get(kind="exceptional").is_closed
    helpline = Channel.objects.get(ptv_id=ptv.pid("channel:Vanhempainpuhelin"))
    assert helpline.kind == "phone"
    assert helpline.phone == "0800123123"
    assert helpline.charge == "free"


def test_organizations_matched_by_ptv_id_then_business_id(fake, ptv_settings):
    existing = OrganizationFactory(name_fi="Mannerheimin Lastensuojeluliitto, Turku", business_id="0123456-7")
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        run(url, "--municipality", TURKU)
        link = OrganizationPtvId.objects.get(ptv_id=ptv.pid("org:MLL Turku ry"))
        assert link.organization == existing
        count = Organization.objects.count()
        run(url, "--municipality", TURKU)
    assert Organization.objects.count() == count
    assert Service.objects.get(ptv_id=ptv.pid("service:Vanhempainpuhelin")).organization == existing


def test_a_500_then_success_and_a_timeout_then_success_are_retried(fake, ptv_settings):
    fake.fail_once.add("Service/list/area/Municipality/code/853")
    fake.slow_once.add("Organization/list")
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        run(url, "--municipality", TURKU)
    assert fake.requests.count("Organization/list") == 2
    assert Service.objects.count() == 5


def test_ptv_that_never_answers_in_time_stops_the_import_without_writing(fake, ptv_settings):
    fake.always_slow.add("ServiceChannel/list/area")
    fake.delay = 0.6
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        with pytest.raises(CommandError, match="did not answer"):
            run(url, "--municipality", TURKU)
    assert fake.requests.count("ServiceChannel/list/area/Municipality/code/853") == 4  # 1 + 3 retries
    assert not Service.objects.exists()
    assert not Channel.objects.exists()


def test_client_raises_ptv_unavailable_after_repeated_500s(fake):
    fake.fail_once.update({"Organization/list"})
    with ptv.serve(fake) as url:
        client = V11HttpClient(url, timeout=0.5, retries=0)
        with pytest.raises(PtvUnavailable, match="500"):
            client.organizations([ptv.pid("org:Varha")])


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (lambda r: r.update(id="not-a-uuid"), "not a PTV id"),
        (lambda r: r.update(serviceNames=[]), "no name"),
        (lambda r: r.update(organizations=[]), "no responsible"),
        (lambda r: r.update(serviceClasses=[{"code": "P999.9"}]), "unknown PTV codes"),
        (lambda r: r.update(serviceDescriptions="text"), "not a list"),
    ],
)
def test_a_malformed_service_is_refused_and_the_rest_imported(fake, ptv_settings, breakage, reason):
    breakage(fake.services[TURKU][1])
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        output = run(url, "--municipality", TURKU)
    assert Service.objects.count() == 4
    assert reason in output
    assert "refused service" in output


def test_a_malformed_channel_is_refused_and_its_service_still_imported(fake, ptv_settings):
    fake.channels[TURKU][0]["addresses"][0]["streetAddress"]["latitude"] = "north"
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        output = run(url, "--municipality", TURKU)
    assert "coordinates are not numbers" in output
    assert Service.objects.get(ptv_id=ptv.pid("service:Lastenneuvola")).channels.count() == 1


def test_second_run_one_changed_one_gone_rest_unchanged(fake, ptv_settings):
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        run(url, "--municipality", TURKU)
        changed = fake.services[TURKU][0]
        changed["serviceNames"] = ptv.texts("Lastenneuvola (äitiys- ja lastenneuvola)")
        changed["modified"] = "2026-12-01T10:00:00"
        fake.remove_service(ptv.pid("service:Kotipalvelu"))
        output = run(url, "--municipality", TURKU)
    line = next(li for li in output.splitlines() if li.strip().startswith("services"))
    assert line.split()[1:] == ["0", "1", "3", "1", "0"], output
    gone = Service.objects.get(ptv_id=ptv.pid("service:Kotipalvelu"))
    assert not gone.is_published  # unpublished, not deleted
    assert Service.objects.get(ptv_id=ptv.pid("service:Lastenneuvola")).name_fi.endswith("lastenneuvola)")


def test_a_service_gone_from_one_municipality_keeps_the_other(fake, ptv_settings):
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        run(url)
        fake.services[KAARINA] = []
        run(url, "--municipality", KAARINA)
    counselling = Service.objects.get(ptv_id=ptv.pid("service:Perheneuvola"))
    assert counselling.is_published
    assert [m.code for m in counselling.municipalities.all()] == [TURKU]


def test_a_coordinators_venue_link_survives_the_next_import(fake, ptv_settings, network):
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        run(url, "--municipality", TURKU)
        venue = VenueFactory(organization__municipality=network[TURKU])
        Channel.objects.filter(ptv_id=ptv.pid("channel:Neuvola Keskusta")).update(venue=venue)
        fake.channels[TURKU][0]["modified"] = "2026-12-02T08:00:00"
        run(url, "--municipality", TURKU)
    assert Channel.objects.get(ptv_id=ptv.pid("channel:Neuvola Keskusta")).venue == venue


def test_dry_run_writes_nothing(fake, ptv_settings):
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        output = run(url, "--municipality", TURKU, "--dry-run")
    assert "dry run" in output
    line = next(li for li in output.splitlines() if li.strip().startswith("services"))
    assert line.split()[1] == "5"
    assert not Service.objects.exists()
    assert not Channel.objects.exists()
    assert not OrganizationPtvId.objects.exists()


def test_unknown_municipality_is_a_clear_error(network):
    with pytest.raises(CommandError, match="999"):
        call_command("ptv_import", "--municipality", "999", stdout=io.StringIO())


def _meridian_arc(latitude: float) -> float:
    """GRS80 meridian arc length from the equator, by Simpson's rule: independent of PROJ."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    steps = 2000
    phi = math.radians(latitude)
    h = phi / steps
    total = 0.0
    for i in range(steps + 1):
        x = i * h
        weight = 1 if i in (0, steps) else (4 if i % 2 else 2)
        total += weight * a * (1 - e2) / (1 - e2 * math.sin(x) ** 2) ** 1.5
    return total * h / 3


@pytest.mark.parametrize("latitude", [60.0, 62.5, 65.0])
def test_coordinates_on_the_central_meridian(latitude):
    # ETRS-TM35FIN: central meridian 27°E, false easting 500 000 m, scale 0.9996.
    northing = 0.9996 * _meridian_arc(latitude)
    lat, lon = tm35fin_to_wgs84(northing, 500_000)
    assert lon == Decimal("27.000000")
    assert abs(float(lat) - latitude) < 2e-6


def test_coordinates_east_and_west_of_the_central_meridian_mirror_each_other():
    # A transverse Mercator property: E = 500 000 ± d give the same latitude, longitudes 27° ± x.
    west = tm35fin_to_wgs84(6_711_000, 240_000)  # Turku
    east = tm35fin_to_wgs84(6_711_000, 760_000)
    assert west[0] == east[0]
    assert abs((27 - float(west[1])) - (float(east[1]) - 27)) < 2e-6
    assert 60.3 < float(west[0]) < 60.6
    assert 22.1 < float(west[1]) < 22.4


def test_coordinates_outside_finland_are_refused():
    assert tm35fin_to_wgs84(60.45, 22.27) is None  # WGS84 degrees sent by mistake


def test_imported_coordinates_are_wgs84(fake, ptv_settings):
    with ptv.serve(fake) as url:
        ptv_settings.PTV_API_URL = url
        ptv_import(source=V11HttpClient(url, timeout=1), municipality_codes=[TURKU])
    place = Channel.objects.get(ptv_id=ptv.pid("channel:Neuvola Keskusta"))
    assert 60.3 < place.latitude < 60.6
    assert 22.0 < place.longitude < 22.4
