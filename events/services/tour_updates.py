"""Changing a tour as a whole: its texts, team, cycle, period and breaks (`tour_update`); adding a
stop in several weeks of the cycle at once (`tour_stops_add`); and previewing what a change would
make of the coming visits without saving it (`preview_visits`).

A change of the cycle, the period, the breaks or the holidays realigns every stop's series by the
rule in `events.services.tours` and regenerates its coming sessions as a series edit does: those
cancelled or moved by hand, or with sign-ups, stay as they are and are reported. Never writes a
stop's series except through `series.apply_series_update`, inside the tour's lock.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from events.models import Session, Tour, TourStop
from events.services.groups import group_update
from events.services.series import BreakSpec, Clash, apply_series_update
from events.services.tours import (
    StopPlan,
    StopResult,
    TourError,
    helsinki_today,
    lock_tour,
    require_manage_tour,
    set_team,
    stop_spec,
    store_breaks,
    tour_breaks,
    tour_stop_add,
    validate_cycle,
    validate_period,
)
from venues.permissions import Actor

# How far ahead the workspace shows and previews the tour's visits.
PREVIEW_WEEKS = 8


@dataclass(frozen=True)
class TourDetails:
    """What the coordinator's tour form gives, already parsed."""

    name_fi: str
    cycle_weeks: int
    first_date: dt.date
    last_date: dt.date
    name_sv: str = ""
    name_en: str = ""
    description_fi: str = ""
    description_sv: str = ""
    description_en: str = ""
    skip_public_holidays: bool = True
    breaks: tuple[BreakSpec, ...] = ()
    leaders: tuple[User, ...] | None = None  # None: the team stays as it is


@dataclass
class TourUpdateResult:
    tour: Tour
    created: int = 0
    updated: int = 0
    removed: int = 0
    skipped_clashes: list[Clash] = field(default_factory=list)
    kept: list[Session] = field(default_factory=list)


def _schedule_of(tour: Tour) -> tuple[Any, ...]:
    return (
        tour.cycle_weeks,
        tour.first_date,
        tour.last_date,
        tour.skip_public_holidays,
        tuple((b.start_date, b.end_date) for b in tour_breaks(tour)),
    )


@transaction.atomic
def tour_update(
    *, actor: Actor, tour: Tour, details: TourDetails, skip_clashes: bool = False
) -> TourUpdateResult:
    """Change the tour; if its schedule changed, realign every stop (the module docstring)."""
    tour = lock_tour(tour)
    require_manage_tour(actor, tour)
    name_fi = details.name_fi.strip()
    if not name_fi:
        raise TourError(_("Give the tour a name in Finnish."), code="no_name")
    validate_cycle(details.cycle_weeks)
    if details.first_date is None or details.last_date is None:
        raise TourError(_("Give both the first and the last date."), code="no_dates")
    validate_period(first_date=details.first_date, last_date=details.last_date, breaks=details.breaks)
    stops = list(tour.stops.select_related("series__room__venue", "series__group__organization"))
    beyond = [stop for stop in stops if stop.week_of_cycle > details.cycle_weeks]
    if beyond:
        raise TourError(
            _("Some stops are in week %(week)d of the cycle. Remove them before shortening the cycle.")
            % {"week": max(stop.week_of_cycle for stop in beyond)},
            code="stop_beyond_cycle",
        )
    before = _schedule_of(tour)
    texts = {
        f"{name}_{lang}": getattr(details, f"{name}_{lang}").strip()
        for name in ("name", "description")
        for lang in ("fi", "sv", "en")
    }
    for name, value in texts.items():
        setattr(tour, name, value)
    tour.cycle_weeks = details.cycle_weeks
    tour.first_date, tour.last_date = details.first_date, details.last_date
    tour.skip_public_holidays = details.skip_public_holidays
    tour.full_clean(exclude=["group", "organization"])
    tour.save()
    store_breaks(tour, details.breaks)
    group_update(
        actor=actor,
        group=tour.group,
        data={key.replace("name_", "title_"): value for key, value in texts.items()},
    )
    if details.leaders is not None:
        set_team(tour, details.leaders)
    result = TourUpdateResult(tour=tour)
    if _schedule_of(tour) == before:
        return result
    today = helsinki_today()
    for stop in stops:
        series = stop.series
        plan = StopPlan(
            room=series.room,
            weekday=series.weekday_list[0],
            start_time=series.start_time,
            duration_minutes=series.duration_minutes,
            week_of_cycle=stop.week_of_cycle,
        )
        # A stop that has begun keeps its start; one still to come starts anew from today.
        spec = stop_spec(tour, plan, lower=min(series.first_date, today))
        changed = apply_series_update(series=series, spec=spec, skip_clashes=skip_clashes)
        result.created += changed.created
        result.updated += changed.updated
        result.removed += changed.removed
        result.skipped_clashes += changed.skipped_clashes
        result.kept += changed.kept
    return result


@transaction.atomic
def tour_stops_add(
    *, actor: Actor, tour: Tour, plan: StopPlan, weeks: Sequence[int], skip_clashes: bool = False
) -> list[StopResult]:
    """One stop per chosen week of the cycle, all at the same venue, weekday and time; all or none."""
    weeks = sorted(set(weeks))
    if not weeks:
        raise TourError(_("Choose at least one week of the cycle."), code="no_week")
    return [
        tour_stop_add(
            actor=actor,
            tour=tour,
            venue=plan.room.venue,
            room=plan.room,
            week_of_cycle=week,
            weekday=plan.weekday,
            start_time=plan.start_time,
            duration_minutes=plan.duration_minutes,
            skip_clashes=skip_clashes,
        )
        for week in weeks
    ]


@transaction.atomic
def tour_stop_update(
    *, actor: Actor, stop: TourStop, plan: StopPlan, skip_clashes: bool = False
) -> StopResult:
    """Move a stop to another room, venue, weekday, time or week of the cycle, from now on.

    Its coming sessions follow as in a series edit (those changed by hand or with sign-ups stay and
    are reported); refused like a new stop (a clash lists the dates unless `skip_clashes`).
    """
    stop = TourStop.objects.select_related("series__group__organization").get(pk=stop.pk)
    tour = lock_tour(stop.tour)
    require_manage_tour(actor, tour)
    if not tour.is_active:
        raise TourError(_("This tour is no longer active."), code="inactive")
    series = stop.series
    spec = stop_spec(tour, plan, lower=min(series.first_date, helsinki_today()))
    result = apply_series_update(series=series, spec=spec, skip_clashes=skip_clashes)
    stop.venue, stop.week_of_cycle = plan.room.venue, plan.week_of_cycle
    stop.full_clean(exclude=["tour", "venue", "series"])
    stop.save()
    return StopResult(stop=stop, series=result)


def coming_visits(tour: Tour, *, weeks: int = PREVIEW_WEEKS) -> QuerySet[Session]:
    """The tour's sessions that have not ended, up to `weeks` weeks ahead, cancelled ones included."""
    now = timezone.now()
    return (
        Session.objects.filter(group_id=tour.group_id, end__gt=now, start__lt=now + dt.timedelta(weeks=weeks))
        .select_related("room__venue__municipality", "series__tour_stop")
        .order_by("start", "pk")
    )


class _Rollback(Exception):
    pass


def preview_visits(*, tour: Tour, change: Callable[[], object], weeks: int = PREVIEW_WEEKS) -> list[Session]:
    """The coming visits as they would be after `change` (a call of a tour service), never saved.

    The change runs in a savepoint that is always rolled back, so what it would refuse is refused
    (a `RoomClash`, a `TourError`) and what it would make is read, with the same rules, and
    nothing stays: neither rows nor the after-commit work (feed versions, emails) it queued.
    """
    visits: list[Session] = []
    try:
        with transaction.atomic():
            change()
            visits.extend(coming_visits(tour, weeks=weeks))
            raise _Rollback
    except _Rollback:
        pass
    return visits
