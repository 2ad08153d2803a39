"""Tombstones of published sessions and series that are deleted, written with the deletion.

Called by the services that delete sessions (`series._materialize`, `tours.tour_stop_remove`)
inside their transaction, before the rows go, so the record and the deletion commit together.
Only what a change feed needs (the UID, when, where): never anything about people.
"""

from collections.abc import Iterable

from django.utils import timezone

from events.models import RemovedSession, Series, Session
from events.uids import session_uid


def record_removed(sessions: Iterable[Session]) -> None:
    """Remember these sessions as removed now."""
    now = timezone.now()
    for session in sessions:
        RemovedSession.objects.update_or_create(
            uid=session_uid(session),
            defaults={
                "group_id": session.group_id,
                "series_uid": session.series.uid if session.series_id else None,
                "is_series": False,
                "venue_id": session.room.venue_id,
                "start": session.start,
                "end": session.end,
                "removed_at": now,
                "replaced_by": None,
            },
        )


def record_removed_series(series: Series) -> None:
    """Remember a series (the Linked Events super event) as removed now."""
    sessions = list(series.sessions.order_by("start"))
    first = sessions[0] if sessions else None
    last = sessions[-1] if sessions else None
    now = timezone.now()
    RemovedSession.objects.update_or_create(
        uid=series.uid,
        defaults={
            "group_id": series.group_id,
            "series_uid": None,
            "is_series": True,
            "venue_id": series.room.venue_id,
            "start": first.start if first else now,
            "end": last.end if last else now,
            "removed_at": now,
            "replaced_by": None,
        },
    )


def forget_removed(sessions: Iterable[Session]) -> None:
    """Sessions published again under a UID that was removed before: no longer a tombstone."""
    uids = [session_uid(session) for session in sessions]
    if uids:
        RemovedSession.objects.filter(uid__in=uids).delete()
