"""Events for the Linked Events API: series (recurring super events), their sessions (sub-events),
one-off sessions, and the tombstones of removed ones, filtered, sorted and paged together.

One list is a UNION of three narrow querysets (kind, row id, start, end, last modified, name),
sorted and sliced in the database, then the page's rows are loaded whole: a constant number of
queries per page, however many events there are.

`last_modified_time` of an event is the newest change of what it shows, and nothing else:
- a session: its row, its group's own edits (`Group.edited_at`, not `updated_at`, which every
  session change touches), its room, venue and organization;
- a series: the same for the series, plus its sub-event list and span (a session created,
  removed, or the first or last one changed);
- a tombstone: when the session was removed.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from events.models import Group, RemovedSession, Series, Session
from linkedevents import ids
from linkedevents.filters import EventFilters, Paging
from linkedevents.selectors.classify import NOTHING, keyword_q, municipalities_for
from venues.models import Venue

SESSION, SERIES, REMOVED = "session", "series", "removed"
_LANGUAGE_FIELDS = {"fi": "in_finnish", "sv": "in_swedish", "en": "in_english"}


def _public(prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}group__is_active": True,
            f"{prefix}group__organization__is_active": True,
            f"{prefix}group__visibility": Group.Visibility.PUBLIC,
        }
    )


def public_sessions() -> QuerySet[Session]:
    return Session.objects.filter(_public(), room__venue__is_active=True, uid__isnull=False)


def public_series() -> QuerySet[Series]:
    return Series.objects.filter(_public(), room__venue__is_active=True).filter(
        Exists(Session.objects.filter(series=OuterRef("pk")))
    )


def public_removed() -> QuerySet[RemovedSession]:
    return RemovedSession.objects.filter(_public())


def _changed() -> list[F]:
    """The rows whose saves change what a session or series shows (not the group's `updated_at`)."""
    shown = ("updated_at", "group__edited_at", "room__updated_at", "room__venue__updated_at")
    return [F(name) for name in (*shown, "group__organization__updated_at")]


def _session_rows() -> QuerySet[Session]:
    return public_sessions().annotate(
        lm=Greatest(*_changed()),
        st=F("start"),
        en=F("end"),
    )


def _first(series_sessions: QuerySet[Session], order: str, column: str) -> Subquery:
    return Subquery(series_sessions.order_by(order).values(column)[:1])


def _series_rows() -> QuerySet[Series]:
    own = Session.objects.filter(series=OuterRef("pk"))
    removed = (
        RemovedSession.objects.filter(series_uid=OuterRef("uid"))
        .order_by()
        .values("series_uid")
        .annotate(at=Max("removed_at"))
        .values("at")
    )
    # SQLite's MAX() of several values is NULL if any is: every optional part falls back to a
    # part that always exists.
    newest = [
        Coalesce(_first(own, "-created_at", "created_at"), F("updated_at")),
        Coalesce(_first(own, "start", "updated_at"), F("updated_at")),
        Coalesce(_first(own, "-end", "updated_at"), F("updated_at")),
        Coalesce(Subquery(removed, output_field=DateTimeField()), F("updated_at")),
    ]
    return public_series().annotate(
        lm=Greatest(*_changed(), *newest),
        st=_first(own, "start", "start"),
        en=_first(own, "-end", "end"),
    )


def _removed_rows() -> QuerySet[RemovedSession]:
    return public_removed().annotate(lm=F("removed_at"), st=F("start"), en=F("end"))


def _venue_pks(place_uuids: frozenset[uuid.UUID]) -> set[int]:
    pks = Venue.objects.filter(is_active=True).values_list("pk", flat=True)
    return {pk for pk in pks if ids.venue_uuid(pk) in place_uuids}


def _text_q(text: str) -> Q:
    found = Q()
    for lang in ("fi", "sv", "en"):
        found |= Q(**{f"group__title_{lang}__icontains": text}) | Q(
            **{f"group__description_{lang}__icontains": text}
        )
    return found


def _session_status_q(statuses: frozenset[str]) -> Q:
    scheduled = Q(status=Session.Status.SCHEDULED)
    moved = scheduled & Q(original_start__isnull=False) & ~Q(start=F("original_start"))
    found = NOTHING
    if "EventCancelled" in statuses:
        found |= Q(status=Session.Status.CANCELLED)
    if "EventRescheduled" in statuses:
        found |= moved
    if "EventScheduled" in statuses:
        found |= scheduled & ~moved
    return found


def _common(rows: QuerySet, filters: EventFilters, *, venue: str) -> QuerySet:
    """Filters that read the same on all three kinds (their group, time span, venue)."""
    if filters.start is not None:
        rows = rows.filter(en__gt=filters.start)
    if filters.end is not None:
        rows = rows.filter(st__lt=filters.end)
    if filters.places is not None:
        rows = rows.filter(**{f"{venue}__in": _venue_pks(filters.places)})
    if filters.divisions is not None:
        rows = rows.filter(**{f"{venue}__municipality__in": municipalities_for(filters.divisions)})
    if filters.keywords is not None:
        rows = rows.filter(keyword_q(filters.keywords))
    if filters.text:
        rows = rows.filter(_text_q(filters.text))
    if filters.in_language is not None:
        held = NOTHING
        for lang in filters.in_language & set(_LANGUAGE_FIELDS):
            held |= Q(**{f"group__{_LANGUAGE_FIELDS[lang]}": True})
        rows = rows.filter(held)
    if filters.language:
        lang = filters.language
        rows = rows.filter(
            Q(**{f"group__{_LANGUAGE_FIELDS[lang]}": True})
            | (Q(**{f"group__title_{lang}__isnull": False}) & ~Q(**{f"group__title_{lang}": ""}))
        )
    if filters.last_modified_since is not None:
        rows = rows.filter(lm__gte=filters.last_modified_since)
    return rows


def _sessions(filters: EventFilters) -> QuerySet[Session] | None:
    rows = _common(_session_rows(), filters, venue="room__venue")
    types = filters.super_event_types
    if types is not None and "none" not in types:
        return None
    if filters.hide_recurring_children:
        rows = rows.filter(series__isnull=True)
    if filters.super_events is not None or filters.super_event_none:
        parent = Q(series__uid__in=filters.super_events or [])
        if filters.super_event_none:
            parent |= Q(series__isnull=True)
        rows = rows.filter(parent)
    if filters.statuses is not None:
        rows = rows.filter(_session_status_q(filters.statuses))
    return rows


def _series(filters: EventFilters) -> QuerySet[Series] | None:
    types = filters.super_event_types
    if types is not None and "recurring" not in types:
        return None
    if filters.super_events is not None and not filters.super_event_none:
        return None  # a series is no one's sub-event
    rows = _common(_series_rows(), filters, venue="room__venue")
    if filters.statuses is not None:
        live = Exists(Session.objects.filter(series=OuterRef("pk"), status=Session.Status.SCHEDULED))
        wanted = NOTHING
        if "EventScheduled" in filters.statuses:
            wanted |= Q(live)
        if "EventCancelled" in filters.statuses:
            wanted |= ~Q(live)
        rows = rows.filter(wanted)
    return rows


def _removed(filters: EventFilters) -> QuerySet[RemovedSession] | None:
    if not filters.show_deleted:
        return None
    rows = _common(_removed_rows(), filters, venue="venue")
    types = filters.super_event_types
    if types is not None:
        kinds = Q(is_series=True) if "recurring" in types else NOTHING
        if "none" in types:
            kinds |= Q(is_series=False)
        rows = rows.filter(kinds)
    if filters.hide_recurring_children:
        rows = rows.filter(series_uid__isnull=True)
    if filters.super_events is not None or filters.super_event_none:
        parent = Q(series_uid__in=filters.super_events or [])
        if filters.super_event_none:
            parent |= Q(series_uid__isnull=True)
        rows = rows.filter(parent)
    if filters.statuses is not None and "EventScheduled" not in filters.statuses:
        return None  # a tombstone keeps no status: it was scheduled when it went
    return rows


@dataclass(frozen=True)
class EventPage:
    count: int
    rows: list[tuple[str, int]]  # (kind, primary key), in the list's order


_COLUMNS = ("u_kind", "u_rid", "u_st", "u_en", "u_lm", "u_nm")


def _narrow(rows: QuerySet, kind: str, name: str) -> QuerySet:
    return rows.annotate(
        u_kind=Value(kind, output_field=CharField()),
        u_rid=F("pk"),
        u_st=F("st"),
        u_en=F("en"),
        u_lm=F("lm"),
        u_nm=Coalesce(F(name), Value(""), output_field=CharField()),
    ).values_list(*_COLUMNS)


def event_page(*, filters: EventFilters, paging: Paging) -> EventPage:
    """One page of events in the filters' order (ties: kind, id): the parts' counts and one query.

    The parts are joined in SQL written here, each wrapped to select its columns by name:
    Django's own UNION pairs columns by position, and orders annotations its own way.
    """
    parts = [
        (qs, kind)
        for qs, kind in (
            (_sessions(filters), SESSION),
            (_series(filters), SERIES),
            (_removed(filters), REMOVED),
        )
        if qs is not None
    ]
    if not parts:
        return EventPage(count=0, rows=[])
    count = sum(qs.count() for qs, _kind in parts)
    selects, params = [], []
    columns = ", ".join(_COLUMNS)
    for number, (qs, kind) in enumerate(parts):
        try:
            sql, part_params = _narrow(qs.order_by(), kind, "group__title_fi").query.sql_with_params()
        except EmptyResultSet:  # a filter that matches nothing (an unknown keyword or division)
            continue
        selects.append(f"SELECT {columns} FROM ({sql}) AS part{number}")  # noqa: S608 (our own SQL)
        params.extend(part_params)
    # Column names come from filters.SORT_FIELDS only.
    order = ", ".join(f"u_{column} {'DESC' if descending else 'ASC'}" for column, descending in filters.sort)
    query = " UNION ALL ".join(selects) + f" ORDER BY {order}, u_kind ASC, u_rid ASC LIMIT %s OFFSET %s"
    if not selects:
        return EventPage(count=count, rows=[])
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, paging.page_size, (paging.page - 1) * paging.page_size])
        rows = cursor.fetchall()
    return EventPage(count=count, rows=[(kind, int(rid)) for kind, rid, *_rest in rows])


def sessions_by_pk(pks: list[int]) -> dict[int, Session]:
    return (
        _session_rows()
        .select_related("group__organization", "series", "room__venue__municipality")
        .in_bulk(pks)
    )


def series_by_pk(pks: list[int]) -> dict[int, Series]:
    return _series_rows().select_related("group__organization", "room__venue__municipality").in_bulk(pks)


def removed_by_pk(pks: list[int]) -> dict[int, RemovedSession]:
    return _removed_rows().in_bulk(pks)


def sub_event_uids(series_pks: list[int]) -> dict[int, list[uuid.UUID]]:
    """Each series' sessions' UIDs in time order (cancelled ones too): its `sub_events`."""
    found: dict[int, list[uuid.UUID]] = {pk: [] for pk in series_pks}
    rows = (
        public_sessions()
        .filter(series__in=series_pks)
        .order_by("start", "pk")
        .values_list("series_id", "uid")
    )
    for series_id, uid in rows:
        found[series_id].append(uid)
    return found


def event_get(*, uid: uuid.UUID) -> tuple[str, int] | None:
    """(kind, pk) of the live event with this UID, else of its tombstone, else None."""
    session = public_sessions().filter(uid=uid).values_list("pk", flat=True).first()
    if session is not None:
        return SESSION, session
    series = public_series().filter(uid=uid).values_list("pk", flat=True).first()
    if series is not None:
        return SERIES, series
    removed = public_removed().filter(uid=uid).values_list("pk", flat=True).first()
    if removed is not None:
        return REMOVED, removed
    return None
