import pytest
from django.db import connection


@pytest.fixture
def on_postgres(db: None) -> None:
    """Skip on SQLite; for tests that need PostgreSQL features."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
