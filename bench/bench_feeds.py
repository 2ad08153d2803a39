"""iCalendar feeds at county scale: cold, warm, 304 and polling after one cancel, against bare icalendar.

Seeds the demo network ×BENCH_SCALE (15: about a county's 600 groups) and stretches every
series to BENCH_MONTHS months (12: ~34,500 sessions, as issue 14 measured), then requests
feeds through Django's whole stack with the test client. Run it on PostgreSQL and Redis as
production does (DATABASE_URL, CACHE_URL=rediscache://…); the baseline is /healthz (one
trivial query) in the same process, so the ratios compare across machines.

- the county organization's feed (the biggest): cold (cache cleared), warm (from the cache)
  and a 304 (If-None-Match), each with its query count; beside it, bare `icalendar`
  serialization (`Calendar.to_ical()`) of the same events, prebuilt;
- every municipality and region feed polled with its validators after one session is
  cancelled: how many rendered again (at most the 2 that contain it), the rest 304;
- the peak memory (tracemalloc) of rendering that feed cold.
"""

import datetime as dt
import os
import time
import tracemalloc

from bench.common import median_ms, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "15"))
MONTHS = int(os.environ.get("BENCH_MONTHS", "12"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
COLD_REPEAT = int(os.environ.get("BENCH_COLD_REPEAT", "5"))


def stretch(months: int) -> None:
    """Every series to `months` months from its first date, materialized (the daily job's work)."""
    from events import recurrence
    from events.models import Series
    from events.services.extend import sessions_extend

    days = round(months * 365 / 12) - 1
    for series in Series.objects.select_related("group"):
        last = series.first_date + dt.timedelta(days=days)
        if series.last_date != last:
            series.last_date = last
            series.save(update_fields=["last_date"])
            recurrence.sync(series, calendar_title=series.group.title)
    sessions_extend()


def main() -> None:
    setup_django(SCALE)
    stretch(MONTHS)
    from django.core.cache import cache, caches
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from icalendar import Calendar

    from accounts.models import User
    from events.feeds import cache as feed_cache
    from events.models import Series, Session
    from events.services.sessions import session_cancel
    from venues.models import Municipality, Organization, Region

    client = Client(HTTP_HOST="localhost")
    print(
        f"   data: {Series.objects.count()} series, {Session.objects.count()} sessions; "
        f"{connection.vendor}, {type(caches['default']).__name__}"
    )
    county = Organization.objects.annotate(n=Count("groups__series")).order_by("-n", "pk").first()
    url = f"/feeds/organization/{county.slug}.ics"

    def queries_of(fn) -> int:
        with CaptureQueriesContext(connection) as queries:
            fn()
        return len(queries)

    healthz = median_ms(lambda: client.get("/healthz"), REPEAT)
    print(f"   {'baseline /healthz':40s} {healthz:8.3f} ms median")
    first = client.get(url)
    body = first.content
    print(
        f"   county feed: {county.name} ({county.slug}), {len(body) / 1024:.0f} KiB, "
        f"{body.count(b'BEGIN:VEVENT')} VEVENTs, {body.count(b'RRULE:')} series"
    )

    def cold() -> None:
        cache.clear()
        client.get(url)

    def warm() -> None:
        client.get(url)

    def revalidate(etag=first["ETag"]) -> None:
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    prebuilt = Calendar.from_ical(body)
    bare = median_ms(lambda: prebuilt.to_ical(sorted=False), COLD_REPEAT)
    cold_q = queries_of(cold)
    cold_ms = median_ms(cold, COLD_REPEAT)
    warm_q = queries_of(warm)
    warm_ms = median_ms(warm, REPEAT)
    not_modified_q = queries_of(revalidate)
    not_modified_ms = median_ms(revalidate, REPEAT)
    print(f"   {'bare icalendar to_ical() (same events)':40s} {bare:8.2f} ms")
    print(
        f"   {'cold (render)':40s} {cold_ms:8.2f} ms  = {cold_ms / bare:5.2f} × bare icalendar  "
        f"{cold_q} queries"
    )
    print(
        f"   {'warm (cached)':40s} {warm_ms:8.3f} ms  cold/warm = {cold_ms / warm_ms:7.0f}×  {warm_q} queries"
    )
    print(
        f"   {'304 (If-None-Match)':40s} {not_modified_ms:8.3f} ms  "
        f"= {not_modified_ms / healthz:5.2f} × /healthz  {not_modified_q} queries"
    )

    # Every municipality and region feed, warm with validators; then one cancel.
    feeds = [
        f"/feeds/municipality/{code}.ics" for code in Municipality.objects.values_list("code", flat=True)
    ]
    feeds += [f"/feeds/region/{slug}.ics" for slug in Region.objects.values_list("slug", flat=True)]
    etags = {}
    for feed in feeds:
        response = client.get(feed)
        if response.status_code == 200:
            etags[feed] = response["ETag"]
    session = (
        Session.objects.filter(
            status="scheduled", start__gt=timezone.now() + dt.timedelta(days=2), series__isnull=False
        )
        .select_related("room__venue__municipality")
        .order_by("start")
        .first()
    )
    admin = User.objects.filter(is_superuser=True).first()
    session_cancel(actor=admin, session=session, reason="Ohjaaja sairastui")
    rendered = []
    real = feed_cache.render_feed
    feed_cache.render_feed = lambda **kw: rendered.append(kw["key"]) or real(**kw)
    statuses = {}
    started = time.perf_counter()
    for feed, etag in etags.items():
        statuses[feed] = client.get(feed, HTTP_IF_NONE_MATCH=etag).status_code
    elapsed = (time.perf_counter() - started) * 1000
    feed_cache.render_feed = real
    changed = sorted(feed for feed, status in statuses.items() if status == 200)
    unchanged = [feed for feed, status in statuses.items() if status == 304]
    print(
        f"   after one cancel in {session.room.venue.municipality}: polled {len(statuses)} "
        f"municipality and region feeds in {elapsed:.1f} ms: {len(rendered)} rendered again "
        f"({', '.join(changed)}), {len(unchanged)} × 304"
    )
    poll_304 = median_ms(lambda: [client.get(f, HTTP_IF_NONE_MATCH=etags[f]) for f in unchanged], 5)
    print(f"   {'their 304s, each':40s} {poll_304 / max(len(unchanged), 1):8.3f} ms")

    cache.clear()
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"   peak memory (tracemalloc) rendering the county feed cold: {peak / 2**20:.1f} MiB")
