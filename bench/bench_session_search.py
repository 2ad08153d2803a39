"""Session pages at county scale: median server time of the session search, a group page and a session page.

Seeds the demo network ×15 (about 600 groups and 15 000 sessions from late
November to May, as a county has), then requests the pages through Django's
whole stack (middleware, templates, i18n) with the test client: the session
search at /fi/ without filters and with the filters families use most
(municipality, child's age, pram verdict, the week view, all at once), a busy
group's page, one session's page and the mobile family centre's page. The
baseline is /healthz (one trivial query) in the same process, so the ratio says
how much a page costs beyond the fixed request overhead.

A page that does not answer 200 is reported and skipped, not fatal: the pages
are written alongside this benchmark.
"""

import os

from bench.common import median_ms, report, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "15"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def main() -> None:
    setup_django(SCALE)
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from events.models import Group, Series, Session, Tour

    client = Client(HTTP_HOST="localhost")
    now = timezone.now()
    public = Group.objects.filter(is_active=True, visibility=Group.Visibility.PUBLIC)
    busiest = public.annotate(n=Count("sessions")).order_by("-n", "pk").first()
    session = (
        Session.objects.filter(group__in=public, status=Session.Status.SCHEDULED, start__gt=now)
        .order_by("start", "pk")
        .first()
    )
    tour = Tour.objects.order_by("pk").first()
    print(
        f"   data: {Group.objects.count()} groups, {Series.objects.count()} series, "
        f"{Session.objects.count()} sessions ({Session.objects.filter(start__gt=now).count()} ahead)"
    )
    pages = {
        "baseline /healthz": "/healthz",
        "search /fi/, no filters": "/fi/",
        "search, municipality Turku": "/fi/?municipality=853",
        "search, child 6 months": "/fi/?age=6",
        "search, pram: accessible": "/fi/?viewpoint=pram&access=yes",
        "search, week view": "/fi/?view=week",
        "search, all of these": "/fi/?municipality=853&age=6&viewpoint=pram&access=limited&view=week",
        "search, page 3": "/fi/?page=3",
        f"group page ({busiest.sessions.count() if busiest else 0} sessions)": (
            f"/fi/groups/{busiest.slug}/" if busiest else ""
        ),
        "session page": f"/fi/sessions/{session.pk}/" if session else "",
        "tour page": f"/fi/tours/{tour.slug}/" if tour else "",
    }
    # Issue 14's goals at --scale 150 (about all of Finland).
    goals = {"search /fi/, no filters": "≤ 50 ms at scale 150", "search, week view": "≤ 50 ms at scale 150"}
    baseline = None
    for label, url in pages.items():
        if not url:
            print(f"   {label:36s} skipped: no such row in the demo")
            continue
        try:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
        except Exception as error:  # noqa: BLE001 - a page under construction must not stop the others
            print(f"   {label:36s} skipped: {type(error).__name__}: {error}")
            continue
        if response.status_code != 200:
            print(f"   {label:36s} skipped: {url} answered {response.status_code}")
            continue
        query_count = len(queries)  # now: every request clears the connection's query log
        ms = median_ms(lambda url=url: client.get(url), REPEAT)
        if baseline is None:
            baseline = ms
            report("session_search", label, ms, queries=query_count)
            continue
        report("session_search", label, ms, baseline=baseline, queries=query_count, goal=goals.get(label, ""))
