"""Sign-ups per second through gunicorn and PostgreSQL: spread over many sessions, then one hot session.

The real stack, as production runs it: gunicorn (BENCH_WORKERS sync workers,
default 4) with DEBUG=0 and hashed static files, against a PostgreSQL database
of its own (perhekeskus_bench_signups, created, migrated, seeded with the demo
network ×BENCH_SCALE and dropped at the end), emails only queued (TASKS_EAGER=0),
the per-address limit lifted. BENCH_CLIENTS threads (default 50) each open the
form (GET: CSRF cookie and token, idempotency key) and submit it (POST → 303),
as a family's browser does:
  spread: BENCH_SIGNUPS sign-ups over every open session of the demo;
  hot:    as many to one session with places for half of them, so the second
          half goes to its waiting list (the lock is contended on every request).
The baseline is GET /healthz through the same gunicorn with the same clients, run
before and after the sign-ups (the mean of the two), so the ratios compare across
machines. Goals (issue 14): hot sign-ups/s within 10x of /healthz requests/s, p99 of
a sign-up (GET form + POST) <= 500 ms. After the hot run, the session's confirmed
people must equal its places exactly (no overbooking under load), read from the database.

Needs PostgreSQL: BENCH_PG_URL (a server URL whose user may create databases),
else DATABASE_URL if it is PostgreSQL, else postgres://postgres@127.0.0.1:5432/postgres;
skipped with a message when none answers. BENCH_SIGNUPS_DB names the scratch database
(default perhekeskus_bench_signups), BENCH_PORT gunicorn's port (default: a free one); a
CACHE_URL in the environment (e.g. Redis) is the workers' shared cache, as in production.
"""

import http.client
import json
import os
import pathlib
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
# Each engineer or CI job its own scratch database and port where several share a server.
DB_NAME = os.environ.get("BENCH_SIGNUPS_DB", "perhekeskus_bench_signups")
SCALE = int(os.environ.get("BENCH_SCALE", "1"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SIGNUPS = int(os.environ.get("BENCH_SIGNUPS", "400"))
PARTY = 2  # one adult and a baby: people per sign-up
HOT_PLACES = SIGNUPS // 2 * PARTY  # people: half the sign-ups fit, the rest wait
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|idempotency_key)" value="([^"]+)"')

PREPARE = """
import datetime, json
from django.utils import timezone
from events.models import Group, Session
now = timezone.now()
ahead = Session.objects.filter(
    status="scheduled", start__gt=now + datetime.timedelta(hours=1),
    group__is_active=True, group__visibility="public",
)
Group.objects.filter(sessions__in=ahead).update(signup_mode="per_session")
spread = list(ahead.order_by("start", "pk").values_list("pk", flat=True)[:500])
Session.objects.filter(pk__in=spread).update(capacity_people=500, capacity_prams=None)
hot = spread.pop()
Session.objects.filter(pk=hot).update(capacity_people={hot_places})
print(json.dumps({{"spread": spread, "hot": hot}}))
"""

CHECK = """
from django.db.models import Sum
from bookings.models import SignUp
rows = SignUp.objects.filter(session_id={hot})
print(
    rows.filter(status="confirmed").aggregate(n=Sum("people"))["n"] or 0,
    rows.filter(status="waitlisted").count(),
)
"""


def _server_url() -> str:
    url = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url


def _with_database(url: str, name: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{name}"))


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql)


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Run:
    label: str
    latencies: list[float] = field(default_factory=list)  # seconds, per job (GET form + POST)
    posts: list[float] = field(default_factory=list)  # seconds, the POST alone
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def ms(self, quantile: float, *, posts: bool = False) -> float:
        samples = self.posts if posts else self.latencies
        if len(samples) < 2:
            return float("nan")
        if quantile == 0.5:
            return statistics.median(samples) * 1000
        return statistics.quantiles(samples, n=100)[round(quantile * 100) - 1] * 1000


class Browser:
    """One family's browser: a cookie, the form's hidden fields, then the POST."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()

    def sign_up(self, session_id: int, n: int) -> float:
        """Open the form and send it; returns the POST's seconds."""
        path = f"/fi/sessions/{session_id}/signup/"
        status, _, page = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET form {status}")
        fields = dict(HIDDEN.findall(page))
        fields.update(
            name=f"Perhe {n}",
            email=f"perhe{n}@example.invalid",
            language="fi",
            adults="1",
            children_under_1="1",
            children_1_to_2="0",
            children_3_to_6="0",
            children_7_plus="0",
            prams="0",
            consent="on",
        )
        started = time.perf_counter()
        status, location, text = self.request("POST", path, urllib.parse.urlencode(fields))
        if status != 303 or "/signups/" not in location:
            raise RuntimeError(f"POST {status}: {text[:120]!r}")
        return time.perf_counter() - started


def _drive(label: str, jobs: list[Callable[[Browser], float | None]], port: int) -> Run:
    """CLIENTS threads take jobs from one list until it is empty; each job is timed."""
    run = Run(label)
    lock = threading.Lock()
    pending = list(reversed(jobs))

    def client() -> None:
        while True:
            with lock:
                if not pending:
                    return
                job = pending.pop()
            browser = Browser(port)  # a fresh family each time: new cookie, new form
            started = time.perf_counter()
            try:
                post = job(browser)
            except Exception as error:  # noqa: BLE001 - counted and shown, the run goes on
                with lock:
                    run.errors.append(str(error))
                continue
            elapsed = time.perf_counter() - started
            with lock:
                run.latencies.append(elapsed)
                if post is not None:
                    run.posts.append(post)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited while starting")
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def _print(run: Run, baseline_per_second: float | None, unit: str) -> None:
    ratio = f"/healthz ÷ this ×{baseline_per_second / run.per_second:5.1f}" if baseline_per_second else "base"
    errors = f"{len(run.errors)} errors" + (f" (first: {run.errors[0]})" if run.errors else "")
    print(
        f"   {run.label:34s} {run.per_second:6.1f} {unit}/s  median {run.ms(0.5):6.1f} ms  "
        f"p95 {run.ms(0.95):6.1f} ms  p99 {run.ms(0.99):6.1f} ms  {ratio}  {errors}"
    )
    if run.posts:
        post = f"median {run.ms(0.5, posts=True):6.1f} ms  p99 {run.ms(0.99, posts=True):6.1f} ms"
        print(f"   {'':34s} the POST alone: {post}")


def main() -> None:
    try:
        import psycopg  # noqa: F401 - only to know whether PostgreSQL can be reached
    except ImportError:
        print("   skipped: psycopg is not installed")
        return
    server_url = _server_url()
    try:
        _admin(server_url, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        _admin(server_url, f"CREATE DATABASE {DB_NAME}")
    except Exception as error:  # noqa: BLE001 - any failure to reach PostgreSQL means "skip"
        print(
            f"   skipped: needs PostgreSQL with a user that may create databases "
            f"({type(error).__name__}: {str(error).strip().splitlines()[0]})"
        )
        print("   (set BENCH_PG_URL=postgres://user@host:5432/postgres)")
        return
    static_root = tempfile.mkdtemp(prefix="perhekeskus-bench-static-")
    server = None
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _with_database(server_url, DB_NAME),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": static_root,
            "TASKS_EAGER": "0",
            "SIGNUP_RATE_LIMIT_PER_HOUR": "100000000",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "consolemail://",
        }
        started = time.perf_counter()
        _manage(env, "migrate", "--verbosity", "0")
        _manage(env, "seed_demo", "--scale", str(SCALE), "--no-progress", "--allow-without-debug")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        ids = json.loads(
            _manage(env, "shell", "-c", PREPARE.format(hot_places=HOT_PLACES)).strip().splitlines()[-1]
        )
        print(
            f"   database ready (scale {SCALE}, {len(ids['spread'])} open sessions) in "
            f"{time.perf_counter() - started:.1f} s; machine: {os.cpu_count()} CPUs, "
            f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB; "
            f"gunicorn {WORKERS} workers, {CLIENTS} clients"
        )
        port = int(os.environ.get("BENCH_PORT", "0")) or _free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        _wait_until_up(port, server)
        for _ in range(2 * WORKERS):  # each worker imports and connects on its first requests
            Browser(port).sign_up(ids["spread"][0], 0)

        def healthz(browser: Browser) -> None:
            status = browser.request("GET", "/healthz")[0]
            if status != 200:
                raise RuntimeError(f"healthz {status}")

        spread = ids["spread"]
        healthz_jobs = [healthz] * (4 * SIGNUPS)  # cheap: more requests for a steadier rate
        before = _drive("baseline GET /healthz (before)", healthz_jobs, port)
        spread_run = _drive(
            f"spread: {SIGNUPS} over {len(spread)} sessions",
            [lambda b, n=n: b.sign_up(spread[n % len(spread)], n) for n in range(SIGNUPS)],
            port,
        )
        hot = _drive(
            f"hot: {SIGNUPS} to 1 session ({HOT_PLACES} places)",
            [lambda b, n=n: b.sign_up(ids["hot"], SIGNUPS + n) for n in range(SIGNUPS)],
            port,
        )
        after = _drive("baseline GET /healthz (after)", healthz_jobs, port)
        baseline = (before.per_second + after.per_second) / 2
        _print(before, None, "req")
        _print(after, None, "req")
        _print(spread_run, baseline, "sign-ups")
        _print(hot, baseline, "sign-ups")
        print(f"   (a sign-up = GET form + POST; ×: the baseline's mean {baseline:.1f} req/s ÷ sign-ups/s)")
        counted = _manage(env, "shell", "-c", CHECK.format(hot=ids["hot"])).strip().splitlines()[-1]
        confirmed, waitlisted = map(int, counted.split())
        hot_ok = len(hot.latencies)
        expected = min(HOT_PLACES, hot_ok * PARTY)
        verdict = "OK" if confirmed == expected and confirmed // PARTY + waitlisted == hot_ok else "WRONG"
        print(
            f"   hot session after the run: {confirmed} people confirmed of {HOT_PLACES} places, "
            f"{waitlisted} waitlisted: {verdict}"
        )
        ratio, p99 = baseline / hot.per_second if hot.per_second else float("inf"), hot.ms(0.99)
        met = "met" if ratio <= 10 and p99 <= 500 and verdict == "OK" and not hot.errors else "NOT met"
        print(
            f"   goal (hot, {CLIENTS} clients): /healthz within ×10 of sign-ups: ×{ratio:.1f}; "
            f"p99 <= 500 ms: {p99:.0f} ms; no overbooking: {verdict} -> {met}"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
        _admin(server_url, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
