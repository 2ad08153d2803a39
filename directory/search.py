"""Free-text search of the service directory: which services match what a family typed.

Names, summaries, keywords and descriptions in fi/sv/en. PostgreSQL: full-text search in each
language's configuration ("neuvolaan" finds a neuvola, "rådgivningen" finds "rådgivning"), ranked
(names first, then summaries and keywords, then descriptions), plus every word as a substring of a
name or the keywords (the parts of compounds: "neuvola" finds "Lastenneuvola"). SQLite: every word
as a substring of the texts. Reads only; the caller passes a queryset of what the actor may see.
"""

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Q, QuerySet

from core.search import LANGUAGES, WORD, every_word_somewhere, on_postgres, search_query, search_vector, terms
from directory.models import Service

NAMES = tuple(f"name_{code}" for code, _config in LANGUAGES)
KEYWORDS = tuple(f"keywords_{code}" for code, _config in LANGUAGES)
SUMMARIES = tuple(f"summary_{code}" for code, _config in LANGUAGES)
DESCRIPTIONS = tuple(f"description_{code}" for code, _config in LANGUAGES)
TEXTS = (*NAMES, *SUMMARIES, *KEYWORDS, *DESCRIPTIONS)


def service_matches(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    """`services` that match `text`: best first on PostgreSQL, by name on SQLite."""
    words = terms(text)
    if not words:
        return services.none()
    if not on_postgres():
        return services.filter(every_word_somewhere(words, TEXTS))
    vector = search_vector({"A": NAMES, "B": (*SUMMARIES, *KEYWORDS), "C": DESCRIPTIONS})
    query = search_query(text)
    return (
        services.alias(search_document=vector)
        .annotate(search_rank=SearchRank(vector, query))
        .filter(Q(search_document=query) | every_word_somewhere(words, (*NAMES, *KEYWORDS)))
        .order_by(F("search_rank").desc(), "name", "pk")
    )


def service_words() -> set[str]:
    """The words of published services' names: for "did you mean" on the one search. One query."""
    names = Service.objects.filter(is_published=True).values_list(*NAMES)
    return {word.lower() for row in names for value in row for word in WORD.findall(value or "")}
