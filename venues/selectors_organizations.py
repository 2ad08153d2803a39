"""Reads for the organizations page: those the actor may add, deactivate or reactivate.

Never writes. Inactive organizations are listed here (and only here in the workspace), so
that they can be reactivated; for anyone else an organization answers "not found".
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from venues.models import Membership, Municipality, Organization, OrganizationInvite
from venues.permissions import (
    Actor,
    can_change_organization_status,
    is_platform_admin,
    municipalities_for_new_organizations,
    role_in,
)
from venues.services.organizations import NEW_KINDS


def municipalities_for_organization_create(*, actor: Actor) -> QuerySet[Municipality]:
    return municipalities_for_new_organizations(actor).order_by("name")


def organization_list_for_status(*, actor: Actor) -> list[Organization]:
    """NGOs, parishes and private providers the actor coordinates or oversees, with their open invitations."""
    if actor is None or not actor.is_authenticated:
        return []
    qs = Organization.objects.filter(kind__in=NEW_KINDS)
    if not is_platform_admin(actor):
        qs = qs.filter(
            Q(municipality__in=municipalities_for_new_organizations(actor))
            | Q(memberships__user=actor, memberships__role=Membership.Role.COORDINATOR)
        )
    invites = OrganizationInvite.objects.filter(accepted_at__isnull=True).order_by("-created_at")
    return list(
        qs.distinct()
        .select_related("municipality")
        .prefetch_related(Prefetch("invites", queryset=invites, to_attr="open_invites"))
        .order_by("-is_active", "name")
    )


def organization_get_for_status(*, actor: Actor, slug: str) -> Organization:
    """One organization the actor may deactivate or reactivate: 404 for outsiders, 403 for other members."""
    organization = Organization.objects.filter(slug=slug).select_related("municipality").first()
    if organization is None:
        raise PermissionRefused(_("Organization not found."), code="not_found")
    if not can_change_organization_status(actor, organization):
        if role_in(actor, organization) is None:
            raise PermissionRefused(_("Organization not found."), code="not_found")
        raise PermissionRefused(
            _("Only the coordinators of %(organization)s can deactivate it.")
            % {"organization": organization.name},
            code="forbidden",
        )
    return organization


def invite_get_for_resend(*, actor: Actor, organization: Organization, pk: int) -> OrganizationInvite:
    """An invitation of `organization` (found with `organization_get_for_status`) not yet accepted."""
    invite = None
    if can_change_organization_status(actor, organization):
        invite = OrganizationInvite.objects.filter(
            organization=organization, pk=pk, accepted_at__isnull=True
        ).first()
    if invite is None:
        raise PermissionRefused(_("Invitation not found."), code="not_found")
    return invite
