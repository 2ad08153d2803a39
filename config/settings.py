"""Perhekeskus settings: one module, driven by environment variables.

Every variable is documented in `.env.example`. Defaults are safe for local
development; production sets `DEBUG=0` and a real `SECRET_KEY`, and then
`python manage.py check --deploy` is clean. Nothing production-only lives elsewhere.
"""

import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY)
# An empty value counts as unset: Django would start and then fail on the first signed cookie.
if not DEBUG and SECRET_KEY in {"", _DEV_SECRET_KEY}:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site, used in emails and feeds where no request exists. In development
# it follows the port `make run PORT=…` serves on (make passes PORT to runserver and the worker).
_DEV_PORT = env.int("PORT", default=8000)
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{_DEV_PORT}").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "csp",
    "schedule",
    "django_tasks",
    "django_tasks_db",
    # Our apps, in dependency order: imports only point up this list.
    "core",
    "accounts",
    "venues",
    "accessibility",
    "directory",
    "events",
    "bookings",
    "linkedevents",
    "metrics",
    # The top layer: commands that compose every app (seed_demo).
    "config.apps.ProjectConfig",
]

MIDDLEWARE = [
    # Outermost: sees the final response, so no cookie leaves on one a shared cache may keep.
    "core.middleware.PublicResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # brotli/gzip for pages, feeds and the API, never for responses that may hold a secret (BREACH)
    "core.compression.CompressionMiddleware",
    # Public feeds (polled all day by calendar apps) answered here, past the page middleware below.
    "events.middleware.PublicFeedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Feeds, embeds and the API take their language from ?lang=, not Accept-Language.
    "core.middleware.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so its process_exception runs first: a lock or statement timeout becomes a 503 page.
    "core.middleware.BusyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite (embedded, for development and the default test run) or PostgreSQL
# via DATABASE_URL=postgres://user:pass@host:5432/name.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Take the write lock at BEGIN, so concurrent writers queue instead of
            # failing mid-transaction with "database is locked" (DESIGN.md).
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Bounded waits: a request that cannot get a row lock within DB_LOCK_TIMEOUT seconds, or whose
    # statement runs longer than DB_STATEMENT_TIMEOUT, fails fast and the family gets a "busy, try
    # again" page (core.middleware.BusyMiddleware) instead of a worker killed after 30 s. Management
    # commands (migrate, the task worker, daily jobs) have their own limits; 0 means no limit.
    _is_command = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != ["runserver"]
    if _is_command:
        _lock_timeout = env.float("DB_COMMAND_LOCK_TIMEOUT", default=30)
        _statement_timeout = env.float("DB_COMMAND_STATEMENT_TIMEOUT", default=0)
    else:
        _lock_timeout = env.float("DB_LOCK_TIMEOUT", default=3)
        _statement_timeout = env.float("DB_STATEMENT_TIMEOUT", default=15)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        filter(
            None,
            [
                _options.get("options", ""),
                f"-c lock_timeout={int(_lock_timeout * 1000)}",
                f"-c statement_timeout={int(_statement_timeout * 1000)}",
            ],
        )
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
# locmemcache:// in development; redis://127.0.0.1:6379/0 in production (shared by all app servers).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://perhekeskus")}

# --- Accounts (django-allauth) ----------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Perhekeskus] "
# allauth's default rate limits (login failures, sign-ups, codes…) stay on; they
# count in the cache, so production needs the shared Redis cache.
# Some limits count per client IP. Behind N proxies of ours, the client is the Nth
# address from the right in X-Forwarded-For; with 0, REMOTE_ADDR (the proxy) would
# put every visitor in one bucket.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
LOGIN_REDIRECT_URL = "workspace:home"
LOGIN_URL = "account_login"

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi",)

# --- Static and media files ---------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Media on object storage (S3-compatible: AWS, UpCloud, Hetzner, MinIO…), for installs with several
# app servers: set MEDIA_S3_BUCKET and photos and their renditions are stored, served and deleted
# there through django-storages. Keys may also come from the standard AWS_* variables or an
# instance role. URLs are unsigned by default (the bucket lets anyone read its objects, as the
# photos are public anyway); MEDIA_S3_SIGNED_URLS=1 signs them for an hour instead.
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
MEDIA_ORIGINS: list[str] = []  # where photos are served from, for the CSP's img-src
if MEDIA_S3_BUCKET:
    from urllib.parse import urlsplit

    _s3_endpoint = env.str("MEDIA_S3_ENDPOINT_URL", default="") or None
    _s3_region = env.str("MEDIA_S3_REGION", default="") or None
    _s3_domain = env.str("MEDIA_S3_CUSTOM_DOMAIN", default="") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": _s3_endpoint,
            "region_name": _s3_region,
            "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": _s3_domain,
            "querystring_auth": env.bool("MEDIA_S3_SIGNED_URLS", default=False),
            # Photo names are random; never replace an existing object by accident.
            "file_overwrite": False,
        },
    }
    if _s3_domain:
        MEDIA_ORIGINS = [f"https://{_s3_domain}"]
    elif _s3_endpoint:
        _parts = urlsplit(_s3_endpoint)
        # Path-style (host/bucket/key) or virtual-hosted (bucket.host/key) addressing.
        MEDIA_ORIGINS = [
            f"{_parts.scheme}://{_parts.netloc}",
            f"{_parts.scheme}://{MEDIA_S3_BUCKET}.{_parts.netloc}",
        ]
    else:
        MEDIA_ORIGINS = [f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com"]
        if _s3_region:
            MEDIA_ORIGINS.append(f"https://{MEDIA_S3_BUCKET}.s3.{_s3_region}.amazonaws.com")

# --- Email --------------------------------------------------------------------
# consolemail:// in development; smtp+tls://user:password@host:587 in production.
_email = env.email("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
if EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    # filemail:///abs/dir or filemail://relative/dir (from the repository); filemail:// alone is
    # var/mail. django-environ drops the leading slash of an absolute path, so it is read here.
    from urllib.parse import urlsplit

    _mail_url = urlsplit(env.str("EMAIL_URL"))
    _mail_dir = _mail_url.netloc + _mail_url.path
    EMAIL_FILE_PATH = str(BASE_DIR / _mail_dir) if _mail_dir else str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Perhekeskus <no-reply@perhekeskus.invalid>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Security -------------------------------------------------------------------
# Production defaults follow DEBUG; each can be overridden, e.g. behind a proxy
# that terminates TLS set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading is the operator's choice per domain (hard to undo, binds every subdomain),
# so its absence is not a deploy warning; opt in with SECURE_HSTS_PRELOAD=1.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
_proxy_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header) if _proxy_header else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# With secure cookies (production), the __Host- prefix makes browsers refuse these cookies unless
# they come over HTTPS, for this exact host, with Path=/: no subdomain or plain-http page can set
# or overwrite them. Development over http keeps the plain names (browsers drop __Host- there).
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Everything is served by the app itself: no CDN, no inline script. Embeds
# (publishing issue) relax frame-ancestors per view.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Sites allowed to frame the embeddable calendars (/embed/…, events.views.embed); every
# other page refuses framing. This is the global default: each calendar also allows the
# sites its organizations' coordinators list in the workspace (venues.EmbedOrigin, read
# from the database, no restart). "*" lets any site frame them; empty: only the listed sites.
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["*"])
# Whether coordinators may list plain-http origins of this machine (http://localhost:8000,
# http://127.0.0.1:…) for development and tests; never in production.
EMBED_ALLOW_HTTP_LOOPBACK = env.bool("EMBED_ALLOW_HTTP_LOOPBACK", default=DEBUG)

# --- Maps -------------------------------------------------------------------------
# Venue pages draw an interactive map (Leaflet, static/vendor/leaflet) from this tile URL
# template; only those pages add its origin to img-src (events.views.venues). Empty: no map
# and no script, just the address list. MAP_ATTRIBUTION is HTML, as tile providers give it.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env.str(
    "MAP_ATTRIBUTION",
    default='© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Private-feed and manage-link tokens are cut out of every record and traceback (core.redaction).
    "filters": {"redact_tokens": {"()": "core.redaction.RedactTokensFilter"}},
    "formatters": {"redacting": {"()": "core.redaction.RedactingFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_tokens"],
            "formatter": "redacting",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Deploy checks -------------------------------------------------------------
# With DEBUG=0, `check --deploy` reports an error (core/checks.py) for what only works in one
# process on one server: the per-process memory cache (rate limits counted per worker), SQLite,
# the console or file email backend (emails to families would land in logs or on local disk) and
# media on the local disk. A small single-server install may opt out of each, explicitly.
DEPLOY_ALLOW_LOCAL_CACHE = env.bool("DEPLOY_ALLOW_LOCAL_CACHE", default=False)
DEPLOY_ALLOW_SQLITE = env.bool("DEPLOY_ALLOW_SQLITE", default=False)
DEPLOY_ALLOW_LOCAL_EMAIL = env.bool("DEPLOY_ALLOW_LOCAL_EMAIL", default=False)
DEPLOY_ALLOW_LOCAL_MEDIA = env.bool("DEPLOY_ALLOW_LOCAL_MEDIA", default=False)

# --- Sessions -------------------------------------------------------------------
# Series are materialized into Session rows this far ahead; `extend_sessions` runs daily.
SESSION_HORIZON_DAYS = 365

# --- Background tasks -------------------------------------------------------------
# Emails to families are queued, never sent inside a request: `python manage.py
# db_worker` runs them (and retries failures). TASKS_EAGER=1 runs them at once in the
# calling process (tests; a tiny installation without a worker).
if env.bool("TASKS_EAGER", default=False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Sign-ups -----------------------------------------------------------------------
# Reminder email this many hours before a session (0 = no reminders).
SIGNUP_REMINDER_HOURS = env.int("SIGNUP_REMINDER_HOURS", default=24)
# `purge_personal_data` anonymises families' contact data this many days after the
# session (or the series' last session); counts stay for the metrics.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=90)
# Sign-up submissions allowed per client address per hour (bots, mistakes in a loop).
SIGNUP_RATE_LIMIT_PER_HOUR = env.int("SIGNUP_RATE_LIMIT_PER_HOUR", default=30)
# allauth's rate limiter (cache-based, per client address honouring ALLAUTH_TRUSTED_PROXY_COUNT)
# also counts the public sign-up form; its own limits keep their defaults.
ACCOUNT_RATE_LIMITS = {
    "family_signup": f"{SIGNUP_RATE_LIMIT_PER_HOUR}/h/ip" if SIGNUP_RATE_LIMIT_PER_HOUR > 0 else None,
    # Feedback through a session's code and the wishes form (metrics app), per client address.
    "feedback_code": "20/h/ip",
    "wish": "10/h/ip",
}

# --- Linked Events ----------------------------------------------------------------------
# The data source prefix of our ids in the /linkedevents/v1/ API (`perhekeskus:<uuid>`).
LINKEDEVENTS_DATA_SOURCE = env.str("LINKEDEVENTS_DATA_SOURCE", default="perhekeskus")
# Instances `linkedevents_push --instance NAME` sends to, as JSON: {"turku": {"api_url": …,
# "api_key": …, "data_source": …, "publisher": …, "municipalities": […], "organizations": […],
# "places": {"<venue slug>": "tpr:123"}}}. Each key can also come from LINKEDEVENTS_<NAME>_<KEY>.
LINKEDEVENTS_INSTANCES = env.json("LINKEDEVENTS_INSTANCES", default={})
# The service directory's import from the Finnish Service Catalogue (PTV v11 read API; no auth).
PTV_API_URL = env.str("PTV_API_URL", default="https://api.palvelutietovaranto.suomi.fi/api/v11/")
PTV_TIMEOUT_SECONDS = env.float("PTV_TIMEOUT_SECONDS", default=20.0)
PTV_RETRIES = env.int("PTV_RETRIES", default=4)
