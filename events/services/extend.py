"""The daily extension: materialize every running series up to the rolling horizon.

It costs what it creates. Everything up to a series' newest materialized occurrence was
materialized when it was made (by the series' creation or edit, or an earlier run), so only
the rule's occurrences after it can be missing: expanded in memory (`recurrence.occurrences`),
never a query per session. The candidates are grouped by room; each room with any is locked
once, its reservations over the candidates' span read in one range query, and the new sessions
and reservations written in two inserts. A candidate that overlaps a reservation (or another
candidate of the same room) is skipped, as a series saved "skipping the clashing dates" does,
and tried again the next day. The exclusion constraint (PostgreSQL) stays the arbiter: if it
refuses a room's inserts, that room is left for the next run.

Idempotent: a second run finds nothing after the newest occurrences, or finds the first run's
reservations in its way.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from events import recurrence
from events.locking import lock_rooms
from events.models import RoomReservation, Series, Session
from events.services.publishing import schedule_changed
from events.services.series import Bookings, RoomClash, horizon_end, overlap_as_clash, skipped_days

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Candidate:
    series: Series
    occurrence: recurrence.RuleOccurrence


def _candidates(series: Series, *, after: dt.datetime | None, now: dt.datetime, until: dt.datetime) -> list:
    window_start = max(now, after) if after is not None else now
    skipped = skipped_days(series, list(series.breaks.all()))
    return [
        _Candidate(series, occurrence)
        for occurrence in recurrence.occurrences(series, window_start, until)
        if (after is None or occurrence.original_start > after)
        and occurrence.end > now
        and occurrence.original_start.date() not in skipped
    ]


def _create_in_room(room_id: int, candidates: list[_Candidate]) -> int:
    """Lock the room, skip what clashes, insert the rest. The caller's candidates are in time order."""
    with transaction.atomic():
        lock_rooms([room_id])
        first = min(c.occurrence.original_start for c in candidates)
        last = max(c.occurrence.end for c in candidates)
        booked = Bookings(
            RoomReservation.objects.filter(room_id=room_id, is_active=True, start__lt=last, end__gt=first)
            .order_by("start")
            .values_list("start", "end", "session_id")
        )
        new = []
        for candidate in candidates:
            start, end = candidate.occurrence.original_start, candidate.occurrence.end
            if booked.holder(start, end) is not None:
                continue
            booked.add(start, end, "")
            series = candidate.series
            new.append(
                Session(
                    group_id=series.group_id,
                    series=series,
                    room_id=room_id,
                    start=start,
                    end=end,
                    original_start=start,
                )
            )
        if not new:
            return 0
        try:
            with overlap_as_clash():
                Session.objects.bulk_create(new)
                RoomReservation.objects.bulk_create(
                    RoomReservation(room_id=room_id, session=s, start=s.start, end=s.end) for s in new
                )
        except RoomClash:
            # A booking the lock could not see (it should not happen): leave the room for tomorrow.
            logger.warning("extend_sessions: room %s refused by the overlap constraint", room_id)
            return 0
        schedule_changed(group_ids={s.group_id for s in new})  # the published feeds must render again
        return len(new)


def sessions_extend(*, until: dt.datetime | None = None) -> int:
    """Materialize every running series up to `until` (default: the horizon). Idempotent.

    Returns how many sessions it created.
    """
    until = until or horizon_end()
    now = timezone.now()
    running = Series.objects.filter(
        last_date__gte=timezone.localdate(timezone=recurrence.HELSINKI), group__is_active=True
    )
    newest = dict(
        Session.objects.filter(series__in=running.values("pk"))
        .order_by()
        .values("series")
        .annotate(newest=Max("original_start"))
        .values_list("series", "newest")
    )
    by_room: dict[int, list[_Candidate]] = defaultdict(list)
    for series in running.select_related("group").prefetch_related("breaks").order_by("pk"):
        found = _candidates(series, after=newest.get(series.pk), now=now, until=until)
        if found:
            by_room[series.room_id].extend(found)
    created = 0
    for room_id in sorted(by_room):
        candidates = sorted(by_room[room_id], key=lambda c: (c.occurrence.original_start, c.series.pk))
        created += _create_in_room(room_id, candidates)
    return created
