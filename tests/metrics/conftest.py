"""A hand-counted network for the metrics: two municipalities of one county and one outside it.

May–June 2026, "now" is 15 June 2026 at noon (Helsinki). Every expected number in the tests
is counted by hand from the rows below; see the comments beside them.
"""

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from accessibility.models import RoomAccessibility
from bookings.models import Booking, Headcount, SignUp
from events.models import Group, Session
from events.recurrence import HELSINKI
from metrics.selectors import MetricsFilters
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RegionFactory,
    RoomFactory,
    UserFactory,
)
from venues.models import County, Membership, Organization

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=HELSINKI)
MAY_JUNE = MetricsFilters(start=dt.date(2026, 5, 1), end=dt.date(2026, 6, 1))
_tokens = itertools.count()


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 10, 0, tzinfo=HELSINKI)


def session(group: Group, room, start: dt.datetime, **extra) -> Session:
    return Session.objects.create(
        group=group, room=room, start=start, end=start + dt.timedelta(hours=2), **extra
    )


def signup(
    s: Session, status: str = SignUp.Status.CONFIRMED, *, adults: int = 1, prams: int = 0, **extra
) -> SignUp:
    bands = {
        k: extra.pop(k, 0)
        for k in ("children_under_1", "children_1_to_2", "children_3_to_6", "children_7_plus")
    }
    anonymised = extra.pop("anonymised", False)
    booking = Booking.objects.create(
        group=s.group,
        source=Booking.Source.WALK_IN,
        adults=adults,
        prams=prams,
        token_hash=f"t{next(_tokens)}",
        anonymised_at=NOW if anonymised else None,
        **bands,
    )
    people = adults + sum(bands.values())
    return SignUp.objects.create(
        booking=booking,
        session=s,
        status=status,
        people=people,
        prams=prams,
        queued_at=s.start - dt.timedelta(days=3),
        **extra,
    )


@dataclass
class Network:
    county: County
    county_coordinator: object
    ngo_coordinator: object
    ngo_leader: object
    other_coordinator: object
    outsider: object
    ngo: Organization
    g1: Group
    g2: Group
    g3: Group
    g4: Group


@pytest.fixture
def frozen_now(monkeypatch) -> dt.datetime:
    """Pages and the API read `timezone.now()`: 15 June 2026 at noon, as the figures are counted."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def network(db) -> Network:
    return build_network()


def build_network() -> Network:
    county_org = OrganizationFactory(kind=Organization.Kind.COUNTY, municipality=None, name_fi="Varha")
    county = County.objects.create(code="02", slug="varha", name_fi="Varha", organization=county_org)
    turku = MunicipalityFactory(code="853", name_fi="Turku", region=RegionFactory(code="023", county=county))
    salo = MunicipalityFactory(code="734", name_fi="Salo", region=RegionFactory(code="022", county=county))
    far = MunicipalityFactory(code="091", name_fi="Helsinki", region=RegionFactory(code="011"))
    ngo = OrganizationFactory(kind=Organization.Kind.NGO, municipality=turku, name_fi="MLL Turku")
    town = OrganizationFactory(
        kind=Organization.Kind.MUNICIPALITY, municipality=salo, name_fi="Salon kaupunki"
    )
    other = OrganizationFactory(kind=Organization.Kind.NGO, municipality=far, name_fi="Muu ry")

    def member(org, role):
        return MembershipFactory(organization=org, role=role).user

    leader = member(ngo, Membership.Role.LEADER)
    net = Network(
        county=county,
        county_coordinator=member(county_org, Membership.Role.COORDINATOR),
        ngo_coordinator=member(ngo, Membership.Role.COORDINATOR),
        ngo_leader=leader,
        other_coordinator=member(other, Membership.Role.COORDINATOR),
        outsider=UserFactory(),
        ngo=ngo,
        g1=GroupFactory(organization=ngo, signup_mode=Group.SignUpMode.PER_SESSION, leaders=[leader]),
        g2=GroupFactory(
            organization=ngo,
            signup_mode=Group.SignUpMode.DROP_IN,
            topic=Group.Topic.OPEN_MEETING_PLACE,
            in_swedish=True,
        ),
        g3=GroupFactory(
            organization=town, signup_mode=Group.SignUpMode.PER_SESSION, topic=Group.Topic.PARENTING
        ),
        g4=GroupFactory(organization=other, signup_mode=Group.SignUpMode.PER_SESSION),
    )
    room_yes = RoomFactory(venue__organization=ngo, venue__municipality=turku, capacity_people=10)
    RoomAccessibility.objects.create(room=room_yes, pram_verdict="yes")
    room_turku = RoomFactory(venue__organization=ngo, venue__municipality=turku, capacity_people=30)
    room_salo = RoomFactory(venue__organization=town, venue__municipality=salo, capacity_people=8)
    room_far = RoomFactory(venue__organization=other, venue__municipality=far, capacity_people=8)

    # g1 (sign-ups, Turku, pram-friendly room of 10): held 5 May, cancelled 12 May, upcoming 20 June.
    s1 = session(net.g1, room_yes, at(5, 5))
    session(net.g1, room_yes, at(5, 12), status=Session.Status.CANCELLED, cancel_reason="Ohjaaja sairastui")
    s3 = session(net.g1, room_yes, at(6, 20))
    signup(s1, attended=True, children_under_1=1, prams=1, anonymised=True)  # purged: counts stay (2 people)
    signup(s1, adults=2, attended=False)  # a no-show (2 people)
    signup(s1, attended=True, children_3_to_6=2, promoted_at=at(5, 1))  # moved up, came (3 people)
    signup(s1, SignUp.Status.WAITLISTED)  # still waiting when it began
    signup(s1, SignUp.Status.CANCELLED, cancelled_at=at(5, 2), cancelled_by="family")
    signup(s3, children_1_to_2=1)  # confirmed, still to come
    signup(s3, SignUp.Status.WAITLISTED)  # waiting, but the session has not begun
    # g2 (drop-in, Turku): a headcount by band on 6 May, a total-only (older) headcount on 3 June.
    s4 = session(net.g2, room_turku, at(5, 6))
    Headcount.objects.create(session=s4, adults=3, children=3, children_under_1=2, children_1_to_2=1, prams=2)
    s5 = session(net.g2, room_turku, at(6, 3))
    Headcount.objects.create(session=s5, adults=2, children=4, prams=0)
    # g3 (Salo, the municipality's): held 2 June, one household came.
    s6 = session(net.g3, room_salo, at(6, 2))
    signup(s6, attended=True, children_1_to_2=1)
    # g4 (outside the county): held 7 May.
    s7 = session(net.g4, room_far, at(5, 7))
    signup(s7, attended=True)
    return net
