"""Take a tour off the public pages and bring it back: `tour_deactivate`, `tour_reactivate`.

A deactivated tour leaves the public tour pages, search, the API and the feeds, as a deactivated
organization's groups do: the tour and its group are marked inactive, and every public read
already filters on `Group.is_active` (the group's feed answers 404, as other removed scopes do).
Nothing is deleted: past visits stay as the history, and so do the stops and their series.

Families who signed up for a coming visit are not left waiting for a team that will not come:
those visits are cancelled with the coordinator's reason (required then), which tells the
families through `session_cancel`'s hooks. Refusing to deactivate while sign-ups exist would
only make the coordinator cancel each visit by hand first. The coming visits nobody signed up
for stay as they are, hidden with the tour, and return if it is reactivated. Cancelled visits
stay cancelled: the families were told so.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Session, Tour
from events.services.publishing import schedule_changed
from events.services.series import _has_signups
from events.services.sessions import session_cancel
from events.services.tours import TourError, lock_tour, require_manage_tour
from venues.permissions import Actor


@dataclass(frozen=True)
class TourDeactivation:
    tour: Tour
    cancelled: int = 0  # coming visits with sign-ups, cancelled so the families are told


def visits_with_signups(tour: Tour) -> list[Session]:
    """The tour's coming visits, not cancelled, that families have signed up for."""
    coming = Session.objects.filter(group_id=tour.group_id, start__gt=timezone.now()).exclude(
        status=Session.Status.CANCELLED
    )
    return [
        session
        for session in coming.select_related("group", "series").order_by("start")
        if _has_signups(session)
    ]


def _set_active(tour: Tour, active: bool) -> None:
    tour.is_active = active
    tour.save(update_fields=["is_active"])
    group = tour.group
    group.is_active = active
    group.save()  # a full save: the feeds' cache bookkeeping listens to it (events.feed_versions)
    schedule_changed(group_ids=[group.pk])


@transaction.atomic
def tour_deactivate(*, actor: Actor, tour: Tour, reason: str = "") -> TourDeactivation:
    """Take the tour off every public page and feed; cancel the coming visits families signed up for."""
    tour = lock_tour(tour)
    require_manage_tour(actor, tour)
    if not tour.is_active:
        return TourDeactivation(tour=tour)  # already so: nothing to write, nobody to tell again
    with_signups = visits_with_signups(tour)
    reason = reason.strip()
    if with_signups and not reason:
        raise TourError(
            _("Families have signed up for coming visits. Tell them why the visits are cancelled."),
            code="no_reason",
        )
    for session in with_signups:
        session_cancel(actor=actor, session=session, reason=reason)
    _set_active(tour, False)
    return TourDeactivation(tour=tour, cancelled=len(with_signups))


@transaction.atomic
def tour_reactivate(*, actor: Actor, tour: Tour) -> Tour:
    """Bring a deactivated tour back, with the visits it still has; refused while its organization
    is inactive (its groups could not show anyway)."""
    tour = lock_tour(tour)
    require_manage_tour(actor, tour)
    if tour.is_active:
        return tour
    if not tour.organization.is_active:
        raise TourError(
            _("%(organization)s is no longer active in the network.")
            % {"organization": tour.organization.name},
            code="inactive_organization",
        )
    _set_active(tour, True)
    return tour
