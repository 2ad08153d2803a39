"""Reads of the network, always scoped to what the actor may see.

Never writes. A lookup by slug or id that is not scoped to the actor is a bug
(IDOR): every `*_get` here refuses with PermissionRefused code "not_found"
both for what does not exist and for what the actor may not see.
"""

from dataclasses import dataclass
from datetime import date

from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from venues.models import (
    Membership,
    Municipality,
    OpeningException,
    OpeningHours,
    Organization,
    Region,
    Room,
    Venue,
    VenuePhoto,
)
from venues.permissions import (
    Actor,
    can_edit_venue,
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


# --- venues, for their editors (the workspace) -------------------------------------------------------

THUMBNAIL_WIDTH = 480


def organization_list_for_venue_create(*, actor: Actor) -> QuerySet[Organization]:
    """Active organizations the actor may add venues to: those they coordinate, or all for platform admins."""
    qs = Organization.objects.filter(is_active=True).order_by("name")
    if is_platform_admin(actor):
        return qs
    if actor is None or not actor.is_authenticated:
        return qs.none()
    return qs.filter(memberships__user=actor, memberships__role=Membership.Role.COORDINATOR)


def venue_list_for_editor(*, actor: Actor) -> QuerySet[Venue]:
    """Venues the actor keeps up to date: their organizations' (all for platform admins), rooms prefetched.

    Two queries however many venues and rooms there are.
    """
    qs = Venue.objects.select_related("organization", "municipality").prefetch_related(
        Prefetch("rooms", queryset=Room.objects.order_by("name_fi", "pk"))
    )
    if not is_platform_admin(actor):
        if actor is None or not actor.is_authenticated or not actor.is_active:
            return qs.none()
        qs = qs.filter(organization__memberships__user=actor)
    return qs.order_by("organization__name", "name_fi", "pk")


def venue_get_for_editor(*, actor: Actor, slug: str) -> Venue:
    """One venue the actor may edit; "not_found" both for unknown slugs and for venues of others."""
    venue = Venue.objects.filter(slug=slug).select_related("organization", "municipality").first()
    if venue is None or not can_edit_venue(actor, venue):
        raise PermissionRefused(_("Venue not found."), code="not_found")
    return venue


def _require_venue_editor(actor: Actor, venue: Venue) -> None:
    if not can_edit_venue(actor, venue):
        raise PermissionRefused(_("Venue not found."), code="not_found")


def room_list_for_editor(*, actor: Actor, venue: Venue) -> QuerySet[Room]:
    if not can_edit_venue(actor, venue):
        return Room.objects.none()
    return Room.objects.filter(venue=venue).order_by("name_fi", "pk")


def room_get_for_editor(*, actor: Actor, venue: Venue, pk: int) -> Room:
    """One room of `venue`; the id of a room elsewhere is "not_found"."""
    _require_venue_editor(actor, venue)
    room = Room.objects.filter(venue=venue, pk=pk).select_related("venue__organization").first()
    if room is None:
        raise PermissionRefused(_("Room not found."), code="not_found")
    return room


def opening_hours_list_for_editor(*, actor: Actor, venue: Venue) -> list[OpeningHours]:
    if not can_edit_venue(actor, venue):
        return []
    return list(OpeningHours.objects.filter(venue=venue).order_by("weekday", "opens"))


def opening_exception_list_for_editor(
    *, actor: Actor, venue: Venue, since: date | None = None
) -> QuerySet[OpeningException]:
    """The venue's exceptions, those ending on or after `since` if given, in date order."""
    if not can_edit_venue(actor, venue):
        return OpeningException.objects.none()
    qs = OpeningException.objects.filter(venue=venue)
    if since is not None:
        qs = qs.filter(end_date__gte=since)
    return qs.order_by("start_date", "pk")


def opening_exception_get_for_editor(*, actor: Actor, venue: Venue, pk: int) -> OpeningException:
    _require_venue_editor(actor, venue)
    exception = (
        OpeningException.objects.filter(venue=venue, pk=pk).select_related("venue__organization").first()
    )
    if exception is None:
        raise PermissionRefused(_("Exception not found."), code="not_found")
    return exception


@dataclass(frozen=True)
class EditorPhoto:
    """A photo with the address of its smallest rendition, for lists of thumbnails."""

    photo: VenuePhoto
    thumbnail_url: str
    thumbnail_width: int
    thumbnail_height: int


def _editor_photo(photo: VenuePhoto) -> EditorPhoto:
    name = (photo.renditions or {}).get(str(THUMBNAIL_WIDTH))
    if name and photo.width:
        width, height = THUMBNAIL_WIDTH, round(photo.height * THUMBNAIL_WIDTH / photo.width)
    else:
        name, width, height = photo.image.name, photo.width, photo.height
    return EditorPhoto(
        photo=photo, thumbnail_url=default_storage.url(name), thumbnail_width=width, thumbnail_height=height
    )


def photo_list_for_editor(*, actor: Actor, venue: Venue) -> list[EditorPhoto]:
    if not can_edit_venue(actor, venue):
        return []
    photos = VenuePhoto.objects.filter(venue=venue).select_related("room").order_by("position", "pk")
    return [_editor_photo(photo) for photo in photos]


def photo_get_for_editor(*, actor: Actor, venue: Venue, pk: int) -> EditorPhoto:
    """One photo of `venue`; the id of a photo elsewhere is "not_found"."""
    _require_venue_editor(actor, venue)
    photo = (
        VenuePhoto.objects.filter(venue=venue, pk=pk).select_related("venue__organization", "room").first()
    )
    if photo is None:
        raise PermissionRefused(_("Photo not found."), code="not_found")
    return _editor_photo(photo)


@dataclass(frozen=True)
class VenueEditor:
    """What the venue's edit page shows besides the form: rooms, weekly hours, coming exceptions, photos."""

    venue: Venue
    rooms: list[Room]
    opening_hours: list[OpeningHours]
    upcoming_exceptions: list[OpeningException]
    photo_count: int

    @property
    def weekly_hours(self) -> list[tuple[str, list[OpeningHours]]]:
        """Every weekday with its opening ranges; an empty list is a closed day."""
        return [
            (str(label), [row for row in self.opening_hours if row.weekday == weekday])
            for weekday, label in OpeningHours.Weekday.choices
        ]


def venue_editor_get(*, actor: Actor, slug: str, today: date) -> VenueEditor:
    venue = venue_get_for_editor(actor=actor, slug=slug)
    return VenueEditor(
        venue=venue,
        rooms=list(Room.objects.filter(venue=venue).order_by("name_fi", "pk")),
        opening_hours=list(OpeningHours.objects.filter(venue=venue).order_by("weekday", "opens")),
        upcoming_exceptions=list(
            OpeningException.objects.filter(venue=venue, end_date__gte=today).order_by("start_date", "pk")
        ),
        photo_count=VenuePhoto.objects.filter(venue=venue).count(),
    )
