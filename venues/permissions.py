"""Who may do what in the network.

Pure functions: no queries beyond the actor's memberships, no writes. The
`require_*` guards raise the refusal that selectors and services share, so a
view and a service refuse with the same translated message and `code`.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import PermissionRefused
from venues.models import County, Membership, Municipality, Organization, Venue

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


# --- organizations in the network ---------------------------------------------------------------


def municipalities_for_new_organizations(actor: Actor) -> QuerySet[Municipality]:
    """Where the actor may add organizations: a county's coordinators in the county's
    municipalities, a municipality's coordinators in their municipality (all, for platform admins)."""
    if is_platform_admin(actor):
        return Municipality.objects.all()
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return Municipality.objects.none()
    coordinated = Membership.objects.filter(
        user=actor, role=Membership.Role.COORDINATOR, organization__is_active=True
    )
    counties = coordinated.filter(organization__kind=Organization.Kind.COUNTY).values("organization__county")
    municipal = coordinated.filter(organization__kind=Organization.Kind.MUNICIPALITY).values(
        "organization__municipality"
    )
    return Municipality.objects.filter(Q(region__county__in=counties) | Q(pk__in=municipal))


def can_add_organization(actor: Actor, municipality: Municipality | None = None) -> bool:
    """Anywhere (municipality None) or in this municipality, as `municipalities_for_new_organizations`."""
    places = municipalities_for_new_organizations(actor)
    return places.filter(pk=municipality.pk).exists() if municipality is not None else places.exists()


def can_change_organization_status(actor: Actor, organization: Organization) -> bool:
    """Deactivate or reactivate: the organization's own coordinators, and the coordinators who
    could have added it (its municipality's, or its county's). Never a county or municipality
    organization itself, which carries the network: that stays with the platform admins."""
    if is_platform_admin(actor):
        return True
    if organization.kind in (Organization.Kind.COUNTY, Organization.Kind.MUNICIPALITY):
        return False
    if role_in(actor, organization) == Membership.Role.COORDINATOR:
        return True
    return organization.municipality_id is not None and can_add_organization(actor, organization.municipality)


def can_change_venue_status(actor: Actor, venue: Venue) -> bool:
    """Deactivating and reactivating a venue is its organization's coordinators' call, as adding one is."""
    return can_manage_members(actor, venue.organization)
