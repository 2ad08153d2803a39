"""Deactivating a tour (/fi/leader/tours/<slug>/deactivate/) and bringing it back; a new tour's team.

A deactivated tour leaves the public tour pages, search, the API and its feed (404, as a
deactivated organization's or venue's scopes answer); the families signed up for its coming
visits are told, through the visits' cancellation; its history stays; only the coordinators
of the organization that runs it may do it.
"""

import pytest

from bookings.models import Notice
from bookings.services.signups import Contact, Party, signup_create
from events.models import Group, Session, Tour
from events.services.tour_status import tour_deactivate, tour_reactivate
from events.services.tours import TourError
from tests.events.test_tours_workspace import make_world
from tests.factories import MembershipFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture
def world():
    return make_world()


def deactivate_url(tour):
    return f"/fi/leader/tours/{tour.slug}/deactivate/"


def reactivate_url(tour):
    return f"/fi/leader/tours/{tour.slug}/reactivate/"


def visits(tour):
    return Session.objects.filter(group=tour.group).order_by("start")


def sign_up_for(session):
    Group.objects.filter(pk=session.group_id).update(
        signup_mode=Group.SignUpMode.PER_SESSION, capacity_people=10, capacity_prams=5
    )
    session.refresh_from_db()
    return signup_create(
        actor=None,
        session=session,
        contact=Contact(name="Aino Aalto", email="aino@example.fi"),
        party=Party(adults=1, children_under_1=1),
        consent=True,
    )


def public_surfaces(client, tour) -> dict[str, bool]:
    """Where the tour shows to families: its pages, its group's feed, search, the API."""
    visit = visits(tour).first()
    return {
        "tour_page": client.get(f"/fi/tours/{tour.slug}/").status_code == 200,
        "tour_list": "Perheauto" in client.get("/fi/tours/").content.decode(),
        "group_page": client.get(f"/fi/groups/{tour.group.slug}/").status_code == 200,
        "visit_page": client.get(f"/fi/sessions/{visit.pk}/").status_code == 200,
        "feed": client.get(f"/feeds/group/{tour.group.slug}.ics").status_code == 200,
        "search": f"/fi/groups/{tour.group.slug}/" in client.get("/fi/", {"q": "Perheauto"}).content.decode()
        or f"/fi/sessions/{visit.pk}/" in client.get("/fi/", {"q": "Perheauto"}).content.decode(),
        "api": tour.group.slug in client.get("/api/v1/groups").content.decode(),
    }


def test_a_deactivated_tour_leaves_every_public_surface_keeps_its_history_and_comes_back(client, world):
    tour = world["tour"]
    Group.objects.filter(pk=tour.group_id).update(visibility=Group.Visibility.PUBLIC)
    assert all(public_surfaces(client, tour).values()), public_surfaces(client, tour)
    count = visits(tour).count()

    coordinator = MembershipFactory(organization=world["owner"], role=Membership.Role.COORDINATOR).user
    client.force_login(coordinator)
    page = client.get(deactivate_url(tour)).content.decode()
    assert "Kukaan ei ole ilmoittautunut" in page
    response = client.post(deactivate_url(tour), {})
    assert response.status_code == 302
    assert response["Location"] == f"/fi/leader/tours/{tour.slug}/"
    client.logout()

    assert not any(public_surfaces(client, tour).values()), public_surfaces(client, tour)
    assert client.get(f"/feeds/group/{tour.group.slug}.ics").status_code == 404
    # History stays: the tour, its stops and every visit, none cancelled.
    tour = Tour.objects.get(pk=tour.pk)
    assert not tour.is_active
    assert tour.stops.count() == 1
    assert visits(tour).count() == count
    assert not visits(tour).filter(status=Session.Status.CANCELLED).exists()
    # Its coordinators still see it, marked, and bring it back.
    client.force_login(coordinator)
    page = client.get(f"/fi/leader/tours/{tour.slug}/").content.decode()
    assert reactivate_url(tour) in page
    assert f"/fi/leader/tours/{tour.slug}/stops/new/" not in page  # no new stops while inactive
    assert "Aktivoi kiertue uudelleen, jotta voit lisätä pysäkkejä." in page
    assert client.post(reactivate_url(tour)).status_code == 302
    client.logout()
    assert all(public_surfaces(client, tour).values())


def test_the_families_signed_up_for_coming_visits_are_told(client, world, django_capture_on_commit_callbacks):
    tour = world["tour"]
    first, second = visits(tour)[:2]
    sign_up_for(first)
    client.force_login(world["coordinator"])
    page = client.get(deactivate_url(tour)).content.decode()
    assert 'name="reason"' in page

    # Without a reason: refused on the form, nothing changed.
    response = client.post(deactivate_url(tour), {"reason": "  "})
    assert response.status_code == 400
    assert "miksi käynnit perutaan" in response.content.decode()  # the refusal, on the reason field
    assert response.context["form"].errors["reason"]
    assert Tour.objects.get(pk=tour.pk).is_active
    assert not visits(tour).filter(status=Session.Status.CANCELLED).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(deactivate_url(tour), {"reason": "Perheauto lopettaa."})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_cancelled
    assert first.cancel_reason_fi == "Perheauto lopettaa."
    assert not second.is_cancelled  # nobody to tell: hidden with the tour, back if it returns
    assert Notice.objects.filter(session=first, kind=Notice.Kind.SESSION_CANCELLED).count() == 1

    # Reactivated, the cancelled visit stays cancelled: the family was told so.
    tour_reactivate(actor=world["coordinator"], tour=tour)
    first.refresh_from_db()
    assert first.is_cancelled


def test_deactivating_twice_tells_nobody_twice(world, django_capture_on_commit_callbacks):
    tour = world["tour"]
    sign_up_for(visits(tour).first())
    with django_capture_on_commit_callbacks(execute=True):
        assert tour_deactivate(actor=world["coordinator"], tour=tour, reason="Loppu.").cancelled == 1
        assert tour_deactivate(actor=world["coordinator"], tour=tour, reason="Loppu.").cancelled == 0
    assert Notice.objects.filter(kind=Notice.Kind.SESSION_CANCELLED).count() == 1


def test_a_tour_of_an_inactive_organization_is_not_reactivated(world):
    tour = world["tour"]
    tour_deactivate(actor=world["coordinator"], tour=tour)
    world["owner"].is_active = False
    world["owner"].save()
    with pytest.raises(TourError) as error:
        tour_reactivate(actor=world["coordinator"], tour=tour)
    assert error.value.code == "inactive_organization"
    assert not Tour.objects.get(pk=tour.pk).is_active


@pytest.mark.parametrize("who", ["leader", "outsider", "county"])
def test_only_the_owners_coordinators_deactivate_or_reactivate(client, world, who):
    """The organization's leader, another organization's coordinator, the county's: 404, nothing changes."""
    tour = world["tour"]
    client.force_login(world[who])
    assert client.get(deactivate_url(tour)).status_code == 404
    assert client.post(deactivate_url(tour), {"reason": "X"}).status_code == 404
    assert Tour.objects.get(pk=tour.pk).is_active
    Tour.objects.filter(pk=tour.pk).update(is_active=False)
    Group.objects.filter(pk=tour.group_id).update(is_active=False)
    assert client.post(reactivate_url(tour)).status_code == 404
    assert not Tour.objects.get(pk=tour.pk).is_active
    assert not Group.objects.get(pk=tour.group_id).is_active


def test_the_same_organizations_coordinator_deactivates(client, world):
    client.force_login(world["coordinator"])
    assert client.get(deactivate_url(world["tour"])).status_code == 200
    assert client.post(deactivate_url(world["tour"])).status_code == 302
    assert not Tour.objects.get(pk=world["tour"].pk).is_active
    assert not Group.objects.get(pk=world["tour"].group_id).is_active


def test_reactivate_is_a_post(client, world):
    client.force_login(world["coordinator"])
    assert client.get(reactivate_url(world["tour"])).status_code == 405


def test_a_deactivated_tour_takes_no_new_stop(world):
    from events.services.tours import tour_stop_add

    tour = world["tour"]
    tour_deactivate(actor=world["coordinator"], tour=tour)
    with pytest.raises(TourError) as error:
        tour_stop_add(
            actor=world["coordinator"],
            tour=tour,
            venue=world["room"].venue,
            room=world["room"],
            week_of_cycle=2,
            weekday=3,
            start_time=world["stop"].series.start_time,
            duration_minutes=60,
        )
    assert error.value.code == "inactive"


# --- the team, on the create page --------------------------------------------------------------------


def create_data(world, **changes):
    return {
        "organization": world["owner"].pk,
        "name_fi": "Toinen auto",
        "cycle_weeks": "1",
        "first_date": "11.1.2027",
        "last_date": "28.3.2027",
    } | changes


def test_the_team_is_chosen_when_the_tour_is_created(client, world):
    client.force_login(world["coordinator"])
    form = client.get("/fi/leader/tours/new/").context["form"]
    assert set(form.fields["leaders"].queryset) >= {world["coordinator"], world["leader"]}
    assert world["outsider"] not in form.fields["leaders"].queryset
    assert form["leaders"].value() == [world["coordinator"].pk]  # the coordinator, unless unticked

    response = client.post("/fi/leader/tours/new/", create_data(world, leaders=[world["leader"].pk]))
    assert response.status_code == 302
    tour = Tour.objects.get(name_fi="Toinen auto")
    assert list(tour.group.leaders.all()) == [world["leader"]]
    client.force_login(world["leader"])
    assert tour.group.slug in client.get("/fi/leader/groups/").content.decode()


def test_a_team_member_from_another_of_ones_organizations_is_refused(client, world):
    """Someone coordinating two organizations sees both's members; the tour's must be its own."""
    MembershipFactory(
        organization=world["county_org"], role=Membership.Role.COORDINATOR, user=world["coordinator"]
    )
    stranger = MembershipFactory(organization=world["county_org"], role=Membership.Role.LEADER).user
    client.force_login(world["coordinator"])
    response = client.post("/fi/leader/tours/new/", create_data(world, leaders=[stranger.pk]))
    assert response.status_code == 400
    assert response.context["form"].errors["leaders"]
    assert not Tour.objects.filter(name_fi="Toinen auto").exists()
    assert not Group.objects.filter(title_fi="Toinen auto").exists()


def test_someone_outside_every_organization_is_not_offered(client, world):
    client.force_login(world["coordinator"])
    response = client.post("/fi/leader/tours/new/", create_data(world, leaders=[world["outsider"].pk]))
    assert response.status_code == 400
    assert "leaders" in response.context["form"].errors
    assert not Tour.objects.filter(name_fi="Toinen auto").exists()


def test_the_create_page_names_each_team_members_organization(client, world):
    """A coordinator of two organizations sees whose member each person is (the service refuses a
    member of the other one: the label says so before the form is sent)."""
    MembershipFactory(
        organization=world["county_org"], role=Membership.Role.COORDINATOR, user=world["coordinator"]
    )
    stranger = MembershipFactory(organization=world["county_org"], role=Membership.Role.LEADER).user
    client.force_login(world["coordinator"])
    field = client.get("/fi/leader/tours/new/").context["form"].fields["leaders"]
    labels = {value.value: label for value, label in field.choices}
    assert labels[stranger.pk] == f"{stranger} – Varha"
    assert labels[world["leader"].pk] == f"{world['leader']} – Kustavin kunta"
    assert labels[world["coordinator"].pk] == f"{world['coordinator']} – Kustavin kunta, Varha"
