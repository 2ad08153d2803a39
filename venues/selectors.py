"""Reads of the network, always scoped to what the actor may see.

Never writes. A lookup by slug or id that is not scoped to the actor is a bug
(IDOR): every `*_get` here refuses with PermissionRefused code "not_found"
both for what does not exist and for what the actor may not see.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from venues.models import Membership, Municipality, Organization, Region
from venues.permissions import (
    Actor,
    can_manage_members,
    can_view_members,
    is_platform_admin,
    require_manage_members,
)


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
        raise PermissionRefused(_("Organization not found."), code="not_found")
    return organization


def organization_get_for_management(*, actor: Actor, slug: str) -> Organization:
    """One organization whose members the actor may manage.

    "not_found" for strangers (as `organization_get_for_members`), "forbidden"
    for members who may only look, such as group leaders.
    """
    organization = organization_get_for_members(actor=actor, slug=slug)
    require_manage_members(actor, organization)
    return organization


def membership_list(*, actor: Actor, organization: Organization) -> QuerySet[Membership]:
    if not can_view_members(actor, organization):
        return Membership.objects.none()
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__email")
    )


def membership_get(*, actor: Actor, organization: Organization, pk: int) -> Membership:
    """One membership of `organization`, if the actor may see its members.

    Scoped by organization: the id of a membership elsewhere is "not_found",
    even for someone who may see that other organization.
    """
    if not can_view_members(actor, organization):
        raise PermissionRefused(_("Member not found."), code="not_found")
    membership = (
        Membership.objects.filter(organization=organization, pk=pk)
        .select_related("user", "organization")
        .first()
    )
    if membership is None:
        raise PermissionRefused(_("Member not found."), code="not_found")
    return membership


@dataclass(frozen=True)
class MemberDirectory:
    """What the members page shows: the organization, its people, and whether the actor may change them."""

    organization: Organization
    memberships: list[Membership]
    can_manage: bool


def member_directory_get(*, actor: Actor, slug: str) -> MemberDirectory:
    """The members page of one organization; "not_found" for anyone who is not a member."""
    organization = organization_get_for_members(actor=actor, slug=slug)
    return MemberDirectory(
        organization=organization,
        memberships=list(membership_list(actor=actor, organization=organization)),
        can_manage=can_manage_members(actor, organization),
    )


def membership_list_for_admin(*, actor: Actor) -> QuerySet[Membership]:
    """Memberships the Django admin lists: all for platform admins, else those of their organizations."""
    qs = Membership.objects.select_related("user", "organization", "created_by")
    if is_platform_admin(actor):
        return qs
    if actor is None or not actor.is_authenticated:
        return qs.none()
    return qs.filter(organization__in=Organization.objects.filter(memberships__user=actor))
