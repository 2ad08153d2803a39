"""One session at a time: cancel it (with a reason families see), move it (time or room), or delete it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import plannable_date_error
from core.errors import PermissionRefused
from events import hooks, recurrence
from events.locking import lock_rooms
from events.models import RoomReservation, SeriesBreak, Session
from events.permissions import can_manage_group
from events.services.publishing import schedule_changed
from events.services.removals import record_removed
from events.services.series import RoomClash, ScheduleError, overlap_as_clash, room_clashes
from venues.models import Room
from venues.permissions import Actor


def _require_manager(actor: Actor, session: Session) -> None:
    if not can_manage_group(actor, session.group):
        raise PermissionRefused(
            _("Only the group's leaders and its organization's coordinators can change its sessions."),
            code="forbidden",
        )


@transaction.atomic
def session_cancel(*, actor: Actor, session: Session, reason: str) -> Session:
    _require_manager(actor, session)
    session = Session.objects.select_related("group", "series").get(pk=session.pk)
    if session.is_cancelled:
        raise ScheduleError(_("This session is already cancelled."), code="already_cancelled")
    if session.end <= timezone.now():
        raise ScheduleError(_("A past session cannot be cancelled."), code="past")
    reason = reason.strip()
    if not reason:
        raise ScheduleError(_("Tell families why the session is cancelled."), code="no_reason")
    session.status = Session.Status.CANCELLED
    # The leader writes one reason, in whatever language the page is in. Kept in the default
    # language's column, which every language falls back to (`cancel_reason = …` would only set
    # the active language's, leaving Finnish and Swedish pages without a reason).
    session.cancel_reason_fi = reason
    session.is_exception = True
    session.sequence += 1
    session.full_clean(exclude=["group", "series", "room"])
    session.save()
    # The room is free again for others.
    RoomReservation.objects.filter(session=session).update(is_active=False)
    if session.series and session.original_start:
        recurrence.record_exception(
            session.series,
            original_start=session.original_start,
            start=session.start,
            end=session.end,
            cancelled=True,
        )
    schedule_changed(group_ids=[session.group_id])
    hooks.session_changed(session, hooks.Change.CANCELLED)
    return session


@transaction.atomic
def session_move(
    *, actor: Actor, session: Session, start: dt.datetime, end: dt.datetime, room: Room
) -> Session:
    _require_manager(actor, session)
    session = Session.objects.select_related("group", "series", "group__organization").get(pk=session.pk)
    if session.is_cancelled:
        raise ScheduleError(_("A cancelled session cannot be moved."), code="cancelled")
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ScheduleError(_("Give the date and time."), code="naive")
    if end <= start:
        raise ScheduleError(_("A session must end after it starts."), code="end_before_start")
    if start <= timezone.now():
        raise ScheduleError(_("A session cannot be moved into the past."), code="past")
    far = plannable_date_error(end.astimezone(recurrence.HELSINKI).date())
    if far:
        raise ScheduleError(far, code="too_far_ahead")
    if room.venue.organization_id != session.group.organization_id:
        raise ScheduleError(
            _("Choose a room of %(organization)s.") % {"organization": session.group.organization.name},
            code="room_of_other_organization",
        )
    lock_rooms([room.pk])
    clashes = room_clashes(room, [(start, end)], ignore={session.pk})
    if clashes:
        raise RoomClash(clashes)
    session.start, session.end, session.room = start, end, room
    session.is_exception = True
    session.sequence += 1
    session.full_clean(exclude=["group", "series", "room"])
    session.save()
    with overlap_as_clash():
        RoomReservation.objects.update_or_create(
            session=session, defaults={"room": room, "start": start, "end": end, "is_active": True}
        )
    if session.series and session.original_start:
        recurrence.record_exception(
            session.series, original_start=session.original_start, start=start, end=end, cancelled=False
        )
    schedule_changed(group_ids=[session.group_id])
    hooks.session_changed(session, hooks.Change.MOVED)
    return session


# The reason of the one-day break that keeps a deleted session of a series from coming back.
DELETED_BREAK_REASON = _("Session deleted")


@transaction.atomic
def session_delete(*, actor: Actor, session: Session) -> Session:
    """Delete one coming session. Families signed up are told, as for a cancellation (the hook runs
    before the row goes); feeds and Linked Events get its tombstone; a session of a series leaves a
    one-day break on its original day, so extending or editing the series does not make it again
    (and the feeds publish that day as an EXDATE). Returns the deleted session (unsaved)."""
    _require_manager(actor, session)
    session = Session.objects.select_related("group", "series", "room").get(pk=session.pk)
    if session.end <= timezone.now():
        raise ScheduleError(_("A past session cannot be deleted: it stays in the history."), code="past")
    series = session.series
    if series is not None and session.original_start is not None:
        day = session.original_start.astimezone(recurrence.HELSINKI).date()
        if not series.breaks.filter(start_date__lte=day, end_date__gte=day).exists():
            SeriesBreak.objects.create(
                series=series, start_date=day, end_date=day, reason=str(DELETED_BREAK_REASON)
            )
        series.sequence += 1  # the rule's instances changed: calendar clients must update
        series.save(update_fields=["sequence"])
        recurrence.record_exception(
            series,
            original_start=session.original_start,
            start=session.start,
            end=session.end,
            cancelled=True,
        )
    record_removed([session])
    hooks.session_changed(session, hooks.Change.DELETED)
    schedule_changed(group_ids=[session.group_id])
    pk = session.pk
    session.delete()
    session.pk = pk  # for the caller's message
    return session
