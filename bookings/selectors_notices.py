"""Emails to families as coordinators see them: failed and recently queued notices of their groups.

Never the family's email address or name: a notice is shown as "household #id".
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Notice
from core.errors import PermissionRefused
from venues.models import Membership, Organization
from venues.permissions import Actor, is_platform_admin

# Queued this long ago and still not sent: worth a look (a stopped worker, a lost task).
RECENT = dt.timedelta(days=7)
LIMIT = 200


def coordinated_organizations(actor: Actor) -> QuerySet[Organization]:
    """The organizations whose families' emails the actor answers for: those they coordinate."""
    if is_platform_admin(actor):
        return Organization.objects.all()
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=actor, memberships__role=Membership.Role.COORDINATOR
    ).distinct()


def _visible(actor: Actor) -> QuerySet[Notice]:
    return Notice.objects.filter(booking__group__organization__in=coordinated_organizations(actor))


def notice_list_for_coordinator(*, actor: Actor, now: dt.datetime | None = None) -> list[Notice]:
    """Failed notices and those queued in the last week, newest first. Refused unless a coordinator."""
    if not is_platform_admin(actor) and not coordinated_organizations(actor).exists():
        raise PermissionRefused(_("Only coordinators see the emails sent to families."), code="forbidden")
    now = now or timezone.now()
    notices = _visible(actor).filter(
        Q(state=Notice.State.FAILED) | Q(state=Notice.State.QUEUED, created_at__gte=now - RECENT)
    )
    return list(
        notices.select_related("booking__group", "session__group", "session__room__venue").order_by(
            "-created_at", "-pk"
        )[:LIMIT]
    )


def notice_get_for_coordinator(*, actor: Actor, pk: int) -> Notice:
    """One notice of the actor's organizations; any other is "not found", whether it exists or not."""
    notice = _visible(actor).select_related("booking__group__organization").filter(pk=pk).first()
    if notice is None:
        raise PermissionRefused(_("No such email."), code="not_found")
    return notice
