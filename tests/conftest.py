import pytest
from django.core.cache import cache
from django.db import connection


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
def _fast_password_hashing(settings) -> None:
    """Tests log in often; PBKDF2's deliberate slowness would cost a fraction of a second each time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
