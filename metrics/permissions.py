"""Who may issue and revoke the metrics API tokens of an organization. Pure reads of memberships.

A token reads what the coordinator role of its organization reads, so only that role hands one
out: the organization's own coordinators (of an active organization), and for the whole county
only the coordinators of a county's own organization. Platform admins revoke from the Django
admin; they issue none (a token is an organization's).
"""

from venues.models import County, Membership, Organization
from venues.permissions import Actor, is_platform_admin, role_in


def can_manage_api_tokens(actor: Actor, organization: Organization) -> bool:
    return organization.is_active and role_in(actor, organization) == Membership.Role.COORDINATOR


def can_revoke_api_token(actor: Actor, organization: Organization) -> bool:
    """Revoking takes a power away, so platform admins may too (from the Django admin)."""
    return is_platform_admin(actor) or can_manage_api_tokens(actor, organization)


def can_issue_county_tokens(organization: Organization) -> bool:
    """A county scope exists only for a wellbeing services county's own organization."""
    return County.objects.filter(organization=organization).exists()


def token_organizations(actor: Actor) -> list[Organization]:
    """The active organizations whose tokens the actor keeps: those they coordinate."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    return list(
        Organization.objects.filter(
            is_active=True,
            memberships__user=actor,
            memberships__role=Membership.Role.COORDINATOR,
        ).order_by("name")
    )
