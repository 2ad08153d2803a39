"""The shared metrics at county scale: median server time and queries of the dashboard, exports and JSON.

Seeds the demo network ×BENCH_SCALE (default 15: about 600 groups), then a year of history
(`seed_demo_history`: past sessions, sign-ups, headcounts, feedback), then requests as the
county coordinator (county@demo.perhekeskus.invalid, every session of Varha) and as the Turku
coordinator (one organization) through Django's whole stack with the test client: the
dashboard for the last 12 months by month and by municipality, with a filter, the CSV and
XLSX exports and /api/v1/metrics. The baseline is /healthz in the same process.

Each page is measured cold (the cache emptied before every request, so the report is computed)
and warm (the report from the cache: metrics.cache, one stamp query). Use the cache production
uses (CACHE_URL=redis://…) for the warm figures to include the round trip and unpickling.
"""

import os

from bench.common import median_ms, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "15"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "10"))


def main() -> None:
    setup_django(SCALE)
    import time

    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bookings.models import Booking, Headcount, SignUp
    from events.models import Group, Session
    from events.selectors import helsinki_today
    from metrics.demo import seed_demo_history
    from metrics.models import Feedback

    started = time.perf_counter()
    seed_demo_history(today=helsinki_today())
    print(f"   history ready in {time.perf_counter() - started:.1f} s")
    print(
        f"   data: {Group.objects.count()} groups, {Session.objects.count()} sessions, "
        f"{Booking.objects.count()} bookings, {SignUp.objects.count()} sign-ups, "
        f"{Headcount.objects.count()} headcounts, {Feedback.objects.count()} feedback"
    )
    clients = {}
    for who in ("county", "coordinator"):
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(email=f"{who}@demo.perhekeskus.invalid"))
        clients[who] = client
    pages = [
        ("coordinator", "baseline /healthz", "/healthz"),
        ("county", "county dashboard, by month", "/fi/leader/metrics/"),
        ("county", "county dashboard, by municipality", "/fi/leader/metrics/?by=municipality"),
        ("county", "county dashboard, by group", "/fi/leader/metrics/?by=group"),
        ("county", "county, Turku only, by topic", "/fi/leader/metrics/?municipality=853&by=topic"),
        ("county", "county CSV by organization", "/fi/leader/metrics/?by=organization&format=csv"),
        ("county", "county XLSX by organization", "/fi/leader/metrics/?by=organization&format=xlsx"),
        ("county", "county /api/v1/metrics by municipality", "/api/v1/metrics?by=municipality"),
        ("coordinator", "Turku coordinator dashboard", "/fi/leader/metrics/"),
    ]
    baseline = None
    print(f"   cache: {settings.CACHES['default']['BACKEND']}")
    print(f"   {'page':40s} {'cold':>10s} {'×':>7s} {'q':>3s}  {'warm':>10s} {'×':>7s} {'q':>3s}")
    for who, label, url in pages:
        client = clients[who]
        cache.clear()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as cold_queries:
            response = client.get(url)
        if response.status_code != 200:
            print(f"   {label:40s} skipped: {url} answered {response.status_code}")
            continue
        cold_count = len(cold_queries)  # read now: the log is cleared below
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as warm_queries:
            client.get(url)
        warm_count = len(warm_queries)

        def cold(client=client, url=url) -> None:
            cache.clear()
            client.get(url)

        cold_ms = median_ms(cold, REPEAT)
        warm_ms = median_ms(lambda client=client, url=url: client.get(url), REPEAT)
        baseline = baseline or warm_ms
        print(
            f"   {label:40s} {cold_ms:8.2f}ms ×{cold_ms / baseline:6.1f} {cold_count:3d}"
            f"  {warm_ms:8.2f}ms ×{warm_ms / baseline:6.1f} {warm_count:3d}"
        )
