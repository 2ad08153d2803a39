"""Tokens never in logs: gunicorn, run for real with the repository's gunicorn.conf.py, and the app's
own logging (django.request, tracebacks) print `[redacted]` where a private-feed or manage-link
token stood.

Before the fix gunicorn's access log (which docs/deployment.md tells operators to enable) carried
every token in the request line, the referer and a redirect's target. The app here runs with
production settings and an empty SQLite database, so the token URLs end in 404s, redirects and
500s with tracebacks: each of those paths writes the URL to some log.
"""

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from core.redaction import RedactingFormatter, RedactingGunicornLogger, RedactTokensFilter, redact
from tests.core.test_settings import BASE_DIR, production_env

PORT = int(os.environ.get("HARDEN_GUNICORN_PORT", "8101"))
SECRETS = ["FeedSecret0123456789abcdef", "ManageSecret0123456789ab", "RedirSecret0123456789", "RefSecret0123"]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    pytest.fail("gunicorn did not start listening")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(path: str, **headers: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def gunicorn_logs(tmp_path: Path):
    access, errors = tmp_path / "access.log", tmp_path / "stderr.log"
    env = production_env(tmp_path, SECURE_SSL_REDIRECT="0", ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="INFO")
    with errors.open("w") as stderr:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "1",
                "--access-logfile",
                str(access),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            wait_for_port(PORT, process)
            yield process, access, errors
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(60)


def test_gunicorn_and_django_logs_never_show_tokens(gunicorn_logs):
    _process, access, errors = gunicorn_logs
    feed, manage, redirected, referred = SECRETS
    statuses = [
        fetch(f"/feeds/me/{feed}.ics?lang=fi"),
        fetch(f"/fi/signups/{manage}/"),
        fetch(f"/fi/signups/{manage}/cancel/"),
        fetch(f"/signups/{redirected}/"),  # redirected to /fi/signups/…: the Location is logged too
        fetch("/fi/privacy/", Referer=f"http://127.0.0.1:{PORT}/fi/signups/{referred}/"),
    ]
    assert all(status for status in statuses)
    time.sleep(0.5)  # the worker writes its lines before the SIGTERM in the fixture's teardown
    access_log = access.read_text()
    error_log = errors.read_text()

    assert access_log.count("\n") >= len(statuses), access_log
    assert "/feeds/me/[redacted].ics?lang=fi" in access_log
    assert "/fi/signups/[redacted]/cancel/" in access_log
    assert "/signups/[redacted]/" in access_log
    for secret in SECRETS:
        assert secret not in access_log, access_log
        assert secret not in error_log, error_log
    # The app's own records of those URLs (404 warnings, 500 errors with tracebacks) are there,
    # redacted: the filter ran on real lines, it did not just drop them.
    assert "signups/[redacted]/" in error_log, error_log


def test_a_redirect_location_is_redacted_in_a_custom_format(tmp_path):
    """Any atom is redacted, so an operator's format with %({location}o)s stays safe."""
    logger = RedactingGunicornLogger(Config())
    response = SimpleNamespace(status="302 Found", headers=[("Location", "/fi/signups/tok123/")], sent=0)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/signups/tok123/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/signups/tok123/",
        "QUERY_STRING": "",
    }
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
    assert atoms["{location}o"] == "/fi/signups/[redacted]/"
    assert atoms["r"] == "GET /signups/[redacted]/ HTTP/1.1"


def test_the_logging_filter_and_formatter_redact_records():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/sv/signups/abc/erase/",), None
    )
    assert RedactTokensFilter().filter(record)
    assert record.getMessage() == "Not Found: /sv/signups/[redacted]/erase/"
    try:
        raise ValueError("/feeds/me/secret.ics")
    except ValueError:
        failing = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    assert "secret" not in RedactingFormatter().format(failing)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/feeds/region/turku.ics", "/feeds/region/turku.ics"),  # public feeds keep their names
        ("/fi/my/feeds/3/revoke/", "/fi/my/feeds/3/revoke/"),
        ("/en/signups/a.b-c_d/export.json", "/en/signups/[redacted]/export.json"),
    ],
)
def test_only_token_segments_are_redacted(text, expected):
    assert redact(text) == expected
