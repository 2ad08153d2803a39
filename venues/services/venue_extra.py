"""Writes to a venue besides its details: taking it off the public pages and back, and its photos' order.

Deactivation only flips `Venue.is_active`: the public pages, feeds, embeds, search and the API
already show active venues only, so the venue and its sessions leave them, and everything
stays in the database (history, rooms, sign-ups, the accessibility log) for reactivation.
Saving the venue row notifies the feed versions (events.feed_versions listens to Venue saves).

Photo order: `VenuePhoto.position` numbers the photos, the public pages sort by it. A move
swaps a photo with its neighbour under a lock on the venue row (as `photo_add` numbers new
photos), so two editors moving at once cannot interleave into duplicate positions.
"""

from typing import Literal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from venues.models import Venue, VenuePhoto
from venues.permissions import Actor, can_change_venue_status, can_edit_venue
from venues.services.venues import VenueError

Direction = Literal["up", "down"]


def _require_status_change(actor: Actor, venue: Venue) -> None:
    if not can_change_venue_status(actor, venue):
        raise PermissionRefused(
            _("Only the coordinators of %(organization)s can deactivate or reactivate its venues.")
            % {"organization": venue.organization.name},
            code="forbidden",
        )


def _set_active(*, actor: Actor, venue: Venue, active: bool) -> Venue:
    _require_status_change(actor, venue)
    locked = Venue.objects.select_for_update().select_related("organization").get(pk=venue.pk)
    if locked.is_active == active:
        return locked  # already so: nothing to write, feeds stay valid
    if active and not locked.organization.is_active:
        raise VenueError(
            _("%(organization)s is no longer active in the network.")
            % {"organization": locked.organization.name},
            code="inactive_organization",
        )
    locked.is_active = active
    locked.save(update_fields=["is_active", "updated_at"])
    return locked


@transaction.atomic
def venue_deactivate(*, actor: Actor, venue: Venue) -> Venue:
    """Take the venue off every public page, feed, embed, search and the API; nothing is deleted."""
    return _set_active(actor=actor, venue=venue, active=False)


@transaction.atomic
def venue_reactivate(*, actor: Actor, venue: Venue) -> Venue:
    """Bring a deactivated venue back, as it was."""
    return _set_active(actor=actor, venue=venue, active=True)


@transaction.atomic
def photo_move(*, actor: Actor, photo: VenuePhoto, direction: Direction) -> list[VenuePhoto]:
    """Move a photo one place earlier ("up") or later ("down"); returns the photos in their new order.

    The first photo moved up, or the last down, stays where it is. Positions are renumbered
    0, 1, 2… on the way, so gaps and ties left by deletions or old data do not matter.
    """
    if not can_edit_venue(actor, photo.venue):
        raise PermissionRefused(
            _("Only the members of %(organization)s can update its venues.")
            % {"organization": photo.venue.organization.name},
            code="forbidden",
        )
    if direction not in ("up", "down"):
        raise VenueError(_("Choose whether to move the photo up or down."), code="invalid_direction")
    Venue.objects.select_for_update().filter(pk=photo.venue_id).first()
    photos = list(VenuePhoto.objects.filter(venue_id=photo.venue_id).order_by("position", "pk"))
    index = next((i for i, p in enumerate(photos) if p.pk == photo.pk), None)
    if index is None:
        raise PermissionRefused(_("Photo not found."), code="not_found")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(photos):
        photos[index], photos[other] = photos[other], photos[index]
    changed = []
    for position, item in enumerate(photos):
        if item.position != position:
            item.position = position
            changed.append(item)
    VenuePhoto.objects.bulk_update(changed, ["position"])
    if changed:
        # bulk_update sends no signals: save the venue so the feeds and caches that show photos notice.
        Venue.objects.get(pk=photo.venue_id).save(update_fields=["updated_at"])
    return photos
