"""A course's coming sessions with the places each has left: what the sign-up form says before submit.

Read only, for the public form (no personal data: sums of confirmed places). The sign-up service
decides again under its lock; this is what the family is told beforehand, so it is never trusted.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from bookings.models import SignUp
from bookings.services.signups import session_capacity
from events.models import Group, Session
from events.views.public_display import day_label, local, time_range


@dataclass(frozen=True)
class CourseSession:
    pk: int
    label: str  # "ti 16.2. 10.00–12.00"
    people_left: int
    prams_left: int | None  # None: no pram limit

    def fits(self, people: int, prams: int) -> bool:
        return people <= self.people_left and (self.prams_left is None or prams <= self.prams_left)


@dataclass(frozen=True)
class CoursePlaces:
    sessions: list[CourseSession]

    @property
    def uneven(self) -> bool:
        """Some party fits some sessions but not all: only then is there a choice to make."""
        people = {s.people_left for s in self.sessions}
        prams = {s.prams_left for s in self.sessions}
        return len(self.sessions) > 1 and (len(people) > 1 or len(prams) > 1) and max(people) > 0

    def full_for(self, people: int, prams: int) -> list[CourseSession]:
        return [s for s in self.sessions if not s.fits(people, prams)]

    @property
    def most_people(self) -> int:
        return max(s.people_left for s in self.sessions)

    @property
    def most_prams(self) -> int | None:
        """The most pram places any session has left; None when some session has no pram limit."""
        if any(s.prams_left is None for s in self.sessions):
            return None
        return max(s.prams_left for s in self.sessions)

    @property
    def limited(self) -> list[CourseSession]:
        """The sessions with less room than the roomiest one: the ones the form names."""
        most, most_prams = self.most_people, self.most_prams
        return [
            s
            for s in self.sessions
            if s.people_left < most
            or (s.prams_left is not None and most_prams is not None and s.prams_left < most_prams)
        ]


def session_label(session: Session, *, now: dt.datetime) -> str:
    """ "ti 16.2. 10.00–12.00": how the form names one session of a course."""
    day = day_label(local(session.start).date(), today=local(now).date())
    return f"{day} {time_range(session.start, session.end)}"


def _confirmed(field: str) -> Coalesce:
    total = (
        SignUp.objects.filter(session=OuterRef("pk"), status=SignUp.Status.CONFIRMED)
        .order_by()
        .values("session")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def course_places(session: Session, *, now: dt.datetime | None = None) -> CoursePlaces | None:
    """For a session of a series sign-up group: every coming session of its series (one query).

    None for any other session. `session` is one the caller already found visible.
    """
    if session.group.signup_mode != Group.SignUpMode.SERIES or session.series_id is None:
        return None
    now = now or timezone.now()
    rows = (
        Session.objects.filter(series_id=session.series_id, status=Session.Status.SCHEDULED, start__gt=now)
        .select_related("group", "room")
        .only(
            "start",
            "end",
            "capacity_people",
            "capacity_prams",
            "group__capacity_people",
            "group__capacity_prams",
            "room__capacity_people",
            "room__pram_spaces",
        )
        .annotate(people_taken=_confirmed("people"), prams_taken=_confirmed("prams"))
        .order_by("start", "pk")
    )
    sessions = []
    for row in rows:
        capacity = session_capacity(row)
        sessions.append(
            CourseSession(
                pk=row.pk,
                label=session_label(row, now=now),
                people_left=max(capacity.people - row.people_taken, 0),
                prams_left=None if capacity.prams is None else max(capacity.prams - row.prams_taken, 0),
            )
        )
    return CoursePlaces(sessions=sessions)
