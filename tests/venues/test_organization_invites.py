"""Sending an invitation again (/fi/leader/organizations/<slug>/invites/<pk>/resend/), and the invitations'
admin.

A resend emails a new code valid 14 days from now; the old link stops working; an accepted
invitation is not sent again. Permissions as for deactivating the organization: its own
coordinators and those who could have added it (the municipality's, the county's); its leader 403,
others 404. The admin shows the status and expiry, filters by them, and never the token's hash.
"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory
from venues.models import OrganizationInvite
from venues.services.organizations import (
    INVITE_VALID_FOR,
    InviteRefused,
    hash_token,
    invite_create,
    invite_find,
    invite_resend,
)

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver/fi/invites/([\w-]+)/")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def invited(area, mailoutbox, django_capture_on_commit_callbacks):
    """An open invitation to the NGO, two days old; its emailed token."""
    with django_capture_on_commit_callbacks(execute=True):
        invite = invite_create(
            actor=area["county_coordinator"],
            organization=area["ngo"],
            email="uusi@example.fi",
            language="fi",
            base_url="http://testserver/",
        )
    OrganizationInvite.objects.filter(pk=invite.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    token = LINK.search(mailoutbox[-1].body).group(1)
    invite.refresh_from_db()
    return invite, token


def resend_url(invite):
    return f"/fi/leader/organizations/{invite.organization.slug}/invites/{invite.pk}/resend/"


def test_the_organizations_page_offers_to_send_an_open_invitation_again(area, invited):
    invite, _token = invited
    page = logged_in(area["ngo_coordinator"]).get("/fi/leader/organizations/").content.decode()
    assert resend_url(invite) in page
    assert "Lähetä kutsu uudelleen" in page


def test_a_resend_emails_a_new_code_and_the_old_one_stops_working(
    area, invited, mailoutbox, django_capture_on_commit_callbacks
):
    invite, old = invited
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(area["ngo_coordinator"]).post(resend_url(invite))
    assert response.status_code == 302
    assert response["Location"] == "/fi/leader/organizations/#organization-mll-turku"
    assert len(mailoutbox) == 2
    assert mailoutbox[-1].to == ["uusi@example.fi"]
    new = LINK.search(mailoutbox[-1].body).group(1)
    assert new != old
    with pytest.raises(InviteRefused) as error:
        invite_find(token=old)
    assert error.value.code == "unknown"
    assert invite_find(token=new).pk == invite.pk
    invite.refresh_from_db()
    assert invite.token_hash == hash_token(new)
    # The same 14 days, counted from the resend.
    assert before + INVITE_VALID_FOR <= invite.expires_at <= timezone.now() + INVITE_VALID_FOR
    assert OrganizationInvite.objects.count() == 1


def test_an_expired_invitation_can_be_sent_again(
    area, invited, mailoutbox, django_capture_on_commit_callbacks
):
    invite, _token = invited
    OrganizationInvite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    page = logged_in(area["ngo_coordinator"]).get("/fi/leader/organizations/").content.decode()
    assert "vanheni" in page
    with django_capture_on_commit_callbacks(execute=True):
        invite_resend(actor=area["ngo_coordinator"], invite=invite, base_url="http://testserver/")
    assert invite_find(token=LINK.search(mailoutbox[-1].body).group(1)).pk == invite.pk


def test_an_accepted_invitation_is_not_sent_again(area, invited, mailoutbox):
    invite, token = invited
    accepter = User.objects.get(email="uusi@example.fi")  # made when invited
    OrganizationInvite.objects.filter(pk=invite.pk).update(accepted_at=timezone.now(), accepted_by=accepter)
    with pytest.raises(InviteRefused) as error:
        invite_resend(actor=area["ngo_coordinator"], invite=invite, base_url="http://testserver/")
    assert error.value.code == "used"
    # Over HTTP an accepted invitation is no longer among the open ones: 404, nothing sent.
    assert logged_in(area["ngo_coordinator"]).post(resend_url(invite)).status_code == 404
    assert len(mailoutbox) == 1
    assert OrganizationInvite.objects.get(pk=invite.pk).token_hash == hash_token(token)


def test_a_deactivated_organizations_invitation_is_refused_with_a_message(area, invited, mailoutbox):
    invite, token = invited
    area["ngo"].is_active = False
    area["ngo"].save()
    response = logged_in(area["ngo_coordinator"]).post(resend_url(invite), follow=True)
    assert "Aktivoi se ennen kuin kutsut ketään." in response.content.decode()
    assert OrganizationInvite.objects.get(pk=invite.pk).token_hash == hash_token(token)
    assert len(mailoutbox) == 1


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
def test_who_may_send_an_invitation_again(
    area, invited, mailoutbox, django_capture_on_commit_callbacks, who, status
):
    invite, token = invited
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(area[who]).post(resend_url(invite))
    assert response.status_code == status
    changed = OrganizationInvite.objects.get(pk=invite.pk).token_hash != hash_token(token)
    assert changed is (status == 302)
    assert len(mailoutbox) == (2 if status == 302 else 1)


def test_anonymous_visitors_are_sent_to_the_login_and_get_is_refused(client, area, invited):
    invite, _token = invited
    response = client.post(resend_url(invite))
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/")
    assert logged_in(area["ngo_coordinator"]).get(resend_url(invite)).status_code == 405


def test_an_invitation_of_another_organization_is_not_found(area, invited):
    invite, token = invited
    url = f"/fi/leader/organizations/turku/invites/{invite.pk}/resend/"
    assert logged_in(area["county_coordinator"]).post(url).status_code in (403, 404)
    assert OrganizationInvite.objects.get(pk=invite.pk).token_hash == hash_token(token)


# --- the admin -----------------------------------------------------------------------------------------


@pytest.fixture
def admin_client_(db):
    return logged_in(UserFactory(is_staff=True, is_superuser=True))


def test_the_admin_lists_status_and_expiry_and_never_the_hash(area, invited, admin_client_):
    invite, token = invited
    expired = OrganizationInvite.objects.create(
        organization=area["ngo"],
        email="vanha@example.fi",
        role="coordinator",
        token_hash="e" * 64,
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    listing = admin_client_.get("/fi/admin/venues/organizationinvite/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "uusi@example.fi" in page
    assert "vanha@example.fi" in page
    assert invite.token_hash not in page
    assert "e" * 64 not in page
    assert token not in page
    change = admin_client_.get(f"/fi/admin/venues/organizationinvite/{invite.pk}/change/").content.decode()
    assert "uusi@example.fi" in change
    assert invite.token_hash not in change
    assert "token_hash" not in change

    expired_only = admin_client_.get(
        "/fi/admin/venues/organizationinvite/", {"status": "expired"}
    ).content.decode()
    assert "vanha@example.fi" in expired_only
    assert "uusi@example.fi" not in expired_only
    open_only = admin_client_.get("/fi/admin/venues/organizationinvite/", {"status": "open"}).content.decode()
    assert "uusi@example.fi" in open_only
    assert "vanha@example.fi" not in open_only
    assert expired.pk


def test_the_admin_adds_and_changes_no_invitation(invited, admin_client_):
    invite, _token = invited
    assert admin_client_.get("/fi/admin/venues/organizationinvite/add/").status_code == 403
    response = admin_client_.post(
        f"/fi/admin/venues/organizationinvite/{invite.pk}/change/", {"email": "toinen@example.fi"}
    )
    assert response.status_code == 403
    assert OrganizationInvite.objects.get(pk=invite.pk).email == "uusi@example.fi"
