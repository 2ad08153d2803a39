"""Peak resident memory of a worker rendering the biggest public feed, against the same worker after /healthz.

Seeds the demo network ×BENCH_SCALE, picks the feed with the most series (every sub-region's
and organization's), then starts a fresh Python process, as an app server's worker is: it sets
Django up, answers /healthz (the baseline: a worker with everything imported), then renders
the feed cold through the test client. Its peak resident set size (`ru_maxrss`) is read after
each step, so the difference is what rendering the feed costs in memory.
"""

import json
import os
import subprocess
import sys

from bench.common import ROOT, report, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "15"))

WORKER = """
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.conf import settings
settings.DEBUG = False
from django.core.cache import cache
from django.test import Client
client = Client(HTTP_HOST="localhost")
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
assert client.get("/healthz").status_code == 200
baseline = peak()
cache.clear()
started = time.perf_counter()
response = client.get({url!r})
took = (time.perf_counter() - started) * 1000
print(json.dumps({{"baseline": baseline, "feed": peak(), "status": response.status_code,
                  "bytes": len(response.content), "events": response.content.count(b"BEGIN:VEVENT"),
                  "ms": took}}))
"""


def main() -> None:
    setup_django(SCALE)
    from django.db.models import Count, Q

    from events.models import Group
    from venues.models import Organization, Region

    public = Q(groups__is_active=True, groups__visibility=Group.Visibility.PUBLIC)
    region = (
        Region.objects.annotate(
            n=Count(
                "municipalities__venues__rooms__series",
                filter=Q(
                    municipalities__venues__rooms__series__group__is_active=True,
                    municipalities__venues__rooms__series__group__visibility=Group.Visibility.PUBLIC,
                ),
            )
        )
        .order_by("-n", "pk")
        .first()
    )
    organization = (
        Organization.objects.annotate(n=Count("groups__series", filter=public)).order_by("-n", "pk").first()
    )
    if organization is not None and (region is None or organization.n > region.n):
        kind, slug, series = "organization", organization.slug, organization.n
    else:
        kind, slug, series = "region", region.slug, region.n
    url = f"/feeds/{kind}/{slug}.ics"
    print(f"   biggest feed: {kind} {slug} ({series} series)")
    output = subprocess.run(  # a fresh worker: what it holds is the feed's, not the seed's
        [sys.executable, "-c", WORKER.format(root=str(ROOT), url=url)],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = json.loads(output.strip().splitlines()[-1])
    if found["status"] != 200:
        print(f"   skipped: {url} answered {found['status']}")
        return
    print(
        f"   {url}: {found['bytes'] / 1024:.0f} KiB, {found['events']} VEVENTs, cold in {found['ms']:.0f} ms"
    )
    report("feed_memory", "worker peak RSS after /healthz", found["baseline"], unit="MiB")
    report(
        "feed_memory",
        "worker peak RSS after the biggest feed",
        found["feed"],
        baseline=found["baseline"],
        unit="MiB",
        goal="reported (issue 14)",
    )
