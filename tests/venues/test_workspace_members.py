"""Member management in the workspace, through real HTTP requests (Django's test client)."""

import itertools
import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import User
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db

COORDINATOR = Membership.Role.COORDINATOR
LEADER = Membership.Role.LEADER

MEMBERS_A = "/en/leader/organizations/org-a/members/"
MEMBERS_B = "/en/leader/organizations/org-b/members/"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; PBKDF2's deliberate slowness would cost seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org_a():
    return OrganizationFactory(slug="org-a", name_fi="Perhekeskus A", name_en="Family centre A")


@pytest.fixture
def org_b():
    return OrganizationFactory(slug="org-b", name_fi="Järjestö B")


@pytest.fixture
def coordinator_a(org_a):
    return MembershipFactory(organization=org_a, role=COORDINATOR, user__email="koordinaattori@a.fi")


@pytest.fixture
def leader_a(org_a):
    return MembershipFactory(organization=org_a, role=LEADER, user__email="ohjaaja@a.fi")


@pytest.fixture
def coordinator_b(org_b):
    return MembershipFactory(organization=org_b, role=COORDINATOR, user__email="koordinaattori@b.fi")


@pytest.fixture
def leader_b(org_b):
    return MembershipFactory(organization=org_b, role=LEADER, user__email="ohjaaja@b.fi")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_coordinator_a(coordinator_a, leader_a):
    return client_for(coordinator_a.user)


@pytest.fixture
def as_leader_a(coordinator_a, leader_a):
    return client_for(leader_a.user)


def snapshot():
    """Every membership as (user, organization, role): compare before and after a refusal."""
    return sorted(Membership.objects.values_list("user_id", "organization_id", "role"))


def messages_in(response):
    return [str(message) for message in response.context["messages"]]


def add_url(slug):
    return f"/en/leader/organizations/{slug}/members/add/"


def role_url(slug, pk):
    return f"/en/leader/organizations/{slug}/members/{pk}/role/"


def remove_url(slug, pk):
    return f"/en/leader/organizations/{slug}/members/{pk}/remove/"


# --- anonymous ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/leader/", MEMBERS_A, add_url("org-a")])
def test_anonymous_is_sent_to_log_in(client, org_a, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_anonymous_posts_change_nothing(client, coordinator_a, leader_a):
    before = snapshot()
    responses = [
        client.post(add_url("org-a"), {"email": "x@example.fi", "role": COORDINATOR}),
        client.post(role_url("org-a", leader_a.pk), {"role": COORDINATOR}),
        client.post(remove_url("org-a", leader_a.pk)),
    ]
    assert all(r.status_code == 302 and "/accounts/login/" in r["Location"] for r in responses)
    assert snapshot() == before
    assert not User.objects.filter(email="x@example.fi").exists()


# --- workspace home ----------------------------------------------------------------------


def test_home_lists_own_organizations_with_role_and_links(coordinator_a, org_b, leader_b):
    leader_b_as_well = MembershipFactory(
        user=coordinator_a.user, organization=leader_b.organization, role=LEADER
    )
    response = client_for(coordinator_a.user).get("/en/leader/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Family centre A" in body
    assert "Your role: coordinator" in body
    assert "Your role: group leader" in body
    assert f'href="{MEMBERS_A}"' in body
    assert f'href="{MEMBERS_B}"' in body
    assert "Manage members" in body
    assert "See members" in body
    assert leader_b_as_well.organization.name in body


def test_home_without_memberships_explains(client):
    response = client_for(UserFactory()).get("/en/leader/")
    assert response.status_code == 200
    assert "not a member of any organization" in response.content.decode()


# --- coordinator of A ------------------------------------------------------------------------


def test_coordinator_sees_members_and_forms(as_coordinator_a, coordinator_a, leader_a):
    response = as_coordinator_a.get(MEMBERS_A)
    assert response.status_code == 200
    body = response.content.decode()
    assert "koordinaattori@a.fi" in body
    assert "ohjaaja@a.fi" in body
    assert leader_a.user.get_full_name() in body
    assert f'action="{add_url("org-a")}"' in body
    assert f'action="{role_url("org-a", leader_a.pk)}"' in body
    assert f'href="{remove_url("org-a", leader_a.pk)}"' in body
    assert "csrfmiddlewaretoken" in body


def test_members_page_is_accessible_markup(as_coordinator_a, leader_a):
    body = as_coordinator_a.get(MEMBERS_A).content.decode()
    # Every input and select has a label bound to it.
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', body)
    assert ids
    for control_id in ids:
        assert f'for="{control_id}"' in body, control_id
    assert '<th scope="col">' in body
    assert '<th scope="row">' in body
    headings = [int(level) for level in re.findall(r"<h([1-6])\b", body)]
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))


def test_coordinator_adds_a_member(as_coordinator_a, org_a):
    response = as_coordinator_a.post(add_url("org-a"), {"email": "Uusi@Example.fi", "role": LEADER})
    assert response.status_code == 302
    assert response["Location"] == MEMBERS_A
    membership = Membership.objects.get(organization=org_a, user__email="uusi@example.fi")
    assert membership.role == LEADER
    # A new account: no password, an unverified address they will confirm by signing in with a code.
    assert not membership.user.has_usable_password()
    assert EmailAddress.objects.get(user=membership.user).verified is False
    page = as_coordinator_a.get(response["Location"])
    assert messages_in(page) == ["uusi@example.fi was added to Family centre A as group leader."]
    assert "uusi@example.fi" in page.content.decode()


def test_add_page_renders_a_form_on_its_own(as_coordinator_a):
    response = as_coordinator_a.get(add_url("org-a"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<label for="id_email">' in body
    assert '<label for="id_role">' in body


def test_an_invalid_email_is_shown_on_the_form(as_coordinator_a):
    before = snapshot()
    users_before = User.objects.count()
    response = as_coordinator_a.post(add_url("org-a"), {"email": "not an email", "role": LEADER})
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert snapshot() == before
    assert User.objects.count() == users_before


def test_adding_a_duplicate_shows_the_reason_on_the_form_and_changes_nothing(as_coordinator_a, leader_a):
    before = snapshot()
    response = as_coordinator_a.post(add_url("org-a"), {"email": "OHJAAJA@a.fi", "role": COORDINATOR})
    # The refusal stays on the form (core.forms_flow), beside the email typed.
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "ohjaaja@a.fi is already a member of Family centre A."
    ]
    assert snapshot() == before


def test_coordinator_changes_a_role(as_coordinator_a, leader_a):
    response = as_coordinator_a.post(role_url("org-a", leader_a.pk), {"role": COORDINATOR}, follow=True)
    assert response.redirect_chain == [(MEMBERS_A, 302)]
    leader_a.refresh_from_db()
    assert leader_a.role == COORDINATOR
    assert messages_in(response) == ["ohjaaja@a.fi is now coordinator."]


def test_an_invalid_role_changes_nothing(as_coordinator_a, leader_a):
    response = as_coordinator_a.post(role_url("org-a", leader_a.pk), {"role": "owner"}, follow=True)
    assert response.redirect_chain == [(MEMBERS_A, 302)]
    assert messages_in(response) == ["Choose a role."]
    leader_a.refresh_from_db()
    assert leader_a.role == LEADER


def test_the_last_coordinator_cannot_step_down(as_coordinator_a, coordinator_a):
    response = as_coordinator_a.post(role_url("org-a", coordinator_a.pk), {"role": LEADER}, follow=True)
    assert response.status_code == 200
    assert messages_in(response) == [
        "An organization needs at least one coordinator. Add another coordinator first."
    ]
    coordinator_a.refresh_from_db()
    assert coordinator_a.role == COORDINATOR


def test_removal_asks_for_confirmation_first(as_coordinator_a, leader_a):
    response = as_coordinator_a.get(remove_url("org-a", leader_a.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Remove ohjaaja@a.fi (group leader) from Family centre A?" in body
    assert f'<form method="post" action="{remove_url("org-a", leader_a.pk)}">' in body
    assert Membership.objects.filter(pk=leader_a.pk).exists()


def test_coordinator_removes_a_member(as_coordinator_a, leader_a):
    response = as_coordinator_a.post(remove_url("org-a", leader_a.pk), follow=True)
    assert response.redirect_chain == [(MEMBERS_A, 302)]
    assert messages_in(response) == ["ohjaaja@a.fi was removed from Family centre A."]
    assert not Membership.objects.filter(pk=leader_a.pk).exists()
    assert User.objects.filter(pk=leader_a.user_id).exists()


def test_the_last_coordinator_cannot_be_removed(as_coordinator_a, coordinator_a):
    response = as_coordinator_a.post(remove_url("org-a", coordinator_a.pk), follow=True)
    assert response.status_code == 200
    assert messages_in(response) == [
        "An organization needs at least one coordinator. Add another coordinator first."
    ]
    assert Membership.objects.filter(pk=coordinator_a.pk).exists()


def test_a_coordinator_leaving_lands_on_the_workspace(as_coordinator_a, coordinator_a, org_a):
    MembershipFactory(organization=org_a, role=COORDINATOR)
    response = as_coordinator_a.post(remove_url("org-a", coordinator_a.pk))
    assert response.status_code == 302
    assert response["Location"] == "/en/leader/"
    assert not Membership.objects.filter(pk=coordinator_a.pk).exists()


def test_role_change_and_removal_accept_only_their_methods(as_coordinator_a, leader_a):
    assert as_coordinator_a.get(role_url("org-a", leader_a.pk)).status_code == 405
    assert as_coordinator_a.put(remove_url("org-a", leader_a.pk)).status_code == 405
    assert as_coordinator_a.post(MEMBERS_A).status_code == 405


def test_posts_need_a_csrf_token(coordinator_a, leader_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_a.user)
    before = snapshot()
    response = client.post(remove_url("org-a", leader_a.pk))
    assert response.status_code == 403
    assert snapshot() == before


# --- across organizations ---------------------------------------------------------------------


def test_coordinator_of_a_gets_404_for_b(as_coordinator_a, coordinator_b, leader_b):
    for path in (MEMBERS_B, add_url("org-b"), remove_url("org-b", leader_b.pk)):
        assert as_coordinator_a.get(path).status_code == 404, path


def test_coordinator_of_a_cannot_change_b(as_coordinator_a, coordinator_b, leader_b):
    before = snapshot()
    users_before = User.objects.count()
    responses = [
        as_coordinator_a.post(add_url("org-b"), {"email": "intruder@example.fi", "role": COORDINATOR}),
        as_coordinator_a.post(role_url("org-b", leader_b.pk), {"role": COORDINATOR}),
        as_coordinator_a.post(remove_url("org-b", leader_b.pk)),
        as_coordinator_a.post(remove_url("org-b", coordinator_b.pk)),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert snapshot() == before
    assert User.objects.count() == users_before


def test_a_membership_of_b_posted_under_a_is_not_found(as_coordinator_a, coordinator_b, leader_b, org_b):
    MembershipFactory(organization=org_b, role=COORDINATOR)  # so only scoping can refuse the removal
    before = snapshot()
    assert as_coordinator_a.post(role_url("org-a", leader_b.pk), {"role": COORDINATOR}).status_code == 404
    assert as_coordinator_a.post(remove_url("org-a", coordinator_b.pk)).status_code == 404
    assert as_coordinator_a.get(remove_url("org-a", leader_b.pk)).status_code == 404
    assert snapshot() == before


def test_a_stranger_gets_404(coordinator_a, leader_a):
    client = client_for(UserFactory())
    assert client.get(MEMBERS_A).status_code == 404
    assert client.post(add_url("org-a"), {"email": "x@example.fi", "role": LEADER}).status_code == 404


def test_an_unknown_organization_is_404(as_coordinator_a):
    assert as_coordinator_a.get("/en/leader/organizations/no-such-organization/members/").status_code == 404


# --- leader of A ------------------------------------------------------------------------------


def test_leader_sees_members_read_only(as_leader_a, coordinator_a, leader_a):
    response = as_leader_a.get(MEMBERS_A)
    assert response.status_code == 200
    body = response.content.decode()
    assert "koordinaattori@a.fi" in body
    assert "ohjaaja@a.fi" in body
    assert "<form" not in body.split('id="main"', 1)[1]
    assert "/members/add/" not in body
    assert "/remove/" not in body
    assert "Only the organization's coordinators can add, change or remove members." in body


def test_leader_cannot_add_change_or_remove(as_leader_a, coordinator_a, leader_a):
    before = snapshot()
    responses = [
        as_leader_a.get(add_url("org-a")),
        as_leader_a.post(add_url("org-a"), {"email": "friend@example.fi", "role": COORDINATOR}),
        as_leader_a.post(role_url("org-a", leader_a.pk), {"role": COORDINATOR}),
        as_leader_a.get(remove_url("org-a", coordinator_a.pk)),
        as_leader_a.post(remove_url("org-a", coordinator_a.pk)),
    ]
    assert [r.status_code for r in responses] == [403] * 5
    assert messages_in(responses[1]) == ["Only the coordinators of Family centre A can manage its members."]
    assert f'href="{MEMBERS_A}"' in responses[1].content.decode()
    assert snapshot() == before
    assert not User.objects.filter(email="friend@example.fi").exists()


# --- platform admin ---------------------------------------------------------------------------


def test_superuser_manages_any_organization(coordinator_b, leader_b, org_b):
    client = client_for(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(MEMBERS_B).status_code == 200
    assert client.post(add_url("org-b"), {"email": "new@b.fi", "role": COORDINATOR}).status_code == 302
    assert Membership.objects.get(organization=org_b, user__email="new@b.fi").role == COORDINATOR
    assert client.post(role_url("org-b", leader_b.pk), {"role": COORDINATOR}).status_code == 302
    assert client.post(remove_url("org-b", coordinator_b.pk)).status_code == 302
    assert set(Membership.objects.filter(organization=org_b).values_list("user__email", "role")) == {
        ("new@b.fi", COORDINATOR),
        ("ohjaaja@b.fi", COORDINATOR),
    }


# --- languages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_members_page_answers_in_every_language(as_coordinator_a, lang):
    response = as_coordinator_a.get(f"/{lang}/leader/organizations/org-a/members/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
