"""The weekly fast path of `events.recurrence.occurrences` gives exactly what dateutil's rule gives
(the rule the feeds publish as RRULE), for every kind of weekly series and window."""

import datetime as dt
import itertools

import pytest

from events import recurrence
from events.models import Series

FIRST_DATES = [dt.date(2027, 1, 13), dt.date(2027, 3, 28), dt.date(2027, 10, 31)]  # Wed, Sun (DST), Sun


def _series(first: dt.date, weeks: int, weekdays: tuple[int, ...], interval: int) -> Series:
    return Series(
        first_date=first,
        last_date=first + dt.timedelta(weeks=weeks, days=3),
        start_time=dt.time(3, 30),  # inside the hour that spring skips and autumn repeats
        duration_minutes=90,
        frequency=Series.Frequency.WEEKLY,
        weekdays=",".join(str(day) for day in weekdays),
        interval_weeks=interval,
    )


def _by_dateutil(series, after, before):
    rule = recurrence._rule_of(series, from_day=after.date() - dt.timedelta(days=1))
    return rule.between(after, before, inc=True) if rule is not None else []


WEEKDAY_SETS = [(0,), (2,), (6,), (0, 2), (1, 4), (0, 6), (0, 2, 4), (5, 6)]


@pytest.mark.parametrize("interval", [1, 2, 3, 8])
def test_weekly_moments_equal_dateutil_for_every_window(interval):
    compared = 0
    for first, weekdays, weeks in itertools.product(FIRST_DATES, WEEKDAY_SETS, [0, 1, 5, 40]):
        series = _series(first, weeks, weekdays, interval)
        whole = (
            dt.datetime.combine(series.first_date, dt.time(0)),
            dt.datetime.combine(series.last_date, dt.time.max),
        )
        windows = [whole]
        for offset in (-10, 0, 3, 17, 60, 200):
            start = dt.datetime.combine(first + dt.timedelta(days=offset), dt.time(3, 30))
            windows.append((start, start + dt.timedelta(days=9)))
            windows.append((start - dt.timedelta(minutes=1), start))  # a bound exactly on a start
        for after, before in windows:
            assert recurrence._weekly_moments(series, after, before) == _by_dateutil(series, after, before), (
                series.first_date,
                weekdays,
                weeks,
                after,
            )
            compared += 1
    assert compared > 500


def test_occurrences_keep_the_wall_clock_across_dst():
    series = _series(dt.date(2027, 3, 22), 2, (0, 6), 1)  # Mondays and Sundays around 28.3.2027
    starts = [occurrence.original_start for occurrence in recurrence.occurrences(series)]
    assert [start.strftime("%a %d.%m %H:%M") for start in starts] == [
        "Mon 22.03 03:30",
        "Sun 28.03 03:30",
        "Mon 29.03 03:30",
        "Sun 04.04 03:30",
        "Mon 05.04 03:30",
    ]
    assert {start.utcoffset() for start in starts} == {dt.timedelta(hours=2), dt.timedelta(hours=3)}
