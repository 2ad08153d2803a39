"""The organizations pages and the invitation link over HTTP, with allauth's real code login.

Permissions for every action: anonymous -> login; a leader; a coordinator of the same
organization; one of another; the county's coordinator. Refusals are translated (fi) and
change nothing. Deactivation takes the groups off the public pages, feeds and the API.
"""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from events.models import Group
from tests.factories import GroupFactory, SessionFactory
from venues.models import Membership, Organization, OrganizationInvite

pytestmark = pytest.mark.django_db
LOGIN = "/fi/accounts/login/"
LINK = re.compile(r"http://testserver(/fi/invites/[\w-]+/)")
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.M)


def form(area, **overrides):
    return {
        "name": "Perhekerho Pikku Karhut ry",
        "kind": "ngo",
        "business_id": "0204819-8",
        "municipality": area["turku"].pk,
        "coordinator_email": "uusi@example.fi",
        "language": "fi",
    } | overrides


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_the_login(client, area):
    for url in ("/fi/leader/organizations/", "/fi/leader/organizations/new/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    response = client.post("/fi/leader/organizations/mll-turku/status/", {"active": "0"})
    assert response["Location"].startswith(LOGIN)


def test_county_coordinator_sees_the_form_with_the_county_municipalities(area):
    page = logged_in(area["county_coordinator"]).get("/fi/leader/organizations/new/").content.decode()
    assert "Turku" in page
    assert "Naantali" in page
    assert "Muualla" not in page
    # No silent default for the kind.
    assert '<option value="" selected>' in page


@pytest.mark.parametrize("who", ["county_leader", "ngo_coordinator", "ngo_leader", "other_coordinator"])
def test_others_are_refused_the_form_in_finnish(area, who):
    client = logged_in(area[who])
    for method in ("get", "post"):
        response = getattr(client, method)("/fi/leader/organizations/new/", form(area))
        assert response.status_code == 403
        assert "Vain kunnan tai hyvinvointialueen koordinaattorit voivat lisätä organisaatioita." in (
            response.content.decode()
        )
    assert not Organization.objects.filter(name="Perhekerho Pikku Karhut ry").exists()


def test_a_bad_check_digit_is_refused_in_finnish_and_nothing_is_saved(area):
    response = logged_in(area["county_coordinator"]).post(
        "/fi/leader/organizations/new/", form(area, business_id="0204819-7")
    )
    assert response.status_code == 200
    assert "tarkistusnumero" in response.content.decode()
    assert not Organization.objects.filter(name="Perhekerho Pikku Karhut ry").exists()


def test_municipality_coordinator_cannot_post_another_municipality(area):
    response = logged_in(area["city_coordinator"]).post(
        "/fi/leader/organizations/new/", form(area, municipality=area["naantali"].pk)
    )
    assert response.status_code == 200  # not among the form's choices
    assert not Organization.objects.filter(name="Perhekerho Pikku Karhut ry").exists()


def test_the_invitee_logs_in_by_code_and_accepts(area, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(area["county_coordinator"]).post("/fi/leader/organizations/new/", form(area))
    assert response.status_code == 302
    organization = Organization.objects.get(name="Perhekerho Pikku Karhut ry")
    link = LINK.search(mailoutbox[-1].body).group(1)

    invitee = Client()
    page = invitee.get(link)
    assert page.status_code == 200
    assert "Lähetä minulle kirjautumiskoodi" in page.content.decode()
    response = invitee.post("/fi/accounts/login/code/", {"email": "uusi@example.fi", "next": link})
    assert response.status_code == 302
    code = CODE.search(mailoutbox[-1].body).group(1)
    response = invitee.post("/fi/accounts/login/code/confirm/", {"code": code, "next": link})
    assert response.status_code == 302
    assert response["Location"] == link
    assert invitee.session.get(SESSION_KEY)
    assert "Hyväksy kutsu" in invitee.get(link).content.decode()
    response = invitee.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(organization=organization).role == Membership.Role.COORDINATOR
    # Used: the link answers with a translated refusal.
    again = invitee.get(link)
    assert again.status_code == 410
    assert "Tämä kutsu on jo käytetty." in again.content.decode()


def test_another_logged_in_user_is_refused_the_invitation(
    area, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(area["county_coordinator"]).post("/fi/leader/organizations/new/", form(area))
    link = LINK.search(mailoutbox[-1].body).group(1)
    response = logged_in(area["ngo_leader"]).post(link)
    assert response.status_code == 403
    assert not Membership.objects.filter(organization__name="Perhekerho Pikku Karhut ry").exists()
    assert OrganizationInvite.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("ngo_leader", 403),
        ("other_coordinator", 404),
        ("county_leader", 404),
        ("ngo_coordinator", 302),
        ("county_coordinator", 302),
    ],
)
def test_who_may_deactivate(area, who, status):
    response = logged_in(area[who]).post("/fi/leader/organizations/mll-turku/status/", {"active": "0"})
    assert response.status_code == status
    assert Organization.objects.get(slug="mll-turku").is_active is (status != 302)


def test_deactivation_takes_the_groups_off_public_pages_feeds_and_api(area, client):
    group = GroupFactory(
        organization=area["ngo"],
        slug="vauvaryhma-x",
        title_fi="Karhukerho",
        visibility=Group.Visibility.PUBLIC,
    )
    session = SessionFactory(group=group)
    embed = f"/embed/municipality/{session.room.venue.municipality.code}/"
    assert "Karhukerho" in client.get("/fi/").content.decode()
    assert "Karhukerho" in client.get(embed).content.decode()
    assert client.get(f"/fi/groups/{group.slug}/").status_code == 200
    assert client.get(f"/feeds/group/{group.slug}.ics").status_code == 200
    assert group.slug in client.get("/api/v1/groups").content.decode()

    coordinator = logged_in(area["ngo_coordinator"])
    coordinator.post("/fi/leader/organizations/mll-turku/status/", {"active": "0"})

    assert client.get(f"/fi/groups/{group.slug}/").status_code == 404
    assert "Karhukerho" not in client.get("/fi/").content.decode()
    assert "Karhukerho" not in client.get(embed).content.decode()
    assert client.get(f"/fi/sessions/{session.pk}/").status_code == 404
    assert client.get(f"/feeds/group/{group.slug}.ics").status_code == 404
    assert client.get("/feeds/organization/mll-turku.ics").status_code == 404
    assert group.slug not in client.get("/api/v1/groups").content.decode()
    assert str(session.pk) not in [str(s["id"]) for s in client.get("/api/v1/sessions").json()["items"]]
    # History stays, and the organization comes back.
    assert Group.objects.filter(pk=group.pk).exists()
    page = logged_in(area["county_coordinator"]).get("/fi/leader/organizations/").content.decode()
    assert "Aktivoi uudelleen" in page
    logged_in(area["county_coordinator"]).post("/fi/leader/organizations/mll-turku/status/", {"active": "1"})
    assert client.get(f"/fi/groups/{group.slug}/").status_code == 200
    assert client.get(f"/feeds/group/{group.slug}.ics").status_code == 200


def test_the_invitation_language_defaults_to_the_page_language(area):
    page = logged_in(area["county_coordinator"]).get("/sv/leader/organizations/new/").content.decode()
    assert '<option value="sv" selected>' in page
