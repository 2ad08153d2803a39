"""The mobile family centre (liikkuva perhekeskus): a tour, its stops, and the cycle they follow.

A tour owns one group (topic "mobile", drop-in); each stop is one series of that
group in one room of the stop's venue, repeating every `cycle_weeks` weeks on its
weekday. The stop's sessions are ordinary sessions: cancelled and moved with
`events.services.sessions`, listed on the group's page and in the feeds. A stop's
series is changed only through the tour (`series.refuse_tour_stop`).

The alignment rule. Weeks are ISO weeks (Monday to Sunday, Helsinki dates).
Week 1 of the cycle is the ISO week containing the tour's `first_date`. The weeks
after it are weeks 2, 3, … `cycle_weeks`, then week 1 again; breaks and holidays
skip sessions but never shift the cycle. A stop in week k starts on its weekday in
the first week on or after its own lower bound that is week k of the cycle: the
tour's first date, or the day the stop is added if that is later (no sessions are
made in the past). Every stop runs until the tour's `last_date`, skipping the
tour's breaks (copied onto each stop's series) and, if the tour says so, public
holidays.

A tour made by code without dates gets them from its first stop: the first date
given then becomes the tour's first date (and the stop's last date its last).
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.dates import plannable_date_error
from core.errors import DomainError, PermissionRefused
from events import recurrence
from events.models import Group, Tour, TourBreak, TourStop
from events.permissions import can_manage_tour, can_manage_tours
from events.services.groups import GROUP_FIELDS, group_create
from events.services.series import MAX_SERIES_DAYS, BreakSpec, SeriesResult, SeriesSpec, series_create
from events.services.series_removal import SeriesRemoval, remove_series
from venues.models import Membership, Organization, Room, Venue
from venues.permissions import Actor

# Paths of the tours workspace (events/urls_tours_workspace.py) that a slug must not shadow.
RESERVED_SLUGS = frozenset({"new"})
MAX_CYCLE_WEEKS = 8  # as Series.interval_weeks allows


class TourError(DomainError):
    pass


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_1_of(stop: TourStop) -> dt.date:
    """The Monday of a week 1 of the cycle, read from one stop: its series starts in its own week."""
    return monday_of(stop.series.first_date) - dt.timedelta(weeks=stop.week_of_cycle - 1)


def cycle_start(tour: Tour) -> dt.date | None:
    """The Monday of a week 1 of the tour's cycle, or None while it has neither a first date nor stops."""
    if tour.first_date is not None:
        return monday_of(tour.first_date)
    stop = tour.stops.select_related("series").order_by("pk").first()
    return week_1_of(stop) if stop is not None else None


def week_of_cycle(day: dt.date, *, start: dt.date, cycle_weeks: int) -> int:
    """Which week of the cycle (1 … cycle_weeks) the ISO week of `day` is, counted from `start`'s week."""
    weeks = (monday_of(day) - monday_of(start)).days // 7
    return weeks % cycle_weeks + 1


def aligned_first_date(
    first_date: dt.date, *, weekday: int, week: int, cycle_weeks: int, start: dt.date | None
) -> dt.date:
    """The stop's first session date: its weekday, in week `week` of the cycle, on or after `first_date`.

    `start` is the cycle's week 1 (see `cycle_start`); None for the tour's first stop,
    whose `first_date` then becomes the tour's first date.
    """
    anchor = monday_of(start if start is not None else first_date)
    day = monday_of(first_date) + dt.timedelta(days=weekday)
    while day < first_date or week_of_cycle(day, start=anchor, cycle_weeks=cycle_weeks) != week:
        day += dt.timedelta(weeks=1)
    return day


def _require_create(actor: Actor, organization: Organization) -> None:
    if not can_manage_tours(actor, organization):
        raise PermissionRefused(
            _("Only the coordinators of %(organization)s can set up its mobile family centre.")
            % {"organization": organization.name},
            code="forbidden",
        )


def require_manage_tour(actor: Actor, tour: Tour) -> None:
    if not can_manage_tour(actor, tour):
        raise PermissionRefused(
            _("Only the coordinators of the tour's organization can change it."), code="forbidden"
        )


def _unique_tour_slug(name: str) -> str:
    base = slugify(name)[:80] or "kiertue"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Tour.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def helsinki_today() -> dt.date:
    return timezone.now().astimezone(recurrence.HELSINKI).date()


def validate_period(
    *, first_date: dt.date | None, last_date: dt.date | None, breaks: Sequence[BreakSpec] = ()
) -> None:
    """The tour's period and breaks: both dates or neither, in order, plannable, at most a series long."""
    if (first_date is None) != (last_date is None):
        raise TourError(_("Give both the first and the last date."), code="no_dates")
    for day, code in [
        (first_date, "first_too_far"),
        (last_date, "too_far_ahead"),
        *((day, "break_too_far") for item in breaks for day in (item.start_date, item.end_date)),
    ]:
        far = plannable_date_error(day) if day is not None else None
        if far:  # before the cycle arithmetic, which would overflow near 31.12.9999
            raise TourError(far, code=code)
    if first_date is not None and last_date is not None:
        if last_date < first_date:
            raise TourError(_("The last date cannot be before the first date."), code="end_before_start")
        if (last_date - first_date).days > MAX_SERIES_DAYS:
            raise TourError(
                _("A tour can run at most %(days)d days at a time. Set a new first date for the next term.")
                % {"days": MAX_SERIES_DAYS},
                code="too_long",
            )
    for item in breaks:
        if item.end_date < item.start_date:
            raise TourError(_("A break cannot end before it starts."), code="bad_break")


def validate_cycle(cycle_weeks: int) -> None:
    if not 1 <= cycle_weeks <= MAX_CYCLE_WEEKS:
        raise TourError(
            _("The cycle lasts 1 to %(weeks)d weeks.") % {"weeks": MAX_CYCLE_WEEKS}, code="bad_cycle"
        )


def set_team(tour: Tour, leaders: Iterable[User]) -> None:
    """The tour's team: its group's leaders, each a member of the tour's organization."""
    leaders = list(leaders)
    members = set(
        Membership.objects.filter(organization_id=tour.organization_id, user__in=leaders).values_list(
            "user_id", flat=True
        )
    )
    outsiders = [user for user in leaders if user.pk not in members]
    if outsiders:
        raise TourError(
            _("%(person)s is not a member of %(organization)s.")
            % {"person": outsiders[0].email, "organization": tour.organization.name},
            code="leader_not_member",
        )
    tour.group.leaders.set(leaders)


def store_breaks(tour: Tour, breaks: Sequence[BreakSpec]) -> None:
    tour.breaks.all().delete()
    TourBreak.objects.bulk_create(
        TourBreak(tour=tour, start_date=b.start_date, end_date=b.end_date, reason=b.reason) for b in breaks
    )


def tour_breaks(tour: Tour) -> tuple[BreakSpec, ...]:
    return tuple(
        BreakSpec(start_date=b.start_date, end_date=b.end_date, reason=b.reason)
        for b in tour.breaks.order_by("start_date")
    )


@transaction.atomic
def tour_create(
    *,
    actor: Actor,
    organization: Organization,
    name_fi: str,
    name_sv: str = "",
    name_en: str = "",
    description_fi: str = "",
    description_sv: str = "",
    description_en: str = "",
    cycle_weeks: int = 1,
    first_date: dt.date | None = None,
    last_date: dt.date | None = None,
    skip_public_holidays: bool = True,
    breaks: Sequence[BreakSpec] = (),
    leaders: Iterable[User] | None = None,
    slug: str = "",
    group_data: Mapping[str, Any] | None = None,
) -> Tour:
    """A new tour with its group (topic "mobile family centre", drop-in), without stops yet.

    `group_data` may give further group fields (GROUP_FIELDS: age band, languages, …);
    the topic and the sign-up mode are the tour's own. `slug` defaults to one from the name.
    `leaders` (members of the organization) is the team; by default the actor.
    """
    _require_create(actor, organization)
    name_fi = name_fi.strip()
    if not name_fi:
        raise TourError(_("Give the tour a name in Finnish."), code="no_name")
    validate_cycle(cycle_weeks)
    validate_period(first_date=first_date, last_date=last_date, breaks=breaks)
    if slug and (slug in RESERVED_SLUGS or Tour.objects.filter(slug=slug).exists()):
        raise TourError(_("Another tour already has this address."), code="slug_taken")
    extra = {name: value for name, value in (group_data or {}).items() if name in GROUP_FIELDS}
    group = group_create(
        actor=actor,
        organization=organization,
        data={
            "title_fi": name_fi,
            "title_sv": name_sv,
            "title_en": name_en,
            "description_fi": description_fi,
            "description_sv": description_sv,
            "description_en": description_en,
            **extra,
            "topic": Group.Topic.MOBILE,
            "signup_mode": Group.SignUpMode.DROP_IN,
        },
    )
    tour = Tour(
        organization=organization,
        group=group,
        slug=slug or _unique_tour_slug(name_fi),
        cycle_weeks=cycle_weeks,
        first_date=first_date,
        last_date=last_date,
        skip_public_holidays=skip_public_holidays,
        name_fi=name_fi,
        name_sv=name_sv,
        name_en=name_en,
        description_fi=description_fi,
        description_sv=description_sv,
        description_en=description_en,
    )
    tour.full_clean(exclude=["group", "organization"])
    tour.save()
    store_breaks(tour, breaks)
    if leaders is not None:
        set_team(tour, leaders)
    return tour


@dataclass(frozen=True)
class StopPlan:
    """Where and when a stop is: what the coordinator's stop form gives."""

    room: Room
    weekday: int  # Monday 0
    start_time: dt.time
    duration_minutes: int
    week_of_cycle: int


def stop_spec(tour: Tour, plan: StopPlan, *, lower: dt.date) -> SeriesSpec:
    """The series of a stop of `tour` (its cycle, period, breaks, holidays), starting on or after `lower`.

    The caller has checked the tour's dates (`validate_period`).
    """
    if tour.first_date is None or tour.last_date is None:
        raise TourError(_("Give the tour its first and last date first."), code="no_dates")
    if not 1 <= plan.week_of_cycle <= tour.cycle_weeks:
        raise TourError(
            _("Choose a week of the cycle from 1 to %(weeks)d.") % {"weeks": tour.cycle_weeks},
            code="bad_week",
        )
    if plan.weekday not in range(7):
        raise TourError(_("Choose a weekday."), code="no_weekday")
    first = aligned_first_date(
        max(lower, tour.first_date),
        weekday=plan.weekday,
        week=plan.week_of_cycle,
        cycle_weeks=tour.cycle_weeks,
        start=monday_of(tour.first_date),
    )
    if first > tour.last_date:
        raise TourError(
            _("Between these dates the stop's week of the cycle never comes. Choose a later last date."),
            code="no_week_in_range",
        )
    return SeriesSpec(
        room=plan.room,
        first_date=first,
        last_date=tour.last_date,
        start_time=plan.start_time,
        duration_minutes=plan.duration_minutes,
        weekdays=(plan.weekday,),
        interval_weeks=tour.cycle_weeks,
        skip_public_holidays=tour.skip_public_holidays,
        breaks=tour_breaks(tour),
    )


@dataclass
class StopResult:
    stop: TourStop
    series: SeriesResult


def lock_tour(tour: Tour) -> Tour:
    """One change at a time per tour, so two stops added at once share the same cycle."""
    locked = Tour.objects.select_for_update().select_related("group__organization", "organization")
    return locked.get(pk=tour.pk)


@transaction.atomic
def tour_stop_add(
    *,
    actor: Actor,
    tour: Tour,
    venue: Venue,
    room: Room,
    week_of_cycle: int,
    weekday: int,
    start_time: dt.time,
    duration_minutes: int,
    first_date: dt.date | None = None,
    last_date: dt.date | None = None,
    breaks: Sequence[BreakSpec] | None = None,
    skip_public_holidays: bool | None = None,
    skip_clashes: bool = False,
) -> StopResult:
    """Add a stop: a series of the tour's group in `room`, every `cycle_weeks` weeks on `weekday`
    (Monday 0), starting in week `week_of_cycle` of the cycle (the module docstring's rule).

    By default the stop follows the tour's period, breaks and holidays, from today on; code may
    give its own (the demo, older callers). Refused like any series: a clash with the room's
    bookings lists the dates unless `skip_clashes`; the room must be the tour organization's and
    bookable.
    """
    tour = lock_tour(tour)
    require_manage_tour(actor, tour)
    if not tour.is_active:
        raise TourError(_("This tour is no longer active."), code="inactive")
    if room.venue_id != venue.pk:
        raise TourError(_("Choose a room of the stop's venue."), code="room_of_other_venue")
    validate_period(first_date=first_date or tour.first_date, last_date=last_date or tour.last_date)
    if tour.first_date is None and first_date is not None:
        # A tour made without dates: its first stop's first date sets week 1.
        tour.first_date, tour.last_date = first_date, tour.last_date or last_date
        tour.save(update_fields=["first_date", "last_date"])
    plan = StopPlan(
        room=room,
        weekday=weekday,
        start_time=start_time,
        duration_minutes=duration_minutes,
        week_of_cycle=week_of_cycle,
    )
    spec = stop_spec(tour, plan, lower=first_date or helsinki_today())
    overrides: dict[str, Any] = {}
    if last_date is not None:
        overrides["last_date"] = last_date
    if breaks is not None:
        overrides["breaks"] = tuple(breaks)
    if skip_public_holidays is not None:
        overrides["skip_public_holidays"] = skip_public_holidays
    spec = replace(spec, **overrides)
    if spec.first_date > spec.last_date:
        raise TourError(
            _("Between these dates the stop's week of the cycle never comes. Choose a later last date."),
            code="no_week_in_range",
        )
    result = series_create(actor=actor, group=tour.group, spec=spec, skip_clashes=skip_clashes)
    stop = TourStop(tour=tour, venue=venue, week_of_cycle=week_of_cycle, series=result.series)
    stop.full_clean(exclude=["tour", "venue", "series"])
    stop.save()
    return StopResult(stop=stop, series=result)


StopRemoval = SeriesRemoval


@transaction.atomic
def tour_stop_remove(*, actor: Actor, stop: TourStop, reason: str = "") -> StopRemoval:
    """Take a stop off the circuit from now on (`series_removal.remove_series`).

    Its sessions that have not started go: deleted, or cancelled with `reason` where
    families have signed up (then a reason is required; the families are told). Past
    sessions stay as the group's history; the series, its scheduler events and the stop go.
    """
    stop = TourStop.objects.select_related("tour__group__organization", "tour__organization", "series").get(
        pk=stop.pk
    )
    require_manage_tour(actor, stop.tour)
    return remove_series(actor=actor, series=stop.series, reason=reason)
