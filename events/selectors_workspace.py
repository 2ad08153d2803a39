"""Reads for the leaders' workspace of groups: what the actor may manage, and nothing else.

Never writes. Every `*_get` refuses with PermissionRefused code "not_found" both
for what does not exist and for what the actor may not manage, so the existence
of other organizations' groups does not leak. The lists run a constant number of
queries however many groups, series and sessions there are (tests pin it).
The public reads live in `events/selectors.py`.
"""

import datetime as dt

from django.db.models import CharField, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from events import recurrence
from events.models import Group, Series, SeriesBreak, Session
from events.permissions import can_manage_group
from venues.models import Membership, Organization, Room
from venues.permissions import Actor, is_platform_admin

# How many upcoming sessions a group's page lists; the rest are reached by the series.
UPCOMING_SESSIONS_SHOWN = 100


def _signed_in(actor: Actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def _translated(field: str) -> Coalesce:
    """A translated column in the active language, falling back to Finnish (for ordering)."""
    language = (get_language() or "fi").split("-")[0]
    if language == "fi":
        return Coalesce(F(f"{field}_fi"), Value(""), output_field=CharField())
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")), F(f"{field}_fi"), Value(""), output_field=CharField()
    )


def _managed_groups(actor: Actor) -> QuerySet[Group]:
    """Groups the actor may manage, as `can_manage_group` decides, in one query."""
    if is_platform_admin(actor):
        return Group.objects.all()
    if not _signed_in(actor):
        return Group.objects.none()
    memberships = Membership.objects.filter(user=actor)
    coordinated = memberships.filter(role=Membership.Role.COORDINATOR).values("organization_id")
    member_of = memberships.values("organization_id")
    led = Group.leaders.through.objects.filter(user=actor).values("group_id")
    return Group.objects.filter(
        Q(organization_id__in=coordinated) | Q(organization_id__in=member_of, pk__in=led)
    )


def group_list_for_actor(*, actor: Actor) -> QuerySet[Group]:
    """The groups the actor leads or coordinates, each with its next session.

    Annotated: `next_start` (the next scheduled session's start, or None) and
    `upcoming_count` (scheduled sessions still to come). One query.
    """
    now = timezone.now()
    upcoming = Session.objects.filter(group=OuterRef("pk"), status=Session.Status.SCHEDULED, end__gt=now)
    return (
        _managed_groups(actor)
        .select_related("organization")
        .annotate(
            next_start=Subquery(upcoming.order_by("start").values("start")[:1]),
            upcoming_count=Count(
                "sessions",
                filter=Q(sessions__status=Session.Status.SCHEDULED, sessions__end__gt=now),
            ),
        )
        .order_by("-is_active", _translated("title"), "pk")
    )


def group_get_for_manager(*, actor: Actor, slug: str) -> Group:
    """One group the actor may manage; "not_found" for unknown slugs and for others' groups alike."""
    group = Group.objects.filter(slug=slug).select_related("organization").first()
    if group is None or not can_manage_group(actor, group):
        raise PermissionRefused(_("Group not found."), code="not_found")
    return group


def organization_list_for_group_create(*, actor: Actor) -> QuerySet[Organization]:
    """Active organizations the actor may start groups in (as `can_create_group`): any they belong to."""
    qs = Organization.objects.filter(is_active=True)
    if is_platform_admin(actor):
        return qs.order_by(_translated("name"), "pk")
    if not _signed_in(actor):
        return qs.none()
    return qs.filter(pk__in=Membership.objects.filter(user=actor).values("organization_id")).order_by(
        _translated("name"), "pk"
    )


def room_list_for_group(*, actor: Actor, group: Group) -> QuerySet[Room]:
    """Rooms the group may reserve: the bookable rooms of its organization's active venues."""
    if not can_manage_group(actor, group):
        return Room.objects.none()
    return (
        Room.objects.filter(
            venue__organization_id=group.organization_id, venue__is_active=True, is_bookable=True
        )
        .select_related("venue")
        .order_by(_translated("venue__name"), _translated("name"), "pk")
    )


def series_list_for_manager(*, actor: Actor, group: Group) -> QuerySet[Series]:
    """The group's series with their rooms and breaks. Two queries."""
    if not can_manage_group(actor, group):
        return Series.objects.none()
    return (
        Series.objects.filter(group=group)
        .select_related("room", "room__venue", "tour_stop__tour")
        .prefetch_related(Prefetch("breaks", queryset=SeriesBreak.objects.order_by("start_date")))
        .order_by("-last_date", "start_time", "pk")
    )


def series_get_for_manager(*, actor: Actor, group: Group, pk: int) -> Series:
    """One series of `group` to edit; the id of another group's series is "not_found".

    So is a stop of a mobile family centre tour: its series follows the tour's cycle
    and is changed through the tour, never as a plain series.
    """
    if not can_manage_group(actor, group):
        raise PermissionRefused(_("Series not found."), code="not_found")
    series = (
        Series.objects.filter(group=group, pk=pk, tour_stop__isnull=True)
        .select_related("group", "group__organization", "room", "room__venue")
        .prefetch_related(Prefetch("breaks", queryset=SeriesBreak.objects.order_by("start_date")))
        .first()
    )
    if series is None:
        raise PermissionRefused(_("Series not found."), code="not_found")
    return series


def session_list_for_manager(
    *, actor: Actor, group: Group, since: dt.datetime | None = None, limit: int = UPCOMING_SESSIONS_SHOWN
) -> list[Session]:
    """The group's sessions that have not ended, cancelled ones included (`is_cancelled`), in order.

    At most `limit` of them. One query.
    """
    if not can_manage_group(actor, group):
        return []
    since = since or timezone.now()
    return list(
        Session.objects.filter(group=group, end__gt=since)
        .select_related("room", "room__venue", "series")
        .order_by("start", "pk")[:limit]
    )


def session_get_for_manager(*, actor: Actor, group: Group, pk: int) -> Session:
    """One session of `group`; the id of another group's session is "not_found"."""
    if not can_manage_group(actor, group):
        raise PermissionRefused(_("Session not found."), code="not_found")
    session = (
        Session.objects.filter(group=group, pk=pk)
        .select_related("group", "group__organization", "room", "room__venue", "series")
        .first()
    )
    if session is None:
        raise PermissionRefused(_("Session not found."), code="not_found")
    return session


# --- a group's page: its sessions by month, the exceptions first ---------------------------------------

# How many exceptions the group's page lists above the month.
EXCEPTIONS_SHOWN = 50


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first moment of the month, first moment of the next) in Helsinki time."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return recurrence.local(first, dt.time(0)), recurrence.local(following, dt.time(0))


def session_month_for_manager(*, actor: Actor, group: Group, month: dt.date) -> list[Session]:
    """The group's sessions starting in `month` (past ones too, cancelled ones included), in order.
    One query."""
    if not can_manage_group(actor, group):
        return []
    start, end = month_bounds(month)
    return list(
        Session.objects.filter(group=group, start__gte=start, start__lt=end)
        .select_related("room", "room__venue", "series")
        .order_by("start", "pk")
    )


def _waitlisted() -> Exists | Value:
    """Whether a session has a waiting list. Sign-ups belong to bookings (a higher layer), so events
    reads them by the relation bookings adds (`related_name="signups"`), as `series._with_signups`."""
    if not any(f.name == "signups" for f in Session._meta.related_objects):
        return Value(False)
    return Exists(Session.objects.filter(pk=OuterRef("pk"), signups__status="waitlisted"))


def session_exceptions_for_manager(
    *, actor: Actor, group: Group, limit: int = EXCEPTIONS_SHOWN
) -> list[Session]:
    """The group's coming sessions out of the ordinary, in order: cancelled, moved (changed by hand),
    one-offs (no series), and those with a waiting list. Each has `has_waitlist`. One query."""
    if not can_manage_group(actor, group):
        return []
    return list(
        Session.objects.filter(group=group, end__gt=timezone.now())
        .annotate(has_waitlist=_waitlisted())
        .filter(
            Q(status=Session.Status.CANCELLED)
            | Q(is_exception=True)
            | Q(series__isnull=True)
            | Q(has_waitlist=True)
        )
        .select_related("room", "room__venue", "series")
        .order_by("start", "pk")[:limit]
    )
