"""New organizations, their first coordinator's invitation, and deactivation (issue 13).

Who may add: a county's coordinators in the county, a municipality's coordinators in their
municipality; the organization's own and those coordinators deactivate and reactivate it.
The invitation's token is stored hashed, expires, is used once and only by its address.
"""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import DomainError
from tests.factories import (
    UserFactory,
)
from venues.business_ids import check_digit, validate_business_id
from venues.models import Membership, Organization, OrganizationInvite
from venues.services.organizations import (
    InviteRefused,
    NewOrganization,
    hash_token,
    invite_accept,
    organization_create,
    organization_set_active,
)

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver/(fi|sv|en)/invites/([\w-]+)/")


def new(municipality, **overrides):
    values = {
        "name": "Perhekerho Pikku Karhut ry",
        "kind": Organization.Kind.NGO,
        "business_id": "0204819-8",
        "municipality": municipality,
        "coordinator_email": "uusi.koordinaattori@example.fi",
        "language": "sv",
    }
    return NewOrganization(**(values | overrides))


# --- the business id ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0204819-8", "1572860-0", "0737546-2"])
def test_valid_business_ids_pass(value):
    validate_business_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0204819-7", "business_id_check"),
        ("204819-8", "business_id_format"),
        ("02048198", "business_id_format"),
        ("abcdefg-1", "business_id_format"),
    ],
)
def test_invalid_business_ids_are_refused_with_a_code(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_business_id(value)
    assert caught.value.code == code


def test_a_remainder_of_one_has_no_check_digit_and_no_id_passes():
    assert check_digit("0000006") is None  # 6 * 2 = 12, remainder 1
    for digit in range(10):
        with pytest.raises(ValidationError):
            validate_business_id(f"0000006-{digit}")


# --- who may add ---------------------------------------------------------------------------------


def test_county_coordinator_adds_an_ngo_and_its_coordinator_is_invited_in_the_chosen_language(
    area, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization = organization_create(
            actor=area["county_coordinator"], data=new(area["naantali"]), base_url="http://testserver/"
        )
    assert (organization.kind, organization.business_id, organization.municipality) == (
        "ngo",
        "0204819-8",
        area["naantali"],
    )
    assert organization.slug == "perhekerho-pikku-karhut-ry"
    assert organization.memberships.count() == 0  # a coordinator only once the invitation is accepted
    (message,) = mailoutbox
    assert message.to == ["uusi.koordinaattori@example.fi"]
    assert "Perhekerho Pikku Karhut ry" in message.subject
    lang, token = LINK.search(message.body).groups()
    assert lang == "sv"
    invite = OrganizationInvite.objects.get(organization=organization)
    assert invite.token_hash == hash_token(token)
    assert token not in invite.token_hash  # only the hash is kept


def test_municipality_coordinator_adds_only_in_their_municipality(area):
    actor = area["city_coordinator"]
    organization = organization_create(actor=actor, data=new(area["turku"]), base_url="http://testserver/")
    assert organization.municipality == area["turku"]
    with pytest.raises(DomainError) as caught:
        organization_create(actor=actor, data=new(area["naantali"], business_id="1572860-0"), base_url="x")
    assert caught.value.code == "forbidden"


@pytest.mark.parametrize("who", ["county_leader", "ngo_coordinator", "ngo_leader", "other_coordinator"])
def test_others_may_not_add_and_nothing_changes(area, who):
    before = Organization.objects.count()
    with pytest.raises(DomainError) as caught:
        organization_create(actor=area[who], data=new(area["turku"]), base_url="http://testserver/")
    assert caught.value.code == "forbidden"
    assert Organization.objects.count() == before
    assert not OrganizationInvite.objects.exists()


def test_county_coordinator_may_not_add_outside_the_county(area):
    with pytest.raises(DomainError) as caught:
        organization_create(actor=area["county_coordinator"], data=new(area["elsewhere"]), base_url="x")
    assert caught.value.code == "forbidden"


def test_a_duplicate_business_id_is_refused_in_finnish(area):
    Organization.objects.filter(pk=area["ngo"].pk).update(business_id="0204819-8")
    with pytest.raises(DomainError) as caught:
        organization_create(actor=area["county_coordinator"], data=new(area["turku"]), base_url="x")
    assert caught.value.code == "duplicate_business_id"
    assert "0204819-8" in str(caught.value)
    assert not Organization.objects.filter(name="Perhekerho Pikku Karhut ry").exists()


# --- the invitation ------------------------------------------------------------------------------


def _invite(area, mailoutbox, capture):
    with capture(execute=True):
        organization = organization_create(
            actor=area["county_coordinator"],
            data=new(area["turku"], language="fi"),
            base_url="http://testserver/",
        )
    return organization, LINK.search(mailoutbox[-1].body).group(2)


def test_invitee_becomes_coordinator_once(area, mailoutbox, django_capture_on_commit_callbacks):
    organization, token = _invite(area, mailoutbox, django_capture_on_commit_callbacks)
    invitee = organization.invites.get().email
    from accounts.models import User

    user = User.objects.get(email=invitee)
    membership = invite_accept(actor=user, token=token)
    assert (membership.organization, membership.role) == (organization, Membership.Role.COORDINATOR)
    with pytest.raises(InviteRefused) as caught:
        invite_accept(actor=user, token=token)
    assert caught.value.code == "used"


def test_an_expired_invitation_is_refused(area, mailoutbox, django_capture_on_commit_callbacks):
    organization, token = _invite(area, mailoutbox, django_capture_on_commit_callbacks)
    from accounts.models import User

    user = User.objects.get(email="uusi.koordinaattori@example.fi")
    later = timezone.now() + dt.timedelta(days=15)
    with pytest.raises(InviteRefused) as caught:
        invite_accept(actor=user, token=token, now=later)
    assert caught.value.code == "expired"
    assert not organization.memberships.exists()


def test_another_address_may_not_use_the_invitation(area, mailoutbox, django_capture_on_commit_callbacks):
    organization, token = _invite(area, mailoutbox, django_capture_on_commit_callbacks)
    with pytest.raises(InviteRefused) as caught:
        invite_accept(actor=UserFactory(), token=token)
    assert caught.value.code == "wrong_email"
    assert not organization.memberships.exists()
    assert organization.invites.get().accepted_at is None


def test_an_unknown_token_is_refused(area):
    with pytest.raises(InviteRefused) as caught:
        invite_accept(actor=area["ngo_leader"], token="not-a-real-token")
    assert caught.value.code == "unknown"


# --- deactivation ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["ngo_coordinator", "county_coordinator", "city_coordinator"])
def test_coordinators_deactivate_and_reactivate(area, who):
    ngo = organization_set_active(actor=area[who], organization=area["ngo"], active=False)
    assert not Organization.objects.get(pk=ngo.pk).is_active
    organization_set_active(actor=area[who], organization=ngo, active=True)
    assert Organization.objects.get(pk=ngo.pk).is_active


@pytest.mark.parametrize("who", ["ngo_leader", "other_coordinator", "county_leader"])
def test_others_may_not_deactivate(area, who):
    with pytest.raises(DomainError) as caught:
        organization_set_active(actor=area[who], organization=area["ngo"], active=False)
    assert caught.value.code == "forbidden"
    assert Organization.objects.get(pk=area["ngo"].pk).is_active
