"""The tours workspace (/fi/leader/tours/): coordinators create and change tours through forms that
work without JavaScript; every action refuses those who may not take it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Session, Tour, TourStop
from events.services.tour_updates import tour_stops_add
from events.services.tours import StopPlan, tour_create
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    VenueFactory,
)
from venues.models import County, Membership, Organization, Region

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")
LOGIN = "/fi/accounts/login/"
TUE = 1


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture
def world():
    return make_world()


def make_world():
    """A municipality's tour; the county above it; another organization; their people."""
    county_org = OrganizationFactory(name_fi="Varha", kind=Organization.Kind.COUNTY, municipality=None)
    county = County.objects.create(code="02", slug="varha", name="Varha", organization=county_org)
    region = Region.objects.create(code="021", slug="turun-seutu", name="Turun seutu", county=county)
    municipality = MunicipalityFactory(code="304", name_fi="Kustavi", slug="kustavi", region=region)
    owner = OrganizationFactory(
        name_fi="Kustavin kunta", kind=Organization.Kind.MUNICIPALITY, municipality=municipality
    )
    venue = VenueFactory(organization=owner, municipality=municipality, name_fi="Kustavin kirjasto")
    room = RoomFactory(venue=venue, name_fi="Satuhuone")
    people = {
        "coordinator": MembershipFactory(organization=owner, role=Membership.Role.COORDINATOR).user,
        "leader": MembershipFactory(organization=owner, role=Membership.Role.LEADER).user,
        "outsider": MembershipFactory(
            organization=OrganizationFactory(), role=Membership.Role.COORDINATOR
        ).user,
        "county": MembershipFactory(organization=county_org, role=Membership.Role.COORDINATOR).user,
    }
    tour = tour_create(
        actor=people["coordinator"],
        organization=owner,
        name_fi="Perheauto",
        cycle_weeks=2,
        first_date=dt.date(2027, 1, 11),
        last_date=dt.date(2027, 3, 28),
    )
    (result,) = tour_stops_add(
        actor=people["coordinator"],
        tour=tour,
        plan=StopPlan(room=room, weekday=TUE, start_time=dt.time(10), duration_minutes=120, week_of_cycle=0),
        weeks=[1],
    )
    return {
        "tour": tour,
        "room": room,
        "stop": result.stop,
        "owner": owner,
        "county_org": county_org,
        **people,
    }


def urls(world) -> dict[str, str]:
    tour, stop = world["tour"], world["stop"]
    visit = Session.objects.filter(group=tour.group).order_by("start").first()
    with translation.override("fi"):
        return _urls(tour, stop, visit)


def _urls(tour, stop, visit) -> dict[str, str]:
    return {
        "detail": reverse("tours_workspace:detail", args=[tour.slug]),
        "edit": reverse("tours_workspace:edit", args=[tour.slug]),
        "stop_add": reverse("tours_workspace:stop_add", args=[tour.slug]),
        "stop_edit": reverse("tours_workspace:stop_edit", args=[tour.slug, stop.pk]),
        "stop_remove": reverse("tours_workspace:stop_remove", args=[tour.slug, stop.pk]),
        "visit_cancel": reverse("tours_workspace:visit_cancel", args=[tour.slug, visit.pk]),
        "visit_move": reverse("tours_workspace:visit_move", args=[tour.slug, visit.pk]),
    }


ACTIONS = ("detail", "edit", "stop_add", "stop_edit", "stop_remove", "visit_cancel", "visit_move")


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_visitors_are_sent_to_the_login(client, world, action):
    for method in ("get", "post"):
        response = getattr(client, method)(urls(world)[action])
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("who", ["leader", "outsider", "county"])
@pytest.mark.parametrize("action", ACTIONS)
def test_only_the_owners_coordinators_reach_a_tour(client, world, who, action):
    """A leader of the organization, a coordinator of another one, and the county above it: 404.

    The county's coordinators oversee their area's figures, not other organizations' tours.
    """
    client.force_login(world[who])
    url = urls(world)[action]
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Sairastuminen", "name_fi": "X"}).status_code in (404, 405)
    assert TourStop.objects.filter(pk=world["stop"].pk).exists()
    assert not Session.objects.filter(group=world["tour"].group, status="cancelled").exists()
    assert Tour.objects.get(pk=world["tour"].pk).name_fi == "Perheauto"


@pytest.mark.parametrize("action", ACTIONS)
def test_the_owners_coordinator_opens_every_page(client, world, action):
    client.force_login(world["coordinator"])
    assert client.get(urls(world)[action]).status_code == 200


def test_the_list_shows_only_the_tours_one_coordinates(client, world):
    other = OrganizationFactory(name_fi="Muu")
    tour_create(
        actor=MembershipFactory(organization=other, role="coordinator").user,
        organization=other,
        name_fi="Muu auto",
    )
    client.force_login(world["coordinator"])
    page = client.get("/fi/leader/tours/").content.decode()
    assert "Perheauto" in page
    assert "Muu auto" not in page
    assert 'href="/fi/leader/tours/new/"' in page
    client.force_login(world["leader"])
    page = client.get("/fi/leader/tours/").content.decode()
    assert "Perheauto" not in page
    assert 'href="/fi/leader/tours/new/"' not in page


def test_a_leader_may_not_set_up_a_tour(client, world):
    client.force_login(world["leader"])
    assert client.get("/fi/leader/tours/new/").status_code == 403
    assert client.post("/fi/leader/tours/new/", {"name_fi": "Oma"}).status_code == 403
    assert not Tour.objects.filter(name_fi="Oma").exists()


def test_the_county_coordinator_sets_up_the_countys_own_tour(client, world):
    client.force_login(world["county"])
    response = client.post(
        "/fi/leader/tours/new/",
        {
            "organization": world["county_org"].pk,
            "name_fi": "Liikkuva perhekeskus",
            "name_sv": "Mobila familjecentralen",
            "cycle_weeks": "2",
            "first_date": "11.1.2027",
            "last_date": "2027-03-28",
            "skip_public_holidays": "on",
            "break1_start": "22.2.2027",
            "break1_end": "28.2.2027",
            "break1_reason": "Hiihtoloma",
        },
    )
    tour = Tour.objects.get(name_fi="Liikkuva perhekeskus")
    assert response.status_code == 302
    assert response["Location"] == f"/fi/leader/tours/{tour.slug}/"
    assert tour.organization == world["county_org"]
    assert (tour.first_date, tour.last_date, tour.cycle_weeks) == (
        dt.date(2027, 1, 11),
        dt.date(2027, 3, 28),
        2,
    )
    assert list(tour.breaks.values_list("reason", flat=True)) == ["Hiihtoloma"]
    # Its home lists the tours link for a coordinator.
    assert 'href="/fi/leader/tours/"' in client.get("/fi/leader/").content.decode()


def test_a_coordinator_cannot_set_up_a_tour_for_another_organization(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        "/fi/leader/tours/new/",
        {"organization": world["county_org"].pk, "name_fi": "Vieras", "cycle_weeks": "1"},
    )
    assert response.status_code == 400
    assert not Tour.objects.filter(name_fi="Vieras").exists()


def stop_data(world, **changes):
    return {
        "room": world["room"].pk,
        "weeks": ["2"],
        "weekday": "3",
        "start_time": "13.00",
        "end_time": "15:00",
    } | changes


def test_preview_shows_the_visits_and_saves_nothing_then_save_adds_the_stop(client, world):
    client.force_login(world["coordinator"])
    url = urls(world)["stop_add"]
    response = client.post(url, stop_data(world) | {"preview": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Esikatselu: tulevien 8 viikon käynnit" in page
    assert TourStop.objects.filter(tour=world["tour"]).count() == 1
    response = client.post(url, stop_data(world))
    assert response.status_code == 302
    added = TourStop.objects.filter(tour=world["tour"]).exclude(pk=world["stop"].pk).get()
    assert (added.week_of_cycle, added.series.first_date) == (2, dt.date(2027, 1, 21))


def test_a_clash_is_shown_with_its_dates_and_can_be_skipped(client, world):
    client.force_login(world["coordinator"])
    url = urls(world)["stop_add"]
    clash = stop_data(world, weeks=["1"], weekday=str(TUE), start_time="11:00", end_time="12:00")
    response = client.post(url, clash)
    assert response.status_code == 400
    assert "Perheauto" in response.content.decode()  # who holds the room
    assert TourStop.objects.filter(tour=world["tour"]).count() == 1
    assert client.post(url, clash | {"skip_clashes": "on"}).status_code == 302


def test_bad_dates_are_refused_on_the_form(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        urls(world)["edit"],
        {"name_fi": "Perheauto", "cycle_weeks": "2", "first_date": "11.1.2027", "last_date": "1.1.2030"},
    )
    assert response.status_code == 400
    assert Tour.objects.get(pk=world["tour"].pk).last_date == dt.date(2027, 3, 28)


def test_cancelling_a_visit_tells_the_families_and_keeps_the_others(client, world):
    client.force_login(world["coordinator"])
    url = urls(world)["visit_cancel"]
    response = client.post(url, {"reason": "Auto on huollossa."})
    assert response.status_code == 302
    sessions = Session.objects.filter(group=world["tour"].group).order_by("start")
    assert sessions[0].is_cancelled
    assert sessions[0].cancel_reason_fi == "Auto on huollossa."
    assert not sessions[1].is_cancelled


def test_moving_a_visit(client, world):
    client.force_login(world["coordinator"])
    visit = Session.objects.filter(group=world["tour"].group).order_by("start").first()
    response = client.post(
        urls(world)["visit_move"],
        {"date": "13.1.2027", "start_time": "12:00", "end_time": "13:30", "room": world["room"].pk},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.start.astimezone(HEL) == dt.datetime(2027, 1, 13, 12, tzinfo=HEL)


def test_removing_a_stop(client, world):
    client.force_login(world["coordinator"])
    assert client.post(urls(world)["stop_remove"], {}).status_code == 302
    assert not TourStop.objects.filter(pk=world["stop"].pk).exists()
    assert not Session.objects.filter(group=world["tour"].group).exists()


def test_the_group_pages_refuse_a_stops_series(client, world):
    client.force_login(world["coordinator"])
    series = world["stop"].series
    url = f"/fi/leader/groups/{world['tour'].group.slug}/series/{series.pk}/"
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"room": world["room"].pk, "weekdays": ["3"], "start_time": "14:00"}).status_code
        == 404
    )
    series.refresh_from_db()
    assert series.start_time == dt.time(10)


def test_editing_the_tour_realigns_its_stops_and_sets_the_team(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        urls(world)["edit"],
        {
            "name_fi": "Perheauto",
            "cycle_weeks": "1",
            "first_date": "11.1.2027",
            "last_date": "28.3.2027",
            "leaders": [world["leader"].pk],
        },
    )
    assert response.status_code == 302
    tour = Tour.objects.get(pk=world["tour"].pk)
    series = TourStop.objects.get(pk=world["stop"].pk).series
    assert series.interval_weeks == 1
    assert list(tour.group.leaders.all()) == [world["leader"]]
    assert Session.objects.filter(series=series, start__date=dt.date(2027, 1, 19)).exists()


def test_changing_a_stop_moves_its_coming_visits(client, world):
    client.force_login(world["coordinator"])
    url = urls(world)["stop_edit"]
    form = client.get(url).context["form"]
    assert (form["weeks"].value(), form["weekday"].value(), form["room"].value()) == (
        1,
        TUE,
        world["room"].pk,
    )
    data = stop_data(world, weeks="2", weekday="3", start_time="9:30", end_time="11:30")
    assert client.post(url, data | {"preview": "1"}).status_code == 200
    assert TourStop.objects.get(pk=world["stop"].pk).week_of_cycle == 1  # the preview saved nothing
    assert client.post(url, data).status_code == 302
    stop = TourStop.objects.get(pk=world["stop"].pk)
    assert stop.week_of_cycle == 2
    days = [s.start.astimezone(HEL) for s in stop.series.sessions.order_by("start")]
    assert days[0] == dt.datetime(2027, 1, 21, 9, 30, tzinfo=HEL)
    assert {d.weekday() for d in days} == {3}
