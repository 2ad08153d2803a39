"""Reads for the tours workspace (/<lang>/leader/tours/): what the actor may manage, and nothing else.

Never writes. Every `*_get` refuses with PermissionRefused code "not_found" both for what does not
exist and for what the actor may not manage, so other organizations' tours do not show to exist.
The public reads of tours live beside their pages (`events/views/tours.py`).
"""

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import PermissionRefused
from events.models import Session, Tour, TourStop
from events.permissions import can_manage_tour
from events.selectors_workspace import _translated
from venues.models import Membership, Organization
from venues.permissions import Actor, is_platform_admin


def _coordinated(actor: Actor) -> QuerySet[Organization]:
    if is_platform_admin(actor):
        return Organization.objects.all()
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=actor, memberships__role=Membership.Role.COORDINATOR)


def organization_list_for_tour_create(*, actor: Actor) -> QuerySet[Organization]:
    """Active organizations whose tours the actor may set up (as `can_manage_tours`)."""
    return _coordinated(actor).filter(is_active=True).distinct().order_by(_translated("name"), "pk")


def tour_list_for_manager(*, actor: Actor) -> QuerySet[Tour]:
    """The tours of the organizations the actor coordinates, with their number of stops. One query."""
    return (
        Tour.objects.filter(organization__in=_coordinated(actor).values("pk"))
        .select_related("organization")
        .annotate(stop_count=Count("stops"))
        .order_by("-is_active", _translated("name"), "pk")
    )


def tour_get_for_manager(*, actor: Actor, slug: str) -> Tour:
    tour = Tour.objects.filter(slug=slug).select_related("organization", "group__organization").first()
    if tour is None or not can_manage_tour(actor, tour):
        raise PermissionRefused(_("Tour not found."), code="not_found")
    return tour


def stop_list_for_manager(*, actor: Actor, tour: Tour) -> list[TourStop]:
    """The tour's stops in the order of the cycle (week, weekday, time). One query."""
    if not can_manage_tour(actor, tour):
        return []
    return list(
        TourStop.objects.filter(tour=tour)
        .select_related("venue__municipality", "series__room")
        .order_by("week_of_cycle", "series__weekdays", "series__start_time", "pk")
    )


def stop_get_for_manager(*, actor: Actor, tour: Tour, pk: int) -> TourStop:
    stop = None
    if can_manage_tour(actor, tour):
        stop = TourStop.objects.filter(tour=tour, pk=pk).select_related("venue", "series__room").first()
    if stop is None:
        raise PermissionRefused(_("Stop not found."), code="not_found")
    return stop


def visit_get_for_manager(*, actor: Actor, tour: Tour, pk: int) -> Session:
    """One session of the tour's group; another group's session is "not_found"."""
    session = None
    if can_manage_tour(actor, tour):
        session = (
            Session.objects.filter(group_id=tour.group_id, pk=pk)
            .select_related("group__organization", "room__venue", "series")
            .first()
        )
    if session is None:
        raise PermissionRefused(_("Visit not found."), code="not_found")
    return session


def team_candidates(
    *, actor: Actor, tour: Tour | None = None, organization: Organization | None = None
) -> QuerySet[User]:
    """The people who may be in the tour's team: the members of its organization."""
    organization = organization or (tour.organization if tour else None)
    if organization is None or (tour is not None and not can_manage_tour(actor, tour)):
        return User.objects.none()
    return (
        User.objects.filter(memberships__organization=organization)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def team_candidates_for_create(*, actor: Actor) -> QuerySet[User]:
    """Who may be in a new tour's team: the members of the organizations the actor may set up tours
    for. The service checks that each is a member of the organization chosen."""
    organizations = organization_list_for_tour_create(actor=actor).values("pk")
    # Each person's organizations among those, for the label: a coordinator of several sees whose is whose.
    theirs = Membership.objects.filter(organization__in=organizations).select_related("organization")
    return (
        User.objects.filter(memberships__organization__in=organizations)
        .distinct()
        .order_by("first_name", "last_name", "email")
        .prefetch_related(Prefetch("memberships", queryset=theirs, to_attr="tour_memberships"))
    )
