"""A weekly series across a DST change, with a cancelled and a moved session, in fi/sv/en."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from events.models import Group, Series, Session
from events.services.groups import group_create
from events.services.series import BreakSpec, SeriesResult, SeriesSpec, series_create, series_update
from events.services.sessions import session_cancel, session_move
from tests.factories import MembershipFactory, MunicipalityFactory, OrganizationFactory, RoomFactory
from venues.models import Membership, Room

HELSINKI = ZoneInfo("Europe/Helsinki")
SITE = "https://perhekeskus.example"


def next_dst_change(after: dt.date) -> dt.date:
    """The first day after `after` whose Helsinki UTC offset differs from the day before's."""
    day = after
    while True:
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=HELSINKI)
        before = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12), tzinfo=HELSINKI)
        if noon.utcoffset() != before.utcoffset():
            return day
        day += dt.timedelta(days=1)


@dataclass
class World:
    leader: object
    group: Group
    series: Series
    sessions: list[Session]  # in time order, as created
    cancelled: Session
    moved: Session
    room: Room
    other_room: Room
    change: dt.date  # the DST change the series spans


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.LINKEDEVENTS_DATA_SOURCE = "perhekeskus"


@pytest.fixture
def world(db) -> World:
    municipality = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo", name_en="Turku")
    organization = OrganizationFactory(
        slug="mll-turku",
        name_fi="MLL Turku",
        name_sv="MLL Åbo",
        municipality=municipality,
        phone="02 123 4567",
    )
    room = RoomFactory(
        venue__organization=organization,
        venue__slug="perhekeskus-a",
        venue__name_fi="Perhekeskus Aurora",
        venue__name_sv="Familjecentralen Aurora",
        venue__street_address_fi="Kauppiaskatu 1",
        venue__street_address_sv="Köpmansgatan 1",
        venue__post_office_fi="Turku",
        venue__post_office_sv="Åbo",
        venue__latitude="60.451800",
        venue__longitude="22.266600",
        name_fi="Perhehuone",
        name_sv="Familjerummet",
        name_en="Family room",
    )
    other_room = RoomFactory(venue=room.venue, name_fi="Sali")
    leader = MembershipFactory(organization=organization, role=Membership.Role.COORDINATOR).user
    group = group_create(
        actor=leader,
        organization=organization,
        data={
            "title_fi": "Vauvakerho",
            "title_sv": "Babyklubben",
            "title_en": "Baby club",
            "description_fi": "Vauvaperheiden vertaisryhmä.\n\nTervetuloa!",
            "description_sv": "Kamratgrupp för babyfamiljer.",
            "description_en": "A peer group for families with babies.",
            "topic": "peer_support",
            "audience": "families",
            "age_min_months": 0,
            "age_max_months": 12,
            "in_finnish": True,
            "in_swedish": True,
            "signup_mode": Group.SignUpMode.PER_SESSION,
            "capacity_people": 12,
        },
    )
    change = next_dst_change(dt.date.today() + dt.timedelta(days=20))  # noqa: DTZ011 (a date)
    first = change - dt.timedelta(days=12)
    spec = SeriesSpec(
        room=room,
        first_date=first,
        last_date=first + dt.timedelta(days=28),
        start_time=dt.time(10),
        duration_minutes=90,
        weekdays=(first.weekday(),),
        skip_public_holidays=False,
    )
    series = series_create(actor=leader, group=group, spec=spec).series
    sessions = list(series.sessions.order_by("start"))
    assert len(sessions) == 5
    cancelled = session_cancel(actor=leader, session=sessions[1], reason="Ohjaaja sairastui.")
    moved_start = sessions[3].start + dt.timedelta(days=1, hours=2)
    moved = session_move(
        actor=leader,
        session=sessions[3],
        start=moved_start,
        end=moved_start + dt.timedelta(hours=1),
        room=other_room,
    )
    sessions = list(series.sessions.order_by("start"))
    return World(
        leader=leader,
        group=group,
        series=series,
        sessions=sessions,
        cancelled=cancelled,
        moved=moved,
        room=room,
        other_room=other_room,
        change=change,
    )


def move_later(world: World, session: Session, hours: int = 1) -> Session:
    """An edit of one session: an hour later, in its series' room."""
    later = dt.timedelta(hours=hours)
    return session_move(
        actor=world.leader,
        session=session,
        start=session.start + later,
        end=session.end + later,
        room=world.room,
    )


def remove_last_session(world: World) -> SeriesResult:
    """A deletion: a break on the last session's day, so the series edit removes that session."""
    series = world.series
    day = world.sessions[-1].start.astimezone(HELSINKI).date()
    spec = SeriesSpec(
        room=world.room,
        first_date=series.first_date,
        last_date=series.last_date,
        start_time=series.start_time,
        duration_minutes=series.duration_minutes,
        weekdays=tuple(series.weekday_list),
        skip_public_holidays=False,
        breaks=(BreakSpec(start_date=day, end_date=day, reason="Pääsiäinen"),),
    )
    return series_update(actor=world.leader, series=series, spec=spec)
