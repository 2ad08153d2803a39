"""The query string of /linkedevents/v1/ lists, parsed into typed filters, as Linked Events reads it.

Bad input is a FilterError (code "bad_filter") with a message naming the parameter: the view
answers 400 with it, never a 500. No queries here except resolving place ids and divisions.
"""

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from events.recurrence import HELSINKI
from linkedevents import ids

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
LANGUAGES = ("fi", "sv", "en")
EVENT_STATUSES = ("EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled")
SUPER_EVENT_TYPES = ("recurring", "umbrella", "none")
SORT_FIELDS = {"last_modified_time": "lm", "start_time": "st", "end_time": "en", "name": "nm"}
INCLUDES = ("location", "keywords", "audience", "in_language")
# Dates outside these years are typing mistakes, not questions.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class FilterError(DomainError):
    """A query parameter the API cannot read: 400 with the message."""


@dataclass(frozen=True)
class Paging:
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


@dataclass(frozen=True)
class EventFilters:
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    places: frozenset[uuid.UUID] | None = None
    keywords: frozenset[str] | None = None
    divisions: tuple[str, ...] | None = None
    statuses: frozenset[str] | None = None
    super_events: frozenset[uuid.UUID] | None = None
    super_event_none: bool = False
    super_event_types: frozenset[str] | None = None
    hide_recurring_children: bool = False
    text: str | None = None
    language: str | None = None
    in_language: frozenset[str] | None = None
    last_modified_since: dt.datetime | None = None
    show_deleted: bool = False
    include: frozenset[str] = field(default_factory=frozenset)
    sort: tuple[tuple[str, bool], ...] = (("lm", True),)


def _bad(message: str) -> FilterError:
    return FilterError(message, code="bad_filter")


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _bool(params: Mapping[str, str], name: str) -> bool:
    value = (params.get(name) or "").strip().lower()
    if value in ("", "false", "0", "no"):
        return False
    if value in ("true", "1", "yes"):
        return True
    raise _bad(_("%(name)s: use true or false.") % {"name": name})


def _check_year(moment: dt.datetime, name: str) -> dt.datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise _bad(
            _("%(name)s: give a date between %(first)d and %(last)d.")
            % {
                "name": name,
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
        )
    return moment


def parse_time(value: str, *, name: str, is_start: bool) -> dt.datetime:
    """`now`, `today`, a date (its start, or for an end its end) or an ISO datetime (naive: Helsinki)."""
    value = value.strip()
    now = timezone.now()
    midnight = dt.datetime.combine(now.astimezone(HELSINKI).date(), dt.time(0), tzinfo=HELSINKI)
    if value == "now":
        return now
    if value == "today":
        return midnight if is_start else midnight + dt.timedelta(days=1)
    try:
        # A bare date first: parse_datetime would read it as midnight, losing "the end of that day".
        day = parse_date(value) if len(value) == 10 else None
        moment = None if day else parse_datetime(value)
    except ValueError:
        moment = day = None
    if moment is not None:
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=HELSINKI)
        return _check_year(moment, name)
    if day is not None:
        if not is_start:
            day += dt.timedelta(days=1)
        return _check_year(dt.datetime.combine(day, dt.time(0), tzinfo=HELSINKI), name)
    raise _bad(_("%(name)s: use now, today, a date (2026-11-03) or a date and time.") % {"name": name})


def parse_paging(params: Mapping[str, str]) -> Paging:
    def number(name: str, default: int) -> int:
        raw = params.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except ValueError:
            raise _bad(_("%(name)s: give a whole number.") % {"name": name}) from None
        if value < 1:
            raise _bad(_("%(name)s: give a number of at least 1.") % {"name": name})
        return value

    # Like Linked Events (Django REST framework): a page_size above the maximum is the maximum.
    return Paging(
        page=number("page", 1), page_size=min(number("page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    )


def _uuids(values: list[str], name: str) -> frozenset[uuid.UUID]:
    # A foreign or malformed id matches nothing, as an unknown id does in Linked Events.
    return frozenset(found for found in (ids.parse(value) for value in values) if found is not None)


def _choices(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> frozenset[str] | None:
    raw = params.get(name)
    if not raw:
        return None
    values = _list(raw)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise _bad(
            _("%(name)s: unknown value %(value)s; use %(allowed)s.")
            % {
                "name": name,
                "value": unknown[0],
                "allowed": ", ".join(allowed),
            }
        )
    return frozenset(values)


def _sort(raw: str | None) -> tuple[tuple[str, bool], ...]:
    if not raw:
        return (("lm", True),)
    keys = []
    for part in _list(raw):
        descending = part.startswith("-")
        column = SORT_FIELDS.get(part.lstrip("-"))
        if column is None:
            raise _bad(
                _("sort: use %(allowed)s, with - for descending.") % {"allowed": ", ".join(SORT_FIELDS)}
            )
        keys.append((column, descending))
    return tuple(keys)


def parse_event_filters(params: Mapping[str, str]) -> EventFilters:
    start = parse_time(params["start"], name="start", is_start=True) if params.get("start") else None
    end = parse_time(params["end"], name="end", is_start=False) if params.get("end") else None
    if params.get("days"):
        if start or end:
            raise _bad(_("days cannot be used with start or end."))
        try:
            days = int(params["days"])
        except ValueError:
            raise _bad(_("%(name)s: give a whole number.") % {"name": "days"}) from None
        if not 1 <= days <= 3650:
            raise _bad(_("days: give a number from 1 to 3650."))
        start = timezone.now()
        end = start + dt.timedelta(days=days)
    super_events = _list(params.get("super_event", ""))
    language = params.get("language") or None
    if language is not None and language not in LANGUAGES:
        raise _bad(_("%(name)s: use fi, sv or en.") % {"name": "language"})
    include = _choices(params, "include", INCLUDES) or frozenset()
    since = params.get("last_modified_since")
    return EventFilters(
        start=start,
        end=end,
        places=_uuids(_list(params["location"]), "location") if params.get("location") else None,
        keywords=frozenset(_list(params["keyword"])) if params.get("keyword") else None,
        divisions=tuple(_list(params["division"])) if params.get("division") else None,
        statuses=_choices(params, "event_status", EVENT_STATUSES),
        super_events=_uuids([v for v in super_events if v != "none"], "super_event")
        if super_events
        else None,
        super_event_none="none" in super_events,
        super_event_types=_choices(params, "super_event_type", SUPER_EVENT_TYPES),
        hide_recurring_children=_bool(params, "hide_recurring_children"),
        text=(params.get("text") or "").strip()[:200] or None,
        language=language,
        in_language=frozenset(_list(params["in_language"])) if params.get("in_language") else None,
        last_modified_since=parse_time(since, name="last_modified_since", is_start=True) if since else None,
        show_deleted=_bool(params, "show_deleted"),
        include=include,
        sort=_sort(params.get("sort")),
    )
