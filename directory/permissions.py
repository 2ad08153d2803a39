"""Who may keep which directory entries. Pure functions over the actor's memberships."""

from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from directory.models import Service
from venues.models import Membership, Organization
from venues.permissions import Actor, is_platform_admin, role_in


def can_add_service(actor: Actor, organization: Organization) -> bool:
    """An organization's coordinators add its local services."""
    return is_platform_admin(actor) or role_in(actor, organization) == Membership.Role.COORDINATOR


def can_edit_service(actor: Actor, service: Service) -> bool:
    """Its organization's coordinators and leaders keep a local service; nobody edits a PTV one here."""
    if service.is_from_ptv:
        return False
    return is_platform_admin(actor) or role_in(actor, service.organization) is not None


def require_edit_service(actor: Actor, service: Service) -> None:
    if service.is_from_ptv:
        raise PermissionRefused(
            _("This service comes from the Finnish Service Catalogue (PTV): edit it in PTV."), code="from_ptv"
        )
    if not can_edit_service(actor, service):
        raise PermissionRefused(_("Only its organization's members can edit this service."), code="forbidden")


GUIDANCE_KINDS = (Organization.Kind.COUNTY, Organization.Kind.MUNICIPALITY)


def can_edit_guidance(actor: Actor) -> bool:
    """The network-wide "What help fits us?" mapping: coordinators of the county or a municipality."""
    if is_platform_admin(actor):
        return True
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return Membership.objects.filter(
        user=actor,
        role=Membership.Role.COORDINATOR,
        organization__kind__in=GUIDANCE_KINDS,
        organization__is_active=True,
    ).exists()
