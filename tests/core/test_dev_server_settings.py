"""Development follows the port `make run` serves on, and the file email backend works in the worker.

Before the fix `make run PORT=8123` still built every absolute link with port 8000, and
`EMAIL_URL=filemail://…` crashed the worker at the first email (no EMAIL_FILE_PATH).
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from bookings.services.signups import Contact, Party, signup_create
from tests.core.test_settings import BASE_DIR, SETTINGS_VARIABLES
from tests.factories import SessionFactory

LINKS = """
import json
import django
django.setup()
from django.conf import settings
from bookings.services.feeds import feed_url
from events.views.feeds import subscribe_links
from venues.publishing import _snippet
from venues.models import Municipality
place = Municipality(code="853", name_fi="Turku")
print(json.dumps({
    "site": settings.SITE_URL,
    "private_feed": feed_url("token"),
    "subscribe": subscribe_links("group", "vauvaryhma").https,
    "snippet": _snippet("municipality", "853", place, "fi").embed_url,
    "email_file_path": getattr(settings, "EMAIL_FILE_PATH", None),
    "email_backend": settings.EMAIL_BACKEND,
}))
"""


def development_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **values)
    return env


def probe(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", LINKS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_absolute_links_follow_the_dev_servers_port():
    links = probe(development_env(PORT="8123"))
    assert links["site"] == "http://127.0.0.1:8123"
    for name in ("private_feed", "subscribe", "snippet"):
        assert links[name].startswith("http://127.0.0.1:8123/"), links


def test_the_default_port_and_an_explicit_site_url_still_win():
    assert probe(development_env())["site"] == "http://127.0.0.1:8000"
    explicit = probe(development_env(PORT="8123", SITE_URL="https://perhekeskus.example.fi/"))
    assert explicit["site"] == "https://perhekeskus.example.fi"


def test_make_run_passes_the_port_to_the_server_and_the_worker():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "runserver 127.0.0.1:8123" in dry.stdout
    assert "export PORT" in (BASE_DIR / "Makefile").read_text()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("filemail:///srv/perhekeskus/mail", "/srv/perhekeskus/mail"),
        ("filemail://var/outbox", str(BASE_DIR / "var" / "outbox")),
        ("filemail://", str(BASE_DIR / "var" / "mail")),
    ],
)
def test_filemail_urls_give_a_directory(url, expected):
    links = probe(development_env(EMAIL_URL=url))
    assert links["email_backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert links["email_file_path"] == expected


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_a_familys_email_to_the_mail_directory(tmp_path: Path, settings):
    """The real `db_worker`, in its own process, on this test's PostgreSQL database."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process must reach the test database")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run here
    session = SessionFactory(group__capacity_people=5)
    signup_create(
        actor=None,
        session=session,
        contact=Contact(name="Maija", email="maija@example.fi"),
        party=Party(adults=1),
        consent=True,
        idempotency_key=uuid.uuid4().hex,
    )
    db = connection.settings_dict
    mail_dir = tmp_path / "mail"
    env = development_env(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        EMAIL_URL=f"filemail://{mail_dir}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    written = list(mail_dir.glob("*.log"))
    assert written, result.stderr[-3000:]
    text = "\n".join(path.read_text() for path in written)
    assert "To: maija@example.fi" in text
