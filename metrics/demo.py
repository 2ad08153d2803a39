"""A year of demo history for the shared metrics: past sessions, who came, headcounts, feedback.

`python manage.py seed_demo_history` (after `seed_demo`; `make run` runs both) gives every demo
group with a series one session a week for the 52 weeks before the demo's term (the Monday of
the week `seed_demo` first ran), with a summer pause, a few cancellations with reasons, sign-ups
that fill some groups and leave families waiting, no-shows, drop-in headcounts by age band and
feedback scores. The bookings are already anonymised, as the purge leaves them: counts only,
no contact data at all. Deterministic (seeded by each group's slug) and idempotent: a group that
already has sessions in that year gets none. Rows are written with bulk_create in batches.
"""

import datetime as dt
import hashlib
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from bookings.models import Booking, Headcount, SignUp
from events.models import Group, Series, Session
from events.recurrence import HELSINKI
from metrics.models import Feedback

WEEKS = 52
SUMMER_MONTHS = (7,)  # no sessions in July
BATCH = 2000
REASONS = (
    "Ohjaaja sairastui",
    "Tila oli varattu muuhun käyttöön",
    "Liian vähän ilmoittautuneita",
    "Lumimyrsky",
)
PARTIES = (  # adults, under 1, 1–2, 3–6, 7+, prams
    (1, 1, 0, 0, 0, 1),
    (1, 0, 1, 0, 0, 1),
    (2, 1, 0, 0, 0, 1),
    (1, 0, 0, 1, 0, 0),
    (1, 1, 0, 1, 0, 1),
    (1, 0, 1, 1, 0, 0),
    (2, 0, 0, 1, 1, 0),
)


def _term_monday(today: dt.date) -> dt.date:
    """The demo term's first Monday: the earliest series start of the demo, else this week's Monday."""
    first = Series.objects.order_by("first_date").values_list("first_date", flat=True).first()
    day = min(first, today) if first else today
    return day - dt.timedelta(days=day.weekday())


def seed_demo_history(*, today: dt.date, on_step: Callable[[str], None] | None = None) -> dict[str, int]:
    """Write the year of history; returns how many rows of each kind it wrote."""
    step = on_step or (lambda _label: None)
    end = _term_monday(today)
    start = end - dt.timedelta(weeks=WEEKS)
    start_at = dt.datetime.combine(start, dt.time(0), tzinfo=HELSINKI)
    end_at = dt.datetime.combine(end, dt.time(0), tzinfo=HELSINKI)
    has_history = Session.objects.filter(group=OuterRef("pk"), start__gte=start_at, start__lt=end_at)
    groups = list(
        Group.objects.filter(is_active=True)
        .exclude(Exists(has_history))
        .prefetch_related("series__room")
        .order_by("slug")
    )
    written = {"sessions": 0, "sign-ups": 0, "headcounts": 0, "feedback": 0}
    with transaction.atomic():
        for chunk in range(0, len(groups), 20):
            _write(groups[chunk : chunk + 20], start, written)
            step("history")
    if connection.vendor == "postgresql" and written["sessions"]:
        # Fresh statistics after a bulk load, as autovacuum would soon give: the planner's estimates
        # of empty tables make it pick nested loops over a year of rows.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE events_session, bookings_booking, bookings_signup, "
                "bookings_headcount, metrics_feedback"
            )
    return written


def _sessions_for(group: Group, start: dt.date, rng: random.Random) -> list[Session]:
    series = next(iter(group.series.all()), None)
    if series is None:
        return []
    weekdays = series.weekday_list or [start.weekday()]
    out = []
    for week in range(WEEKS):
        for weekday in weekdays:
            day = start + dt.timedelta(weeks=week, days=weekday)  # `start` is a Monday
            if day.month in SUMMER_MONTHS:
                continue
            begin = dt.datetime.combine(day, series.start_time, tzinfo=HELSINKI)
            cancelled = rng.random() < 0.03
            out.append(
                Session(
                    group=group,
                    room=series.room,
                    start=begin,
                    end=begin + dt.timedelta(minutes=series.duration_minutes),
                    status=Session.Status.CANCELLED if cancelled else Session.Status.SCHEDULED,
                    cancel_reason=rng.choice(REASONS) if cancelled else "",
                    is_exception=cancelled,
                )
            )
    return out


def _write(groups: list[Group], start: dt.date, written: dict[str, int]) -> None:
    sessions: list[Session] = []
    rngs: dict[int, random.Random] = {}
    for group in groups:
        rng = random.Random(hashlib.sha256(group.slug.encode()).digest())  # noqa: S311
        rngs[group.pk] = rng
        sessions += _sessions_for(group, start, rng)
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    written["sessions"] += len(sessions)
    bookings: list[Booking] = []
    plans: list[
        tuple[Session, int, str, bool | None, bool]
    ] = []  # session, booking index, status, attended, promoted
    headcounts: list[Headcount] = []
    feedback: list[Feedback] = []
    for session in sessions:
        if session.status == Session.Status.CANCELLED:
            continue
        rng = rngs[session.group_id]
        group = session.group
        popularity = 0.4 + 0.8 * rng.random()
        if group.signup_mode == Group.SignUpMode.DROP_IN:
            adults = int(rng.randint(2, 12) * popularity)
            bands = [int(rng.randint(0, 6) * popularity) for _band in range(4)]
            headcounts.append(
                Headcount(
                    session=session,
                    adults=adults,
                    children_under_1=bands[0],
                    children_1_to_2=bands[1],
                    children_3_to_6=bands[2],
                    children_7_plus=bands[3],
                    children=sum(bands),
                    prams=min(bands[0] + bands[1], 200),
                )
            )
        else:
            capacity = session.capacity_people or group.capacity_people or session.room.capacity_people
            households = max(1, int(capacity / 2.5 * popularity))
            people = 0
            for index in range(households + rng.randint(0, 3)):
                party = rng.choice(PARTIES)
                size = party[0] + sum(party[1:5])
                fits = people + size <= capacity
                if fits:
                    people += size
                roll = rng.random()
                if not fits:
                    status, attended = SignUp.Status.WAITLISTED, None
                elif roll < 0.08:
                    status, attended = SignUp.Status.CANCELLED, None
                else:
                    status, attended = SignUp.Status.CONFIRMED, roll > 0.18
                bookings.append(
                    Booking(
                        group=group,
                        source=Booking.Source.ONLINE,
                        language=rng.choice(("fi", "fi", "fi", "sv", "en")),
                        adults=party[0],
                        children_under_1=party[1],
                        children_1_to_2=party[2],
                        children_3_to_6=party[3],
                        children_7_plus=party[4],
                        prams=party[5],
                        token_hash=hashlib.sha256(f"history:{session.pk}:{index}".encode()).hexdigest(),
                        anonymised_at=session.end,
                    )
                )
                plans.append((session, len(bookings) - 1, status, attended, fits and roll > 0.9))
        if rng.random() < 0.35:
            for _answer in range(rng.randint(1, 6)):
                feedback.append(
                    Feedback(
                        session=session, source=Feedback.Source.CODE, score=rng.choice((3, 4, 4, 5, 5, 5, 2))
                    )
                )
    Booking.objects.bulk_create(bookings, batch_size=BATCH)
    signups = []
    for session, index, status, attended, promoted in plans:
        booking = bookings[index]
        signups.append(
            SignUp(
                booking=booking,
                session=session,
                status=status,
                people=booking.adults + booking.children,
                prams=booking.prams,
                queued_at=session.start - dt.timedelta(days=5),
                promoted_at=session.start - dt.timedelta(days=1) if promoted else None,
                cancelled_at=session.start - dt.timedelta(days=2)
                if status == SignUp.Status.CANCELLED
                else None,
                cancelled_by=SignUp.CancelledBy.FAMILY if status == SignUp.Status.CANCELLED else "",
                attended=attended,
            )
        )
    SignUp.objects.bulk_create(signups, batch_size=BATCH)
    Headcount.objects.bulk_create(headcounts, batch_size=BATCH)
    Feedback.objects.bulk_create(feedback, batch_size=BATCH)
    written["sign-ups"] += len(signups)
    written["headcounts"] += len(headcounts)
    written["feedback"] += len(feedback)
