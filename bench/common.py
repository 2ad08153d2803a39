"""Shared set-up for benchmarks: an isolated database loaded with the demo network at some scale.

Seeding is the slow part (`--scale 150` takes minutes on a 2-core machine), so a seeded
database is kept between benchmarks and runs, keyed by everything the seed depends on: the
migrations and demo code (their bytes), the scale, the term's length, the seed's settings and
the Helsinki date (the demo's dates are relative to the day it is loaded). SQLite: a file in
`var/bench-cache/`, copied for each benchmark; PostgreSQL: a template database
(`pk_bench_tpl_<key>`), cloned with CREATE DATABASE … TEMPLATE. A benchmark may write to its
copy; the cached one is never opened. `BENCH_NO_CACHE=1` seeds afresh.

Figures go through `report()`, which prints them with their baseline (measured in the same
process) and a line for `bench/run.py`'s summary.
"""

import datetime as dt
import hashlib
import json
import os
import pathlib
import shutil
import statistics
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "var" / "bench-cache"
# What the seeded rows depend on, besides the scale, the term and the date.
SEED_INPUTS = ("*/migrations/0*.py", "*/demo.py", "*/demo/*.py", "*/management/commands/seed_demo.py")
SEED_SETTINGS = ("SESSION_HORIZON_DAYS",)
SUMMARY_PREFIX = "BENCH-FIGURE "


def seed_key(scale: int, term_weeks: int) -> str:
    digest = hashlib.sha256()
    for pattern in SEED_INPUTS:
        for path in sorted(ROOT.glob(pattern)):
            if ".venv" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    today = dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()
    digest.update(f"{scale}/{term_weeks}/{today.isoformat()}".encode())
    for name in SEED_SETTINGS:
        digest.update(f"{name}={os.environ.get(name, '')}".encode())
    return digest.hexdigest()[:16]


def _postgres_admin(url: str):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")


def _prepare_postgres(url: str, key: str, use_cache: bool) -> tuple[str, bool]:
    """A scratch database: a clone of the cached template if there is one (True), else empty."""
    from psycopg import sql

    connection, base = _postgres_admin(url)
    template, scratch = f"pk_bench_tpl_{key}", f"{base}_bench_{os.getpid()}"
    scratch_url = urllib.parse.urlsplit(url)._replace(path=f"/{scratch}").geturl()
    with connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        if exists and use_cache:
            connection.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(scratch), sql.Identifier(template)
                )
            )
            return scratch_url, True
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    return scratch_url, False


def _store_postgres_template(url: str, key: str) -> None:
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    connection, scratch = _postgres_admin(url)
    template = f"pk_bench_tpl_{key}"
    with connection:
        for (old,) in connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'pk_bench_tpl_%%' AND datname <> %s",
            [template],
        ).fetchall():
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(old)))
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(template), sql.Identifier(scratch)
            )
        )


def drop_scratch_database() -> None:
    """Drop this process's PostgreSQL scratch database (SQLite copies live in a temporary directory)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or "_bench_" not in url:
        return
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    connection, scratch = _postgres_admin(url)
    with connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))


def setup_django(scale: int, *, term_weeks: int = 20) -> None:
    """Point Django at a throw-away database holding the demo network ×scale, migrated and seeded.

    The database comes from the seed cache when it holds this seed; otherwise it is seeded
    (and stored). Prints how long it took either way.
    """
    started = time.perf_counter()
    key = seed_key(scale, term_weeks)
    use_cache = os.environ.get("BENCH_NO_CACHE", "") in ("", "0")
    url = os.environ.get("DATABASE_URL", "")
    cached_file = CACHE_DIR / f"seed-{key}.sqlite3"
    hit = False
    if url.startswith("postgres"):
        original = url
        url, hit = _prepare_postgres(url, key, use_cache)
        os.environ["DATABASE_URL"] = url
    else:
        path = pathlib.Path(tempfile.mkdtemp(prefix="perhekeskus-bench-")) / "bench.sqlite3"
        if use_cache and cached_file.exists():
            shutil.copyfile(cached_file, path)
            hit = True
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "1"  # settings as in development; DEBUG itself goes off below
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False  # no per-query logging while seeding or measuring
    if not hit:
        _seed_with_debug_off(scale, term_weeks)
        if use_cache:
            if url.startswith("postgres"):
                _store_postgres_template(original, key)
            else:
                connection.close()
                _store_sqlite(path, cached_file, {"scale": scale, "term_weeks": term_weeks})
    how = "from the seed cache" if hit else "seeded"
    took = time.perf_counter() - started
    print(f"   database ready (scale {scale}, {term_weeks}-week term, {how}) in {took:.1f} s")
    connection.queries_log.clear()


def _store_sqlite(path: pathlib.Path, cached: pathlib.Path, seed: dict) -> None:
    """Keep the seeded file, replacing older ones of the same scale and term (other days, code)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for meta in CACHE_DIR.glob("seed-*.json"):
        try:
            same = json.loads(meta.read_text()) == seed
        except (OSError, ValueError):
            same = False
        if same:
            meta.with_suffix(".sqlite3").unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
    partial = cached.with_suffix(".partial")
    shutil.copyfile(path, partial)
    partial.replace(cached)  # atomic: a concurrent reader sees the whole file or none
    cached.with_suffix(".json").write_text(json.dumps(seed))


def _seed_with_debug_off(scale: int, term_weeks: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=scale, term_weeks=term_weeks, verbosity=0, allow_without_debug=True)


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches and imports
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def report(
    bench: str,
    label: str,
    value: float,
    *,
    baseline: float | None = None,
    unit: str = "ms",
    queries: int | None = None,
    goal: str = "",
) -> None:
    """Print one figure beside its baseline (same run), and a line for run.py's summary."""
    ratio = f"×{value / baseline:7.1f}" if baseline else " " * 8
    counted = f"{queries:4d} queries" if queries is not None else ""
    print(f"   {label:40s} {value:9.2f} {unit:3s} {ratio} {counted}  {goal}".rstrip())
    figure = {
        "bench": bench,
        "label": label,
        "value": round(value, 3),
        "unit": unit,
        "baseline": round(baseline, 3) if baseline else None,
        "queries": queries,
        "goal": goal,
    }
    print(SUMMARY_PREFIX + json.dumps(figure), flush=True)
