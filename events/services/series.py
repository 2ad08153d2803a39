"""Series of sessions: create, edit, and keep materialized a rolling horizon ahead.

A series is saved whole or not at all. A clash with another booking of the room
refuses the series with the list of clashing dates, unless the leader chose to
skip those dates. Editing regenerates future sessions but keeps those changed
by hand or with sign-ups, and reports them.
"""

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import holidays
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.dates import plannable_date_error
from core.errors import DomainError, PermissionRefused
from events import recurrence
from events.locking import lock_rooms
from events.models import Group, RoomReservation, Series, SeriesBreak, Session, TourStop
from events.permissions import can_manage_group
from events.services.publishing import schedule_changed
from events.services.removals import forget_removed, record_removed
from events.uids import session_uid
from venues.models import Room
from venues.permissions import Actor

# A term is at most a school year and a bit; more is almost surely a typing error.
MAX_SERIES_DAYS = 400
MAX_SESSIONS = 200
OVERLAP_CONSTRAINT = "reservation_no_overlap_per_room"


class ScheduleError(DomainError):
    pass


@dataclass(frozen=True)
class Clash:
    start: dt.datetime
    end: dt.datetime
    holder: str  # the group (title) that holds the room then

    def __str__(self) -> str:
        local = self.start.astimezone(recurrence.HELSINKI)
        return f"{date_format(local, 'SHORT_DATE_FORMAT')} {local:%H.%M} ({self.holder})"


class RoomClash(DomainError):
    def __init__(self, clashes: list[Clash]) -> None:
        listed = ", ".join(str(c) for c in clashes[:10])
        more = len(clashes) - 10
        if clashes:
            message = _("The room is already booked at these times: %(dates)s.") % {"dates": listed}
        else:
            # The database constraint caught a booking made at the same moment (PostgreSQL).
            message = _("Someone booked the room at the same moment. Please try again.")
        if more > 0:
            message += " " + str(_("And %(count)d more.") % {"count": more})
        super().__init__(message, code="room_clash")
        self.clashes = clashes


@dataclass(frozen=True)
class BreakSpec:
    start_date: dt.date
    end_date: dt.date
    reason: str = ""


@dataclass(frozen=True)
class SeriesSpec:
    """What the leader's form gives, already parsed."""

    room: Room
    first_date: dt.date
    last_date: dt.date
    start_time: dt.time
    duration_minutes: int
    weekdays: tuple[int, ...]
    frequency: str = Series.Frequency.WEEKLY
    interval_weeks: int = 1
    nth_of_month: int | None = None
    skip_public_holidays: bool = True
    breaks: tuple[BreakSpec, ...] = ()


@dataclass
class SeriesResult:
    series: Series
    created: int = 0
    updated: int = 0
    removed: int = 0
    skipped_clashes: list[Clash] = field(default_factory=list)
    kept: list[Session] = field(default_factory=list)  # sessions the edit could not change


def horizon_end() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.SESSION_HORIZON_DAYS)


def _require_manager(actor: Actor, group: Group) -> None:
    if not can_manage_group(actor, group):
        raise PermissionRefused(
            _("Only the group's leaders and its organization's coordinators can change its schedule."),
            code="forbidden",
        )


def _validate(spec: SeriesSpec, group: Group) -> None:
    if spec.room.venue.organization_id != group.organization_id:
        raise ScheduleError(
            _("Choose a room of %(organization)s.") % {"organization": group.organization.name},
            code="room_of_other_organization",
        )
    if not spec.room.is_bookable:
        raise ScheduleError(_("This room cannot be booked."), code="room_not_bookable")
    for day, code in [
        (spec.first_date, "first_too_far"),
        (spec.last_date, "too_far_ahead"),
        *((day, "break_too_far") for item in spec.breaks for day in (item.start_date, item.end_date)),
    ]:
        far = plannable_date_error(day)
        if far:
            raise ScheduleError(far, code=code)
    if spec.last_date < spec.first_date:
        raise ScheduleError(_("The last date cannot be before the first date."), code="end_before_start")
    if (spec.last_date - spec.first_date).days > MAX_SERIES_DAYS:
        raise ScheduleError(
            _("A series can last at most %(days)d days. Make a new series for the next term.")
            % {"days": MAX_SERIES_DAYS},
            code="too_long",
        )
    if not spec.weekdays or any(day not in range(7) for day in spec.weekdays):
        raise ScheduleError(_("Choose at least one weekday."), code="no_weekday")
    if spec.frequency == Series.Frequency.MONTHLY and (
        spec.nth_of_month not in (1, 2, 3, 4, -1) or len(spec.weekdays) != 1
    ):
        raise ScheduleError(
            _("For a monthly series choose one weekday and which one of the month."), code="bad_monthly"
        )
    if not 15 <= spec.duration_minutes <= 12 * 60:
        raise ScheduleError(_("A session lasts between 15 minutes and 12 hours."), code="bad_duration")
    if not 1 <= spec.interval_weeks <= 8:
        raise ScheduleError(_("Repeat every 1 to 8 weeks."), code="bad_interval")
    for item in spec.breaks:
        if item.end_date < item.start_date:
            raise ScheduleError(_("A break cannot end before it starts."), code="bad_break")


def _apply(series: Series, spec: SeriesSpec) -> bool:
    """Copy the spec onto the series; True if anything that shapes the sessions changed."""
    values = {
        "room_id": spec.room.pk,
        "first_date": spec.first_date,
        "last_date": spec.last_date,
        "start_time": spec.start_time,
        "duration_minutes": spec.duration_minutes,
        "frequency": spec.frequency,
        "weekdays": ",".join(str(day) for day in sorted(set(spec.weekdays))),
        "interval_weeks": spec.interval_weeks if spec.frequency == Series.Frequency.WEEKLY else 1,
        "nth_of_month": spec.nth_of_month if spec.frequency == Series.Frequency.MONTHLY else None,
        "skip_public_holidays": spec.skip_public_holidays,
    }
    changed = False
    for name, value in values.items():
        if getattr(series, name) != value:
            setattr(series, name, value)
            changed = True
    return changed


@functools.cache
def _public_holidays(first_year: int, last_year: int) -> frozenset[dt.date]:
    # Building the calendar costs ~12 ms, twice per series: a county's seed has thousands.
    return frozenset(holidays.Finland(years=range(first_year, last_year + 1)))


def skipped_days(series: Series, breaks: list[BreakSpec] | list[SeriesBreak]) -> set[dt.date]:
    days: set[dt.date] = set()
    if series.skip_public_holidays:
        days |= _public_holidays(series.first_date.year, series.last_date.year)
    for item in breaks:
        day = item.start_date
        while day <= item.end_date:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def planned_occurrences(series: Series, until: dt.datetime) -> list[recurrence.RuleOccurrence]:
    """The series' occurrences up to `until`, without holidays and breaks."""
    start = recurrence.local(series.first_date, dt.time(0))
    end = min(until, recurrence.local(series.last_date + dt.timedelta(days=1), dt.time(0)))
    skipped = skipped_days(series, list(series.breaks.all()))
    return [o for o in recurrence.occurrences(series, start, end) if o.original_start.date() not in skipped]


def _check_wall_clock(series: Series, spec: SeriesSpec) -> None:
    """Refuse a start time that does not exist (or exists twice) on a DST day of the series."""
    day = spec.first_date
    while day <= spec.last_date:
        if day.weekday() in spec.weekdays:
            problem = recurrence.wall_clock_problem(day, spec.start_time)
            if problem:
                raise ScheduleError(
                    _("%(time)s does not exist on %(date)s, when the clocks change. Choose another time.")
                    % {
                        "time": spec.start_time.strftime("%H.%M"),
                        "date": date_format(day, "SHORT_DATE_FORMAT"),
                    },
                    code="dst_gap" if problem == "missing" else "dst_ambiguous",
                )
        day += dt.timedelta(days=1)


def room_clashes(room: Room, slots: list[tuple[dt.datetime, dt.datetime]], ignore: set[int]) -> list[Clash]:
    """The slots that overlap an active reservation of the room (other than the sessions in
    `ignore`): one range query, then a binary search per slot."""
    if not slots:
        return []
    first, last = min(s for s, _ in slots), max(e for _, e in slots)
    booked = Bookings(
        RoomReservation.objects.filter(room=room, is_active=True, start__lt=last, end__gt=first)
        .exclude(session_id__in=ignore)
        .order_by("start")
        .values_list("start", "end", "session__group__title")
    )
    found = []
    for start, end in slots:
        holder = booked.holder(start, end)
        if holder is not None:
            found.append(Clash(start=start, end=end, holder=holder))
    return found


class Bookings:
    """A room's active reservations, ordered by start, for overlap tests by binary search.

    Active reservations of one room never overlap (the exclusion constraint, and the room lock
    on SQLite), so ordered by start they are ordered by end too: only the last one starting
    before a slot ends can overlap it.
    """

    def __init__(self, rows: Iterable[tuple[dt.datetime, dt.datetime, str]]) -> None:
        self.starts: list[dt.datetime] = []
        self.rows: list[tuple[dt.datetime, dt.datetime, str]] = []
        for row in rows:
            self.add(*row)

    def holder(self, start: dt.datetime, end: dt.datetime) -> str | None:
        """Who holds the room during part of [start, end), or None if it is free."""
        index = bisect.bisect_left(self.starts, end)
        for other_start, other_end, holder in reversed(self.rows[max(0, index - 2) : index]):
            if other_start < end and start < other_end:
                return holder
        return None

    def add(self, start: dt.datetime, end: dt.datetime, holder: str) -> None:
        index = bisect.bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.rows.insert(index, (start, end, holder))


def _with_signups(sessions: QuerySet[Session]) -> set[int]:
    """The ids of those sessions that have sign-ups, in one query."""
    # bookings (a higher layer) adds SignUp with related_name="signups"; events must not import it.
    if not any(f.name == "signups" for f in Session._meta.related_objects):
        return set()
    return set(sessions.filter(signups__isnull=False).values_list("pk", flat=True).distinct())


def _has_signups(session: Session) -> bool:
    # bookings (a higher layer) adds SignUp with related_name="signups"; events must not import it.
    related = getattr(session, "signups", None)
    return bool(related is not None and related.exists())


def _save_session(session: Session, room: Room) -> None:
    session.full_clean(exclude=["group", "series", "room"])
    session.save()
    RoomReservation.objects.update_or_create(
        session=session,
        defaults={"room": room, "start": session.start, "end": session.end, "is_active": True},
    )


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(recurrence.HELSINKI).date()


def _materialize(series: Series, *, until: dt.datetime, skip_clashes: bool, result: SeriesResult) -> None:
    """Bring the series' future sessions in line with its rule, up to `until`. Caller holds the room lock."""
    now = timezone.now()
    before = (result.created, result.updated, result.removed)
    occurrences = [o for o in planned_occurrences(series, until) if o.end > now]
    if len(occurrences) > MAX_SESSIONS:
        raise ScheduleError(
            _("The schedule gives %(count)d sessions; the limit is %(limit)d.")
            % {"count": len(occurrences), "limit": MAX_SESSIONS},
            code="too_many_sessions",
        )
    # Matched by the local day, not the exact start: a series has at most one session a day, and
    # a new start time must move that day's session, not add a second one beside a cancelled one.
    future = series.sessions.filter(end__gt=now)
    existing = {
        _day(s.original_start): s for s in future.select_related("room") if s.original_start is not None
    }
    wanted = {_day(o.original_start): o for o in occurrences}
    own_ids = {s.pk for s in existing.values()}
    # Sessions changed by hand (cancelled, moved) or with sign-ups stay as they are, so their
    # original slots are not booked again and cannot clash.
    with_signups = _with_signups(future) if existing else set()
    protected_days = {day for day, s in existing.items() if s.is_exception or s.pk in with_signups}
    # Only slots that would be booked anew can clash: a session already at its rule's place
    # holds its reservation.
    slots = [
        (o.original_start, o.end)
        for day, o in wanted.items()
        if day not in protected_days
        and (
            day not in existing
            or (existing[day].room_id, existing[day].start, existing[day].end)
            != (series.room_id, o.original_start, o.end)
        )
    ]
    clashes = room_clashes(series.room, slots, ignore=own_ids)
    clash_days = {_day(c.start) for c in clashes}
    if clashes and not skip_clashes:
        raise RoomClash(clashes)
    result.skipped_clashes = clashes
    for day, session in existing.items():
        protected = day in protected_days
        target = wanted.get(day)
        if target is None or day in clash_days:
            if protected:
                result.kept.append(session)
            else:
                session.series = series
                record_removed([session])
                session.delete()
                result.removed += 1
            continue
        if protected:
            if (session.room_id, session.original_start, session.end) != (
                series.room_id,
                target.original_start,
                target.end,
            ):
                result.kept.append(session)
            continue
        if (session.room_id, session.start, session.end) != (
            series.room_id,
            target.original_start,
            target.end,
        ):
            session.room, session.start, session.end = series.room, target.original_start, target.end
            session.original_start = target.original_start
            session.sequence += 1
            _save_session(session, series.room)
            result.updated += 1
    # New sessions and their reservations in two inserts, not two validations and six queries
    # per session: a county's seed and the daily extension create tens of thousands. The rule
    # makes them valid (end after start, one per original start) and the room was checked above;
    # the database's constraints still have the last word.
    new = [
        Session(
            group=series.group,
            series=series,
            room=series.room,
            start=occurrence.original_start,
            end=occurrence.end,
            original_start=occurrence.original_start,
        )
        for day, occurrence in wanted.items()
        if day not in existing and day not in clash_days
    ]
    for session in new:
        session.uid = session_uid(session)
    Session.objects.bulk_create(new)
    forget_removed(new)
    RoomReservation.objects.bulk_create(
        RoomReservation(room=series.room, session=session, start=session.start, end=session.end)
        for session in new
    )
    result.created += len(new)
    if (result.created, result.updated, result.removed) != before:
        schedule_changed(group_ids=[series.group_id])  # the published feeds must render again


@contextmanager
def overlap_as_clash() -> Iterator[None]:
    """A savepoint for reservation writes: the exclusion constraint's refusal (PostgreSQL, a booking
    made at the same moment that the check could not see) becomes a RoomClash."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if OVERLAP_CONSTRAINT in str(error):
            raise RoomClash([]) from error
        raise


def _lock_and_materialize(series: Series, *, skip_clashes: bool, result: SeriesResult) -> None:
    lock_rooms([series.room_id])
    with overlap_as_clash():
        _materialize(series, until=horizon_end(), skip_clashes=skip_clashes, result=result)


def _store_breaks(series: Series, breaks: tuple[BreakSpec, ...]) -> None:
    series.breaks.all().delete()
    SeriesBreak.objects.bulk_create(
        SeriesBreak(series=series, start_date=b.start_date, end_date=b.end_date, reason=b.reason)
        for b in breaks
    )


@transaction.atomic
def series_create(
    *, actor: Actor, group: Group, spec: SeriesSpec, skip_clashes: bool = False
) -> SeriesResult:
    _require_manager(actor, group)
    _validate(spec, group)
    _check_wall_clock(Series(), spec)
    series = Series(group=group)
    _apply(series, spec)
    series.full_clean(exclude=["group", "room"])
    series.save()
    _store_breaks(series, spec.breaks)
    recurrence.sync(series, calendar_title=group.title)
    if not planned_occurrences(series, recurrence.local(series.last_date + dt.timedelta(days=1), dt.time(0))):
        raise ScheduleError(_("These dates and weekdays give no sessions."), code="no_sessions")
    result = SeriesResult(series=series)
    _lock_and_materialize(series, skip_clashes=skip_clashes, result=result)
    return result


def refuse_tour_stop(series: Series) -> None:
    """A tour stop's series follows the tour's cycle: it is changed only through the tour."""
    stop = TourStop.objects.filter(series_id=series.pk).select_related("tour").first()
    if stop is not None:
        raise ScheduleError(
            _("This schedule is a stop of the tour %(tour)s. Change it through the tour.")
            % {"tour": stop.tour.name},
            code="tour_stop",
        )


@transaction.atomic
def series_update(
    *, actor: Actor, series: Series, spec: SeriesSpec, skip_clashes: bool = False
) -> SeriesResult:
    """Change a series and its coming sessions. A tour stop's series is refused (`refuse_tour_stop`)."""
    _require_manager(actor, series.group)
    refuse_tour_stop(series)
    return apply_series_update(series=series, spec=spec, skip_clashes=skip_clashes)


def apply_series_update(*, series: Series, spec: SeriesSpec, skip_clashes: bool = False) -> SeriesResult:
    """`series_update` without its checks of the actor and of tour stops: for the tour services,
    which own their stops' series and have checked the actor. Caller runs in a transaction."""
    _validate(spec, series.group)
    _check_wall_clock(series, spec)
    changed = _apply(series, spec)
    # Breaks are EXDATEs in the feeds: adding or removing one changes the rule's instances.
    breaks_before = sorted(series.breaks.values_list("start_date", "end_date"))
    changed |= breaks_before != sorted((b.start_date, b.end_date) for b in spec.breaks)
    series.full_clean(exclude=["group", "room"])
    if changed:
        series.sequence += 1
    series.save()
    _store_breaks(series, spec.breaks)
    recurrence.sync(series, calendar_title=series.group.title)
    result = SeriesResult(series=series)
    _lock_and_materialize(series, skip_clashes=skip_clashes, result=result)
    return result
