"""Property-based run of the public API against its own OpenAPI document (schemathesis).

Every operation gets generated requests, valid ones and invalid ones, sent through the
real WSGI application (`config.wsgi.application`, all middleware included) to a database
seeded with venues, groups (one unlisted) and sessions. Each response must not be a 5xx,
must have a status the document declares, and a body that matches the declared schema.
Derandomized, with a bounded number of examples, so a run is reproducible and quick.
"""

import datetime as dt
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from events.api import api
from events.models import Group
from events.selectors import helsinki_today
from tests.events.test_api import make_group, room_for, schedule
from tests.events.test_venue_pages import ROOM_STEP_FREE, STEP_FREE, survey, survey_room
from tests.factories import MunicipalityFactory, OrganizationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

# The WSGI transport does not decode Content-Encoding: ask for the bytes as they are.
IDENTITY = {"Accept-Encoding": "identity"}
PREFIX = "/api/v1/"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The document as the app serves it; requests go to the WSGI app, not over the network.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=PREFIX))
schema.app = application


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the connection after each request; the test's transaction lives on it.

    Django's test client detaches the same receivers for the same reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded() -> dict[str, object]:
    """A public group meeting now and in 2027, an unlisted one, a third in another municipality."""
    leader = UserFactory()
    region = RegionFactory(slug="turun-seutu")
    turku = MunicipalityFactory(code="853", region=region)
    near = room_for(leader, slug="keskus", organization=OrganizationFactory(municipality=turku))
    far = room_for(leader, slug="salon-talo")
    survey(near.venue, STEP_FREE)
    survey_room(near, ROOM_STEP_FREE)
    public = make_group(leader, near, "Vauvaryhmä", in_swedish=True, age_min_months=0, age_max_months=12)
    unlisted = make_group(leader, far, "Salainen ryhmä", visibility=Group.Visibility.UNLISTED)
    other = make_group(leader, far, "Isien ryhmä", topic=Group.Topic.OUTDOOR, age_min_months=24)
    today = helsinki_today()
    sessions = schedule(leader, public, near, today, today + dt.timedelta(days=20), weekdays=tuple(range(7)))
    schedule(leader, public, near, dt.date(2027, 3, 1), dt.date(2027, 3, 31))
    schedule(leader, unlisted, far, today, today + dt.timedelta(days=20), weekdays=(1, 3))
    schedule(leader, other, far, dt.date(2027, 4, 1), dt.date(2027, 4, 30), weekdays=(2,))
    return {"public": public, "unlisted": unlisted, "venue": near.venue, "session": sessions[-1]}


def test_the_openapi_document_is_valid_and_declares_every_status():
    schema.validate()  # raises on a document that breaks the OpenAPI 3.1 meta-schema
    document = api.get_openapi_schema(path_prefix=PREFIX)
    for path, item in document["paths"].items():
        responses = item["get"]["responses"]
        assert {"200", "422"} <= {str(code) for code in responses}, path
        if "{" in path:
            assert "404" in {str(code) for code in responses}, path
        for answer in responses.values():
            assert "schema" in answer["content"]["application/json"], path


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    # The seeded rows are only read, so one fixture run serves every example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_breaks_the_api(case, seeded):
    case.call_and_validate(checks=CHECKS, headers=IDENTITY)


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/venues/{slug}", "venue"),
        ("/api/v1/groups/{slug}", "public"),
        ("/api/v1/sessions/{session_id}", "session"),
    ],
)
def test_existing_rows_conform_to_the_schema(seeded, path, parameter):
    """Generated slugs rarely exist: the 200 bodies of the detail operations, checked on real rows."""
    row = seeded[parameter]
    key = "session_id" if parameter == "session" else "slug"
    value = row.pk if parameter == "session" else row.slug
    case = schema[path]["GET"].Case(path_parameters={key: value}, query={"lang": "sv"})
    response = case.call_and_validate(checks=CHECKS, headers=IDENTITY)
    assert response.status_code == 200
    assert json.loads(response.content)


def test_the_unlisted_group_stays_a_conforming_404(seeded):
    case = schema["/api/v1/groups/{slug}"]["GET"].Case(path_parameters={"slug": seeded["unlisted"].slug})
    response = case.call_and_validate(checks=CHECKS, headers=IDENTITY)
    assert response.status_code == 404
    assert json.loads(response.content)["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"offset": 10**20}, "offset"),
        ({"date_from": "9999-12-31"}, "date_from"),
        ({"date_to": "0001-01-01"}, "date_to"),
        ({"region": "turun\x00seutu"}, "region"),
        ({"topic": "knitting"}, "topic"),
    ],
)
def test_bad_input_found_by_fuzzing_is_a_clear_422(client, query, parameter):
    response = client.get(f"{PREFIX}sessions", query)
    assert response.status_code == 422
    assert any(issue["loc"][-1] == parameter for issue in response.json()["errors"])


def test_unparseable_ids_and_slugs_are_4xx(client):
    assert client.get(f"{PREFIX}sessions/{10**30}").status_code == 422
    assert client.get(f"{PREFIX}venues/%00").status_code == 422
