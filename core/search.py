"""Building blocks of free-text search, shared by every app that searches its own rows.

PostgreSQL: full-text search with the `finnish`, `swedish` and `english` configurations (a field
named `<name>_<lang>` is stemmed in its language, others with `simple`). Everywhere: every word as
a case-insensitive substring of some field, which on SQLite is the whole search and on PostgreSQL
catches the parts of Finnish compounds a stemmer cannot see. Never a raw string into SQL
(SearchQuery and ORM lookups quote). Knows no app's models.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
WORD = re.compile(r"\w{2,}")
LANGUAGES = (("fi", "finnish"), ("sv", "swedish"), ("en", "english"))


def terms(text: str) -> list[str]:
    """The words of a query, lowercased, at most MAX_TERMS of two letters or more."""
    return [word.lower() for word in WORD.findall(text[:MAX_QUERY_LENGTH])][:MAX_TERMS]


def every_word_somewhere(words: list[str], fields: tuple[str, ...]) -> Q:
    match = Q()
    for word in words:
        anywhere = Q()
        for name in fields:
            anywhere |= Q(**{f"{name}__icontains": word})
        match &= anywhere
    return match


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_query(text: str) -> SearchQuery:
    """The text as a web-search query in each language's configuration, any of them matching."""
    query = None
    for _code, config in LANGUAGES:
        one = SearchQuery(text[:MAX_QUERY_LENGTH], config=config, search_type="websearch")
        query = one if query is None else query | one
    return query


def search_vector(fields_by_weight: dict[str, tuple[str, ...]]) -> SearchVector:
    vector = None
    for weight, fields in fields_by_weight.items():
        for name in fields:
            config = dict(LANGUAGES).get(name.rsplit("_", 1)[-1], "simple")
            one = SearchVector(name, config=config, weight=weight)
            vector = one if vector is None else vector + one
    return vector
