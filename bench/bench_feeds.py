"""iCalendar feeds at county scale: cold, warm and 304 polls, against django-scheduler and bare icalendar.

Seeds the demo network ×15 (about 600 groups, as a county has), then polls the region
feed of the busiest sub-region and the Turku municipality feed (853) through Django's
whole stack with the test client: cold (cache cleared, so the feed is gathered and
rendered again), warm (from the cache) and revalidation (If-None-Match, a 304), each
with its query count. The baseline is /healthz (one trivial query) in the same process.

For the region feed's own series, in the same run and as ratios of its cold rendering:
- django-scheduler's occurrence expansion (`schedule` Event.get_occurrences via
  events.recurrence.expand, a few queries per series), over each series' whole span;
- the in-memory expansion the feeds use (events.ical.rule_occurrences, no queries);
- bare `icalendar` serialization (`Calendar.to_ical()`) of the same, prebuilt components.
"""

import os
import time

from bench.common import median_ms, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "15"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
COLD_REPEAT = int(os.environ.get("BENCH_COLD_REPEAT", "5"))


def main() -> None:
    setup_django(SCALE)
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from icalendar import Calendar

    from events.feeds import FeedFilters, Scope, _resolve, feed_content
    from events.ical import rule_occurrences, scheduler_occurrences
    from events.models import Series, Session
    from events.selectors import helsinki_today
    from venues.models import Region

    client = Client(HTTP_HOST="localhost")
    region = (
        Region.objects.annotate(n=Count("municipalities__venues__rooms__series")).order_by("-n", "pk").first()
    )
    print(
        f"   data: {Series.objects.count()} series, {Session.objects.count()} sessions; "
        f"region feed: {region.name} ({region.slug})"
    )
    feeds = {
        "region": f"/feeds/region/{region.slug}.ics",
        "municipality 853": "/feeds/municipality/853.ics",
    }

    def queries_of(fn) -> int:
        with CaptureQueriesContext(connection) as queries:
            fn()
        return len(queries)

    baseline = median_ms(lambda: client.get("/healthz"), REPEAT)
    print(f"   {'baseline /healthz':36s} {baseline:8.2f} ms median")
    cold_region_ms = None
    for label, url in feeds.items():
        first = client.get(url)
        if first.status_code != 200:
            print(f"   {label:36s} skipped: {url} answered {first.status_code}")
            continue
        events = first.content.count(b"BEGIN:VEVENT")
        print(f"   {label} feed: {len(first.content) / 1024:.0f} KiB, {events} VEVENTs")

        def cold(url=url) -> None:
            cache.clear()
            client.get(url)

        def warm(url=url) -> None:
            client.get(url)

        def revalidate(url=url, etag=first["ETag"]) -> None:
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

        for kind, fn, repeat in (
            ("cold", cold, COLD_REPEAT),
            ("warm", warm, REPEAT),
            ("304", revalidate, REPEAT),
        ):
            count = queries_of(fn)
            ms = median_ms(fn, repeat)
            if label == "region" and kind == "cold":
                cold_region_ms = ms
            print(
                f"   {label + ', ' + kind:36s} {ms:8.2f} ms median  ×{ms / baseline:7.1f}  {count:3d} queries"
            )

    # The same data, other ways: the region feed's series.
    scope = _resolve(Scope.REGION, region.slug, "fi")
    content = feed_content(scope=scope, filters=FeedFilters(), today=helsinki_today())
    series = list(content.sessions_by_series)
    sessions = sum(map(len, content.sessions_by_series.values()))
    print(f"   region feed's series: {len(series)}, with {sessions} sessions")

    def timed(fn) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            fn()
            elapsed = (time.perf_counter() - started) * 1000
        return elapsed, len(queries)

    scheduler_ms, scheduler_queries = timed(lambda: [scheduler_occurrences(s) for s in series])
    memory_ms, memory_queries = timed(lambda: [rule_occurrences(s) for s in series])
    same = all(rule_occurrences(s) == scheduler_occurrences(s) for s in series)
    prebuilt = Calendar.from_ical(client.get(feeds["region"]).content)
    to_ical_ms = median_ms(prebuilt.to_ical, 5)
    reference = cold_region_ms or 1.0
    for label, ms, count in (
        ("django-scheduler expansion", scheduler_ms, scheduler_queries),
        ("in-memory expansion (feeds use)", memory_ms, memory_queries),
        ("bare icalendar to_ical()", to_ical_ms, 0),
    ):
        print(f"   {label:36s} {ms:8.2f} ms  = {ms / reference:5.2f} × cold region feed  {count:4d} queries")
    print(f"   in-memory and django-scheduler expansions agree on every series: {same}")
