import contextlib
import importlib
import io
import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from django.utils import translation

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture
def on_postgres(db: None) -> None:
    """Skip on SQLite; for tests that need PostgreSQL features."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth counts login attempts in the cache, and pages cache renderings: every test starts empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request that picked a language (`?lang=`, a prefix) leaves it active in the thread: every
    test starts and ends in Finnish, so none reads a language a test before it left behind."""
    translation.activate("fi")
    yield
    translation.activate("fi")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Tests log in often; PBKDF2's deliberate slowness would cost a fraction of a second each time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    """Queued tasks (emails) run as soon as they are enqueued, i.e. on commit; no worker in tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def seed_committed(django_db_setup, django_db_blocker):
    """Load `seed_demo` once for many read-only tests: `with seed_committed("--only", "venues") as output:`.

    The rows are committed, outside the tests' transactions, so each test sees them and rolls
    back only its own writes; leaving the block flushes the database for the tests after it.
    Use it from a class-scoped fixture, so the rows never meet a test that seeds for itself.
    """

    @contextlib.contextmanager
    def seeded(*args: str) -> Iterator[str]:
        stdout = io.StringIO()
        try:
            with (
                django_db_blocker.unblock(),
                override_settings(DEBUG=True, PASSWORD_HASHERS=[FAST_HASHER]),
            ):
                call_command("seed_demo", *args, stdout=stdout, stderr=io.StringIO())
            yield stdout.getvalue()
        finally:
            with django_db_blocker.unblock():
                call_command("flush", interactive=False, verbosity=0)
                reseed_reference_data()

    return seeded


@pytest.fixture
def generous_lock_timeout() -> Iterator[None]:
    """For stress tests where fifty writers queue on one session row at once.

    Web connections give up on a lock after DB_LOCK_TIMEOUT (3 s; tests/core/test_busy.py proves it).
    On a shared two-core machine the fiftieth writer can wait longer than that, and these tests are
    about places adding up, not about latency. Every connection opened during the test (its threads,
    the live server's) waits up to a minute instead.
    """
    options = connections.settings["default"].setdefault("OPTIONS", {})
    before = options.get("options")
    if before is None or connection.vendor != "postgresql":
        yield
        return
    options["options"] = re.sub(r"-c lock_timeout=\d+", "-c lock_timeout=60000", before)
    try:
        yield
    finally:
        options["options"] = before


# Reference tables that data migrations fill (PTV code lists, YSO keywords and their mapping). The
# flush that ends a transactional test (live server, browser, real threads) or `seed_committed`
# empties them, and every later test in the run would find them missing: put them back after it.
_REFERENCE_SEEDS = (
    ("directory.migrations.0002_load_ptv_code_lists", "load"),
    ("linkedevents.migrations.0002_seed_yso_keywords", "seed"),
)


def reseed_reference_data() -> None:
    """The rows data migrations put in (a flush empties them)."""
    from django.apps import apps

    for module, function in _REFERENCE_SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)


def _transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request: pytest.FixtureRequest, django_db_blocker) -> Iterator[None]:
    yield
    if not _transactional(request):
        return
    with django_db_blocker.unblock():
        reseed_reference_data()
