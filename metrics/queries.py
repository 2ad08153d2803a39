"""The database side of the shared metrics: a constant number of aggregate queries.

Everything is counted from what survives the personal-data purge: sessions, sign-up rows
(status, promotion, attendance, people, prams), bookings' counts (adults, children by age
band; never their contact fields) and headcounts. Each query groups by the finest grain
the tables need, (month, municipality where the session was held, group), and
`metrics.tables` rolls the grains up into breakdowns in Python, so adding a breakdown
adds no query. Lookups of the groups, organizations and municipalities named in the
grains follow, one query each. Never writes; never reads a contact field.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from accessibility.models import VerdictChoices
from bookings.models import Headcount, SignUp
from events.models import Group, Session
from events.recurrence import HELSINKI
from venues.models import Municipality, Organization

Grain = tuple[dt.date, int, int]  # (first day of the month, municipality id, group id)

SESSION_COUNTS = ("held", "cancelled", "upcoming", "pram_yes", "mobile_visits", "capacity")
SIGNUP_COUNTS = (
    "confirmed",
    "waiting_at_start",
    "promoted",
    "signups_cancelled",
    "no_shows",
    "attended_households",
    "attended_adults",
    "attended_children_under_1",
    "attended_children_1_to_2",
    "attended_children_3_to_6",
    "attended_children_7_plus",
    "attended_prams",
    "booked_people",
)
HEADCOUNT_COUNTS = (
    "headcount_adults",
    "headcount_children_under_1",
    "headcount_children_1_to_2",
    "headcount_children_3_to_6",
    "headcount_children_7_plus",
    "headcount_children_unrecorded",
    "headcount_prams",
)
FEEDBACK_COUNTS = ("feedback_responses", "feedback_score_sum")
ALL_COUNTS = SESSION_COUNTS + SIGNUP_COUNTS + HEADCOUNT_COUNTS + FEEDBACK_COUNTS
BANDS = ("children_under_1", "children_1_to_2", "children_3_to_6", "children_7_plus")


@dataclass
class Facts:
    """The counts per grain and what the grains name."""

    counts: dict[Grain, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: dict.fromkeys(ALL_COUNTS, 0))
    )
    cancel_reasons: list[tuple[str, int]] = field(default_factory=list)
    groups: dict[int, Group] = field(default_factory=dict)
    organizations: dict[int, Organization] = field(default_factory=dict)
    municipalities: dict[int, Municipality] = field(default_factory=dict)


def _grain(row: dict) -> Grain:
    return (
        row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"],
        row["m"],
        row["g"],
    )


def _grouped(rows: QuerySet, prefix: str = "") -> QuerySet:
    """GROUP BY (month, municipality, group) of the session (through `prefix`)."""
    return (
        rows.order_by()
        .annotate(
            month=TruncMonth(f"{prefix}start", tzinfo=HELSINKI),
            m=F(f"{prefix}room__venue__municipality_id"),
            g=F(f"{prefix}group_id"),
        )
        .values("month", "m", "g")
    )


def _add(facts: Facts, rows: QuerySet, names: tuple[str, ...]) -> None:
    for row in rows:
        counts = facts.counts[_grain(row)]
        for name in names:
            counts[name] += row[name] or 0


def facts_collect(
    *, where: Callable[[str], Q], now: dt.datetime, feedback: type[models.Model] | None = None
) -> Facts:
    """Aggregate the sessions that `where("")` selects and everything counted on them
    (`where("session__")` on the models that have a session)."""
    sessions = Session.objects.filter(where(""))
    facts = Facts()
    held = Q(status=Session.Status.SCHEDULED, start__lt=now)
    signup_mode = ~Q(group__signup_mode=Group.SignUpMode.DROP_IN)
    session_rows = _grouped(sessions).annotate(
        held=Count("pk", filter=held),
        cancelled=Count("pk", filter=Q(status=Session.Status.CANCELLED)),
        upcoming=Count("pk", filter=Q(status=Session.Status.SCHEDULED, start__gte=now)),
        pram_yes=Count("pk", filter=held & Q(room__accessibility__pram_verdict=VerdictChoices.YES)),
        mobile_visits=Count("pk", filter=held & Q(group__tour__isnull=False)),
        capacity=Sum(
            Coalesce("capacity_people", "group__capacity_people", "room__capacity_people"),
            filter=held & signup_mode,
        ),
    )
    _add(facts, session_rows, SESSION_COUNTS)

    facts.cancel_reasons = [
        (row["cancel_reason"], row["n"])
        for row in sessions.filter(status=Session.Status.CANCELLED)
        .order_by()
        .values("cancel_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "cancel_reason")
    ]

    through = where("session__")
    s_held = Q(session__status=Session.Status.SCHEDULED, session__start__lt=now)
    confirmed = Q(status=SignUp.Status.CONFIRMED)
    came = confirmed & s_held & Q(attended=True)
    signup_rows = _grouped(SignUp.objects.filter(through), "session__").annotate(
        confirmed=Count("pk", filter=confirmed),
        waiting_at_start=Count("pk", filter=Q(status=SignUp.Status.WAITLISTED) & s_held),
        promoted=Count("pk", filter=Q(promoted_at__isnull=False)),
        signups_cancelled=Count("pk", filter=Q(status=SignUp.Status.CANCELLED)),
        no_shows=Count("pk", filter=confirmed & s_held & Q(attended=False)),
        attended_households=Count("pk", filter=came),
        attended_adults=Sum("booking__adults", filter=came),
        attended_prams=Sum("prams", filter=came),
        booked_people=Sum("people", filter=confirmed & s_held & ~Q(session__group__signup_mode="drop_in")),
        **{f"attended_{band}": Sum(f"booking__{band}", filter=came) for band in BANDS},
    )
    _add(facts, signup_rows, SIGNUP_COUNTS)

    headcount_rows = _grouped(
        Headcount.objects.filter(through, session__status=Session.Status.SCHEDULED), "session__"
    ).annotate(
        headcount_adults=Sum("adults"),
        headcount_prams=Sum("prams"),
        headcount_children=Sum("children"),
        **{f"headcount_{band}": Sum(band) for band in BANDS},
    )
    for row in headcount_rows:
        row["headcount_children_unrecorded"] = (row["headcount_children"] or 0) - sum(
            row[f"headcount_{band}"] or 0 for band in BANDS
        )
    _add(facts, headcount_rows, HEADCOUNT_COUNTS)

    if feedback is not None:
        feedback_rows = _grouped(feedback._default_manager.filter(through), "session__").annotate(
            feedback_responses=Count("pk"), feedback_score_sum=Sum("score")
        )
        _add(facts, feedback_rows, FEEDBACK_COUNTS)

    group_ids = {grain[2] for grain in facts.counts}
    facts.groups = Group.objects.in_bulk(group_ids)
    org_ids = {group.organization_id for group in facts.groups.values()}
    facts.organizations = Organization.objects.in_bulk(org_ids)
    municipality_ids = {grain[1] for grain in facts.counts}
    facts.municipalities = Municipality.objects.select_related("region").in_bulk(municipality_ids)
    return facts
