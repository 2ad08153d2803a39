"""Services in the one search and the guidance page, at county scale: median server time and queries.

Seeds the demo network ×SCALE, then multiplies the demo directory (15 services in PTV's shape)
to about SCALE × 45 services — what Varsinais-Suomi's PTV holds for families is some hundreds —
each copy with the original's classes, life events, area and channels. Requests through Django's
whole stack: text searches at /fi/ that now also search services (a plain word, an inflected
Finnish word, a Swedish definite form), the service list with search words, and the guidance
answer for a new baby in Turku and for company in Parainen in Swedish. Baseline /healthz.
"""

import os
import uuid

from bench.common import median_times, report, setup_django

SCALE = int(os.environ.get("BENCH_SCALE", "15"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
COPIES = 3  # per scale step, of each demo service


def multiply_services(copies: int) -> int:
    """Copies of every demo service (new slug and no PTV id), with its links; returns the total."""
    from directory.models import Service

    originals = list(
        Service.objects.prefetch_related(
            "municipalities", "service_classes", "life_events", "target_groups", "channels"
        )
    )
    for n in range(1, copies + 1):
        for original in originals:
            links = {
                name: list(getattr(original, name).all())
                for name in ("municipalities", "service_classes", "life_events", "target_groups", "channels")
            }
            copy = Service.objects.get(pk=original.pk)
            copy.pk = copy.id = None
            copy.slug = f"{original.slug}-{n}"
            copy.ptv_id = None
            copy.source = "local"
            copy.name_fi = f"{original.name_fi} {n}"
            copy.uid = uuid.uuid4()
            copy.save()
            for name, rows in links.items():
                getattr(copy, name).set(rows)
    return Service.objects.count()


def main() -> None:
    setup_django(SCALE)
    from django.db import connection
    from django.test import Client

    total = multiply_services(COPIES * SCALE)
    print(f"   data: {total} services")
    client = Client(HTTP_HOST="localhost")
    pages = {
        "baseline /healthz": "/healthz",
        "search /fi/?q=neuvola": "/fi/?q=neuvola",
        "search /fi/?q=neuvolaan (inflected)": "/fi/?q=neuvolaan",
        "search /sv/?q=rådgivningen": "/sv/?q=r%C3%A5dgivningen",
        "search, words and Turku": "/fi/?q=perhetyö&municipality=853",
        "service list ?q=neuvola": "/fi/services/?q=neuvola",
        "help: new baby, Turku, fi": "/fi/help/?situation=new_baby&age=1&municipality=853&language=fi",
        "help: company, Parainen, sv": "/sv/help/?situation=company&age=18&municipality=445&language=sv",
        "help: the questions": "/fi/help/",
    }
    baseline = baseline_cpu = None
    for label, url in pages.items():
        queries = []  # counted by a wrapper: DEBUG is off, and each request resets the query log

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        if response.status_code != 200:
            print(f"   {label:36s} skipped: {url} answered {response.status_code}")
            continue
        ms, cpu = median_times(lambda url=url: client.get(url), REPEAT)
        if baseline is None:
            baseline, baseline_cpu = ms, cpu
            report("search_services", label, ms, queries=len(queries))
            continue
        report("search_services", label, ms, baseline=baseline, queries=len(queries))
        report("search_services", label + " (CPU)", cpu, baseline=baseline_cpu)


if __name__ == "__main__":
    main()
