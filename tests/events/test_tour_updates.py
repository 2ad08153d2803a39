"""Coordinators plan a tour as a whole: its period, cycle, breaks and team; stops in several weeks at
once; a preview that saves nothing; and a tour stop's series is changed only through the tour."""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from events.models import Group, RemovedSession, Series, Session, Tour, TourBreak, TourStop
from events.services.groups import group_create
from events.services.series import (
    BreakSpec,
    RoomClash,
    ScheduleError,
    SeriesSpec,
    series_create,
    series_update,
)
from events.services.series_removal import series_delete
from events.services.tour_updates import (
    TourDetails,
    preview_visits,
    tour_stop_update,
    tour_stops_add,
    tour_update,
)
from events.services.tours import StopPlan, TourError, tour_create
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    VenueFactory,
)
from venues.models import Membership, Organization

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")
TUE, WED, THU = 1, 2, 3
FIRST, LAST = dt.date(2027, 1, 11), dt.date(2027, 3, 28)  # Monday of week 1; a Sunday
WINTER_BREAK = BreakSpec(start_date=dt.date(2027, 2, 22), end_date=dt.date(2027, 2, 28), reason="Hiihtoloma")


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture
def county():
    return OrganizationFactory(name_fi="Hyvinvointialue", kind=Organization.Kind.COUNTY, municipality=None)


@pytest.fixture
def coordinator(county):
    return MembershipFactory(organization=county, role=Membership.Role.COORDINATOR).user


@pytest.fixture
def rooms(county):
    found = {}
    for name, code in (("Kustavi", "304"), ("Taivassalo", "833"), ("Oripää", "561")):
        municipality = MunicipalityFactory(code=code, name_fi=name, slug=name.lower())
        venue = VenueFactory(organization=county, municipality=municipality, name_fi=f"{name}n kirjasto")
        found[name] = RoomFactory(venue=venue, name_fi="Satuhuone")
    return found


def new_tour(actor, organization, **changes):
    values = {
        "name_fi": "Liikkuva perhekeskus",
        "cycle_weeks": 2,
        "first_date": FIRST,
        "last_date": LAST,
        "skip_public_holidays": False,
        "breaks": (WINTER_BREAK,),
    } | changes
    return tour_create(actor=actor, organization=organization, **values)


def plan(room, weekday, start=dt.time(10), week=1):
    return StopPlan(room=room, weekday=weekday, start_time=start, duration_minutes=120, week_of_cycle=week)


def days(stop) -> list[dt.date]:
    return [s.start.astimezone(HEL).date() for s in stop.series.sessions.order_by("start")]


def details(tour, **changes) -> TourDetails:
    values = {
        "name_fi": tour.name_fi,
        "cycle_weeks": tour.cycle_weeks,
        "first_date": tour.first_date,
        "last_date": tour.last_date,
        "skip_public_holidays": tour.skip_public_holidays,
        "breaks": (WINTER_BREAK,),
    } | changes
    return TourDetails(**values)


@pytest.fixture
def three_stops(coordinator, county, rooms):
    tour = new_tour(coordinator, county)
    tour_stops_add(actor=coordinator, tour=tour, plan=plan(rooms["Taivassalo"], TUE), weeks=[1])
    tour_stops_add(actor=coordinator, tour=tour, plan=plan(rooms["Kustavi"], WED), weeks=[1])
    tour_stops_add(actor=coordinator, tour=tour, plan=plan(rooms["Oripää"], THU), weeks=[2])
    return tour


def test_a_tour_with_three_stops_follows_its_cycle_and_skips_its_break(three_stops):
    stops = {stop.venue.name_fi: stop for stop in TourStop.objects.filter(tour=three_stops)}
    assert days(stops["Taivassalon kirjasto"]) == [
        dt.date(2027, 1, 12),
        dt.date(2027, 1, 26),
        dt.date(2027, 2, 9),
        # 23.2. is in the winter break; the cycle goes on after it.
        dt.date(2027, 3, 9),
        dt.date(2027, 3, 23),
    ]
    assert days(stops["Kustavin kirjasto"])[:2] == [dt.date(2027, 1, 13), dt.date(2027, 1, 27)]
    assert days(stops["Oripään kirjasto"])[:3] == [
        dt.date(2027, 1, 21),
        dt.date(2027, 2, 4),
        dt.date(2027, 2, 18),
    ]
    assert dt.date(2027, 3, 4) in days(stops["Oripään kirjasto"])  # 25.2. skipped, 4.3. held
    assert dt.date(2027, 2, 25) not in days(stops["Oripään kirjasto"])
    series = stops["Oripään kirjasto"].series
    assert (series.last_date, series.interval_weeks) == (LAST, 2)
    assert list(series.breaks.values_list("reason", flat=True)) == ["Hiihtoloma"]


def test_one_stop_in_several_weeks_of_the_cycle(coordinator, county, rooms):
    tour = new_tour(coordinator, county, cycle_weeks=3, breaks=())
    results = tour_stops_add(actor=coordinator, tour=tour, plan=plan(rooms["Kustavi"], TUE), weeks=[3, 1])
    assert [r.stop.week_of_cycle for r in results] == [1, 3]
    assert days(results[0].stop)[:2] == [dt.date(2027, 1, 12), dt.date(2027, 2, 2)]
    assert days(results[1].stop)[:2] == [dt.date(2027, 1, 26), dt.date(2027, 2, 16)]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"last_date": dt.date(2027, 1, 1)}, "end_before_start"),
        ({"last_date": None}, "no_dates"),
        (
            {"first_date": dt.date(2029, 6, 1), "last_date": dt.date(2029, 6, 30)},
            "first_too_far",
        ),  # > 2 years
        ({"last_date": dt.date(2028, 6, 30)}, "too_long"),
        ({"breaks": (BreakSpec(dt.date(2027, 2, 5), dt.date(2027, 2, 1)),)}, "bad_break"),
        ({"cycle_weeks": 9}, "bad_cycle"),
    ],
)
def test_bad_dates_refuse_the_tour(coordinator, county, changes, code):
    with pytest.raises(TourError) as refused:
        new_tour(coordinator, county, **changes)
    assert refused.value.code == code
    assert not Group.objects.exists()


def test_a_clash_with_another_groups_booking_refuses_the_stop_with_its_dates(coordinator, county, rooms):
    room = rooms["Kustavi"]
    group = group_create(
        actor=coordinator, organization=county, data={"title_fi": "Vauvakerho", "topic": "parenting"}
    )
    series_create(
        actor=coordinator,
        group=group,
        spec=SeriesSpec(
            room=room,
            first_date=dt.date(2027, 1, 26),
            last_date=dt.date(2027, 1, 26),
            start_time=dt.time(11),
            duration_minutes=60,
            weekdays=(TUE,),
            skip_public_holidays=False,
        ),
    )
    tour = new_tour(coordinator, county)
    with pytest.raises(RoomClash) as refused:
        tour_stops_add(actor=coordinator, tour=tour, plan=plan(room, TUE), weeks=[1])
    assert [c.start.astimezone(HEL).date() for c in refused.value.clashes] == [dt.date(2027, 1, 26)]
    assert "Vauvakerho" in str(refused.value)
    assert not TourStop.objects.exists()
    # Rooms are never double-booked: saved without the clashing date, if the coordinator chooses.
    (result,) = tour_stops_add(
        actor=coordinator, tour=tour, plan=plan(room, TUE), weeks=[1], skip_clashes=True
    )
    assert dt.date(2027, 1, 26) not in days(result.stop)
    assert dt.date(2027, 1, 12) in days(result.stop)


def test_a_stop_added_to_a_running_tour_starts_today_not_in_the_past(coordinator, county, rooms, monkeypatch):
    tour = new_tour(coordinator, county, breaks=())
    monkeypatch.setattr("events.services.tours.helsinki_today", lambda: dt.date(2027, 2, 3))
    (result,) = tour_stops_add(actor=coordinator, tour=tour, plan=plan(rooms["Kustavi"], TUE), weeks=[1])
    # Week 1 of the cycle again from 8.2.: its Tuesday is the first visit, none in the past.
    assert result.stop.series.first_date == dt.date(2027, 2, 9)


def test_changing_the_cycle_and_breaks_realigns_every_stop(coordinator, three_stops):
    result = tour_update(
        actor=coordinator,
        tour=three_stops,
        details=details(three_stops, cycle_weeks=3, breaks=(), first_date=dt.date(2027, 1, 18)),
    )
    assert result.created
    assert result.removed
    stops = {stop.venue.name_fi: stop for stop in TourStop.objects.filter(tour=three_stops)}
    assert days(stops["Taivassalon kirjasto"])[:3] == [
        dt.date(2027, 1, 19),
        dt.date(2027, 2, 9),
        dt.date(2027, 3, 2),
    ]
    assert days(stops["Oripään kirjasto"])[:2] == [dt.date(2027, 1, 28), dt.date(2027, 2, 18)]
    assert stops["Oripään kirjasto"].series.interval_weeks == 3
    assert not stops["Oripään kirjasto"].series.breaks.exists()
    assert RemovedSession.objects.filter(group=three_stops.group).exists()  # tombstones for the feeds


def test_the_cycle_cannot_shrink_below_a_stops_week(coordinator, three_stops):
    with pytest.raises(TourError) as refused:
        tour_update(actor=coordinator, tour=three_stops, details=details(three_stops, cycle_weeks=1))
    assert refused.value.code == "stop_beyond_cycle"
    three_stops.refresh_from_db()
    assert three_stops.cycle_weeks == 2


def test_texts_and_team_change_without_touching_the_sessions(coordinator, county, three_stops):
    before = set(Session.objects.filter(group=three_stops.group).values_list("pk", "start"))
    nurse = MembershipFactory(organization=county, role=Membership.Role.LEADER).user
    result = tour_update(
        actor=coordinator,
        tour=three_stops,
        details=details(three_stops, name_fi="Perhekeskusauto", name_sv="Familjebilen", leaders=(nurse,)),
    )
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert set(Session.objects.filter(group=three_stops.group).values_list("pk", "start")) == before
    three_stops.group.refresh_from_db()
    assert (three_stops.group.title_fi, three_stops.group.title_sv) == ("Perhekeskusauto", "Familjebilen")
    assert list(three_stops.group.leaders.all()) == [nurse]


def test_the_team_is_made_of_the_organizations_members(coordinator, three_stops):
    stranger = MembershipFactory(role=Membership.Role.LEADER).user
    with pytest.raises(TourError) as refused:
        tour_update(actor=coordinator, tour=three_stops, details=details(three_stops, leaders=(stranger,)))
    assert refused.value.code == "leader_not_member"


def test_a_preview_shows_the_visits_and_saves_nothing(coordinator, county, rooms):
    tour = new_tour(coordinator, county, breaks=())

    def change():
        return tour_stops_add(actor=coordinator, tour=tour, plan=plan(rooms["Kustavi"], TUE), weeks=[1, 2])

    visits = preview_visits(tour=tour, change=change, weeks=500)
    assert [v.start.astimezone(HEL).date() for v in visits][:3] == [
        dt.date(2027, 1, 12),
        dt.date(2027, 1, 19),
        dt.date(2027, 1, 26),
    ]
    assert not TourStop.objects.exists()
    assert not Session.objects.exists()
    assert not Series.objects.exists()
    # A preview still refuses what saving would refuse.
    with pytest.raises(TourError):
        preview_visits(
            tour=tour,
            change=lambda: tour_stops_add(
                actor=coordinator, tour=tour, plan=plan(rooms["Kustavi"], TUE), weeks=[]
            ),
        )


def test_a_stops_series_is_changed_only_through_the_tour(coordinator, three_stops, rooms):
    series = TourStop.objects.filter(tour=three_stops).first().series
    spec = SeriesSpec(
        room=series.room,
        first_date=series.first_date,
        last_date=series.last_date,
        start_time=dt.time(14),
        duration_minutes=60,
        weekdays=(series.weekday_list[0],),
    )
    with pytest.raises(ScheduleError) as refused:
        series_update(actor=coordinator, series=series, spec=spec)
    assert refused.value.code == "tour_stop"
    assert "Liikkuva perhekeskus" in str(refused.value)
    with pytest.raises(ScheduleError) as refused:
        series_delete(actor=coordinator, series=series)
    assert refused.value.code == "tour_stop"
    series.refresh_from_db()
    assert series.start_time == dt.time(10)
    assert Session.objects.filter(series=series).exists()


def test_series_delete_removes_a_groups_own_series(coordinator, county, rooms):
    group = group_create(
        actor=coordinator, organization=county, data={"title_fi": "Vauvakerho", "topic": "parenting"}
    )
    series = series_create(
        actor=coordinator,
        group=group,
        spec=SeriesSpec(
            room=rooms["Kustavi"],
            first_date=dt.date(2027, 1, 12),
            last_date=dt.date(2027, 2, 23),
            start_time=dt.time(10),
            duration_minutes=60,
            weekdays=(TUE,),
        ),
    ).series
    removal = series_delete(actor=coordinator, series=series)
    assert removal.deleted == 7
    assert not Series.objects.filter(pk=series.pk).exists()
    assert not Session.objects.filter(group=group).exists()


def test_changing_a_stop_refuses_a_clash_and_changes_nothing(coordinator, three_stops, rooms):
    stops = {stop.venue.name_fi: stop for stop in TourStop.objects.filter(tour=three_stops)}
    moved = stops["Kustavin kirjasto"]
    before = sorted(Session.objects.filter(series=moved.series).values_list("start", flat=True))
    # Taivassalo's room is held on the Tuesdays of week 1 at 10.
    with pytest.raises(RoomClash):
        tour_stop_update(actor=coordinator, stop=moved, plan=plan(rooms["Taivassalo"], TUE))
    assert sorted(Session.objects.filter(series=moved.series).values_list("start", flat=True)) == before
    result = tour_stop_update(
        actor=coordinator, stop=moved, plan=plan(rooms["Taivassalo"], TUE, start=dt.time(13))
    )
    assert result.stop.venue == rooms["Taivassalo"].venue
    assert days(result.stop)[0] == dt.date(2027, 1, 12)


def test_the_migration_reads_an_older_tours_dates_back_from_its_stops(coordinator, three_stops):
    migration = importlib.import_module("events.migrations.0008_tour_schedule")
    Tour.objects.filter(pk=three_stops.pk).update(first_date=None, last_date=None, skip_public_holidays=True)
    TourBreak.objects.all().delete()
    migration.fill_tour_dates(apps, None)
    tour = Tour.objects.get(pk=three_stops.pk)
    # The Monday of a week 1, so every stop keeps its week of the cycle.
    assert (tour.first_date, tour.last_date, tour.skip_public_holidays) == (FIRST, LAST, False)
    assert list(tour.breaks.values_list("start_date", "reason")) == [(WINTER_BREAK.start_date, "Hiihtoloma")]
