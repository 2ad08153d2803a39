"""The one recurrence engine, and the one door to django-scheduler: series rules in, Helsinki
wall-clock occurrences out.

Nothing else imports `schedule`. django-scheduler stores each series' rule and exceptions
(`sync`, `record_exception`), mirrored from the series' own validated fields, never typed by
users. Expansion reads those same fields with python-dateutil (`occurrences`): in memory, no
queries, about 15× faster than django-scheduler's, and exactly the RRULE the feeds publish.
Sessions are materialized and feeds are rendered through it alike; `scheduler_occurrences`
(django-scheduler's own expansion) stays only to check the two agree. The traps of
django-scheduler 0.12 this module avoids (DESIGN.md):
- it expands in the zone of the query window: every window here is
  Europe/Helsinki-aware, so 10:00 stays 10:00 across both DST changes;
- a multi-day `byweekday` collapses to the start's weekday: one scheduler
  event per weekday (`SeriesRule`);
- `until:` crashes and `MO(+1)` becomes daily: series end with
  `end_recurring_period`, and the nth weekday uses `bysetpos`;
- no uniqueness on (event, original_start): `record_exception` guards it.
Never include("schedule.urls"): its views have no permission checks.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule
from schedule.models import Calendar, Occurrence, Rule
from schedule.models import Event as SchedulerEvent

from events.models import Series, SeriesRule

HELSINKI = ZoneInfo("Europe/Helsinki")
CALENDAR_SLUG = "perhekeskus"


@dataclass(frozen=True)
class RuleOccurrence:
    """One occurrence of a series as the rule places it, in Helsinki time."""

    original_start: dt.datetime
    end: dt.datetime


def local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=HELSINKI)


def wall_clock_problem(day: dt.date, time: dt.time) -> str | None:
    """ "missing" when the local time does not exist that day (spring forward),
    "ambiguous" when it exists twice (fall back), else None."""
    first = local(day, time)
    round_trip = first.astimezone(dt.UTC).astimezone(HELSINKI)
    if round_trip.replace(tzinfo=None) != first.replace(tzinfo=None):
        return "missing"
    if first.utcoffset() != first.replace(fold=1).utcoffset():
        return "ambiguous"
    return None


def _rule(series: Series) -> Rule:
    if series.frequency == Series.Frequency.MONTHLY:
        frequency, params = "MONTHLY", f"bysetpos:{series.nth_of_month};byweekday:{series.weekday_list[0]}"
    else:
        frequency, params = "WEEKLY", f"interval:{series.interval_weeks}"
    # Rule has no unique constraint: two first series at once may both create one; use the oldest.
    rule = Rule.objects.filter(frequency=frequency, params=params).order_by("pk").first()
    if rule is None:
        rule = Rule.objects.create(
            frequency=frequency, params=params, name=f"{frequency.lower()} {params}"[:32], description=""
        )
    return rule


def _nth_weekday(day: dt.date, weekday: int, nth: int) -> bool:
    if day.weekday() != weekday:
        return False
    if nth == -1:
        return (day + dt.timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == nth


def first_date_for(series: Series, weekday: int) -> dt.date | None:
    """The first date on or after the series' first date that the rule can start from."""
    day = series.first_date + dt.timedelta(days=(weekday - series.first_date.weekday()) % 7)
    if series.frequency == Series.Frequency.MONTHLY:
        while day <= series.last_date and not _nth_weekday(day, weekday, series.nth_of_month or 1):
            day += dt.timedelta(days=7)
    else:
        # Every N weeks counts weeks (Monday first) from the week of the series' first session, so
        # all its weekdays fall in the same weeks: Mon+Wed every 2 weeks from Wednesday 13.1.2027
        # gives Wed 13.1., Mon 25.1., Wed 27.1. (not Mon 18.1.).
        first = min(
            series.first_date + dt.timedelta(days=(day - series.first_date.weekday()) % 7)
            for day in series.weekday_list
        )
        day = first + dt.timedelta(days=weekday - first.weekday())
        if day < series.first_date:
            day += dt.timedelta(weeks=series.interval_weeks)
    return day if day <= series.last_date else None


def sync(series: Series, *, calendar_title: str) -> None:
    """Mirror the series' rule into django-scheduler: one scheduler event per weekday."""
    calendar, _ = Calendar.objects.get_or_create(slug=CALENDAR_SLUG, defaults={"name": "Perhekeskus"})
    rule = _rule(series)
    wanted = {}
    for weekday in series.weekday_list:
        first = first_date_for(series, weekday)
        if first is not None:
            wanted[weekday] = first
    for link in SeriesRule.objects.filter(series=series).select_related("event"):
        if link.weekday not in wanted:
            event = link.event
            link.delete()
            event.delete()
    existing = {
        link.weekday: link for link in SeriesRule.objects.filter(series=series).select_related("event")
    }
    until = local(series.last_date, dt.time(23, 59, 59))
    for weekday, first in wanted.items():
        start = local(first, series.start_time)
        fields = {
            "start": start,
            "end": start + dt.timedelta(minutes=series.duration_minutes),
            "title": calendar_title[:255],
            "rule": rule,
            "end_recurring_period": until,
            "calendar": calendar,
        }
        link = existing.get(weekday)
        if link is None:
            event = SchedulerEvent.objects.create(**fields)
            SeriesRule.objects.create(series=series, weekday=weekday, event=event)
        else:
            for name, value in fields.items():
                setattr(link.event, name, value)
            link.event.save()


def _rule_of(series: Series, from_day: dt.date | None = None) -> rrule | None:
    """The series' rule as dateutil reads the RRULE written for it (RFC 5545), in naive wall clock.

    Weeks of an every-N-weeks rule count from the week of the first occurrence (Monday first),
    as `first_date_for` places it. None when the dates and weekdays give no occurrence. With
    `from_day`, the same rule restarted at a week (or month) in step with it on or before that
    day: dateutil iterates from DTSTART, so a window late in a long series costs only itself.
    """
    starts = [day for day in (first_date_for(series, w) for w in series.weekday_list) if day is not None]
    if not starts:
        return None
    first = min(starts)
    restart = first
    if from_day is not None and from_day > first:
        if series.frequency == Series.Frequency.MONTHLY:
            restart = max(first, from_day.replace(day=1))
        else:
            week_0 = first - dt.timedelta(days=first.weekday())
            weeks = (from_day - week_0).days // 7
            restart = max(first, week_0 + dt.timedelta(weeks=weeks - weeks % series.interval_weeks))
    # Naive wall clock: the rule repeats Helsinki local time across DST changes.
    dtstart = dt.datetime.combine(restart, series.start_time)
    until = dt.datetime.combine(series.last_date, dt.time(23, 59, 59))
    if series.frequency == Series.Frequency.MONTHLY:
        return rrule(
            MONTHLY,
            dtstart=dtstart,
            until=until,
            byweekday=series.weekday_list[0],
            bysetpos=series.nth_of_month or 1,
        )
    return rrule(
        WEEKLY,
        dtstart=dtstart,
        until=until,
        interval=series.interval_weeks,
        byweekday=series.weekday_list,
        wkst=0,
    )


def _weekly_moments(series: Series, after: dt.datetime, before: dt.datetime) -> list[dt.datetime]:
    """What `_rule_of(series).between(after, before, inc=True)` gives for a weekly rule, by date
    arithmetic: the rule's weekdays in every `interval_weeks`-th week (Monday first) counted from
    the week of its first occurrence, from that occurrence to the last date. A feed expands
    hundreds of series, and dateutil's general iteration was a large part of its cold render;
    a test compares the two on every kind of weekly rule."""
    starts = [day for day in (first_date_for(series, w) for w in series.weekday_list) if day is not None]
    if not starts:
        return []
    first = min(starts)
    week_0 = first - dt.timedelta(days=first.weekday())
    from_day, to_day = max(first, after.date()), min(series.last_date, before.date())
    weeks = (from_day - week_0).days // 7
    week = week_0 + dt.timedelta(weeks=weeks - weeks % series.interval_weeks)
    weekdays = sorted(set(series.weekday_list))
    moments = []
    while week <= to_day:
        for weekday in weekdays:
            day = week + dt.timedelta(days=weekday)
            if first <= day <= series.last_date:
                moment = dt.datetime.combine(day, series.start_time)
                if after <= moment <= before:
                    moments.append(moment)
        week += dt.timedelta(weeks=series.interval_weeks)
    return moments


def _wall(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(HELSINKI).replace(tzinfo=None)


def occurrences(
    series: Series, window_start: dt.datetime | None = None, window_end: dt.datetime | None = None
) -> list[RuleOccurrence]:
    """The rule's occurrences, exceptions not applied: all of them, or those overlapping
    [window_start, window_end) (aware bounds, any zone), in time order. No queries.

    What django-scheduler's expansion gives with Helsinki-aware bounds (a test compares
    them), from the series' fields alone, so a feed of hundreds of series and the daily
    extension of thousands stay a constant number of queries.
    """
    duration = dt.timedelta(minutes=series.duration_minutes)
    # Candidates by naive wall clock, a day wider than the window on both sides (DST and the
    # duration), then the exact test on aware values.
    margin = dt.timedelta(days=1) + duration
    after = (
        _wall(window_start) - margin if window_start else dt.datetime.combine(series.first_date, dt.time(0))
    )
    before = _wall(window_end) + margin if window_end else dt.datetime.combine(series.last_date, dt.time.max)
    if series.frequency == Series.Frequency.MONTHLY:
        rule = _rule_of(series, from_day=after.date() - dt.timedelta(days=1))
        moments = rule.between(after, before, inc=True) if rule is not None else []
    else:
        moments = _weekly_moments(series, after, before)
    found = []
    for moment in moments:
        start = moment.replace(tzinfo=HELSINKI)
        end = start + duration
        if (window_end is None or start < window_end) and (window_start is None or end > window_start):
            found.append(RuleOccurrence(original_start=start, end=end))
    return found


def scheduler_occurrences(
    series: Series, window_start: dt.datetime, window_end: dt.datetime
) -> list[RuleOccurrence]:
    """django-scheduler's own expansion of the series' stored events in [window_start, window_end),
    exceptions not applied: a few queries per series. Only to check that `occurrences` agrees.

    Expanded with Helsinki-aware bounds, so the scheduler keeps the wall clock.
    """
    start, end = window_start.astimezone(HELSINKI), window_end.astimezone(HELSINKI)
    found: dict[dt.datetime, RuleOccurrence] = {}
    for link in SeriesRule.objects.filter(series=series).select_related("event", "event__rule"):
        for occurrence in link.event.get_occurrences(start, end):
            original = occurrence.original_start.astimezone(HELSINKI)
            duration = occurrence.original_end - occurrence.original_start
            found[original] = RuleOccurrence(original_start=original, end=original + duration)
    return [found[key] for key in sorted(found)]


def record_exception(
    series: Series, *, original_start: dt.datetime, start: dt.datetime, end: dt.datetime, cancelled: bool
) -> None:
    """Keep django-scheduler's own record of a cancelled or moved occurrence, once per original start."""
    weekday = original_start.astimezone(HELSINKI).weekday()
    link = SeriesRule.objects.filter(series=series, weekday=weekday).select_related("event").first()
    if link is None:
        return
    event = link.event
    duration = event.end - event.start
    occurrence = Occurrence.objects.filter(event=event, original_start=original_start).first()
    if occurrence is None:
        occurrence = Occurrence(
            event=event, original_start=original_start, original_end=original_start + duration
        )
    occurrence.start, occurrence.end, occurrence.cancelled = start, end, cancelled
    occurrence.title = event.title
    occurrence.save()


def delete(series: Series) -> None:
    for link in SeriesRule.objects.filter(series=series).select_related("event"):
        event = link.event
        link.delete()
        event.delete()
