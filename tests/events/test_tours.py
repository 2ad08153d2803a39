"""The mobile family centre: its stops follow a cycle of weeks; its page says where it is this week."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from core.errors import PermissionRefused
from events.models import Group, RoomReservation, Session, TourStop
from events.services.series import BreakSpec, RoomClash
from events.services.sessions import session_cancel, session_move
from events.services.tours import (
    TourError,
    aligned_first_date,
    cycle_start,
    tour_create,
    tour_stop_add,
    tour_stop_remove,
    week_of_cycle,
)
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    UserFactory,
    VenueFactory,
)
from venues.models import Membership, Organization

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")
TUE, WED, THU = 1, 2, 3


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    """Materialize all of 2027 (the suite runs in late 2026)."""
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture
def county():
    return OrganizationFactory(name_fi="Hyvinvointialue", kind=Organization.Kind.COUNTY, municipality=None)


@pytest.fixture
def coordinator(county):
    return MembershipFactory(organization=county, role=Membership.Role.COORDINATOR).user


def premises(county, municipality_name: str, code: str):
    """A partner premises of the county in a municipality of its own, with one room."""
    municipality = MunicipalityFactory(code=code, name_fi=municipality_name, slug=municipality_name.lower())
    venue = VenueFactory(
        organization=county,
        municipality=municipality,
        name_fi=f"{municipality_name}n kirjasto",
        post_office_fi=municipality_name,
    )
    return RoomFactory(venue=venue, name_fi="Satuhuone")


@pytest.fixture
def rooms(county):
    return {
        "kustavi": premises(county, "Kustavi", "304"),
        "taivassalo": premises(county, "Taivassalo", "833"),
        "oripaa": premises(county, "Oripää", "561"),
    }


def make_tour(actor, organization, **changes):
    values = {"name_fi": "Liikkuva perhekeskus", "name_sv": "Mobila familjecentralen", "cycle_weeks": 2}
    values.update(changes)
    return tour_create(actor=actor, organization=organization, **values)


def add_stop(
    actor, tour, room, *, week, weekday, first=dt.date(2027, 1, 11), last=dt.date(2027, 3, 31), **more
):
    return tour_stop_add(
        actor=actor,
        tour=tour,
        venue=room.venue,
        room=room,
        week_of_cycle=week,
        weekday=weekday,
        start_time=dt.time(10),
        duration_minutes=120,
        first_date=first,
        last_date=last,
        skip_public_holidays=False,
        **more,
    )


def local_days(sessions) -> list[dt.date]:
    return [s.start.astimezone(HEL).date() for s in sessions]


# --- The cycle ----------------------------------------------------------------------------------


def test_week_of_cycle_counts_weeks_from_the_first_week_not_iso_week_numbers():
    start = dt.date(2026, 12, 21)  # ISO week 52 of 2026, a year of 53 weeks
    assert week_of_cycle(dt.date(2026, 12, 27), start=start, cycle_weeks=2) == 1  # Sunday, same week
    assert week_of_cycle(dt.date(2026, 12, 28), start=start, cycle_weeks=2) == 2  # ISO week 53
    # ISO week 1 of 2027: odd like week 53, yet week 1 of the cycle again.
    assert week_of_cycle(dt.date(2027, 1, 4), start=start, cycle_weeks=2) == 1
    assert week_of_cycle(dt.date(2026, 12, 14), start=start, cycle_weeks=2) == 2  # before the start, too
    assert week_of_cycle(dt.date(2027, 1, 11), start=start, cycle_weeks=3) == 1


@pytest.mark.parametrize(
    ("first_date", "weekday", "week", "expected"),
    [
        # The tour's first stop: week 1 is the week of its first date.
        (dt.date(2027, 1, 13), WED, 1, dt.date(2027, 1, 13)),
        # Tuesday of that week is already past the first date: the next week 1, two weeks on.
        (dt.date(2027, 1, 13), TUE, 1, dt.date(2027, 1, 26)),
        (dt.date(2027, 1, 13), THU, 2, dt.date(2027, 1, 21)),
    ],
)
def test_the_first_stop_sets_week_1_to_the_week_of_its_first_date(first_date, weekday, week, expected):
    assert aligned_first_date(first_date, weekday=weekday, week=week, cycle_weeks=2, start=None) == expected


def test_later_stops_keep_the_cycle_of_the_first(coordinator, county, rooms):
    tour = make_tour(coordinator, county)
    first = add_stop(coordinator, tour, rooms["taivassalo"], week=1, weekday=TUE, first=dt.date(2027, 1, 12))
    assert first.stop.series.first_date == dt.date(2027, 1, 12)
    assert cycle_start(tour) == dt.date(2027, 1, 11)

    # Added later with a first date in a week-1 week: starts the week after, in week 2.
    second = add_stop(coordinator, tour, rooms["kustavi"], week=2, weekday=WED, first=dt.date(2027, 1, 11))
    assert second.stop.series.first_date == dt.date(2027, 1, 20)
    # A first date in a week-2 week: a week-1 stop waits for the next week 1.
    third = add_stop(coordinator, tour, rooms["oripaa"], week=1, weekday=THU, first=dt.date(2027, 1, 18))
    assert third.stop.series.first_date == dt.date(2027, 1, 28)
    assert cycle_start(tour) == dt.date(2027, 1, 11)


def test_stops_on_a_two_week_cycle_make_sessions_in_turns_in_several_municipalities(
    coordinator, county, rooms
):
    tour = make_tour(coordinator, county)
    week1 = add_stop(coordinator, tour, rooms["taivassalo"], week=1, weekday=TUE)
    week1_too = add_stop(coordinator, tour, rooms["kustavi"], week=1, weekday=WED)
    week2 = add_stop(coordinator, tour, rooms["oripaa"], week=2, weekday=TUE)

    assert local_days(week1.stop.series.sessions.order_by("start"))[:4] == [
        dt.date(2027, 1, 12),
        dt.date(2027, 1, 26),
        dt.date(2027, 2, 9),
        dt.date(2027, 2, 23),
    ]
    assert local_days(week1_too.stop.series.sessions.order_by("start"))[:2] == [
        dt.date(2027, 1, 13),
        dt.date(2027, 1, 27),
    ]
    assert local_days(week2.stop.series.sessions.order_by("start"))[:2] == [
        dt.date(2027, 1, 19),
        dt.date(2027, 2, 2),
    ]
    sessions = Session.objects.filter(group=tour.group)
    assert {s.room.venue.municipality.name_fi for s in sessions} == {"Taivassalo", "Kustavi", "Oripää"}
    # Week 1 and week 2 never share a week.
    weeks = {
        stop.week_of_cycle: {monday(day) for day in local_days(stop.series.sessions.all())}
        for stop in TourStop.objects.filter(tour=tour)
    }
    assert weeks[1]
    assert weeks[2]
    assert not weeks[1] & weeks[2]
    assert all(s.start.astimezone(HEL).time() == dt.time(10) for s in sessions)
    assert RoomReservation.objects.filter(session__group=tour.group).count() == sessions.count()


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def test_the_group_is_the_tours_own_drop_in_mobile_group(coordinator, county):
    tour = make_tour(coordinator, county, group_data={"age_max_months": 72, "topic": "peer_support"})
    assert tour.group.topic == Group.Topic.MOBILE
    assert tour.group.signup_mode == Group.SignUpMode.DROP_IN
    assert tour.group.age_max_months == 72
    assert (tour.group.title_fi, tour.group.title_sv) == ("Liikkuva perhekeskus", "Mobila familjecentralen")
    assert tour.slug == "liikkuva-perhekeskus"
    assert make_tour(coordinator, county).slug == "liikkuva-perhekeskus-2"


def test_breaks_skip_sessions_without_shifting_the_cycle(coordinator, county, rooms):
    tour = make_tour(coordinator, county)
    result = add_stop(
        coordinator,
        tour,
        rooms["taivassalo"],
        week=1,
        weekday=TUE,
        breaks=(BreakSpec(dt.date(2027, 2, 22), dt.date(2027, 2, 28), "Talviloma"),),
    )
    days = local_days(result.stop.series.sessions.order_by("start"))
    assert dt.date(2027, 2, 23) not in days
    assert dt.date(2027, 3, 9) in days  # still on the cycle after the break


# --- Refusals -------------------------------------------------------------------------------------


def test_the_organizations_coordinators_create_tours(county):
    member = MembershipFactory(organization=county, role=Membership.Role.COORDINATOR).user
    tour = make_tour(member, county)
    assert tour.organization == county
    assert member in tour.group.leaders.all()


@pytest.mark.parametrize("who", ["anonymous", "stranger", "other organization", "leader"])
def test_nobody_else_creates_tours(county, who):
    actor = {
        "anonymous": None,
        "stranger": UserFactory(),
        "other organization": MembershipFactory(role=Membership.Role.COORDINATOR).user,
        # Leaders are a tour's team; its organization's coordinators set it up.
        "leader": MembershipFactory(organization=county, role=Membership.Role.LEADER).user,
    }[who]
    with pytest.raises(PermissionRefused) as refused:
        make_tour(actor, county)
    assert refused.value.code == "forbidden"
    assert not Group.objects.exists()


def test_only_the_coordinators_add_or_remove_stops(county, coordinator, rooms):
    tour = make_tour(coordinator, county)
    team_leader = MembershipFactory(organization=county, role=Membership.Role.LEADER).user
    tour.group.leaders.add(team_leader)  # in the team, yet not the one who plans the circuit
    with pytest.raises(PermissionRefused):
        add_stop(team_leader, tour, rooms["kustavi"], week=1, weekday=TUE)
    stop = add_stop(coordinator, tour, rooms["kustavi"], week=1, weekday=TUE).stop
    with pytest.raises(PermissionRefused):
        tour_stop_remove(actor=team_leader, stop=stop)
    assert TourStop.objects.filter(pk=stop.pk).exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"week": 3}, "bad_week"),
        ({"week": 0}, "bad_week"),
        ({"weekday": 7}, "no_weekday"),
        ({"last": dt.date(2027, 1, 12)}, "no_week_in_range"),  # week 2 only comes on 18.1.
    ],
)
def test_stop_refusals(coordinator, county, rooms, changes, code):
    tour = make_tour(coordinator, county)
    values = {"week": 2, "weekday": TUE} | changes
    with pytest.raises(TourError) as refused:
        add_stop(coordinator, tour, rooms["kustavi"], **values)
    assert refused.value.code == code


def test_the_room_must_be_in_the_stops_venue(coordinator, county, rooms):
    tour = make_tour(coordinator, county)
    with pytest.raises(TourError) as refused:
        tour_stop_add(
            actor=coordinator,
            tour=tour,
            venue=rooms["kustavi"].venue,
            room=rooms["oripaa"],
            week_of_cycle=1,
            weekday=TUE,
            start_time=dt.time(10),
            duration_minutes=60,
            first_date=dt.date(2027, 1, 11),
            last_date=dt.date(2027, 2, 28),
        )
    assert refused.value.code == "room_of_other_venue"


def test_a_clash_with_the_rooms_bookings_refuses_the_stop(coordinator, county, rooms):
    tour = make_tour(coordinator, county)
    add_stop(coordinator, tour, rooms["kustavi"], week=1, weekday=TUE)
    other = make_tour(coordinator, county, name_fi="Toinen kiertue")
    with pytest.raises(RoomClash):
        add_stop(coordinator, other, rooms["kustavi"], week=1, weekday=TUE)
    assert not TourStop.objects.filter(tour=other).exists()


def test_removing_a_stop_removes_its_coming_sessions_and_frees_the_room(coordinator, county, rooms):
    tour = make_tour(coordinator, county)
    stop = add_stop(coordinator, tour, rooms["kustavi"], week=1, weekday=TUE).stop
    coming = Session.objects.filter(group=tour.group).count()
    held = dt.datetime(2026, 1, 13, 10, tzinfo=HEL)  # a visit already made stays in the history
    past = Session.objects.create(
        group=tour.group,
        series=stop.series,
        room=stop.series.room,
        start=held,
        end=held + dt.timedelta(hours=2),
    )
    removal = tour_stop_remove(actor=coordinator, stop=stop)
    assert removal.deleted == coming > 0
    assert removal.cancelled == 0
    assert not TourStop.objects.exists()
    assert list(Session.objects.filter(group=tour.group)) == [past]
    past.refresh_from_db()
    assert past.series is None
    assert not RoomReservation.objects.exists()
    # The room and the week are free again.
    add_stop(coordinator, tour, rooms["kustavi"], week=1, weekday=TUE)


# --- The page -------------------------------------------------------------------------------------


@pytest.fixture
def demo_tour(coordinator, county, rooms):
    """Stops on Tuesdays and Wednesdays of week 1 and Tuesdays of week 2, from 11.1.2027."""
    tour = make_tour(coordinator, county, name_en="Mobile family centre")
    add_stop(coordinator, tour, rooms["taivassalo"], week=1, weekday=TUE, last=dt.date(2027, 5, 31))
    add_stop(coordinator, tour, rooms["kustavi"], week=1, weekday=WED, last=dt.date(2027, 5, 31))
    add_stop(coordinator, tour, rooms["oripaa"], week=2, weekday=TUE, last=dt.date(2027, 5, 31))
    return tour


def sections(client, url: str) -> dict[str, str]:
    """The text of each section of the page, by its heading's id: week-1 (this week), week-2, circuit."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    found = {}
    for match in re.finditer(r'<section aria-labelledby="([\w-]+)-heading">(.*?)</section>', html, re.S):
        found[match.group(1)] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(2))).strip()
    return found


@pytest.fixture
def today_is(monkeypatch):
    def set_today(day: dt.date) -> None:
        monkeypatch.setattr("events.views.tours.helsinki_today", lambda: day)

    return set_today


def test_the_page_shows_this_weeks_stops_in_helsinki_time(client, demo_tour, today_is):
    # Thursday 1.4.2027: summer time (UTC+3) since Sunday; week 12 since 11.1., so week 2 of the cycle.
    today_is(dt.date(2027, 4, 1))
    page = sections(client, f"/fi/tours/{demo_tour.slug}/")
    this_week, next_week = page["week-1"], page["week-2"]
    assert this_week.startswith("Tällä viikolla, 29.3.–4.4.")
    # Tuesday 30.3. at 10.00 in Helsinki is 07.00 UTC.
    assert "Tiistai 30.3. 10.00–12.00" in this_week
    assert "07.00" not in this_week
    assert "Oripää" in this_week
    assert "Kustavi" not in this_week
    assert next_week.startswith("Ensi viikolla, 5.–11.4.")
    assert "Tiistai 6.4. 10.00–12.00" in next_week
    assert "Keskiviikko 7.4. 10.00–12.00" in next_week
    assert "Taivassalo" in next_week
    assert "Kustavi" in next_week
    assert "Oripää" not in next_week


def test_a_session_just_after_midnight_on_monday_belongs_to_that_week_in_helsinki(
    client, demo_tour, today_is
):
    # Monday 5.4.2027 00.30 in Helsinki is still Sunday 4.4. in UTC.
    room = TourStop.objects.filter(tour=demo_tour).first().series.room
    start = dt.datetime(2027, 4, 5, 0, 30, tzinfo=HEL)
    Session.objects.create(group=demo_tour.group, room=room, start=start, end=start + dt.timedelta(hours=1))
    today_is(dt.date(2027, 4, 5))
    page = sections(client, f"/fi/tours/{demo_tour.slug}/")
    assert "Maanantai 5.4. 00.30–01.30" in page["week-1"]


def test_cancelled_and_moved_visits_say_so(client, coordinator, demo_tour, today_is):
    sessions = {s.start.astimezone(HEL).date(): s for s in Session.objects.filter(group=demo_tour.group)}
    session_cancel(actor=coordinator, session=sessions[dt.date(2027, 4, 6)], reason="Ohjaaja on sairas.")
    moved = sessions[dt.date(2027, 4, 7)]
    session_move(
        actor=coordinator,
        session=moved,
        start=moved.start + dt.timedelta(hours=3),
        end=moved.end + dt.timedelta(hours=3),
        room=moved.room,
    )
    today_is(dt.date(2027, 4, 5))
    this_week = sections(client, f"/fi/tours/{demo_tour.slug}/")["week-1"]
    assert "Tiistai 6.4. 10.00–12.00 – Peruttu" in this_week
    assert "Ohjaaja on sairas." in this_week
    assert "Keskiviikko 7.4. 13.00–15.00" in this_week
    assert "keskiviikko 7.4. 10.00" in this_week  # where it was planned


def test_a_visit_moved_to_another_week_is_shown_where_it_was_planned(
    client, coordinator, demo_tour, today_is
):
    moved = Session.objects.get(group=demo_tour.group, start=dt.datetime(2027, 4, 6, 10, tzinfo=HEL))
    new_start = dt.datetime(2027, 4, 15, 12, tzinfo=HEL)
    session_move(
        actor=coordinator,
        session=moved,
        start=new_start,
        end=new_start + dt.timedelta(hours=2),
        room=moved.room,
    )
    today_is(dt.date(2027, 4, 5))
    page = sections(client, f"/fi/tours/{demo_tour.slug}/")
    assert "Tiistai 6.4. 10.00–12.00 – Siirretty" in page["week-1"]
    assert "torstai 15.4. 12.00" in page["week-1"]
    assert "Torstai 15.4. 12.00–14.00" in page["week-2"]


def test_the_whole_circuit_in_order_of_the_cycle(client, demo_tour, today_is):
    today_is(dt.date(2027, 4, 1))
    circuit = sections(client, f"/en/tours/{demo_tour.slug}/")["circuit"]
    assert circuit.index("Taivassalo") < circuit.index("Kustavi") < circuit.index("Oripää")
    assert circuit.index("Week 1") < circuit.index("Taivassalo") < circuit.index("Week 2")
    assert "Tuesday 10.00–12.00" in circuit
    assert "12.1.–31.5." in circuit


def test_the_page_and_the_list_run_a_fixed_number_of_queries(
    client, demo_tour, today_is, django_assert_num_queries
):
    today_is(dt.date(2027, 4, 1))
    with django_assert_num_queries(3):  # the tour, its stops, two weeks of sessions
        client.get(f"/fi/tours/{demo_tour.slug}/")
    with django_assert_num_queries(2):  # the tours, their stops
        response = client.get("/fi/tours/")
    assert f'href="/fi/tours/{demo_tour.slug}/"' in response.content.decode()


def test_unknown_and_inactive_tours_are_not_found(client, demo_tour):
    assert client.get("/fi/tours/no-such-tour/").status_code == 404
    demo_tour.is_active = False
    demo_tour.save()
    assert client.get(f"/fi/tours/{demo_tour.slug}/").status_code == 404
    assert f'href="/fi/tours/{demo_tour.slug}/"' not in client.get("/fi/tours/").content.decode()
