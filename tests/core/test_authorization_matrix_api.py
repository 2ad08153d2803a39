"""Who may read what through the APIs (issue 15): every `/api/v1/` endpoint of the OpenAPI
document, the metrics JSON and every Linked Events URL the resolver knows, for the five roles of
`test_authorization_matrix.py` (anonymous, a family with a manage link, a leader, a coordinator
of the same organization and one of another), with exact statuses.

Public endpoints answer every role the same status and the same bytes (they never read the
cookie); the metrics API refuses those without an account (401) and an account that leads
nothing (403), and shows a coordinator of another organization none of this one's figures;
no API ever writes (405). Unlisted groups never appear in any answer, and their own URLs are
404 for everyone, their organization's coordinator included: the APIs are public only.
"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import translation

from events.models import Group
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from linkedevents.ids import organization_id, place_id, prefixed
from linkedevents.models import Keyword
from tests.core.test_authorization_matrix import ROLES, _client_for, _routes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_world(world):
    """The matrix world, with an unlisted group of the same organization holding a session."""
    today = dt.date.today()  # noqa: DTZ011 (a date, not a moment)
    hidden = group_create(
        actor=world["coordinator"],
        organization=world["organization"],
        data={
            "title_fi": "Salainen tukiryhmä",
            "topic": "peer_support",
            "signup_mode": "per_session",
            "visibility": Group.Visibility.UNLISTED,
        },
    )
    hidden_series = series_create(
        actor=world["coordinator"],
        group=hidden,
        spec=SeriesSpec(
            room=world["room"],
            first_date=today + dt.timedelta(days=3),
            last_date=today + dt.timedelta(days=3),
            start_time=dt.time(14),
            duration_minutes=60,
            weekdays=((today + dt.timedelta(days=3)).weekday(),),
            skip_public_holidays=False,
        ),
    ).series
    world["hidden"] = hidden
    world["hidden_session"] = hidden_series.sessions.get()
    return world


def api_urls(world) -> list[str]:
    """Every GET operation of the public OpenAPI document, its path parameters filled."""
    document = Client().get("/api/v1/openapi.json").json()
    values = {
        "venues": world["room"].venue.slug,
        "groups": world["group"].slug,
        "sessions": world["session"].pk,
        "services": world["values"]["services"],
    }
    urls = []
    for template, operations in document["paths"].items():
        assert "get" in operations, template
        segments = template.split("/")
        filled = [
            str(values[segments[i - 1]]) if re.fullmatch(r"\{\w+\}", part) else part
            for i, part in enumerate(segments)
        ]
        urls.append("/".join(filled))
    assert len(urls) >= 9  # the document was read
    return urls


def linkedevents_urls(world) -> list[str]:
    values = {
        "event": prefixed(world["session"].uid),
        "place": place_id(world["room"].venue),
        "keyword": Keyword.objects.order_by("pk").first().pk,
        "organization": organization_id(world["organization"]),
        "language": "fi",
    }
    with translation.override("fi"):
        routes = sorted({route for route in _routes() if route.startswith("linkedevents/v1/")})
    urls = []
    for route in routes:
        endpoint = route.split("/")[2]
        urls.append("/" + route.replace("<str:object_id>", str(values[endpoint])))
    assert len(urls) == 10
    return urls


def _public_urls(world):
    return api_urls(world) + linkedevents_urls(world)


def test_public_endpoints_answer_every_role_the_same(client, api_world):
    urls = _public_urls(api_world)
    answers = {}
    for role in ROLES:
        role_client = _client_for(role, api_world, Client())
        for url in urls:
            response = role_client.get(url)
            answers.setdefault(url, {})[role] = (response.status_code, response.content)
            assert response.status_code == 200, f"{role} GET {url}: {response.status_code}"
            assert "Set-Cookie" not in response, url
    for url, by_role in answers.items():
        assert len(set(by_role.values())) == 1, f"{url} differs between roles: {sorted(by_role)}"


def test_no_api_writes_for_anyone(api_world):
    urls = [*_public_urls(api_world), "/api/v1/metrics"]
    for role in ROLES:
        role_client = _client_for(role, api_world, Client())
        for url in urls:
            for method in ("post", "put", "patch", "delete"):
                status = getattr(role_client, method)(url).status_code
                assert status == 405, f"{role} {method.upper()} {url}: {status}"
    assert Group.objects.filter(pk=api_world["group"].pk, title_fi="Vauvaryhmä").exists()


def test_unlisted_groups_never_appear_and_their_urls_are_404_for_everyone(api_world):
    hidden, session = api_world["hidden"], api_world["hidden_session"]
    secrets = (hidden.slug, "Salainen", str(session.uid), f"/sessions/{session.pk}/", str(hidden.uid))
    public = api_world["group"].slug, str(api_world["session"].uid), f"/sessions/{api_world['session'].pk}/"
    lists = [url for url in _public_urls(api_world) if url.endswith(("s", "/"))]
    own = [
        f"/api/v1/groups/{hidden.slug}",
        f"/api/v1/sessions/{session.pk}",
        f"/linkedevents/v1/event/{prefixed(session.uid)}/",
        f"/linkedevents/v1/event/{prefixed(hidden.series.get().uid)}/",
    ]
    seen = ""
    for role in ROLES:
        role_client = _client_for(role, api_world, Client())
        for url in lists:
            for query in ("", "?show_all=1&show_deleted=true&include=sub_events&page_size=100&limit=100"):
                body = role_client.get(url + query).content.decode()
                assert not [s for s in secrets if s in body], f"{role} {url}{query}"
                seen += body
        for url in own:
            assert role_client.get(url).status_code == 404, f"{role} GET {url}"
    # The same lists do name the listed group's session in each of those ways.
    assert [mark for mark in public if mark not in seen] == []


def test_metrics_api_refuses_visitors_and_scopes_the_others(api_world):
    window = {"start": dt.date.today().strftime("%Y-%m")}  # noqa: DTZ011
    statuses = {}
    bodies = {}
    for role in ROLES:
        response = _client_for(role, api_world, Client()).get("/api/v1/metrics", window)
        statuses[role] = response.status_code
        bodies[role] = response.json()
    assert statuses == {
        "anonymous": 401,
        "family": 401,
        "leader": 200,
        "coordinator": 200,
        "outsider": 200,
    }
    assert bodies["anonymous"]["code"] == bodies["family"]["code"] == "unauthenticated"
    account = Client()
    account.force_login(UserFactory())  # a family's own account: no membership
    refused = account.get("/api/v1/metrics", window)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert bodies["coordinator"]["total"] != bodies["outsider"]["total"]
    assert bodies["outsider"]["rows"] == []
