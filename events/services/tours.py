"""The mobile family centre (liikkuva perhekeskus): a tour, its stops, and the cycle they follow.

A tour owns one group (topic "mobile", drop-in); each stop is one series of that
group in one room of the stop's venue, repeating every `cycle_weeks` weeks on its
weekday. The stop's sessions are ordinary sessions: cancelled and moved with
`events.services.sessions`, listed on the group's page and in the feeds.

The alignment rule. Weeks are ISO weeks (Monday to Sunday, Helsinki dates).
Week 1 of the cycle is the ISO week containing the tour's first date: the first
date given when the tour's first stop was added. The weeks after it are weeks
2, 3, … `cycle_weeks`, then week 1 again, without end; breaks and holidays skip
sessions but never shift the cycle. A stop in week k starts on its weekday in
the first week on or after its own `first_date` that is week k of the cycle.

The tour has no field for its first date, so the phase is read back from its
stops: every stop's series starts on a date in its own week of the cycle, so any
stop gives the same week 1 (`cycle_start`). Once the tour's last stop is removed,
the next stop added sets a new first date.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.dates import plannable_date_error
from core.errors import DomainError, PermissionRefused
from events import recurrence
from events.models import Group, Series, Session, Tour, TourStop
from events.permissions import can_create_group, can_manage_group
from events.services.groups import GROUP_FIELDS, group_create
from events.services.publishing import schedule_changed
from events.services.removals import record_removed, record_removed_series
from events.services.series import BreakSpec, SeriesResult, SeriesSpec, _has_signups, series_create
from events.services.sessions import session_cancel
from venues.models import Organization, Room, Venue
from venues.permissions import Actor

MAX_CYCLE_WEEKS = 8  # as Series.interval_weeks allows


class TourError(DomainError):
    pass


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_1_of(stop: TourStop) -> dt.date:
    """The Monday of a week 1 of the cycle, read from one stop: its series starts in its own week."""
    return monday_of(stop.series.first_date) - dt.timedelta(weeks=stop.week_of_cycle - 1)


def cycle_start(tour: Tour) -> dt.date | None:
    """The Monday of a week 1 of the tour's cycle, or None while the tour has no stops."""
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
    if not can_create_group(actor, organization):
        raise PermissionRefused(
            _("Only the coordinators and leaders of %(organization)s can set up its mobile family centre.")
            % {"organization": organization.name},
            code="forbidden",
        )


def _require_manage(actor: Actor, tour: Tour) -> None:
    if not can_manage_group(actor, tour.group):
        raise PermissionRefused(
            _("Only the tour's leaders and its organization's coordinators can change its stops."),
            code="forbidden",
        )


def _unique_tour_slug(name: str) -> str:
    base = slugify(name)[:80] or "kiertue"
    slug, n = base, 2
    while Tour.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    slug: str = "",
    group_data: Mapping[str, Any] | None = None,
) -> Tour:
    """A new tour with its group (topic "mobile family centre", drop-in), without stops yet.

    `group_data` may give further group fields (GROUP_FIELDS: age band, languages, …);
    the topic and the sign-up mode are the tour's own. `slug` defaults to one from the name.
    """
    _require_create(actor, organization)
    name_fi = name_fi.strip()
    if not name_fi:
        raise TourError(_("Give the tour a name in Finnish."), code="no_name")
    if not 1 <= cycle_weeks <= MAX_CYCLE_WEEKS:
        raise TourError(
            _("The cycle lasts 1 to %(weeks)d weeks.") % {"weeks": MAX_CYCLE_WEEKS}, code="bad_cycle"
        )
    if slug and Tour.objects.filter(slug=slug).exists():
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
        name_fi=name_fi,
        name_sv=name_sv,
        name_en=name_en,
        description_fi=description_fi,
        description_sv=description_sv,
        description_en=description_en,
    )
    tour.full_clean(exclude=["group", "organization"])
    tour.save()
    return tour


@dataclass
class StopResult:
    stop: TourStop
    series: SeriesResult


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
    first_date: dt.date,
    last_date: dt.date,
    breaks: Sequence[BreakSpec] = (),
    skip_public_holidays: bool = True,
    skip_clashes: bool = False,
) -> StopResult:
    """Add a stop: a series of the tour's group in `room`, every `cycle_weeks` weeks on `weekday`
    (Monday 0), starting in week `week_of_cycle` of the cycle (the module docstring's rule).

    Refused like any series: a clash with the room's bookings lists the dates unless
    `skip_clashes`; the room must be the tour organization's and bookable.
    """
    # One stop at a time per tour, so two stops added at once share the same cycle.
    tour = Tour.objects.select_for_update().select_related("group__organization").get(pk=tour.pk)
    _require_manage(actor, tour)
    if not tour.is_active:
        raise TourError(_("This tour is no longer active."), code="inactive")
    if room.venue_id != venue.pk:
        raise TourError(_("Choose a room of the stop's venue."), code="room_of_other_venue")
    if not 1 <= week_of_cycle <= tour.cycle_weeks:
        raise TourError(
            _("Choose a week of the cycle from 1 to %(weeks)d.") % {"weeks": tour.cycle_weeks},
            code="bad_week",
        )
    if weekday not in range(7):
        raise TourError(_("Choose a weekday."), code="no_weekday")
    for day in (first_date, last_date):
        far = plannable_date_error(day)
        if far:  # before the cycle arithmetic, which would overflow near 31.12.9999
            raise TourError(far, code="too_far_ahead")
    first = aligned_first_date(
        first_date,
        weekday=weekday,
        week=week_of_cycle,
        cycle_weeks=tour.cycle_weeks,
        start=cycle_start(tour),
    )
    if first > last_date:
        raise TourError(
            _("Between these dates the stop's week of the cycle never comes. Choose a later last date."),
            code="no_week_in_range",
        )
    result = series_create(
        actor=actor,
        group=tour.group,
        spec=SeriesSpec(
            room=room,
            first_date=first,
            last_date=last_date,
            start_time=start_time,
            duration_minutes=duration_minutes,
            weekdays=(weekday,),
            interval_weeks=tour.cycle_weeks,
            skip_public_holidays=skip_public_holidays,
            breaks=tuple(breaks),
        ),
        skip_clashes=skip_clashes,
    )
    stop = TourStop(tour=tour, venue=venue, week_of_cycle=week_of_cycle, series=result.series)
    stop.full_clean(exclude=["tour", "venue", "series"])
    stop.save()
    return StopResult(stop=stop, series=result)


@dataclass
class StopRemoval:
    deleted: int = 0  # future sessions nobody had signed up for
    cancelled: int = 0  # future sessions with sign-ups: cancelled, so the families hear of it


@transaction.atomic
def tour_stop_remove(*, actor: Actor, stop: TourStop, reason: str = "") -> StopRemoval:
    """Take a stop off the circuit from now on.

    Its sessions that have not started go: deleted, or cancelled with `reason` where
    families have signed up (then a reason is required; the cancelled ones stay so the
    families see why). Past sessions stay as the group's history, no longer tied to a
    series; the series and its scheduler events are deleted.
    """
    stop = TourStop.objects.select_related("tour__group__organization", "series").get(pk=stop.pk)
    _require_manage(actor, stop.tour)
    series = stop.series
    future = list(series.sessions.filter(start__gt=timezone.now()))
    with_signups = [s for s in future if not s.is_cancelled and _has_signups(s)]
    reason = reason.strip()
    if with_signups and not reason:
        raise TourError(
            _("Families have signed up for this stop's coming sessions. Tell them why it is cancelled."),
            code="no_reason",
        )
    removal = StopRemoval()
    for session in with_signups:
        session_cancel(actor=actor, session=session, reason=reason)
        removal.cancelled += 1
    # What nobody signed up for goes, cancelled or not; their room reservations go with them.
    doomed = [s.pk for s in future if not _has_signups(s)]
    # Tombstones for what is published no more. Past sessions stay, under their own UIDs.
    record_removed([s for s in future if s.pk in set(doomed)])
    record_removed_series(series)
    Session.objects.filter(pk__in=doomed).delete()
    removal.deleted = len(doomed)
    stop.delete()
    recurrence.delete(series)
    Series.objects.filter(pk=series.pk).delete()
    schedule_changed(group_ids=[stop.tour.group_id])
    return removal
