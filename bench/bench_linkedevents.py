"""The Linked Events API at county scale: event pages (plain, with include, deep), a change poll and a 304.

Seeds the demo network ×BENCH_SCALE (default 5), then requests through Django's whole stack with
the test client, each cold (cache cleared: gathered and rendered) and warm (from the cache), with
the cold request's query count. Baselines in the same process: /healthz (one trivial
query) and our own JSON API's session list (/api/v1/sessions, 100 rows), so the ratios say what
Linked Events' shape costs over ours.
"""

import os

from bench.common import median_ms, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "5"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def main() -> None:
    setup_django(SCALE)
    import datetime as dt

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from events.models import Series, Session

    client = Client(HTTP_HOST="localhost")
    print(f"   data: {Series.objects.count()} series, {Session.objects.count()} sessions")
    since = (timezone.now() - dt.timedelta(hours=1)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    first = client.get("/linkedevents/v1/event/?page_size=100").json()
    print(f"   /linkedevents/v1/event/: {first['meta']['count']} events")
    urls = {
        "baseline /healthz": "/healthz",
        "baseline /api/v1/sessions (100)": "/api/v1/sessions?limit=100",
        "event/ page 1 (100)": "/linkedevents/v1/event/?page_size=100",
        "event/ with include (100)": "/linkedevents/v1/event/?page_size=100&include=location,keywords",
        "event/ page 20 (100)": "/linkedevents/v1/event/?page_size=100&page=20",
        "event/ sessions by start (100)": "/linkedevents/v1/event/?page_size=100&sort=start_time&start=today",
        "event/ changed in the last hour": (
            f"/linkedevents/v1/event/?page_size=100&last_modified_since={since}&show_deleted=true"
        ),
        "place/ (100)": "/linkedevents/v1/place/?page_size=100",
        "keyword/ (100)": "/linkedevents/v1/keyword/?page_size=100",
    }
    base = None
    for label, url in urls.items():
        response = client.get(url)
        if response.status_code != 200:
            print(f"   {label:36s} skipped: {response.status_code}")
            continue
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        cache.clear()
        with connection.execute_wrapper(count):
            client.get(url)

        def cold(url=url) -> None:
            cache.clear()
            client.get(url)

        ms = median_ms(cold, REPEAT)
        base = base or ms
        warm = median_ms(lambda url=url: client.get(url), REPEAT)
        print(
            f"   {label:36s} cold {ms:8.2f} ms ×{ms / base:6.1f}  warm {warm:7.2f} ms ×{warm / base:5.1f}"
            f"  {len(queries):3d} queries"
        )
    etag = client.get(urls["event/ page 1 (100)"])["ETag"]

    def revalidate() -> None:
        assert client.get(urls["event/ page 1 (100)"], HTTP_IF_NONE_MATCH=etag).status_code == 304

    ms = median_ms(revalidate, REPEAT)
    print(f"   {'event/ page 1 revalidated (304)':36s} {ms:8.2f} ms median  ×{ms / base:6.1f}")
