"""Shared set-up for benchmarks: an isolated database loaded with the demo network at some scale."""

import os
import statistics
import tempfile
import time
from collections.abc import Callable


def setup_django(scale: int) -> None:
    """Point Django at a throw-away database, migrate it and seed the demo network ×scale."""
    if "DATABASE_URL" not in os.environ:
        path = os.path.join(tempfile.mkdtemp(prefix="perhekeskus-bench-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "1"  # the demo seed refuses to run with DEBUG off
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=scale, verbosity=0)
    print(f"   database ready (scale {scale}) in {time.perf_counter() - started:.1f} s")
    from django.conf import settings

    # Measure as production runs: no per-query logging (DEBUG was on only for the demo seed).
    settings.DEBUG = False
    from django.db import connection

    connection.queries_log.clear()  # the seed filled it; query counts below start from zero


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches and imports
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)
