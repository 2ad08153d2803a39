"""Who may run which group. Pure functions over the actor's memberships and the group's leaders."""

from events.models import Group, Tour
from venues.models import Membership, Organization
from venues.permissions import Actor, is_platform_admin, role_in


def can_create_group(actor: Actor, organization: Organization) -> bool:
    """Coordinators and leaders of the organization start groups."""
    return is_platform_admin(actor) or role_in(actor, organization) is not None


def can_manage_group(actor: Actor, group: Group) -> bool:
    """The group's own leaders (still members of its organization) and the organization's coordinators."""
    if is_platform_admin(actor):
        return True
    role = role_in(actor, group.organization)
    if role == Membership.Role.COORDINATOR:
        return True
    return role is not None and group.leaders.filter(pk=actor.pk).exists()


def can_manage_tours(actor: Actor, organization: Organization) -> bool:
    """The organization's coordinators set up and change its mobile family centre tours.

    In the demo the tour is the wellbeing services county's: its coordinators are the county's.
    Tours of other organizations stay theirs, as their groups do.
    """
    return is_platform_admin(actor) or role_in(actor, organization) == Membership.Role.COORDINATOR


def can_manage_tour(actor: Actor, tour: Tour) -> bool:
    """The coordinators of the organization that runs the tour: its team, stops, cycle and visits."""
    return can_manage_tours(actor, tour.organization)
