"""The world the cross-cutting tests of tests/core open as every role: one organization with a
coordinator and a leader, a venue, a room, a photo, an opening exception, a group with a series of
sessions, a sign-up (and its manage token), feedback, a metrics API token, a directory service, a
tour with a stop and an embed origin; a coordinator of another organization."""

import datetime as dt

import pytest
from django.utils import timezone

from bookings.services.signups import Contact, Party, signup_create
from directory.models import Channel, Service
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from events.services.tour_updates import tour_stops_add
from events.services.tours import StopPlan, tour_create
from metrics.models import Feedback
from metrics.services.tokens import api_token_create
from tests.factories import MembershipFactory, OrganizationFactory, RoomFactory, VenuePhotoFactory
from venues.models import EmbedOrigin, Membership, OpeningException, OrganizationInvite


@pytest.fixture
def world():
    organization = OrganizationFactory(slug="mll-a")
    coordinator = MembershipFactory(organization=organization, role=Membership.Role.COORDINATOR).user
    leader_membership = MembershipFactory(organization=organization, role=Membership.Role.LEADER)
    leader = leader_membership.user
    outsider = MembershipFactory(organization=OrganizationFactory(), role=Membership.Role.COORDINATOR).user
    room = RoomFactory(venue__organization=organization, venue__slug="perhekeskus-a")
    venue = room.venue
    photo = VenuePhotoFactory(venue=venue)
    today = dt.date.today()  # noqa: DTZ011 (a date, not a moment)
    exception = OpeningException.objects.create(venue=venue, start_date=today, end_date=today)
    group = group_create(
        actor=leader,
        organization=organization,
        data={"title_fi": "Vauvaryhmä", "topic": "peer_support", "signup_mode": "per_session"},
    )
    series = series_create(
        actor=leader,
        group=group,
        spec=SeriesSpec(
            room=room,
            first_date=today + dt.timedelta(days=2),
            last_date=today + dt.timedelta(days=30),
            start_time=dt.time(10),
            duration_minutes=90,
            weekdays=((today + dt.timedelta(days=2)).weekday(),),
        ),
    ).series
    session = series.sessions.order_by("start").first()
    signup = signup_create(
        actor=None,
        session=session,
        contact=Contact(name="Maija Meikäläinen", email="maija@example.fi"),
        party=Party(adults=1, children_under_1=1),
        consent=True,
    )
    feedback = Feedback.objects.create(session=session, source=Feedback.Source.CODE, score=4)
    service = Service.objects.create(slug="vertaistuki-a", name_fi="Vertaistuki", organization=organization)
    channel = Channel.objects.create(
        kind=Channel.Kind.PHONE,
        name="Puhelin",
        name_fi="Puhelin",
        phone="0401234567",
        organization=organization,
    )
    service.channels.add(channel)
    tour = tour_create(
        actor=coordinator,
        organization=organization,
        name_fi="Perheauto",
        first_date=today,
        last_date=today + dt.timedelta(days=60),
    )
    (stop,) = tour_stops_add(
        actor=coordinator,
        tour=tour,
        plan=StopPlan(
            room=RoomFactory(venue=venue),
            weekday=(today + dt.timedelta(days=3)).weekday(),
            start_time=dt.time(10),
            duration_minutes=120,
            week_of_cycle=0,
        ),
        weeks=[1],
    )
    origin = EmbedOrigin.objects.create(organization=organization, origin="https://www.example.fi")
    api_token, _secret = api_token_create(actor=coordinator, organization=organization, name="Raportointi")
    invite = OrganizationInvite.objects.create(
        organization=organization,
        email="kutsuttu@example.fi",
        role=Membership.Role.COORDINATOR,
        token_hash="a" * 64,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    values = {
        "feedback": feedback.pk,
        "services": service.pk,
        "channels": channel.pk,
        "help": "new_baby",
        "organizations": organization.slug,
        "venues": venue.slug,
        "groups": group.slug,
        "series": series.pk,
        "sessions": session.pk,
        "rooms": room.pk,
        "members": leader_membership.pk,
        "exceptions": exception.pk,
        "photos": photo.pk,
        "signups": signup.signups[0].pk,
        "tours": tour.slug,
        "stops": stop.stop.pk,
        "visits": stop.stop.series.sessions.order_by("start").first().pk,
        "origins": origin.pk,
        "tokens": api_token.pk,
        "invites": invite.pk,
    }
    return {
        "values": values,
        "token": signup.token,
        "leader": leader,
        "coordinator": coordinator,
        "outsider": outsider,
        "group": group,
        "organization": organization,
        "room": room,
        "series": series,
        "session": session,
        "booking": signup.booking,
    }
