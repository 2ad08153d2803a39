"""Who may open what in the workspace: every `/leader/` URL the resolver knows, GET and POST, for an
anonymous visitor, a family holding a sign-up's manage link, a leader, a coordinator of the same
organization and one of another (issue 15).

The URLs are enumerated from the resolver, so a new workspace URL is covered the day it is added;
its parameters are filled from the world below by the path segment before them, and an unknown
one fails the test with a message saying what to add. Nobody gets a 500; visitors without an
account are sent to the login; a coordinator of another organization never opens (200) or
changes (redirect after POST) anything of this one; the exact statuses of every page are pinned
by GET (`test_exact_statuses_of_every_workspace_page`). The APIs: `test_authorization_matrix_api.py`.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from events.models import Group

pytestmark = pytest.mark.django_db
LOGIN = "/fi/accounts/login/"


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def leader_routes() -> list[str]:
    # The language prefix of i18n_patterns is the active language's: a test before this one that
    # requested an /en/ page leaves English active.
    with translation.override("fi"):
        found = sorted({route for route in _routes() if route.startswith("fi/leader/")})
    assert len(found) > 20  # the enumeration itself works
    return found


def fill(route: str, values: dict) -> tuple[str, bool]:
    """The route with its parameters filled by the segment before each; True if it names an object."""
    segments = route.split("/")
    out = []
    for index, segment in enumerate(segments):
        match = re.fullmatch(r"<(?:\w+:)?(\w+)>(.*)", segment)
        if not match:
            out.append(segment)
            continue
        owner = segments[index - 1]
        assert owner in values, f"{route}: add a value for the parameter after '{owner}/' to this test"
        out.append(f"{values[owner]}{match.group(2)}")
    return "/" + "/".join(out), "<" in route


ROLES = ("anonymous", "family", "leader", "coordinator", "outsider")


def _client_for(role, world, client):
    if role in ("leader", "coordinator", "outsider"):
        client.force_login(world[role])
    elif role == "family":
        client.get(f"/fi/signups/{world['token']}/")
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_workspace_url_answers_each_role_without_a_500(client, world, role):
    client = _client_for(role, world, client)
    problems = []
    objects = 0
    for route in leader_routes():
        url, names_object = fill(route, world["values"])
        objects += names_object
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            status = response.status_code
            where = f"{method.upper()} {url}: {status}"
            if status >= 500:
                problems.append(where)
            elif role in ("anonymous", "family"):
                # 405 (a method the view never takes) reveals nothing either.
                if status != 405 and not (status == 302 and response["Location"].startswith(LOGIN)):
                    problems.append(where + " (expected a redirect to the login)")
            elif role == "outsider" and names_object and status not in (403, 404, 405):
                problems.append(where + " (a coordinator of another organization)")
    assert problems == []
    assert objects > 25  # the object URLs were really filled and requested
    assert Group.objects.filter(pk=world["group"].pk, title_fi="Vauvaryhmä").exists()


AREA_COORDINATORS_ONLY = ("fi/leader/help/", "fi/leader/organizations/new/")


def test_exact_statuses_of_every_workspace_page(world):
    """GET only, so nothing changes between the roles' requests: the organization's coordinator
    opens every page (200) or the URL takes no GET (405); a coordinator of another organization
    gets exactly 404 for every page of this organization's objects (existence stays private) and
    the same 405; a visitor is sent to the login with the page to come back to."""
    clients = {role: _client_for(role, world, Client()) for role in ("anonymous", "coordinator", "outsider")}
    problems = []
    for route in leader_routes():
        url, names_object = fill(route, world["values"])
        got = {role: c.get(url) for role, c in clients.items()}
        own = got["coordinator"].status_code
        if route.startswith(AREA_COORDINATORS_ONLY):
            # The world's organization is an NGO: these pages are for a county's or a
            # municipality's coordinators, and refuse it plainly (403), as they do the outsider.
            if (own, got["outsider"].status_code) != (403, 403):
                problems.append(f"NGO coordinators GET {url}: {own}, {got['outsider'].status_code}")
            continue
        if own not in (200, 405):
            problems.append(f"coordinator GET {url}: {own}")
        if names_object and got["outsider"].status_code != (404 if own == 200 else 405):
            problems.append(f"outsider GET {url}: {got['outsider'].status_code} (coordinator {own})")
        anonymous = got["anonymous"]
        if own == 200 and (anonymous.status_code, anonymous.get("Location")) != (302, f"{LOGIN}?next={url}"):
            problems.append(f"anonymous GET {url}: {anonymous.status_code} {anonymous.get('Location')}")
    assert problems == []
