"""Take a series off the calendar from now on: `series_delete` for a group's own series, and the
shared removal that `tours.tour_stop_remove` also uses for a stop's series.

Its coming sessions go: deleted, or cancelled with a reason where families have signed up (the
cancelled ones stay, so the families see why, and are told through `session_cancel`'s hooks).
Past sessions stay as the group's history, no longer tied to a series. Tombstones are written in
the same transaction. A tour stop's series is never deleted here directly: only through the tour.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import recurrence
from events.models import Series, Session
from events.services.publishing import schedule_changed
from events.services.removals import record_removed, record_removed_series
from events.services.series import ScheduleError, _has_signups, _require_manager, refuse_tour_stop
from events.services.sessions import session_cancel
from venues.permissions import Actor


@dataclass
class SeriesRemoval:
    deleted: int = 0  # future sessions nobody had signed up for
    cancelled: int = 0  # future sessions with sign-ups: cancelled, so the families hear of it


def remove_series(*, actor: Actor, series: Series, reason: str = "") -> SeriesRemoval:
    """Remove `series` from now on (the module docstring). The caller checks the actor, runs in a
    transaction and deletes what points at the series (a tour stop) first."""
    future = list(series.sessions.filter(start__gt=timezone.now()).select_related("room", "series"))
    with_signups = [s for s in future if not s.is_cancelled and _has_signups(s)]
    reason = reason.strip()
    if with_signups and not reason:
        raise ScheduleError(
            _("Families have signed up for the coming sessions. Tell them why they are cancelled."),
            code="no_reason",
        )
    removal = SeriesRemoval()
    for session in with_signups:
        session_cancel(actor=actor, session=session, reason=reason)
        removal.cancelled += 1
    # What nobody signed up for goes, cancelled or not; their room reservations go with them.
    doomed = [s for s in future if not _has_signups(s)]
    # Tombstones for what is published no more. Past sessions stay, under their own UIDs.
    record_removed(doomed)
    record_removed_series(series)
    Session.objects.filter(pk__in=[s.pk for s in doomed]).delete()
    removal.deleted = len(doomed)
    group_id = series.group_id
    recurrence.delete(series)
    Series.objects.filter(pk=series.pk).delete()
    schedule_changed(group_ids=[group_id])
    return removal


@transaction.atomic
def series_delete(*, actor: Actor, series: Series, reason: str = "") -> SeriesRemoval:
    """Delete a group's series from now on. Refused for a tour stop's series (code "tour_stop")."""
    series = Series.objects.select_related("group__organization").get(pk=series.pk)
    _require_manager(actor, series.group)
    refuse_tour_stop(series)
    return remove_series(actor=actor, series=series, reason=reason)
