"""Reads of the network, always scoped to what the actor may see."""

from django.db.models import Count, Q, QuerySet

from core.errors import PermissionRefused
from venues.models import Membership, Municipality, Organization, Region
from venues.permissions import Actor, can_view_members, is_platform_admin


def region_list() -> QuerySet[Region]:
    """Public: sub-regions with their municipalities, for listings and filters."""
    return Region.objects.prefetch_related("municipalities").order_by("code")


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("region").order_by("name")


def membership_list_for_user(*, actor: Actor) -> QuerySet[Membership]:
    """The actor's own memberships (their workspace)."""
    if actor is None or not actor.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=actor, organization__is_active=True)
        .select_related("organization", "organization__municipality", "organization__region")
        .order_by("organization__name")
    )


def organization_list_for_actor(*, actor: Actor) -> QuerySet[Organization]:
    """Organizations whose members the actor may see: their own, or all for platform admins."""
    qs = Organization.objects.select_related("municipality", "region")
    if not is_platform_admin(actor):
        if actor is None or not actor.is_authenticated:
            return qs.none()
        qs = qs.filter(memberships__user=actor)
    return qs.annotate(
        coordinator_count=Count("memberships", filter=Q(memberships__role=Membership.Role.COORDINATOR)),
        member_count=Count("memberships"),
    ).order_by("name")


def organization_get_for_members(*, actor: Actor, slug: str) -> Organization:
    """One organization whose members the actor may see.

    Raises PermissionRefused with code "not_found" both when the slug does not
    exist and when the actor is not a member, so existence does not leak.
    """
    organization = Organization.objects.filter(slug=slug).select_related("municipality", "region").first()
    if organization is None or not can_view_members(actor, organization):
        raise PermissionRefused("Organization not found.", code="not_found")
    return organization


def membership_list(*, actor: Actor, organization: Organization) -> QuerySet[Membership]:
    if not can_view_members(actor, organization):
        return Membership.objects.none()
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__email")
    )
