"""A new term without building every series again: copy a group, roll its series over to the next term.

Rolling over copies the series of the group's latest term (those that run on or after the
latest first date among its series; tour stops are changed with their tour, never here) with
the new term's first and last dates and breaks, each kept on its room, weekdays and times.
`term_preview` tells, without writing, how many sessions that gives and which of them clash
with the room's other bookings (the clash check of `series.room_clashes`); `term_roll_over`
saves it all or nothing, refusing clashes unless the leader chose to skip those dates.
Copying a group makes a new group with the same details and leaders, optionally with its
coming series shifted by whole weeks. Every refusal is a `ScheduleError` (or a `RoomClash`)
with a translated message and a stable code; nothing is written when one is raised.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.dates import plannable_date_error
from core.errors import PermissionRefused
from events import recurrence
from events.models import Group, Series
from events.permissions import can_create_group, can_manage_group
from events.services.groups import GROUP_FIELDS, group_create
from events.services.series import (
    BreakSpec,
    Clash,
    RoomClash,
    ScheduleError,
    SeriesSpec,
    _apply,
    _check_wall_clock,
    _validate,
    room_clashes,
    series_create,
    skipped_days,
)
from venues.permissions import Actor

# A copy's series may move by at most a year.
MAX_SHIFT_WEEKS = 52


@dataclass(frozen=True)
class TermSpec:
    """The next term, as the leader's form gives it."""

    first_date: dt.date
    last_date: dt.date
    breaks: tuple[BreakSpec, ...] = ()


@dataclass(frozen=True)
class TermRow:
    """One series of the group and what its copy would give."""

    source: Series
    spec: SeriesSpec
    sessions: int
    clashes: list[Clash]


@dataclass(frozen=True)
class TermPlan:
    rows: list[TermRow]

    @property
    def sessions(self) -> int:
        return sum(row.sessions for row in self.rows)

    @property
    def clashes(self) -> list[Clash]:
        return sorted((c for row in self.rows for c in row.clashes), key=lambda c: c.start)


@dataclass
class CopyResult:
    """What a roll-over or a copy made."""

    group: Group
    series: list[Series] = field(default_factory=list)
    created: int = 0  # made now; those beyond the horizon (a year ahead) are made by `extend_sessions`
    planned: int = 0  # all the sessions the new series give, less the clashing dates skipped
    skipped_clashes: list[Clash] = field(default_factory=list)


def _require_manager(actor: Actor, group: Group) -> None:
    if not can_manage_group(actor, group):
        raise PermissionRefused(
            _("Only the group's leaders and its organization's coordinators can change its schedule."),
            code="forbidden",
        )


def term_series(group: Group) -> list[Series]:
    """The series of the group's latest term: those still running on the latest first date."""
    series = list(
        Series.objects.filter(group=group, tour_stop__isnull=True)
        .select_related("room", "room__venue", "group__organization")
        .prefetch_related("breaks")
        .order_by("first_date", "start_time", "pk")
    )
    if not series:
        return []
    latest = max(s.first_date for s in series)
    return [s for s in series if s.last_date >= latest]


def _spec_of(series: Series, *, first: dt.date, last: dt.date, breaks: tuple[BreakSpec, ...]) -> SeriesSpec:
    return SeriesSpec(
        room=series.room,
        first_date=first,
        last_date=last,
        start_time=series.start_time,
        duration_minutes=series.duration_minutes,
        weekdays=tuple(series.weekday_list),
        frequency=series.frequency,
        interval_weeks=series.interval_weeks,
        nth_of_month=series.nth_of_month,
        skip_public_holidays=series.skip_public_holidays,
        breaks=breaks,
    )


def _row(group: Group, source: Series, spec: SeriesSpec) -> TermRow:
    """What `spec` would give: its coming occurrences (holidays and breaks left out) and their clashes."""
    _validate(spec, group)
    _check_wall_clock(Series(), spec)
    draft = Series(group=group)
    _apply(draft, spec)
    window = (
        recurrence.local(spec.first_date, dt.time(0)),
        recurrence.local(spec.last_date + dt.timedelta(days=1), dt.time(0)),
    )
    skipped = skipped_days(draft, list(spec.breaks))
    now = timezone.now()
    slots = [
        (o.original_start, o.end)
        for o in recurrence.occurrences(draft, *window)
        if o.original_start.date() not in skipped and o.end > now
    ]
    clashes = room_clashes(spec.room, slots, set())
    return TermRow(source=source, spec=spec, sessions=len(slots), clashes=clashes)


def _check_term(term: TermSpec, sources: list[Series]) -> None:
    if not sources:
        raise ScheduleError(_("The group has no schedule to copy. Add a schedule first."), code="no_series")
    if term.first_date <= timezone.localdate():
        raise ScheduleError(_("The new term must start after today."), code="first_in_past")
    days = [term.first_date, term.last_date, *(d for b in term.breaks for d in (b.start_date, b.end_date))]
    for day in days:
        far = plannable_date_error(day)
        if far:
            raise ScheduleError(far, code="too_far_ahead")
    if term.last_date < term.first_date:
        raise ScheduleError(_("The last date cannot be before the first date."), code="end_before_start")
    ends = max(s.last_date for s in sources)
    if term.first_date <= ends:
        raise ScheduleError(
            _("The new term must start after the current one ends (%(date)s).")
            % {"date": date_format(ends, "SHORT_DATE_FORMAT")},
            code="overlaps_term",
        )
    for item in term.breaks:
        if item.end_date < item.start_date:
            raise ScheduleError(_("A break cannot end before it starts."), code="bad_break")


def term_preview(*, actor: Actor, group: Group, term: TermSpec) -> TermPlan:
    """What rolling the group over to `term` would make, and its clashes. Writes nothing."""
    _require_manager(actor, group)
    sources = term_series(group)
    _check_term(term, sources)
    rows = [
        _row(group, source, _spec_of(source, first=term.first_date, last=term.last_date, breaks=term.breaks))
        for source in sources
    ]
    if not any(row.sessions for row in rows):
        raise ScheduleError(_("These dates and breaks give no sessions."), code="no_sessions")
    return TermPlan(rows=rows)


def _save(actor: Actor, group: Group, rows: Iterable[TermRow], *, skip_clashes: bool) -> CopyResult:
    result = CopyResult(group=group)
    for row in rows:
        made = series_create(actor=actor, group=group, spec=row.spec, skip_clashes=skip_clashes)
        result.series.append(made.series)
        result.created += made.created
        result.planned += row.sessions
        result.skipped_clashes += made.skipped_clashes
    result.planned -= len(result.skipped_clashes)
    return result


@transaction.atomic
def term_roll_over(*, actor: Actor, group: Group, term: TermSpec, skip_clashes: bool = False) -> CopyResult:
    """Copy the group's latest term's series to `term`: all saved, or nothing (a clash refuses it
    with every clashing date, unless `skip_clashes`)."""
    plan = term_preview(actor=actor, group=group, term=term)
    if plan.clashes and not skip_clashes:
        raise RoomClash(plan.clashes)
    return _save(actor, group, plan.rows, skip_clashes=skip_clashes)


def _shifted(series: Series, weeks: int) -> SeriesSpec:
    days = dt.timedelta(weeks=weeks)
    breaks = tuple(
        BreakSpec(start_date=b.start_date + days, end_date=b.end_date + days, reason=b.reason)
        for b in series.breaks.all()
    )
    spec = _spec_of(series, first=series.first_date, last=series.last_date, breaks=breaks)
    return replace(spec, first_date=series.first_date + days, last_date=series.last_date + days)


@transaction.atomic
def group_copy(
    *,
    actor: Actor,
    group: Group,
    title_fi: str,
    shift_weeks: int | None = None,
    skip_clashes: bool = False,
) -> CopyResult:
    """A new group with `group`'s details and leaders, named `title_fi`; with `shift_weeks`, also
    its coming series (tour stops left out), moved by that many weeks."""
    _require_manager(actor, group)
    if not can_create_group(actor, group.organization):
        raise PermissionRefused(
            _("Only the coordinators and leaders of %(organization)s can start its groups.")
            % {"organization": group.organization.name},
            code="forbidden",
        )
    if shift_weeks is not None and not 0 <= shift_weeks <= MAX_SHIFT_WEEKS:
        raise ScheduleError(
            _("Move the sessions by 0 to %(weeks)d weeks.") % {"weeks": MAX_SHIFT_WEEKS}, code="bad_shift"
        )
    data = {name: getattr(group, name) for name in GROUP_FIELDS}
    data["title_fi"] = title_fi.strip()
    copy = group_create(actor=actor, organization=group.organization, data=data)
    copy.service_id = group.service_id
    copy.save(update_fields=["service"])
    copy.leaders.add(*group.leaders.all())
    result = CopyResult(group=copy)
    if shift_weeks is None:
        return result
    today = timezone.localdate()
    sources = (
        Series.objects.filter(group=group, tour_stop__isnull=True, last_date__gte=today)
        .select_related("room", "room__venue")
        .prefetch_related("breaks")
    )
    rows = [_row(copy, source, _shifted(source, shift_weeks)) for source in sources]
    clashes = [c for row in rows for c in row.clashes]
    if clashes and not skip_clashes:
        raise RoomClash(sorted(clashes, key=lambda c: c.start))
    saved = _save(actor, copy, (row for row in rows if row.sessions), skip_clashes=skip_clashes)
    saved.group = copy
    return saved
