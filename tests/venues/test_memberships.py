"""Membership services, selectors and permissions: who may add, change and remove members."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from core.errors import DomainError, PermissionRefused
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from venues.models import Membership
from venues.permissions import can_manage_members, can_view_members
from venues.selectors import (
    member_directory_get,
    membership_get,
    membership_list,
    membership_list_for_admin,
    organization_get_for_management,
    organization_get_for_members,
)
from venues.services.memberships import membership_add, membership_change_role, membership_remove

pytestmark = pytest.mark.django_db

COORDINATOR = Membership.Role.COORDINATOR
LEADER = Membership.Role.LEADER


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; PBKDF2's deliberate slowness would cost seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org_a():
    return OrganizationFactory(slug="org-a")


@pytest.fixture
def org_b():
    return OrganizationFactory(slug="org-b")


@pytest.fixture
def coordinator_a(org_a):
    return MembershipFactory(organization=org_a, role=COORDINATOR).user


@pytest.fixture
def leader_a(org_a):
    return MembershipFactory(organization=org_a, role=LEADER).user


@pytest.fixture
def coordinator_b(org_b):
    return MembershipFactory(organization=org_b, role=COORDINATOR).user


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


def snapshot():
    """Every membership as (user, organization, role): compare before and after a refusal."""
    return sorted(Membership.objects.values_list("user_id", "organization_id", "role"))


# --- permissions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "may_view", "may_manage"),
    [
        ("coordinator_a", True, True),
        ("leader_a", True, False),
        ("coordinator_b", False, False),
        ("stranger", False, False),
        ("superuser", True, True),
        ("anonymous", False, False),
        ("none", False, False),
        ("inactive_coordinator", False, False),
    ],
)
def test_who_may_view_and_manage_members(request, org_a, org_b, who, may_view, may_manage):
    if who == "stranger":
        actor = UserFactory()
    elif who == "anonymous":
        actor = AnonymousUser()
    elif who == "none":
        actor = None
    elif who == "inactive_coordinator":
        actor = MembershipFactory(organization=org_a, role=COORDINATOR, user__is_active=False).user
    else:
        actor = request.getfixturevalue(who)
    assert can_view_members(actor, org_a) is may_view
    assert can_manage_members(actor, org_a) is may_manage


# --- membership_add -----------------------------------------------------------------


def test_coordinator_adds_an_existing_user(org_a, coordinator_a):
    person = UserFactory(email="liisa@example.fi")
    membership = membership_add(
        actor=coordinator_a, organization=org_a, email="Liisa@Example.fi", role=LEADER
    )
    assert membership.user == person
    assert membership.organization == org_a
    assert membership.role == LEADER
    assert membership.created_by == coordinator_a
    assert User.objects.filter(email__iexact="liisa@example.fi").count() == 1


def test_adding_an_unknown_email_creates_an_account_without_password(org_a, coordinator_a):
    membership = membership_add(
        actor=coordinator_a, organization=org_a, email="Uusi.Jasen@Example.FI", role=LEADER
    )
    user = membership.user
    assert user.email == "uusi.jasen@example.fi"
    assert not user.has_usable_password()
    address = EmailAddress.objects.get(user=user)
    assert address.email == "uusi.jasen@example.fi"
    assert address.primary is True
    assert address.verified is False


def test_adding_a_member_twice_is_refused_as_duplicate(org_a, coordinator_a, leader_a):
    before = snapshot()
    with pytest.raises(DomainError) as excinfo:
        membership_add(
            actor=coordinator_a, organization=org_a, email=leader_a.email.upper(), role=COORDINATOR
        )
    assert excinfo.value.code == "duplicate"
    assert leader_a.email in str(excinfo.value)
    assert snapshot() == before


def test_an_invalid_role_is_refused_and_creates_no_account(org_a, coordinator_a):
    users_before = User.objects.count()
    with pytest.raises(DomainError) as excinfo:
        membership_add(actor=coordinator_a, organization=org_a, email="new@example.fi", role="owner")
    assert excinfo.value.code == "invalid_role"
    assert User.objects.count() == users_before


@pytest.mark.parametrize("who", ["coordinator_b", "leader_a", "stranger", "anonymous", "none"])
def test_only_coordinators_of_the_organization_may_add(request, org_a, who):
    actor = {"stranger": UserFactory, "anonymous": AnonymousUser, "none": lambda: None}.get(
        who, lambda: request.getfixturevalue(who)
    )()
    before = snapshot()
    users_before = User.objects.count()
    with pytest.raises(PermissionRefused) as excinfo:
        membership_add(actor=actor, organization=org_a, email="outsider@example.fi", role=COORDINATOR)
    assert excinfo.value.code == "forbidden"
    assert snapshot() == before
    assert User.objects.count() == users_before


def test_superuser_may_add_to_any_organization(org_b, superuser):
    membership = membership_add(
        actor=superuser, organization=org_b, email="anna@example.fi", role=COORDINATOR
    )
    assert membership.role == COORDINATOR
    assert membership.organization == org_b


# --- membership_change_role ---------------------------------------------------------


def test_coordinator_promotes_a_leader(org_a, coordinator_a, leader_a):
    membership = Membership.objects.get(user=leader_a, organization=org_a)
    membership_change_role(actor=coordinator_a, membership=membership, role=COORDINATOR)
    membership.refresh_from_db()
    assert membership.role == COORDINATOR


def test_the_last_coordinator_cannot_be_demoted(org_a, coordinator_a, leader_a):
    membership = Membership.objects.get(user=coordinator_a, organization=org_a)
    with pytest.raises(DomainError) as excinfo:
        membership_change_role(actor=coordinator_a, membership=membership, role=LEADER)
    assert excinfo.value.code == "last_coordinator"
    membership.refresh_from_db()
    assert membership.role == COORDINATOR


def test_a_coordinator_may_step_down_when_another_remains(org_a, coordinator_a):
    MembershipFactory(organization=org_a, role=COORDINATOR)
    membership = Membership.objects.get(user=coordinator_a, organization=org_a)
    membership_change_role(actor=coordinator_a, membership=membership, role=LEADER)
    membership.refresh_from_db()
    assert membership.role == LEADER


def test_the_last_coordinator_counts_per_organization(org_a, org_b, coordinator_a, coordinator_b, superuser):
    """A coordinator elsewhere does not keep org A's last coordinator removable."""
    membership = Membership.objects.get(user=coordinator_a, organization=org_a)
    with pytest.raises(DomainError) as excinfo:
        membership_change_role(actor=superuser, membership=membership, role=LEADER)
    assert excinfo.value.code == "last_coordinator"


def test_coordinator_of_a_cannot_change_roles_in_b(org_b, coordinator_a, coordinator_b):
    target = MembershipFactory(organization=org_b, role=LEADER)
    before = snapshot()
    with pytest.raises(PermissionRefused) as excinfo:
        membership_change_role(actor=coordinator_a, membership=target, role=COORDINATOR)
    assert excinfo.value.code == "forbidden"
    assert snapshot() == before


def test_leader_cannot_change_roles(org_a, coordinator_a, leader_a):
    membership = Membership.objects.get(user=leader_a, organization=org_a)
    with pytest.raises(PermissionRefused) as excinfo:
        membership_change_role(actor=leader_a, membership=membership, role=COORDINATOR)
    assert excinfo.value.code == "forbidden"
    membership.refresh_from_db()
    assert membership.role == LEADER


# --- membership_remove ----------------------------------------------------------------


def test_coordinator_removes_a_member_and_keeps_the_account(org_a, coordinator_a, leader_a):
    membership = Membership.objects.get(user=leader_a, organization=org_a)
    membership_remove(actor=coordinator_a, membership=membership)
    assert not Membership.objects.filter(user=leader_a, organization=org_a).exists()
    assert User.objects.filter(pk=leader_a.pk).exists()


def test_the_last_coordinator_cannot_be_removed(org_a, coordinator_a):
    membership = Membership.objects.get(user=coordinator_a, organization=org_a)
    with pytest.raises(DomainError) as excinfo:
        membership_remove(actor=coordinator_a, membership=membership)
    assert excinfo.value.code == "last_coordinator"
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_may_be_removed_when_another_remains(org_a, coordinator_a):
    other = MembershipFactory(organization=org_a, role=COORDINATOR)
    membership_remove(actor=coordinator_a, membership=other)
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_removing_an_already_removed_member_is_a_domain_error(org_a, coordinator_a, leader_a):
    membership = Membership.objects.get(user=leader_a, organization=org_a)
    stale = Membership.objects.get(pk=membership.pk)
    membership_remove(actor=coordinator_a, membership=membership)
    with pytest.raises(DomainError) as excinfo:
        membership_remove(actor=coordinator_a, membership=stale)
    assert excinfo.value.code == "not_found"


@pytest.mark.parametrize("who", ["coordinator_a", "leader_a"])
def test_nobody_from_elsewhere_or_below_may_remove(request, org_a, org_b, coordinator_b, who):
    actor = request.getfixturevalue(who)
    target = Membership.objects.get(user=coordinator_b, organization=org_b)
    MembershipFactory(organization=org_b, role=COORDINATOR)  # so only the permission can refuse
    before = snapshot()
    with pytest.raises(PermissionRefused) as excinfo:
        membership_remove(actor=actor, membership=target)
    assert excinfo.value.code == "forbidden"
    assert snapshot() == before


def test_superuser_may_remove_anywhere_but_not_the_last_coordinator(org_b, coordinator_b, superuser):
    leader = MembershipFactory(organization=org_b, role=LEADER)
    membership_remove(actor=superuser, membership=leader)
    assert not Membership.objects.filter(pk=leader.pk).exists()
    last = Membership.objects.get(user=coordinator_b, organization=org_b)
    with pytest.raises(DomainError) as excinfo:
        membership_remove(actor=superuser, membership=last)
    assert excinfo.value.code == "last_coordinator"


# --- selectors --------------------------------------------------------------------------


def test_membership_get_is_scoped_to_the_organization(org_a, org_b, coordinator_a, coordinator_b, superuser):
    elsewhere = Membership.objects.get(user=coordinator_b, organization=org_b)
    own = Membership.objects.get(user=coordinator_a, organization=org_a)
    assert membership_get(actor=coordinator_a, organization=org_a, pk=own.pk) == own
    for actor in (coordinator_a, superuser):
        with pytest.raises(PermissionRefused) as excinfo:
            membership_get(actor=actor, organization=org_a, pk=elsewhere.pk)
        assert excinfo.value.code == "not_found"


def test_membership_get_refuses_strangers(org_a, coordinator_a, coordinator_b):
    own = Membership.objects.get(user=coordinator_a, organization=org_a)
    with pytest.raises(PermissionRefused) as excinfo:
        membership_get(actor=coordinator_b, organization=org_a, pk=own.pk)
    assert excinfo.value.code == "not_found"


def test_organization_get_for_management(org_a, coordinator_a, leader_a, coordinator_b, superuser):
    assert organization_get_for_management(actor=coordinator_a, slug="org-a") == org_a
    assert organization_get_for_management(actor=superuser, slug="org-a") == org_a
    with pytest.raises(PermissionRefused) as excinfo:
        organization_get_for_management(actor=leader_a, slug="org-a")
    assert excinfo.value.code == "forbidden"
    for actor, slug in ((coordinator_b, "org-a"), (coordinator_a, "no-such-organization")):
        with pytest.raises(PermissionRefused) as excinfo:
            organization_get_for_management(actor=actor, slug=slug)
        assert excinfo.value.code == "not_found"


def test_organization_get_for_members_hides_existence(org_a, coordinator_b):
    for slug in ("org-a", "no-such-organization"):
        with pytest.raises(PermissionRefused) as excinfo:
            organization_get_for_members(actor=coordinator_b, slug=slug)
        assert excinfo.value.code == "not_found"


def test_member_directory(org_a, coordinator_a, leader_a):
    directory = member_directory_get(actor=leader_a, slug="org-a")
    assert directory.organization == org_a
    assert directory.can_manage is False
    assert [m.role for m in directory.memberships] == [COORDINATOR, LEADER]
    assert member_directory_get(actor=coordinator_a, slug="org-a").can_manage is True


def test_membership_lists_only_for_members(org_a, org_b, coordinator_a, coordinator_b, superuser):
    assert not membership_list(actor=coordinator_b, organization=org_a).exists()
    assert set(membership_list_for_admin(actor=coordinator_a).values_list("organization", flat=True)) == {
        org_a.pk
    }
    assert membership_list_for_admin(actor=superuser).count() == 2
    assert not membership_list_for_admin(actor=AnonymousUser()).exists()
