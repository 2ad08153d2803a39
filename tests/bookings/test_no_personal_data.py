"""Families' personal data never reaches a public page, feed, embed or the API.

Sign-ups carry marker values; every public URL type is fetched (as an anonymous visitor)
and none may contain a marker. A URL type is skipped only when it is absent from the
URLconf (not built yet); once it resolves, it must answer 200 and show the group.
"""

import json

import pytest
from django.urls import Resolver404, resolve

from bookings.models import Notice, SignUp
from bookings.services.signups import Contact, Party, signup_create
from events.models import Group
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

NAME = "Zyxwv Markerfamily"
EMAIL = "marker@example.invalid"
PHONE = "+358 40 000 0000"
NOTE = "MARKER-NOTE"
MARKERS = (NAME, "Zyxwv", "Markerfamily", EMAIL, "marker@", PHONE, "40 000 0000", NOTE)
TITLE = "Vauvakahvila Qwerty"


@pytest.fixture
def published():
    session = SessionFactory(
        group__title_fi=TITLE,
        group__title_sv=TITLE,
        group__capacity_people=2,
        group__visibility=Group.Visibility.PUBLIC,
    )
    for n in range(3):  # confirmed, then waitlisted
        signup_create(
            actor=None,
            session=session,
            contact=Contact(name=NAME, email=f"{n}{EMAIL}" if n else EMAIL, phone=PHONE),
            party=Party(adults=1, children_under_1=1),
            note=NOTE,
            consent=True,
        )
    assert SignUp.objects.filter(status=SignUp.Status.WAITLISTED).exists()
    Notice.objects.update(last_error=f"550 {EMAIL} unknown")
    return session


def public_urls(session) -> list[tuple[str, str, bool]]:
    """(kind, path, shows the group): every public page, feed, embed and API read."""
    venue = session.room.venue
    municipality = venue.municipality
    group = session.group
    urls = []
    for lang in ("fi", "sv", "en"):
        urls += [
            ("home", f"/{lang}/", True),
            ("group page", f"/{lang}/groups/{group.slug}/", True),
            ("session page", f"/{lang}/sessions/{session.pk}/", True),
            ("venue list", f"/{lang}/venues/", False),
            ("venue page", f"/{lang}/venues/{venue.slug}/", True),
            ("privacy notice", f"/{lang}/privacy/", False),
        ]
    urls += [
        ("api sessions", "/api/v1/sessions", True),
        ("api session", f"/api/v1/sessions/{session.pk}", True),
        ("api groups", "/api/v1/groups", True),
        ("api group", f"/api/v1/groups/{group.slug}", True),
        ("api venues", "/api/v1/venues", False),
        ("api venue", f"/api/v1/venues/{venue.slug}", False),
        ("api regions", "/api/v1/regions", False),
        ("api municipalities", "/api/v1/municipalities", False),
        ("api schema", "/api/v1/openapi.json", False),
        ("region feed", f"/feeds/region/{municipality.region.slug}.ics", True),
        ("municipality feed", f"/feeds/municipality/{municipality.code}.ics", True),
        ("venue feed", f"/feeds/venue/{venue.slug}.ics", True),
        ("organization feed", f"/feeds/organization/{group.organization.slug}.ics", True),
        ("group feed", f"/feeds/group/{group.slug}.ics", True),
        ("group feed sv", f"/feeds/group/{group.slug}.ics?lang=sv", True),
        ("municipality embed", f"/embed/municipality/{municipality.code}/", True),
        ("region embed", f"/embed/region/{municipality.region.slug}/", True),
        ("venue embed", f"/embed/venue/{venue.slug}/", True),
    ]
    return urls


def _routed(path: str) -> bool:
    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return False
    return True


def test_no_personal_data_on_any_public_url(client, published):
    checked, absent = [], []
    for kind, path, shows_group in public_urls(published):
        if not _routed(path):
            absent.append(kind)
            continue
        response = client.get(path)
        assert response.status_code == 200, f"{kind} {path}: {response.status_code}"
        body = response.content.decode()
        if "json" in response.get("Content-Type", ""):
            body += json.dumps(response.json(), ensure_ascii=False)  # also \\u-escaped text
        for marker in MARKERS:
            assert marker.lower() not in body.lower(), f"{marker!r} on {kind} {path}"
        if shows_group:
            assert TITLE in body, f"{kind} {path} does not show the group: the check would be empty"
        checked.append(kind)
    assert {"home", "group page", "session page", "group feed", "api sessions"} <= set(checked), absent


def test_absent_url_types_are_truly_unrouted():
    """The skip above is only for URL types nobody has built: a routed one is always fetched."""
    assert _routed("/fi/groups/x/")
    assert not _routed("/fi/no-such-page-type/x/")
