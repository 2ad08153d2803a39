"""Writes to the network: memberships. Every function takes an explicit actor."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import DomainError, PermissionRefused
from venues.models import Membership, Organization
from venues.permissions import Actor, can_manage_members


class MembershipError(DomainError):
    pass


def _require_manager(actor: Actor, organization: Organization) -> None:
    if not can_manage_members(actor, organization):
        raise PermissionRefused(
            _("Only the coordinators of %(organization)s can manage its members.")
            % {"organization": organization.name},
            code="forbidden",
        )


def _lock_coordinators(organization: Organization) -> list[int]:
    """Lock the organization's coordinator rows, so two coordinators demoting
    each other at once cannot leave the organization without one."""
    return list(
        Membership.objects.select_for_update()
        .filter(organization=organization, role=Membership.Role.COORDINATOR)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


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
    _require_manager(actor, organization)
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
    _require_manager(actor, membership.organization)
    if role not in Membership.Role.values:
        raise MembershipError(_("Choose a role."), code="invalid_role")
    coordinators = _lock_coordinators(membership.organization)
    membership.refresh_from_db()
    if membership.role == Membership.Role.COORDINATOR and role != membership.role and len(coordinators) <= 1:
        raise MembershipError(
            _("An organization needs at least one coordinator. Add another coordinator first."),
            code="last_coordinator",
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> None:
    _require_manager(actor, membership.organization)
    coordinators = _lock_coordinators(membership.organization)
    membership.refresh_from_db()
    if membership.role == Membership.Role.COORDINATOR and len(coordinators) <= 1:
        raise MembershipError(
            _("An organization needs at least one coordinator. Add another coordinator first."),
            code="last_coordinator",
        )
    membership.delete()
