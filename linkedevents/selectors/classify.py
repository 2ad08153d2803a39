"""Our topics, audiences and age bands as YSO keywords, through the mapping kept in the database.

`group_keywords` (in Python, for serializing) and `keyword_q` (in SQL, for filtering) read the
same mapping rows with the same rules, so a filter finds exactly the events that show the keyword.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from events.models import Group
from linkedevents.models import Keyword, KeywordMapping
from venues.models import Municipality

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Classification:
    keywords: tuple[str, ...]
    audience: tuple[str, ...]


def mappings() -> list[KeywordMapping]:
    return list(KeywordMapping.objects.order_by("kind", "value", "keyword_id"))


def _age_overlaps(group: Group, band: tuple[int, int]) -> bool:
    low, high = band
    if group.age_min_months is None and group.age_max_months is None:
        return False
    youngest = group.age_min_months if group.age_min_months is not None else 0
    oldest = group.age_max_months if group.age_max_months is not None else 10_000
    return youngest <= high and oldest >= low


def _matches(group: Group, mapping: KeywordMapping) -> bool:
    if mapping.kind == KeywordMapping.Kind.TOPIC:
        return group.topic == mapping.value
    if mapping.kind == KeywordMapping.Kind.AUDIENCE:
        return group.audience == mapping.value
    band = mapping.age_band
    return band is not None and _age_overlaps(group, band)


def group_keywords(group: Group, rows: Iterable[KeywordMapping]) -> Classification:
    keywords: list[str] = []
    audience: list[str] = []
    for mapping in rows:
        if not _matches(group, mapping):
            continue
        target = keywords if mapping.role == KeywordMapping.Role.KEYWORDS else audience
        if mapping.keyword_id not in target:
            target.append(mapping.keyword_id)
    return Classification(keywords=tuple(keywords), audience=tuple(audience))


def _mapping_q(mapping: KeywordMapping, prefix: str) -> Q:
    if mapping.kind == KeywordMapping.Kind.TOPIC:
        return Q(**{f"{prefix}topic": mapping.value})
    if mapping.kind == KeywordMapping.Kind.AUDIENCE:
        return Q(**{f"{prefix}audience": mapping.value})
    band = mapping.age_band
    if band is None:
        return NOTHING
    low, high = band
    young, old = f"{prefix}age_min_months", f"{prefix}age_max_months"
    return (
        (Q(**{f"{young}__isnull": False}) | Q(**{f"{old}__isnull": False}))
        & (Q(**{f"{young}__isnull": True}) | Q(**{f"{young}__lte": high}))
        & (Q(**{f"{old}__isnull": True}) | Q(**{f"{old}__gte": low}))
    )


def keyword_q(
    keyword_ids: Iterable[str], prefix: str = "group__", rows: list[KeywordMapping] | None = None
) -> Q:
    """Rows whose group shows any of these keywords (in `keywords` or `audience`). Pass the
    mapping `rows` when building many, else they are read here."""
    wanted = set(keyword_ids)
    table = rows if rows is not None else KeywordMapping.objects.filter(keyword_id__in=wanted)
    found = NOTHING
    for mapping in table:
        if mapping.keyword_id in wanted:
            found |= _mapping_q(mapping, prefix)
    return found


def keywords_by_id(keyword_ids: Iterable[str]) -> dict[str, Keyword]:
    return Keyword.objects.in_bulk(list(set(keyword_ids)))


# --- Divisions: the municipality as an Open Civic Data division ------------------------------------


def ocd_id(municipality: Municipality) -> str:
    return "ocd-division/country:fi/kunta:" + municipality.name_fi.strip().lower().replace(" ", "_")


def municipalities_for(divisions: Iterable[str]) -> set[int]:
    """Municipality pks matching any division: an OCD id, a name (any language) or `kunta:`/`muni:` name."""
    everyone = list(Municipality.objects.all())
    found: set[int] = set()
    for raw in divisions:
        value = raw.strip().lower()
        if value.startswith("ocd-division/"):
            found |= {m.pk for m in everyone if ocd_id(m) == value}
            continue
        kind, sep, name = value.partition(":")
        if sep and kind not in ("kunta", "muni"):
            continue  # a division type we do not have (peruspiiri, osa-alue…)
        name = (name if sep else value).replace("_", " ")
        found |= {
            m.pk
            for m in everyone
            if name in {(getattr(m, f"name_{lang}") or "").strip().lower() for lang in ("fi", "sv", "en")}
        }
    return found


def epoch() -> dt.datetime:
    return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
