"""Whole answers of the Linked Events API: rows from the selectors, turned into objects by the
serializers, with the related data each page needs loaded once (a constant number of queries).

Raises FilterError (400) for bad parameters and PermissionRefused "not_found" (404) or "gone"
(410, a removed event, answered with its tombstone) for ids.
"""

import math
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from bookings.models import SignUp
from bookings.services.signups import session_capacity
from core.errors import PermissionRefused
from events.models import Series, Session
from linkedevents import ids
from linkedevents.filters import LANGUAGES, Paging, parse_event_filters, parse_paging
from linkedevents.models import Keyword
from linkedevents.selectors import events as event_rows
from linkedevents.selectors.classify import keyword_q, mappings, municipalities_for
from linkedevents.serializers import events as event_json
from linkedevents.serializers import places as place_json
from venues.models import Organization, Venue


class Gone(PermissionRefused):
    """A removed event: 410 with its tombstone as the body."""

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__(_("This event has been removed."), code="gone")
        self.body = body


def _not_found() -> PermissionRefused:
    return PermissionRefused(_("Not found."), code="not_found")


def _paged(
    endpoint: str, params: Mapping[str, str], paging: Paging, count: int, data: list
) -> dict[str, Any]:
    last = max(1, math.ceil(count / paging.page_size))
    if paging.page > last:
        raise PermissionRefused(_("Invalid page."), code="not_found")

    def link(page: int) -> str:
        query = [(k, v) for k, v in params.items() if k != "page"] + (
            [("page", str(page))] if page > 1 else []
        )
        return ids.url(endpoint) + (f"?{urlencode(query)}" if query else "")

    return {
        "meta": {
            "count": count,
            "next": link(paging.page + 1) if paging.page < last else None,
            "previous": link(paging.page - 1) if paging.page > 1 else None,
        },
        "data": data,
    }


# --- Events ---------------------------------------------------------------------------------------


def _places_left(sessions: list[Session]) -> dict[int, tuple[int | None, int | None, int | None]]:
    taken = {
        row["session_id"]: (row["people"] or 0, row["prams"] or 0)
        for row in SignUp.objects.filter(session__in=sessions, status=SignUp.Status.CONFIRMED)
        .values("session_id")
        .annotate(people=Sum("people"), prams=Sum("prams"))
    }
    found = {}
    for session in sessions:
        capacity = session_capacity(session)
        people, prams = taken.get(session.pk, (0, 0))
        left = max(capacity.people - people, 0) if capacity.people is not None else None
        prams_left = max(capacity.prams - prams, 0) if capacity.prams is not None else None
        found[session.pk] = (capacity.people, left, prams_left)
    return found


def event_objects(rows: list[tuple[str, int]], include: frozenset[str]) -> list[dict[str, Any]]:
    session_pks = [pk for kind, pk in rows if kind == event_rows.SESSION]
    series_pks = [pk for kind, pk in rows if kind == event_rows.SERIES]
    removed_pks = [pk for kind, pk in rows if kind == event_rows.REMOVED]
    sessions = event_rows.sessions_by_pk(session_pks) if session_pks else {}
    series = event_rows.series_by_pk(series_pks) if series_pks else {}
    removed = event_rows.removed_by_pk(removed_pks) if removed_pks else {}
    context = event_json.EventContext(mappings=mappings(), include=include)
    context.places_left = _places_left(list(sessions.values()))
    context.sub_events = event_rows.sub_event_uids(series_pks) if series_pks else {}
    live = set(
        Session.objects.filter(series__in=series_pks, status=Session.Status.SCHEDULED)
        .values_list("series_id", flat=True)
        .distinct()
    )
    if "location" in include:
        by_pk = {s.room.venue.pk: s.room.venue for s in [*sessions.values(), *series.values()]}
        venues = list(by_pk.values())
        context.places = {v.pk: obj for v, obj in zip(venues, _place_objects(venues), strict=True)}
    if include & {"keywords", "audience"}:
        context.keywords = {row["id"]: row for row in _keyword_objects(list(Keyword.objects.all()))}
    if "in_language" in include:
        context.languages = {code: place_json.language(code) for code in LANGUAGES}
    found = []
    for kind, pk in rows:
        if kind == event_rows.SESSION:
            found.append(event_json.session_event(sessions[pk], context))
        elif kind == event_rows.SERIES:
            found.append(event_json.series_event(series[pk], context, all_cancelled=pk not in live))
        else:
            found.append(event_json.tombstone(removed[pk]))
    return found


def event_list(*, params: Mapping[str, str]) -> dict[str, Any]:
    filters = parse_event_filters(params)
    paging = parse_paging(params)
    page = event_rows.event_page(filters=filters, paging=paging)
    return _paged("event", params, paging, page.count, event_objects(page.rows, filters.include))


def event_detail(*, event_id: str, params: Mapping[str, str]) -> dict[str, Any]:
    uid = ids.parse(event_id)
    found = event_rows.event_get(uid=uid) if uid else None
    if found is None:
        raise _not_found()
    include = parse_event_filters({"include": params.get("include", "")}).include
    (obj,) = event_objects([found], include)
    if obj.get("deleted"):
        raise Gone(obj)
    return obj


# --- Places ---------------------------------------------------------------------------------------


def _public_venues():
    return Venue.objects.filter(is_active=True, organization__is_active=True).select_related(
        "municipality", "organization"
    )


def _place_objects(venues: list[Venue]) -> list[dict[str, Any]]:
    now = timezone.now()
    sessions = event_rows.public_sessions().filter(room__venue__in=venues).order_by()
    counts = dict(sessions.values("room__venue").annotate(n=Count("pk")).values_list("room__venue", "n"))
    series = dict(
        event_rows.public_series()
        .filter(room__venue__in=venues)
        .order_by()
        .values("room__venue")
        .annotate(n=Count("pk"))
        .values_list("room__venue", "n")
    )
    upcoming = set(sessions.filter(end__gt=now).values_list("room__venue", flat=True).distinct())
    return [
        place_json.place(
            venue,
            n_events=counts.get(venue.pk, 0) + series.get(venue.pk, 0),
            has_upcoming_events=venue.pk in upcoming,
        )
        for venue in venues
    ]


def place_list(*, params: Mapping[str, str]) -> dict[str, Any]:
    paging = parse_paging(params)
    venues = _public_venues().order_by("name_fi", "pk")
    if params.get("division"):
        venues = venues.filter(municipality__in=municipalities_for(params["division"].split(",")))
    text = (params.get("text") or "").strip()[:200]
    if text:
        venues = venues.filter(
            Q(name_fi__icontains=text) | Q(name_sv__icontains=text) | Q(name_en__icontains=text)
        )
    count = venues.count()
    offset = (paging.page - 1) * paging.page_size
    rows = list(venues[offset : offset + paging.page_size])
    return _paged("place", params, paging, count, _place_objects(rows))


def _venue_by_id(place_id: str) -> Venue:
    uid = ids.parse(place_id)
    if uid is not None:
        for pk in _public_venues().values_list("pk", flat=True):
            if ids.venue_uuid(pk) == uid:
                return _public_venues().get(pk=pk)
    raise _not_found()


def place_detail(*, place_id: str) -> dict[str, Any]:
    (obj,) = _place_objects([_venue_by_id(place_id)])
    return obj


# --- Keywords, organizations, languages -----------------------------------------------------------


def _keyword_objects(rows: list[Keyword]) -> list[dict[str, Any]]:
    if not rows:
        return []
    now = timezone.now()
    sessions = event_rows.public_sessions()
    table = mappings()
    shows = {row.id: keyword_q([row.id], rows=table) for row in rows}
    wanted = {f"k{i}": Count("pk", filter=shows[row.id]) for i, row in enumerate(rows)}
    upcoming = {f"k{i}": Count("pk", filter=shows[row.id] & Q(end__gt=now)) for i, row in enumerate(rows)}
    n_sessions = sessions.aggregate(**wanted)
    n_upcoming = sessions.aggregate(**upcoming)
    n_series = Series.objects.filter(pk__in=event_rows.public_series().values("pk")).aggregate(**wanted)
    return [
        place_json.keyword(
            row,
            n_events=(n_sessions[f"k{i}"] or 0) + (n_series[f"k{i}"] or 0),
            has_upcoming_events=bool(n_upcoming[f"k{i}"]),
        )
        for i, row in enumerate(rows)
    ]


def keyword_list(*, params: Mapping[str, str]) -> dict[str, Any]:
    paging = parse_paging(params)
    rows = Keyword.objects.order_by("id")
    text = (params.get("text") or "").strip()[:200]
    if text:
        rows = rows.filter(
            Q(id__icontains=text)
            | Q(name_fi__icontains=text)
            | Q(name_sv__icontains=text)
            | Q(name_en__icontains=text)
        )
    count = rows.count()
    offset = (paging.page - 1) * paging.page_size
    return _paged(
        "keyword", params, paging, count, _keyword_objects(list(rows[offset : offset + paging.page_size]))
    )


def keyword_detail(*, keyword_id: str) -> dict[str, Any]:
    row = Keyword.objects.filter(pk=keyword_id).first()
    if row is None:
        raise _not_found()
    (obj,) = _keyword_objects([row])
    return obj


def _public_organizations():
    return Organization.objects.filter(is_active=True)


def organization_list(*, params: Mapping[str, str]) -> dict[str, Any]:
    paging = parse_paging(params)
    rows = _public_organizations().order_by("name_fi", "pk")
    count = rows.count()
    offset = (paging.page - 1) * paging.page_size
    data = [place_json.organization(org) for org in rows[offset : offset + paging.page_size]]
    return _paged("organization", params, paging, count, data)


def organization_detail(*, organization_id: str) -> dict[str, Any]:
    uid = ids.parse(organization_id)
    if uid is not None:
        for org in _public_organizations():
            if ids.organization_uuid(org.pk) == uid:
                return place_json.organization(org)
    raise _not_found()


def language_list(*, params: Mapping[str, str]) -> dict[str, Any]:
    paging = parse_paging(params)
    codes = list(LANGUAGES)
    offset = (paging.page - 1) * paging.page_size
    data = [place_json.language(code) for code in codes[offset : offset + paging.page_size]]
    return _paged("language", params, paging, len(codes), data)


def language_detail(*, code: str) -> dict[str, Any]:
    if code not in LANGUAGES:
        raise _not_found()
    return place_json.language(code)
