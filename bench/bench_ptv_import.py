"""PTV import: 3,000 services and 1,500 channels from a PTV-shaped server on loopback.

The server is tests/directory/ptvserver.py (v11 pages of 100, as PTV serves them). Three
runs in one process: the baseline reads every page and parses every record without
touching the database; the first import creates everything; the second finds it all
unchanged. Times are wall-clock medians of one run each (the import is a nightly job);
query counts are exact.
"""

import time

MUNICIPALITIES = ("853", "202", "680", "529", "423")
SERVICES = 3000
CHANNELS = 1500
ORGANIZATIONS = 30


def _fake():
    from tests.directory import ptvserver as ptv

    fake = ptv.FakePtv(page_size=100)
    for n in range(ORGANIZATIONS):
        fake.add_organization(ptv.organization(f"Bench org {n}", business_code=""))
    for n in range(CHANNELS):
        code = MUNICIPALITIES[n % len(MUNICIPALITIES)]
        if n % 3:
            record = ptv.location(
                f"Bench place {n}",
                org=f"Bench org {n % ORGANIZATIONS}",
                municipality=code,
                number=str(n),
                north=str(6_700_000 + n * 10),
                east=str(240_000 + n * 10),
            )
            fake.add_channel(record, code)
        else:
            record = ptv.phone(f"Bench place {n}", org=f"Bench org {n % ORGANIZATIONS}")
            record["areas"] = [{"type": "Municipality", "code": code}]
            fake.add_channel(record, code)
    for n in range(SERVICES):
        code = MUNICIPALITIES[n % len(MUNICIPALITIES)]
        fake.add_service(
            ptv.service(
                f"Bench service {n}",
                org=f"Bench org {n % ORGANIZATIONS}",
                municipalities=[code],
                channels=[f"Bench place {n % CHANNELS}"],
                classes=["P3.6", "P4.12"],
            )
        )
    return fake


def main() -> None:
    from bench.common import setup_django

    setup_django(scale=1)
    from django.db import connection

    from directory.ptv.client import V11HttpClient
    from directory.ptv.importer import ptv_import
    from directory.ptv.parse import parse_channel, parse_service
    from tests.directory import ptvserver as ptv

    fake = _fake()
    rows = []
    with ptv.serve(fake) as url:
        client = V11HttpClient(url, timeout=30)
        started = time.perf_counter()
        for code in MUNICIPALITIES:
            for record in client.channels_in_municipality(code):
                parse_channel(record)
            for record in client.services_in_municipality(code):
                parse_service(record)
        baseline = time.perf_counter() - started
        print(f"   baseline: {baseline:.1f} s", flush=True)
        rows.append(("fetch and parse only (baseline)", baseline, 0, client.requests_made))
        for label in ("first import (creates)", "second import (unchanged)"):
            client = V11HttpClient(url, timeout=30)
            started = time.perf_counter()
            count = [0]

            def counter(execute, sql, params, many, context, count=count):
                count[0] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(counter):
                summary = ptv_import(source=client, municipality_codes=MUNICIPALITIES)
            elapsed = time.perf_counter() - started
            rows.append((label, elapsed, count[0], client.requests_made))
            print(f"   {label}: {elapsed:.1f} s, {count[0]} queries; services {summary.services}")
    print(f"   {SERVICES} services, {CHANNELS} channels, {ORGANIZATIONS} organizations, {connection.vendor}")
    print(f"   {'run':<34}{'time':>9}{'× baseline':>12}{'queries':>9}{'HTTP':>6}")
    for label, elapsed, count, requests in rows:
        print(f"   {label:<34}{elapsed:>8.1f}s{elapsed / baseline:>12.1f}{count:>9}{requests:>6}")
