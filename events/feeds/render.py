"""A public feed's bytes, assembled from per-series parts kept in the cache.

Each series renders to its VEVENTs (master, overrides, singles) once per *part version*:
its own row, its group's (which the session services touch on every session change),
its room's and venue's rows, its breaks and the feed's language. Assembling a feed reads
the series rows, fetches their parts in one cache round trip, and renders only the
missing ones. Rendering a series reads no Session objects for its plain occurrences: only
their original starts, ends and rooms as bare values, and full rows only for the
exceptions (cancelled, moved, changed by hand, or no longer an occurrence of the rule).

Nothing depends on the date except what the date really changes: a series' or one-off's
leaving the feed `PAST_DAYS` after it ended (`Rendering.valid_until`), and for a series
reaching past the materialized horizon, where its missing occurrences start counting as
exclusions (such a part's version includes the horizon).
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import BigIntegerField, Func, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext

from events.feeds.scope import FeedFilters, FeedScope, Scope, absolute, feed_path, group_url, narrow, resolve
from events.ical import CALENDAR_END, calendar_head, one_off_vevent, rule_starts, series_vevents
from events.models import Series, Session
from events.recurrence import HELSINKI
from events.selectors import helsinki_midnight
from venues.models import Room

# Bump when the rendering changes (code or wording), so no old bytes are served after a deploy.
RENDER_VERSION = "2"
# Series that ended and one-off sessions stay in the feed this long, then leave it.
PAST_DAYS = 60
PART_SECONDS = 7 * 24 * 60 * 60


@dataclass(frozen=True)
class Rendering:
    body: bytes
    scope: FeedScope
    valid_until: dt.date  # the last day these bytes are right, if nothing is edited


def known_until(today: dt.date) -> dt.datetime:
    """Occurrences without a session before this are exclusions. One day short of the horizon:
    the daily `extend_sessions` may not have run yet today."""
    return helsinki_midnight(today - dt.timedelta(days=1)) + dt.timedelta(days=settings.SESSION_HORIZON_DAYS)


def _part_key(series: Series, *, lang: str, until: dt.datetime) -> str:
    room = series.room
    breaks = sorted((b.start_date, b.end_date) for b in series.breaks.all())
    reaches_horizon = series.last_date >= until.date()
    version = (
        RENDER_VERSION,
        settings.SITE_URL,
        series.updated_at,
        series.sequence,
        series.group.updated_at,
        room.updated_at,
        room.venue.updated_at,
        breaks,
        until if reaches_horizon else None,
    )
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:24]
    return f"feeds:part:{lang}:{series.pk}:{digest}"


class _Epoch(Func):
    """A timestamp as whole seconds since 1970 (UTC): compared as integers, never parsed."""

    output_field = BigIntegerField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="unixepoch(%(expressions)s)", **extra)


def _plain_rows(series_ids: list[int]) -> list[tuple[int, int, int, int, int]]:
    """(pk, series, room, start, end) of the sessions that should be plain occurrences of their rule:
    the bulk of a feed (tens of thousands of rows), read as bare integers: no model instance, no
    datetime parsing, and a plain QuerySet (modeltranslation's manager costs a call per row)."""
    rows = (
        QuerySet(model=Session)
        .filter(
            series_id__in=series_ids,
            is_exception=False,
            status=Session.Status.SCHEDULED,
            original_start__isnull=False,
        )
        .annotate(start_s=_Epoch("original_start"), end_s=_Epoch("end"))
        .values_list("pk", "series_id", "room_id", "start_s", "end_s")
        .order_by()
    )
    return list(rows)


def _render_parts(series: list[Series], *, lang: str, until: dt.datetime) -> dict[int, bytes]:
    """The VEVENT bytes of these series: two queries (three when a session moved to a room no series
    of theirs uses), plus the expansion of each rule in memory."""
    if not series:
        return {}
    by_pk = {item.pk: item for item in series}
    starts = {item.pk: rule_starts(item) for item in series}
    by_epoch = {pk: {int(start.timestamp()): start for start in found} for pk, found in starts.items()}
    present: dict[int, set[dt.datetime]] = defaultdict(set)
    odd: list[int] = []
    for pk, series_id, room_id, start, end in _plain_rows(list(by_pk)):
        item = by_pk[series_id]
        original = by_epoch[series_id].get(start)
        if original and end - start == item.duration_minutes * 60 and room_id == item.room_id:
            present[series_id].add(original)
        else:  # kept through a rule edit (it has sign-ups): rendered from its row
            odd.append(pk)
    exceptions = list(
        Session.objects.filter(series_id__in=by_pk)
        .filter(
            Q(is_exception=True)
            | Q(status=Session.Status.CANCELLED)
            | Q(original_start__isnull=True)
            | Q(pk__in=odd)
        )
        .order_by()
    )
    rooms = {item.room_id: item.room for item in series}
    moved = {s.room_id for s in exceptions if s.room_id not in rooms}
    if moved:
        rooms |= Room.objects.select_related("venue").in_bulk(moved)
    rows: dict[int, list[Session]] = defaultdict(list)
    for session in exceptions:
        item = by_pk[session.series_id]
        session.group, session.series, session.room = item.group, item, rooms[session.room_id]
        rows[item.pk].append(session)
    url_of = group_url(lang)
    with translation.override(lang):
        return {
            item.pk: series_vevents(
                item,
                sorted(rows[item.pk], key=lambda s: (s.start, s.pk)),
                url=url_of(item.group),
                known_until=until,
                present=present[item.pk],
                starts=starts[item.pk],
            )
            for item in series
        }


def render_feed(*, kind: Scope, key: str, filters: FeedFilters, today: dt.date) -> Rendering:
    """The feed's bytes: the same as `events.ical.render_calendar` of its rows, part by part."""
    lang = filters.lang
    scope = resolve(kind, key, lang)
    since = today - dt.timedelta(days=PAST_DAYS)
    series = list(
        narrow(scope.series, scope=scope, filters=filters)
        .filter(last_date__gte=since)
        .select_related("group", "room__venue")
        .prefetch_related("breaks")
        .order_by()
    )
    until = known_until(today)
    keys = {item.pk: _part_key(item, lang=lang, until=until) for item in series}
    parts = cache.get_many(list(keys.values())) if keys else {}
    fresh = _render_parts([s for s in series if keys[s.pk] not in parts], lang=lang, until=until)
    if fresh:
        cache.set_many({keys[pk]: part for pk, part in fresh.items()}, PART_SECONDS)
    one_offs = list(
        narrow(scope.one_offs, scope=scope, filters=filters)
        .filter(start__gte=helsinki_midnight(since))
        .select_related("group", "room__venue")
        .order_by()
    )
    url_of = group_url(lang)
    with translation.override(lang):
        name = gettext("Family centre – %(name)s") % {"name": scope.name}
        description = gettext(
            "Sessions of family centres, groups and open meeting places. Subscribe to this "
            "calendar: it updates itself when sessions are moved or cancelled."
        )
        chunks = [
            calendar_head(
                lang=lang,
                name=name,
                description=description,
                url=scope.page_url,
                source=absolute(feed_path(kind, key, filters)),
            )
        ]
        for item in sorted(series, key=lambda s: (s.first_date, str(s.uid))):
            chunks.append(fresh[item.pk] if item.pk in fresh else parts[keys[item.pk]])
        for session in sorted(one_offs, key=lambda s: (s.start, str(s.group.uid), s.pk)):
            chunks.append(one_off_vevent(session, url=url_of(session.group)))
        chunks.append(CALENDAR_END)
    leaving = [item.last_date for item in series] + [s.start.astimezone(HELSINKI).date() for s in one_offs]
    valid_until = min(leaving, default=dt.date.max - dt.timedelta(days=PAST_DAYS + 1))
    valid_until += dt.timedelta(days=PAST_DAYS)
    if any(item.last_date >= until.date() for item in series):
        valid_until = today  # past the horizon, each day may turn a missing occurrence into an exclusion
    return Rendering(body=b"".join(chunks), scope=scope, valid_until=valid_until)
