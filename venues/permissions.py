"""Who may do what in the network. Pure functions: no queries beyond the actor's memberships."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from venues.models import Membership, Organization

Actor = User | AnonymousUser | None


def _role(actor: Actor, organization: Organization) -> str | None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    return (
        Membership.objects.filter(user=actor, organization=organization).values_list("role", flat=True).first()
    )


def is_platform_admin(actor: Actor) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_active and actor.is_superuser)


def can_view_members(actor: Actor, organization: Organization) -> bool:
    """Any member sees their colleagues; nobody else does."""
    return is_platform_admin(actor) or _role(actor, organization) is not None


def can_manage_members(actor: Actor, organization: Organization) -> bool:
    """Only the organization's own coordinators add, change and remove its members."""
    return is_platform_admin(actor) or _role(actor, organization) == Membership.Role.COORDINATOR
