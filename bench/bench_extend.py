"""The daily extend_sessions: nothing to create, and what creating costs per session, at a 12-month horizon.

Seeds the demo network ×BENCH_SCALE with its whole-term series stretched to a year
(`seed_demo --term-weeks 52`: at county scale 609 series and ~32,000 sessions, all of them
materialized up to the 365-day horizon), then times `sessions_extend()`:
- with nothing to create (the daily run on a day when no series reaches a new date): goal ≤ 1 s
  at county scale, a constant number of queries;
- creating: every session after the first 8 weeks is deleted (with its reservation), then
  extended back, and again after deleting all but 4 weeks: time per created session should
  stay the same (linear in what it creates), queries grow with the rooms, not the sessions.
The baseline is /healthz (one trivial query) through the test client in the same process,
and django-scheduler's own expansion of the same series beside ours (`recurrence.occurrences`).
At BENCH_SCALE ≥ 100 the term stays 20 weeks (the seed the other benchmarks share).
"""

import datetime as dt
import os
import time

from bench.common import median_ms, report, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "15"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
TERM_WEEKS = 52 if SCALE < 100 else 20


def main() -> None:
    setup_django(SCALE, term_weeks=TERM_WEEKS)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from events import recurrence
    from events.models import RoomReservation, Series, Session
    from events.services.extend import sessions_extend

    def timed(fn) -> tuple[float, int, object]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = fn()
            elapsed = (time.perf_counter() - started) * 1000
        return elapsed, len(queries), result

    client = Client(HTTP_HOST="localhost")
    baseline = median_ms(lambda: client.get("/healthz"), 30)
    report("extend", "baseline /healthz", baseline)
    now = timezone.now()
    print(
        f"   data: {Series.objects.count()} series, {Session.objects.count()} sessions "
        f"({Session.objects.filter(start__gt=now).count()} ahead), {TERM_WEEKS}-week term"
    )
    assert sessions_extend() == 0, "the seed materializes everything up to the horizon"
    _ms, queries, _ = timed(sessions_extend)
    ms = median_ms(sessions_extend, REPEAT)
    goal = "≤ 1000 ms at scale 15" if SCALE == 15 else ""
    report("extend", "extend_sessions, nothing to create", ms, baseline=baseline, queries=queries, goal=goal)

    for weeks in (8, 4):
        cut = now + dt.timedelta(weeks=weeks)
        doomed = Session.objects.filter(start__gte=cut, series__isnull=False, is_exception=False)
        doomed = doomed.exclude(signups__isnull=False)
        RoomReservation.objects.filter(session__in=doomed).delete()
        doomed.delete()
        ms, queries, created = timed(sessions_extend)
        report(
            "extend",
            f"extend_sessions, creating {created}",
            ms,
            baseline=baseline,
            queries=queries,
            goal=f"{ms * 1000 / max(created, 1):.0f} µs per session",
        )

    running = list(Series.objects.filter(last_date__gte=now.date()).prefetch_related("breaks"))
    start = recurrence.local(now.date(), dt.time(0))
    end = now + dt.timedelta(days=365)
    ours, _, found = timed(lambda: sum(len(recurrence.occurrences(s, start, end)) for s in running))
    theirs, theirs_queries, _ = timed(
        lambda: sum(len(recurrence.scheduler_occurrences(s, start, end)) for s in running)
    )
    print(f"   expanding {len(running)} series' next 12 months: {found} occurrences")
    report("extend", "recurrence.occurrences (dateutil)", ours, baseline=theirs, queries=0)
    report("extend", "django-scheduler expansion (baseline)", theirs, queries=theirs_queries)
