"""Deploy checks (`manage.py check --deploy`): errors for settings that only work in one process.

Each is an Error when DEBUG is off, with an explicit opt-out setting (DEPLOY_ALLOW_…, from the
environment) for a small single-server install that knows what it gives up. Read-only: the checks
look at settings and never connect anywhere.
"""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
LOCAL_STORAGES = {
    "django.core.files.storage.FileSystemStorage",
    "django.core.files.storage.filesystem.FileSystemStorage",
}


@register("perhekeskus", deploy=True)
def single_process_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    cache = settings.CACHES["default"]["BACKEND"]
    if cache in PER_PROCESS_CACHES and not settings.DEPLOY_ALLOW_LOCAL_CACHE:
        errors.append(
            Error(
                f"The cache is per process ({cache}): each worker counts rate limits (sign-ins, "
                "sign-ups) on its own and serves its own cached feeds.",
                hint="Set CACHE_URL=redis://…, or DEPLOY_ALLOW_LOCAL_CACHE=1 for one single-worker process.",
                id="perhekeskus.E001",
            )
        )
    if (
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        and not settings.DEPLOY_ALLOW_SQLITE
    ):
        errors.append(
            Error(
                "The database is SQLite: writers queue behind one lock, and the room-booking "
                "exclusion constraint exists only on PostgreSQL.",
                hint="Set DATABASE_URL=postgres://…, or DEPLOY_ALLOW_SQLITE=1 for a small single server.",
                id="perhekeskus.E002",
            )
        )
    if settings.EMAIL_BACKEND in LOCAL_EMAIL_BACKENDS and not settings.DEPLOY_ALLOW_LOCAL_EMAIL:
        errors.append(
            Error(
                f"Email is not sent ({settings.EMAIL_BACKEND}): verification codes and families' "
                "emails would go to the log or the local disk, personal data included.",
                hint="Set EMAIL_URL=smtp+tls://…, or DEPLOY_ALLOW_LOCAL_EMAIL=1 if that is really meant.",
                id="perhekeskus.E003",
            )
        )
    media = settings.STORAGES["default"]["BACKEND"]
    if media in LOCAL_STORAGES and not settings.DEPLOY_ALLOW_LOCAL_MEDIA:
        errors.append(
            Error(
                "Uploaded photos are stored on this server's disk (MEDIA_ROOT): other app servers "
                "cannot serve them.",
                hint="Set MEDIA_S3_BUCKET (object storage), or DEPLOY_ALLOW_LOCAL_MEDIA=1 with one "
                "app server (or a shared, backed-up MEDIA_ROOT).",
                id="perhekeskus.E004",
            )
        )
    return errors
