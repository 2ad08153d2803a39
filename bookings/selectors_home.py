"""The leader's home (/<lang>/leader/): "my week" and what needs a look.

Never writes. My week: the sessions of the groups the actor leads (still a member of the
group's organization), and for a coordinator every group of the organization, from this
week's Monday to the end of next week (Helsinki), each with its sign-ups, waiting list and
places left. Alerts: a full session with a waiting list, a coming session without its room
(no active reservation, or the venue is no longer in use), families' emails that failed
(coordinators), directory entries not checked for six months. A constant number of
queries however many sessions (tests pin it): the memberships, the sessions with their
counts, the failed emails, the directory entries.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from bookings.models import Notice, SignUp
from bookings.services.signups import Capacity, session_capacity
from directory.models import Service
from directory.selectors import STALE_AFTER
from events.models import Group, RoomReservation, Session
from venues.models import Membership
from venues.permissions import Actor

SHOWN = 200  # sessions in two weeks of one organization; more would not be read on a phone


@dataclass
class WeekSession:
    session: Session
    capacity: Capacity
    confirmed: int
    waitlisted: int
    people: int
    has_room: bool

    @property
    def places_left(self) -> int:
        return max(self.capacity.people - self.people, 0)

    @property
    def is_drop_in(self) -> bool:
        return self.session.group.signup_mode == Group.SignUpMode.DROP_IN

    @property
    def is_cancelled(self) -> bool:
        return self.session.status == Session.Status.CANCELLED


@dataclass
class WeekDay:
    day: dt.date
    sessions: list[WeekSession]


@dataclass
class LeaderHome:
    memberships: list[Membership]
    this_week: list[WeekDay]
    next_week: list[WeekDay]
    week_start: dt.date
    full_with_waiting: list[WeekSession] = field(default_factory=list)
    without_room: list[WeekSession] = field(default_factory=list)
    failed_emails: int = 0
    stale_services: list[Service] = field(default_factory=list)

    @property
    def is_coordinator(self) -> bool:
        return any(m.role == Membership.Role.COORDINATOR for m in self.memberships)

    @property
    def has_alerts(self) -> bool:
        return bool(self.full_with_waiting or self.without_room or self.failed_emails or self.stale_services)


def _days(rows: list[WeekSession], first: dt.date) -> list[WeekDay]:
    by_day: dict[dt.date, list[WeekSession]] = {}
    for row in rows:
        by_day.setdefault(timezone.localtime(row.session.start).date(), []).append(row)
    return [
        WeekDay(day=day, sessions=by_day[day])
        for day in sorted(by_day)
        if first <= day < first + dt.timedelta(7)
    ]


def leader_home_get(*, actor: Actor, now: dt.datetime | None = None) -> LeaderHome:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    monday = today - dt.timedelta(days=today.weekday())
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=14), dt.time()))
    if actor is None or not actor.is_authenticated:
        return LeaderHome(memberships=[], this_week=[], next_week=[], week_start=monday)
    memberships = list(
        Membership.objects.filter(user=actor, organization__is_active=True)
        .select_related("organization", "organization__municipality", "organization__region")
        .order_by("organization__name")
    )
    coordinated = [m.organization_id for m in memberships if m.role == Membership.Role.COORDINATOR]
    member_of = [m.organization_id for m in memberships]
    confirmed = Q(signups__status=SignUp.Status.CONFIRMED)
    sessions = (
        Session.objects.filter(start__lt=end, end__gt=start)
        .filter(
            Q(group__organization_id__in=coordinated)
            | Q(
                group__organization_id__in=member_of,
                group__in=Group.objects.filter(leaders=actor).values("pk"),
            )
        )
        .select_related("group", "room", "room__venue")
        .annotate(
            confirmed_count=Count("signups", filter=confirmed),
            confirmed_people=Sum("signups__people", filter=confirmed, default=0),
            waitlisted_count=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)),
            reserved=Exists(RoomReservation.objects.filter(session=OuterRef("pk"), is_active=True)),
        )
        .order_by("start", "pk")[:SHOWN]
        if member_of
        else Session.objects.none()
    )
    rows = [
        WeekSession(
            session=s,
            capacity=session_capacity(s),
            confirmed=s.confirmed_count,
            waitlisted=s.waitlisted_count,
            people=s.confirmed_people,
            has_room=s.reserved and s.room.venue.is_active,
        )
        for s in sessions
    ]
    coming = [r for r in rows if r.session.end > now and not r.is_cancelled]
    failed = (
        Notice.objects.filter(
            state=Notice.State.FAILED, booking__group__organization_id__in=coordinated
        ).count()
        if coordinated
        else 0
    )
    cutoff = now - STALE_AFTER
    stale = (
        list(
            Service.objects.filter(organization_id__in=member_of, source="local")
            .filter(Q(last_checked_at__lt=cutoff) | Q(last_checked_at__isnull=True))
            .order_by("last_checked_at", "name", "pk")[:20]
        )
        if member_of
        else []
    )
    return LeaderHome(
        memberships=memberships,
        this_week=_days(rows, monday),
        next_week=_days(rows, monday + dt.timedelta(days=7)),
        week_start=monday,
        full_with_waiting=[r for r in coming if r.waitlisted and r.places_left == 0],
        without_room=[r for r in coming if not r.has_room],
        failed_emails=failed,
        stale_services=stale,
    )
