"""The API over HTTP (issue 15): validators and 304s, OPTIONS, 405, one translated error shape,
and an OpenAPI document whose enums and date bounds say what the endpoints accept."""

import pytest

from tests.factories import VenueFactory
from venues.models import Organization, Venue

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def venue():
    return VenueFactory(slug="keskus")


@pytest.mark.parametrize("path", ["/venues", "/venues/keskus", "/regions", "/openapi.json"])
def test_answers_carry_validators_and_revalidate_with_304(client, venue, path):
    first = client.get(f"{API}{path}")
    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Last-Modified" in first
    by_etag = client.get(f"{API}{path}", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(f"{API}{path}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag["ETag"] == first["ETag"]
    assert by_etag["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{API}{path}", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_change_gives_a_new_etag_and_a_later_last_modified(client, venue):
    first = client.get(f"{API}/venues/keskus")
    Venue.objects.filter(pk=venue.pk).update(phone="02 999 9999")
    changed = client.get(f"{API}/venues/keskus", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert (
        client.get(f"{API}/venues/keskus", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
    )


@pytest.mark.parametrize("path", ["/venues", "/sessions", "/venues/keskus"])
def test_options_answers_a_preflight_not_405_html(client, venue, path):
    response = client.options(f"{API}{path}", HTTP_ORIGIN="https://kunta.example")
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == b""


def test_other_methods_are_405_in_the_error_shape(client, venue):
    response = client.post(f"{API}/venues", {"name": "x"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"code", "detail", "errors"}
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("lang", "words"), [("fi", "Tarkista"), ("sv", "Kontrollera"), ("en", "Check the parameters")]
)
def test_errors_have_one_shape_in_the_language_asked(client, venue, lang, words):
    invalid = client.get(f"{API}/venues?limit=0&lang={lang}")
    missing = client.get(f"{API}/venues/nope?lang={lang}")
    unknown = client.get(f"{API}/nothing-here?lang={lang}")
    for response in (invalid, missing, unknown):
        assert set(response.json()) == {"code", "detail", "errors"}, response.json()
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "invalid"
    assert words in invalid.json()["detail"]
    assert "limit" in invalid.json()["detail"]
    (issue,) = invalid.json()["errors"]
    assert issue["loc"][-1] == "limit"
    assert "input" not in issue
    assert (missing.status_code, unknown.status_code) == (404, 404)
    assert missing.json()["code"] == unknown.json()["code"] == "not_found"
    assert missing.json()["detail"] == unknown.json()["detail"]
    if lang != "en":
        assert missing.json()["detail"] != "Not found."


def _parameter(document, path, name):
    return next(p for p in document["paths"][f"{API}{path}"]["get"]["parameters"] if p["name"] == name)


def _enum(document, schema):
    ref = next(item["$ref"] for item in schema["anyOf"] if "$ref" in item)
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]["enum"]


def test_openapi_enums_of_venue_and_provider_kinds_are_their_own(client):
    document = client.get(f"{API}/openapi.json").json()
    venue_kinds = _enum(document, _parameter(document, "/venues", "kind")["schema"])
    provider_kinds = _enum(document, _parameter(document, "/groups", "provider_kind")["schema"])
    assert venue_kinds == list(Venue.Kind.values)
    assert provider_kinds == list(Organization.Kind.values)
    assert "Kind" not in document["components"]["schemas"]


def test_openapi_states_the_date_bound(client):
    document = client.get(f"{API}/openapi.json").json()
    schema = _parameter(document, "/sessions", "date_from")["schema"]
    date = next(item for item in schema["anyOf"] if item.get("format") == "date")
    assert date["formatMinimum"] == "2000-01-01"
    assert date["formatMaximum"] == "2100-12-31"
    assert date["pattern"] == r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"
