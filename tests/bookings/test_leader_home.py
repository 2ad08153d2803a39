"""The leader's home (/<lang>/leader/): my week with sign-ups and places, and the alerts.

Leaders see the sessions of the groups they lead, coordinators every group of their
organization, nobody another organization's. The page runs a constant number of queries
however many sessions there are.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bookings.models import Notice
from bookings.selectors_home import leader_home_get
from bookings.services.signups import Contact, Party, signup_create
from directory.models import Service
from events.models import Group, RoomReservation
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    SessionFactory,
)
from venues.models import Membership

pytestmark = pytest.mark.django_db


def reserve(session):
    RoomReservation.objects.create(room=session.room, session=session, start=session.start, end=session.end)
    return session


def sign_up(session, name="Aino Aalto"):
    return signup_create(
        actor=None,
        session=session,
        contact=Contact(name=name, email="aino@example.fi"),
        party=Party(adults=1, children_under_1=1),
        consent=True,
    )


@pytest.fixture
def world():
    organization = OrganizationFactory(slug="mll-a")
    coordinator = MembershipFactory(organization=organization, role=Membership.Role.COORDINATOR).user
    leader = MembershipFactory(organization=organization, role=Membership.Role.LEADER).user
    other_leader = MembershipFactory(organization=organization, role=Membership.Role.LEADER).user
    outsider = MembershipFactory(role=Membership.Role.COORDINATOR).user
    mine = GroupFactory(
        organization=organization,
        title_fi="Vauvaryhmä",
        leaders=[leader],
        signup_mode=Group.SignUpMode.PER_SESSION,
        capacity_people=2,
    )
    theirs = GroupFactory(organization=organization, title_fi="Isäryhmä", leaders=[other_leader])
    full = reserve(SessionFactory(group=mine))
    roomless = SessionFactory(group=theirs)
    sign_up(full)
    waiting = sign_up(full, name="Bertta Berg")
    return {
        "organization": organization,
        "coordinator": coordinator,
        "leader": leader,
        "outsider": outsider,
        "full": full,
        "roomless": roomless,
        "waiting_booking": waiting,
    }


def _ids(home):
    return {
        row.session.pk for days in (home.this_week, home.next_week) for day in days for row in day.sessions
    }


def test_a_leader_sees_the_sessions_of_their_groups_with_counts(world):
    home = leader_home_get(actor=world["leader"])
    assert _ids(home) == {world["full"].pk}
    (row,) = [r for days in (home.this_week, home.next_week) for d in days for r in d.sessions]
    assert (row.confirmed, row.waitlisted, row.places_left, row.has_room) == (1, 1, 0, True)
    assert [r.session.pk for r in home.full_with_waiting] == [world["full"].pk]
    assert home.without_room == []  # the other group's roomless session is not the leader's
    assert home.failed_emails == 0  # leaders do not answer for families' emails


def test_a_coordinator_sees_the_whole_organization_and_its_alerts(world):
    Notice.objects.create(
        booking=world["waiting_booking"].booking, kind=Notice.Kind.values[0], state=Notice.State.FAILED
    )
    Service.objects.create(slug="vertaistuki-a", name_fi="Vertaistuki", organization=world["organization"])
    checked = Service.objects.create(
        slug="kerho-a", name_fi="Kerho", organization=world["organization"], last_checked_at=timezone.now()
    )
    home = leader_home_get(actor=world["coordinator"])
    assert _ids(home) == {world["full"].pk, world["roomless"].pk}
    assert [r.session.pk for r in home.without_room] == [world["roomless"].pk]
    assert home.failed_emails == 1
    assert [s.slug for s in home.stale_services] == ["vertaistuki-a"]
    assert checked not in home.stale_services


def test_another_organizations_coordinator_sees_nothing(world):
    home = leader_home_get(actor=world["outsider"])
    assert _ids(home) == set()
    assert not home.has_alerts


def test_sessions_beyond_next_week_and_before_this_week_are_left_out(world):
    now = timezone.now()
    later = leader_home_get(actor=world["coordinator"], now=now + dt.timedelta(days=21))
    earlier = leader_home_get(actor=world["coordinator"], now=now - dt.timedelta(days=21))
    assert _ids(later) == set()
    assert _ids(earlier) == set()


def test_the_page_shows_my_week_in_finnish_with_a_link_to_participants(world):
    client = Client()
    client.force_login(world["leader"])
    page = client.get("/fi/leader/").content.decode()
    assert "Oma viikko" in page
    assert "Vauvaryhmä" in page
    assert f"/fi/leader/participants/sessions/{world['full'].pk}/" in page
    assert "Ilmoittautuneita 1 · jonossa 1 · paikkoja jäljellä 0" in page
    assert "Isäryhmä" not in page


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/fi/leader/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/")


def test_the_page_runs_a_constant_number_of_queries(world, django_assert_max_num_queries):
    client = Client()
    client.force_login(world["coordinator"])
    client.get("/fi/leader/")  # warm caches (sessions, content types)
    with django_assert_max_num_queries(9) as few:
        client.get("/fi/leader/")
    group = world["full"].group
    for days in range(2, 12):
        session = reserve(SessionFactory(group=group, start=world["full"].start + dt.timedelta(hours=days)))
        sign_up(session, name=f"Perhe {days}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/fi/leader/")
    assert response.content.decode().count("/fi/leader/participants/sessions/") >= 12


def test_a_county_coordinator_sees_the_county_organizations_groups_not_every_provider(world):
    county_org = OrganizationFactory(kind="county", municipality=None)
    county_coordinator = MembershipFactory(organization=county_org, role=Membership.Role.COORDINATOR).user
    room = RoomFactory(venue__organization=county_org, venue__municipality=MunicipalityFactory())
    group = GroupFactory(organization=county_org, title_fi="Kiertävä perhekeskus")
    tour = reserve(SessionFactory(group=group, room=room))
    home = leader_home_get(actor=county_coordinator)
    assert _ids(home) == {tour.pk}
    assert world["full"].pk not in _ids(home)
