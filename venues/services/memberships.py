"""Writes to the network: memberships. Every function takes an explicit actor.

Each service checks the actor's rights itself (views and the admin check too,
but never instead) and keeps the invariant that an organization which has a
coordinator never loses its last one.
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import DomainError
from venues.models import Membership, Organization
from venues.permissions import Actor, require_manage_members

LAST_COORDINATOR_MESSAGE = _("An organization needs at least one coordinator. Add another coordinator first.")


class MembershipError(DomainError):
    pass


def _lock_coordinators(organization: Organization) -> list[int]:
    """Lock the organization's coordinator rows, so two coordinators demoting
    each other at once cannot leave the organization without one."""
    return list(
        Membership.objects.select_for_update()
        .filter(organization=organization, role=Membership.Role.COORDINATOR)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _reload(membership: Membership) -> None:
    try:
        membership.refresh_from_db()
    except Membership.DoesNotExist as error:
        raise MembershipError(_("This person is no longer a member."), code="not_found") from error


def _user_for_email(email: str) -> User:
    """The account for an email address, created (without a password) if new.

    A new member signs in with a code sent to this address; that also verifies it.
    """
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


@transaction.atomic
def membership_add(*, actor: Actor, organization: Organization, email: str, role: str) -> Membership:
    require_manage_members(actor, organization)
    if role not in Membership.Role.values:
        raise MembershipError(_("Choose a role."), code="invalid_role")
    user = _user_for_email(email)
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise MembershipError(
            _("%(email)s is already a member of %(organization)s.")
            % {"email": user.email, "organization": organization.name},
            code="duplicate",
        )
    membership = Membership(
        user=user,
        organization=organization,
        role=role,
        created_by=actor if isinstance(actor, User) else None,
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    require_manage_members(actor, membership.organization)
    if role not in Membership.Role.values:
        raise MembershipError(_("Choose a role."), code="invalid_role")
    coordinators = _lock_coordinators(membership.organization)
    _reload(membership)
    if membership.role == Membership.Role.COORDINATOR and role != membership.role and len(coordinators) <= 1:
        raise MembershipError(LAST_COORDINATOR_MESSAGE, code="last_coordinator")
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> None:
    require_manage_members(actor, membership.organization)
    coordinators = _lock_coordinators(membership.organization)
    _reload(membership)
    if membership.role == Membership.Role.COORDINATOR and len(coordinators) <= 1:
        raise MembershipError(LAST_COORDINATOR_MESSAGE, code="last_coordinator")
    membership.delete()
