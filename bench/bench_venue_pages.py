"""Venue pages at county scale: median server time of the list and detail pages.

Seeds the demo network ×15 (about 150 venues, as a county has), then requests
the pages through Django's whole stack (middleware, templates, i18n) with the
test client. The baseline is /healthz (one trivial query) in the same process,
so the ratio says how much the page costs beyond the fixed request overhead.
"""

import os

from bench.common import median_ms, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "15"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def main() -> None:
    setup_django(SCALE)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from venues.models import Room, Venue

    client = Client(HTTP_HOST="localhost")
    venue = Venue.objects.filter(is_active=True).order_by("pk").first()
    print(f"   data: {Venue.objects.count()} venues, {Room.objects.count()} rooms")
    pages = {
        "baseline /healthz": "/healthz",
        "venue list /fi/venues/": "/fi/venues/",
        "venue list, pram=yes filter": "/fi/venues/?viewpoint=pram&access=yes",
        "venue list, page 3": "/fi/venues/?page=3",
        "venue detail": f"/fi/venues/{venue.slug}/",
    }
    baseline = None
    for label, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        query_count = len(queries)  # now: every request clears the connection's query log
        ms = median_ms(lambda url=url: client.get(url), REPEAT)
        baseline = baseline or ms
        print(f"   {label:32s} {ms:8.2f} ms median  ×{ms / baseline:6.1f}  {query_count:3d} queries")
