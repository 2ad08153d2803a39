"""Providers change and remove their local channels, with weekly and exceptional hours, in the
workspace (issue 10: "hours per channel"); PTV channels stay read-only; others' channels are 404."""

import datetime

import pytest
from django.test import Client

from directory.models import Channel, Service, ServiceHours, Source
from tests.directory.test_workspace import NEW, _form
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    UserFactory,
    VenueFactory,
)
from venues.models import Membership

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()  # noqa: DTZ011 (a date, not a moment)


@pytest.fixture
def coordinator(client):
    turku = MunicipalityFactory(code="853", name_fi="Turku")
    org = OrganizationFactory(name_fi="MLL Turku", municipality=turku)
    user = UserFactory()
    MembershipFactory(user=user, organization=org, role=Membership.Role.COORDINATOR)
    client.force_login(user)
    return org


@pytest.fixture
def channel(client, coordinator):
    client.post(NEW, _form(coordinator))
    service = Service.objects.get()
    venue = VenueFactory(organization=coordinator, municipality=coordinator.municipality)
    client.post(
        f"/fi/leader/services/{service.pk}/channels/new/",
        {"kind": "visit", "name_fi": "Kahvila", "venue": venue.pk, "opens_1": "10:00", "closes_1": "12:00"},
    )
    return Channel.objects.get()


def _url(channel, suffix=""):
    return f"/fi/leader/services/{channel.services.order_by('pk').first().pk}/channels/{channel.pk}/{suffix}"


def _data(channel, **extra):
    data = {
        "kind": "visit",
        "name_fi": "Kahvila",
        "venue": channel.venue_id,
        "opens_1": "10:00",
        "closes_1": "12:00",
    }
    data.update(extra)
    return data


def _hours(channel):
    return sorted(
        (h.kind, h.weekday, h.valid_from, h.is_closed, h.opens, h.closes) for h in channel.hours.all()
    )


def test_the_edit_page_shows_the_stored_hours(client, channel):
    page = client.get(_url(channel)).content.decode()
    assert 'name="opens_1" value="10.00' in page  # Finnish time format
    assert 'name="closes_1" value="12.00' in page
    assert _url(channel, "remove/") in page


def test_weekly_hours_are_replaced_and_an_exceptional_closure_added(client, channel):
    christmas = TODAY + datetime.timedelta(days=20)
    response = client.post(
        _url(channel),
        _data(
            channel,
            opens_1="",
            closes_1="",
            opens_3="09:00",
            closes_3="11:30",
            exception_from=christmas.isoformat(),
            exception_to=(christmas + datetime.timedelta(days=2)).isoformat(),
            exception_closed="on",
            exception_info="Joulutauko",
        ),
    )
    assert response.status_code == 302
    hours = list(channel.hours.order_by("kind"))
    assert [(h.kind, h.weekday, h.opens, h.closes) for h in hours if h.kind == "weekly"] == [
        ("weekly", 3, datetime.time(9), datetime.time(11, 30))
    ]
    (closure,) = [h for h in hours if h.kind == ServiceHours.Kind.EXCEPTIONAL]
    assert (closure.valid_from, closure.is_closed, closure.info) == (christmas, True, "Joulutauko")
    # The next save offers it for removal, and removes it when ticked.
    page = client.get(_url(channel)).content.decode()
    assert "Joulutauko" in page
    client.post(_url(channel), _data(channel, remove_exceptions=[closure.pk]))
    assert not channel.hours.filter(kind=ServiceHours.Kind.EXCEPTIONAL).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"exception_from": "2030-13-01", "exception_closed": "on"}, "exception_from"),
        (
            {"exception_from": (TODAY + datetime.timedelta(days=900)).isoformat(), "exception_closed": "on"},
            "exception_from",
        ),
        ({"exception_from": TODAY.isoformat()}, "exception_opens"),  # neither closed nor times
        (
            {"exception_from": TODAY.isoformat(), "exception_opens": "12:00", "exception_closes": "10:00"},
            "exception_closes",
        ),
        (
            {
                "exception_from": TODAY.isoformat(),
                "exception_to": (TODAY - datetime.timedelta(days=1)).isoformat(),
                "exception_closed": "on",
            },
            "exception_to",
        ),
        ({"exception_opens": "10:00", "exception_closes": "12:00"}, "exception_from"),
        ({"opens_1": "12:00", "closes_1": "10:00"}, "closes_1"),
        ({"venue": "", "name_fi": "Kahvila"}, "venue"),
    ],
)
def test_bad_hours_are_refused_and_change_nothing(client, channel, extra, field):
    before = _hours(channel)
    response = client.post(_url(channel), _data(channel, **extra))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert _hours(channel) == before


def test_removing_a_channel_takes_its_hours(client, channel):
    service = channel.services.get()
    assert client.get(_url(channel, "remove/")).status_code == 200
    response = client.post(_url(channel, "remove/"))
    assert response.status_code == 302
    assert not Channel.objects.filter(pk=channel.pk).exists()
    assert not ServiceHours.objects.exists()
    assert service.channels.count() == 0


def test_a_channel_shared_with_another_service_stays_for_it(client, channel, coordinator):
    other = Service.objects.create(slug="toinen", name_fi="Toinen", organization=coordinator)
    other.channels.add(channel)
    client.post(_url(channel, "remove/"))
    assert list(other.channels.all()) == [channel]


def test_others_and_ptv_channels_cannot_be_changed(client, channel, coordinator):
    outsider = MembershipFactory(organization=OrganizationFactory(), role=Membership.Role.COORDINATOR).user
    other = Client()
    other.force_login(outsider)
    for suffix in ("", "remove/"):
        assert other.get(_url(channel, suffix)).status_code == 404
        assert other.post(_url(channel, suffix), _data(channel, name_fi="Vallattu")).status_code == 404
    assert Channel.objects.filter(pk=channel.pk, name_fi="Kahvila").exists()
    anonymous = Client().get(_url(channel))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    Channel.objects.filter(pk=channel.pk).update(
        source=Source.PTV, ptv_id="3f1c0c1e-0000-4000-8000-000000000001"
    )
    assert client.get(_url(channel)).status_code == 404
    assert client.post(_url(channel, "remove/")).status_code == 404
    assert Channel.objects.filter(pk=channel.pk).exists()
