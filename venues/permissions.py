"""Who may do what in the network.

Pure functions: no queries beyond the actor's memberships, no writes. The
`require_*` guards raise the refusal that selectors and services share, so a
view and a service refuse with the same translated message and `code`.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import PermissionRefused
from venues.models import County, Membership, Organization, Venue

Actor = User | AnonymousUser | None


def role_in(actor: Actor, organization: Organization) -> str | None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    return (
        Membership.objects.filter(user=actor, organization=organization)
        .values_list("role", flat=True)
        .first()
    )


def is_platform_admin(actor: Actor) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_active and actor.is_superuser)


def can_view_members(actor: Actor, organization: Organization) -> bool:
    """Any member sees their colleagues; nobody else does."""
    return is_platform_admin(actor) or role_in(actor, organization) is not None


def can_manage_members(actor: Actor, organization: Organization) -> bool:
    """Only the organization's own coordinators add, change and remove its members."""
    return is_platform_admin(actor) or role_in(actor, organization) == Membership.Role.COORDINATOR


def require_manage_members(actor: Actor, organization: Organization) -> None:
    """Raise PermissionRefused (code "forbidden") unless the actor may manage the members."""
    if not can_manage_members(actor, organization):
        raise PermissionRefused(
            _("Only the coordinators of %(organization)s can manage its members.")
            % {"organization": organization.name},
            code="forbidden",
        )


def can_edit_venue(actor: Actor, venue: Venue) -> bool:
    """The owning organization's coordinators and leaders keep its venues, rooms and facts up to date."""
    return is_platform_admin(actor) or role_in(actor, venue.organization) is not None


def can_create_venue(actor: Actor, organization: Organization) -> bool:
    """New venues are added by the organization's coordinators."""
    return can_manage_members(actor, organization)


def coordinated_county_ids(actor: Actor) -> list[int]:
    """The wellbeing services counties whose own organization the actor coordinates (its whole area)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    return list(
        County.objects.filter(
            organization__memberships__user=actor,
            organization__memberships__role=Membership.Role.COORDINATOR,
        ).values_list("pk", flat=True)
    )


def can_change_venue_status(actor: Actor, venue: Venue) -> bool:
    """Deactivating and reactivating a venue is its organization's coordinators' call, as adding one is."""
    return can_manage_members(actor, venue.organization)
