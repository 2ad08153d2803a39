"""Free-text search of the find-sessions page: which groups and places match what a family typed.

PostgreSQL: full-text search with the `finnish`, `swedish` and `english` configurations, so that
inflected forms match ("vauvakahvilaan" finds "Vauvakahvila", "familjecaféet" finds "Familjecafé"),
ranked (titles and names weigh more than descriptions); and, because Finnish compounds hide their
parts from a stemmer, every word also as a substring of a title or name ("kahvila" finds
"Perhekahvila"). SQLite (development): every word as a substring of the texts, which still finds
whole words. Where nothing matches, `did_you_mean` offers the nearest words of the network's own
titles and place names (typos: "vauvaryma" → "vauvaryhmä").

Reads only, public rows only; never a raw string into SQL (SearchQuery and ORM lookups quote).
"""

import difflib

from django.contrib.postgres.search import SearchRank
from django.db.models import Q, QuerySet

from core.search import LANGUAGES as _LANGUAGES
from core.search import WORD as _WORD
from core.search import every_word_somewhere as _every_word_somewhere
from core.search import on_postgres as _postgres
from core.search import search_query as _query
from core.search import search_vector as _vector
from core.search import terms
from directory.search import service_words
from events.models import Group
from venues.models import Municipality, Venue

GROUP_TITLES = tuple(f"title_{code}" for code, _config in _LANGUAGES)
GROUP_TEXTS = (*GROUP_TITLES, *(f"description_{code}" for code, _config in _LANGUAGES))
VENUE_NAMES = (
    *(f"name_{code}" for code, _config in _LANGUAGES),
    "municipality__name_fi",
    "municipality__name_sv",
)


def group_matches(groups: QuerySet[Group], text: str) -> QuerySet[Group]:
    """`groups` that match `text`, with `search_rank` on PostgreSQL (0 on SQLite)."""
    words = terms(text)
    if not words:
        return groups.none()
    substring = _every_word_somewhere(words, GROUP_TITLES if _postgres() else GROUP_TEXTS)
    if not _postgres():
        return groups.filter(substring)
    vector = _vector(
        {"A": GROUP_TITLES, "B": tuple(name for name in GROUP_TEXTS if name not in GROUP_TITLES)}
    )
    query = _query(text)
    return groups.annotate(search_document=vector, search_rank=SearchRank(vector, query)).filter(
        Q(search_document=query) | substring
    )


def venue_matches(venues: QuerySet[Venue], text: str) -> QuerySet[Venue]:
    """`venues` whose name or municipality matches `text`, best first on PostgreSQL."""
    words = terms(text)
    if not words:
        return venues.none()
    substring = _every_word_somewhere(words, VENUE_NAMES)
    if not _postgres():
        return venues.filter(substring)
    vector = _vector({"A": tuple(f"name_{code}" for code, _config in _LANGUAGES), "B": ("description_fi",)})
    query = _query(text)
    return (
        venues.annotate(search_document=vector, search_rank=SearchRank(vector, query))
        .filter(Q(search_document=query) | substring)
        .order_by("-search_rank", "pk")
    )


def did_you_mean(text: str) -> str:
    """`text` with each word that appears nowhere replaced by the nearest word of the network's
    group titles, place names and service names; "" when there is nothing better to offer. Four queries."""
    words = terms(text)
    if not words:
        return ""
    vocabulary: set[str] = set()
    # A deactivated organization's groups and venues are not suggested either.
    titles = Group.objects.filter(
        is_active=True, organization__is_active=True, visibility=Group.Visibility.PUBLIC
    ).values_list(*GROUP_TITLES)
    places = Venue.objects.filter(is_active=True, organization__is_active=True).values_list(
        "name_fi", "name_sv", "municipality__name_fi"
    )
    for row in [*titles, *places]:
        for value in row:
            vocabulary.update(word.lower() for word in _WORD.findall(value or ""))
    vocabulary |= service_words()
    vocabulary.update(
        word.lower()
        for name in Municipality.objects.values_list("name_fi", flat=True)
        for word in _WORD.findall(name)
    )
    better = []
    for word in words:
        if word in vocabulary:
            better.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        better.append(close[0] if close else word)
    return " ".join(better) if better != words else ""
