"""Who came: attendance of confirmed sign-ups, and the headcount of people who came without one.

Only a group's leaders and its organization's coordinators record these, and only for a
session that has started or starts today (Helsinki date): attendance of a session weeks
ahead would be a mistake. Neither write consumes places, so no lock is taken. Counts only:
the headcount holds no personal data.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Headcount, SignUp
from bookings.services.signups import SignUpRefused
from core.errors import PermissionRefused
from events.models import Session
from events.permissions import can_manage_group
from events.recurrence import HELSINKI
from venues.permissions import Actor

HEADCOUNT_MAX = 500
HEADCOUNT_PRAMS_MAX = 200  # the column's own limit (Headcount.prams)


def attendance_open(session: Session, *, now: dt.datetime | None = None) -> bool:
    """Whether who came can be recorded: the session is not cancelled and starts today or has started."""
    now = now or timezone.now()
    return (
        session.status != Session.Status.CANCELLED
        and session.start.astimezone(HELSINKI).date() <= now.astimezone(HELSINKI).date()
    )


def _check(actor: Actor, session: Session, now: dt.datetime) -> None:
    if not can_manage_group(actor, session.group):
        raise PermissionRefused(_("Only the group's leaders can record who came."), code="forbidden")
    if session.status == Session.Status.CANCELLED:
        raise SignUpRefused(_("This session is cancelled."), code="cancelled")
    if not attendance_open(session, now=now):
        raise SignUpRefused(
            _("Attendance can be recorded from the day of the session on."), code="not_started"
        )


@transaction.atomic
def attendance_set(
    *, actor: Actor, session: Session, attended: dict[int, bool], now: dt.datetime | None = None
) -> int:
    """Mark confirmed sign-ups of `session` as attended or not; returns how many changed.

    Ids that are not confirmed sign-ups of this session (cancelled meanwhile, or another
    session's) are skipped, so a list loaded before a change still saves the rest.
    """
    now = now or timezone.now()
    _check(actor, session, now)
    signups = list(
        SignUp.objects.select_for_update()
        .filter(session=session, status=SignUp.Status.CONFIRMED, pk__in=list(attended))
        .order_by("pk")
    )
    changed = [s for s in signups if s.attended != bool(attended[s.pk])]
    for signup in changed:
        signup.attended = bool(attended[signup.pk])
        signup.updated_at = now  # bulk_update skips auto_now: the metrics' change stamp reads it
    SignUp.objects.bulk_update(changed, ["attended", "updated_at"])
    return len(changed)


def _count(value: object, *, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SignUpRefused(_("Give the numbers as whole numbers."), code="bad_number")
    if value < 0:
        raise SignUpRefused(_("Numbers cannot be negative."), code="negative")
    if value > maximum:
        raise SignUpRefused(
            _("At most %(n)s: check the number.") % {"n": maximum},
            code="too_many",
        )
    return value


@transaction.atomic
def headcount_set(
    *,
    actor: Actor,
    session: Session,
    adults: int,
    prams: int,
    children_under_1: int = 0,
    children_1_to_2: int = 0,
    children_3_to_6: int = 0,
    children_7_plus: int = 0,
    now: dt.datetime | None = None,
) -> Headcount:
    """Record how many came without signing up (at a drop-in session: all who came), children by
    the sign-ups' age bands. Replaces the last."""
    now = now or timezone.now()
    _check(actor, session, now)
    bands = {
        "children_under_1": _count(children_under_1, maximum=HEADCOUNT_MAX),
        "children_1_to_2": _count(children_1_to_2, maximum=HEADCOUNT_MAX),
        "children_3_to_6": _count(children_3_to_6, maximum=HEADCOUNT_MAX),
        "children_7_plus": _count(children_7_plus, maximum=HEADCOUNT_MAX),
    }
    values = {
        "adults": _count(adults, maximum=HEADCOUNT_MAX),
        **bands,
        "children": _count(sum(bands.values()), maximum=HEADCOUNT_MAX),
        "prams": _count(prams, maximum=HEADCOUNT_PRAMS_MAX),
    }
    headcount, _created = Headcount.objects.update_or_create(
        session=session,
        defaults={**values, "recorded_by": actor if actor and actor.is_authenticated else None},
    )
    return headcount
