"""/api/v1/services and the PTV-ready export of a local service (PTV.md §9)."""

import pytest

from directory.models import Channel, OrganizationPtvId, Service, ServiceClass, TargetGroup
from directory.ptv.export import ptv_payload
from tests.factories import MunicipalityFactory, OrganizationFactory, VenueFactory

pytestmark = pytest.mark.django_db

KOKO = "http://www.yso.fi/onto/koko/p32775"


@pytest.fixture
def local():
    turku = MunicipalityFactory(code="853")
    org = OrganizationFactory(name_fi="MLL Turku", municipality=turku)
    OrganizationPtvId.objects.create(organization=org, ptv_id="9a8b7c6d-0000-4000-8000-000000000001")
    service = Service.objects.create(
        slug="vertaisryhma",
        name_fi="Vauvaperheiden vertaisryhmä",
        summary_fi="Vertaistukea vauvaperheille.",
        description_fi="Tapaamme tiistaisin.",
        organization=org,
        languages="fi",
        ontology_terms=[KOKO],
    )
    service.municipalities.add(turku)
    service.service_classes.add(*ServiceClass.objects.filter(code__in=["P4.12", "P3.2"]))
    service.target_groups.add(TargetGroup.objects.get(code="KR1.2"))
    venue = VenueFactory(organization=org, municipality=turku, latitude=60.45, longitude=22.27)
    visit = Channel.objects.create(kind="visit", name_fi="Perhekahvila", venue=venue)
    service.channels.add(visit)
    return service


def test_list_with_channels_and_coordinates(client, local):
    body = client.get("/api/v1/services?municipality=853").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == local.pk
    assert item["slug"] == "vertaisryhma"
    assert item["ptv_id"] is None
    assert item["organization"]["name"] == "MLL Turku"
    assert item["channels"][0]["kind"] == "visit"
    assert item["channels"][0]["latitude"] == 60.45
    assert client.get("/api/v1/services?municipality=202").json()["count"] == 0


def test_bad_filters_are_422(client, local):
    assert client.get("/api/v1/services?municipality=<b>").status_code == 422
    assert client.get("/api/v1/services?channel=pigeon").status_code == 422


def test_valid_local_service_gives_the_v11_payload(client, local):
    body = client.get(f"/api/v1/services/{local.pk}/ptv").json()
    assert body["valid"], body["problems"]
    payload = body["payload"]
    assert payload["sourceId"] == f"perhekeskus-{local.uid}"
    assert payload["serviceNames"] == [
        {"type": "Name", "language": "fi", "value": "Vauvaperheiden vertaisryhmä"}
    ]
    assert "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P4.12" in payload["serviceClasses"]
    assert payload["targetGroups"] == ["http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/KR1.2"]
    assert payload["areas"] == [{"type": "Municipality", "areaCodes": ["853"]}]
    assert payload["mainResponsibleOrganization"] == "9a8b7c6d-0000-4000-8000-000000000001"
    assert payload["publishingStatus"] == "Published"
    # Stable: the same sourceId every time.
    assert client.get(f"/api/v1/services/{local.pk}/ptv").json()["payload"]["sourceId"] == payload["sourceId"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda s: s.service_classes.set(ServiceClass.objects.filter(code="P3")), "sub_class"),
        (
            lambda s: s.service_classes.set(ServiceClass.objects.filter(code__startswith="P3.")[:5]),
            "too_many_classes",
        ),
        (
            lambda s: Service.objects.filter(pk=s.pk).update(
                ontology_terms=[KOKO + str(i) for i in range(11)]
            ),
            "too_many_terms",
        ),
        (lambda s: Service.objects.filter(pk=s.pk).update(name_fi=""), "name_fi"),
        (lambda s: s.target_groups.clear(), "target_groups"),
        (lambda s: OrganizationPtvId.objects.all().delete(), "organization"),
    ],
)
def test_payload_is_not_offered_until_ptv_rules_pass(client, local, change, code):
    change(local)
    body = client.get(f"/api/v1/services/{local.pk}/ptv").json()
    assert not body["valid"]
    assert body["payload"] is None
    assert code in [p["code"] for p in body["problems"]]


def test_ptv_sourced_and_unknown_services(client, local):
    Service.objects.filter(pk=local.pk).update(source="ptv", ptv_id="9a8b7c6d-0000-4000-8000-0000000000ff")
    assert client.get(f"/api/v1/services/{local.pk}/ptv").json()["problems"][0]["code"] == "from_ptv"
    assert client.get("/api/v1/services/999999/ptv").status_code == 404
    Service.objects.filter(pk=local.pk).update(is_published=False)
    assert client.get(f"/api/v1/services/{local.pk}/ptv").status_code == 404


def test_openapi_documents_the_services_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/services" in paths
    assert "/api/v1/services/{service_id}/ptv" in paths


def test_a_summary_over_150_characters_is_refused(local):
    # The column holds 150 characters; a longer text can only come from a form or code in memory.
    local.summary_fi = "x" * 151
    assert "summary_length" in [p["code"] for p in ptv_payload(local).problems]
