"""Production settings: `check --deploy` is clean, insecure values are caught, static files are served.

Settings are read once, at import, from the environment, so every case runs
`manage.py` in a fresh subprocess with its own environment. Nothing here touches
the test database.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS_SOURCE = (BASE_DIR / "config" / "settings.py").read_text()
ENV_EXAMPLE = BASE_DIR / ".env.example"
# Every variable settings.py reads: env.bool("DEBUG", …), env.db("DATABASE_URL", …), …
SETTINGS_VARIABLES = sorted(set(re.findall(r"\benv\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS_SOURCE)))


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """The environment of a production server; `None` removes a variable."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="perhekeskus.example.fi",
        SITE_URL="https://perhekeskus.example.fi",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Not contacted by the checks: Django's Redis backend connects lazily.
        CACHE_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp+tls://perhekeskus%40example.fi:app-password@smtp.example.fi:587",
        DEFAULT_FROM_EMAIL="Perhekeskus <no-reply@perhekeskus.example.fi>",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    skip_if_dotenv_leaks(env)
    return env


def skip_if_dotenv_leaks(env: dict[str, str]) -> None:
    """settings.py also reads a local `.env`, for variables the environment leaves unset."""
    dotenv = BASE_DIR / ".env"
    if not dotenv.is_file():
        return
    keys = set(re.findall(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", dotenv.read_text(), re.M))
    leaking = sorted(keys.intersection(SETTINGS_VARIABLES) - env.keys())
    if leaking:
        pytest.skip(f"the local .env sets {', '.join(leaking)}, which would change what is tested")


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(env, "check", "--deploy", "--fail-level", "WARNING")


# What a production install with several app servers sets besides production_env's basics:
# PostgreSQL and object storage (the checks read settings only; nothing is contacted).
SHARED_SERVICES = {
    "DATABASE_URL": "postgres://perhekeskus:password@db.example.fi:5432/perhekeskus",
    "MEDIA_S3_BUCKET": "perhekeskus-media",
    "MEDIA_S3_REGION": "eu-north-1",
}
# A small single-server install says so explicitly instead.
SINGLE_SERVER_OPT_OUTS = {
    "DEPLOY_ALLOW_LOCAL_CACHE": "1",
    "DEPLOY_ALLOW_SQLITE": "1",
    "DEPLOY_ALLOW_LOCAL_EMAIL": "1",
    "DEPLOY_ALLOW_LOCAL_MEDIA": "1",
}


def test_deploy_check_is_clean_with_production_values(tmp_path):
    result = deploy_check(production_env(tmp_path, **SHARED_SERVICES))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified no issues" in output


@pytest.mark.parametrize(
    ("variable", "value", "warning"),
    [
        ("SECURE_SSL_REDIRECT", "0", "security.W008"),
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
    ],
)
def test_deploy_check_reports_an_insecure_override(tmp_path, variable, value, warning):
    """Negative control: the clean result above is not a check that cannot fail."""
    result = deploy_check(production_env(tmp_path, **SHARED_SERVICES, **{variable: value}))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "WARNINGS" in output
    assert warning in output


@pytest.mark.parametrize(
    ("variable", "value", "error", "opt_out"),
    [
        ("CACHE_URL", "locmemcache://perhekeskus", "perhekeskus.E001", "DEPLOY_ALLOW_LOCAL_CACHE"),
        ("CACHE_URL", "dummycache://", "perhekeskus.E001", "DEPLOY_ALLOW_LOCAL_CACHE"),
        ("DATABASE_URL", "sqlite:////srv/perhekeskus/db.sqlite3", "perhekeskus.E002", "DEPLOY_ALLOW_SQLITE"),
        ("EMAIL_URL", "consolemail://", "perhekeskus.E003", "DEPLOY_ALLOW_LOCAL_EMAIL"),
        ("EMAIL_URL", "filemail:///srv/perhekeskus/mail", "perhekeskus.E003", "DEPLOY_ALLOW_LOCAL_EMAIL"),
        ("MEDIA_S3_BUCKET", None, "perhekeskus.E004", "DEPLOY_ALLOW_LOCAL_MEDIA"),
    ],
)
def test_deploy_check_refuses_single_process_settings_unless_opted_out(
    tmp_path, variable, value, error, opt_out
):
    """Each guard fails alone, as an error (not a warning), and its own opt-out silences it."""
    env = production_env(tmp_path, **{**SHARED_SERVICES, variable: value})
    result = deploy_check(env)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "ERRORS" in output
    assert error in output
    assert len(re.findall(r"perhekeskus\.E00\d", output)) == 1, output

    opted_out = deploy_check({**env, opt_out: "1"})
    assert opted_out.returncode == 0, opted_out.stdout + opted_out.stderr


def test_a_single_server_install_passes_with_every_opt_out(tmp_path):
    """production_env itself is such an install: SQLite and local media, all said explicitly."""
    env = production_env(
        tmp_path, CACHE_URL="locmemcache://", EMAIL_URL="consolemail://", **SINGLE_SERVER_OPT_OUTS
    )
    result = deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_has_no_deploy_errors(tmp_path):
    env = production_env(tmp_path, DEBUG="1", CACHE_URL=None, EMAIL_URL=None)
    result = run(env, "check", "--deploy", "--fail-level", "ERROR")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "perhekeskus.E00" not in result.stdout + result.stderr


@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_secret_key(tmp_path, secret_key):
    """The clean deploy check above is the control: the same environment with a key starts."""
    result = run(production_env(tmp_path, SECRET_KEY=secret_key), "check")
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: Set SECRET_KEY when DEBUG is off." in result.stderr


# Runs inside the production subprocess; prints what the test asserts on.
SERVE_STATIC = """
import json
import django
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

django.setup()
call_command("collectstatic", interactive=False, verbosity=0)
client = Client(headers={"host": "perhekeskus.example.fi"})
css_url = static("css/site.css")
page = client.get("/fi/accounts/login/", secure=True)
css = client.get(css_url, secure=True, headers={"accept-encoding": "gzip"})
plain = client.get("/fi/accounts/login/")
print(json.dumps({
    "css_url": css_url,
    "page_status": page.status_code,
    "page_links_css": css_url in page.content.decode(),
    "hsts": page.headers.get("Strict-Transport-Security"),
    "csp": page.headers.get("Content-Security-Policy"),
    "css_status": css.status_code,
    "css_type": css.headers.get("Content-Type"),
    "css_encoding": css.headers.get("Content-Encoding"),
    "css_cache": css.headers.get("Cache-Control"),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
}))
"""


def test_collectstatic_then_whitenoise_serves_hashed_css(tmp_path):
    env = production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", SERVE_STATIC],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])

    assert (tmp_path / "static" / "staticfiles.json").is_file()
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", served["css_url"]), served
    assert served["page_status"] == 200
    assert served["page_links_css"], "the page must link the hashed file from the manifest"
    assert served["css_status"] == 200
    assert served["css_type"].startswith("text/css")
    assert served["css_encoding"] == "gzip"
    assert "immutable" in served["css_cache"]
    assert served["hsts"] == "max-age=31536000; includeSubDomains"
    assert "default-src 'self'" in served["csp"]
    # Plain http is redirected to https.
    assert served["plain_status"] == 301
    assert served["plain_location"] == "https://perhekeskus.example.fi/fi/accounts/login/"


def test_env_example_documents_every_variable():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))
    assert len(SETTINGS_VARIABLES) >= 20, SETTINGS_VARIABLES  # the pattern above still finds them
    assert sorted(set(SETTINGS_VARIABLES) - documented) == []
    assert sorted(documented - set(SETTINGS_VARIABLES)) == []
