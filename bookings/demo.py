"""Demo sign-ups: fictional households on the demo groups' next sessions, so that leaders see lists,
waiting lists and headcounts, and privacy tests have personal data to look for.

Written as rows (the demo loader runs in one outer transaction, where the durable sign-up service
cannot), with the service's own capacity rule. Idempotent: a household's booking is keyed by a
UUID derived from the session and the household, so a second run changes nothing. Emails use the
reserved `.invalid` domain, and no notices are queued but one: a failed email, so that the
coordinators' home shows its alert.
"""

import datetime
import uuid
from collections.abc import Callable

from django.utils import timezone

from bookings.models import Booking, Notice, SignUp
from bookings.services.signups import Party, _fits, session_capacity
from bookings.tokens import booking_token, token_hash
from events.models import Group, Session
from venues.demo.loader import SeedReport, Tally

NAMESPACE = uuid.UUID("6f1d3c1e-6a53-4f0f-9d51-3c1a8e0b7a42")

# Fictional first names only, as the form asks; no children's names exist anywhere.
FAMILIES = (
    ("Aino", "fi", Party(adults=1, children_under_1=1, prams=1)),
    ("Ebba", "sv", Party(adults=1, children_under_1=1, prams=1)),
    ("Mikko", "fi", Party(adults=1, children_1_to_2=1)),
    ("Laura", "fi", Party(adults=2, children_under_1=1, prams=1)),
    ("Sara", "en", Party(adults=1, children_1_to_2=1, children_3_to_6=1)),
    ("Johanna", "fi", Party(adults=1, children_under_1=2, prams=1)),
    ("Elias", "sv", Party(adults=1, children_1_to_2=1, prams=1)),
    ("Noora", "fi", Party(adults=1, children_under_1=1, prams=1)),
)
SESSIONS_PER_GROUP = 2


def step_count(*, scale: int = 1) -> int:
    return 1


def seed_demo_signups(*, scale: int, report: SeedReport, on_step: Callable[[str], None]) -> None:
    tally = report.tally("sign-ups")
    now = timezone.now()
    groups = Group.objects.filter(is_active=True).exclude(signup_mode=Group.SignUpMode.DROP_IN)
    for group in groups.order_by("slug"):
        sessions = Session.objects.filter(group=group, status=Session.Status.SCHEDULED, start__gt=now)
        for session in sessions.select_related("group", "room").order_by("start")[:SESSIONS_PER_GROUP]:
            _fill(session, tally, now=now)
    _seed_failed_notice()
    on_step("sign-ups")


def _seed_failed_notice() -> None:
    """One confirmation to a household of the county's groups that bounced (county@ sees it on the home)."""
    booking = (
        Booking.objects.filter(group__organization__slug="varsinais-suomen-hyvinvointialue")
        .order_by("pk")
        .first()
    )
    if booking is None or Notice.objects.filter(booking=booking, state=Notice.State.FAILED).exists():
        return
    Notice.objects.create(
        booking=booking,
        kind=Notice.Kind.CONFIRMATION,
        state=Notice.State.FAILED,
        attempts=3,
        last_error="550 5.1.1 No such domain (demo)",
    )


def _fill(session: Session, tally: Tally, *, now: datetime.datetime) -> None:
    capacity = session_capacity(session)
    people = prams = 0
    for index, (name, language, party) in enumerate(FAMILIES):
        key = uuid.uuid5(NAMESPACE, f"{session.group.uid}:{session.original_start or session.start}:{index}")
        existing = Booking.objects.filter(idempotency_key=key).first()
        if existing is not None:
            tally.unchanged += 1
            for signup in existing.signups.filter(status=SignUp.Status.CONFIRMED):
                people, prams = people + signup.people, prams + signup.prams
            continue
        booking = Booking(
            public_id=key,
            group=session.group,
            contact_name=name,
            email=f"{name.lower()}@demo.perhekeskus.invalid",
            language=language,
            **party.booking_fields(),
            idempotency_key=key,
            consented_at=now,
        )
        booking.token_hash = token_hash(booking_token(booking))
        booking.save()
        fits = _fits(capacity, (people, prams), party.people, party.prams)
        if fits:
            people, prams = people + party.people, prams + party.prams
        SignUp.objects.create(
            booking=booking,
            session=session,
            status=SignUp.Status.CONFIRMED if fits else SignUp.Status.WAITLISTED,
            people=party.people,
            prams=party.prams,
            queued_at=now,
        )
        tally.created += 1
