"""Venue deactivation and photo order in the workspace (venues/views_venue_extra.py), through HTTP."""

import pytest
from django.test import Client

from accessibility.models import AccessibilityChange
from events.models import Session
from tests.events.test_public_pages import days_ahead, make_group, schedule
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    VenueFactory,
    VenuePhotoFactory,
)
from venues.models import Membership, Venue, VenuePhoto
from venues.services.venue_extra import photo_move

pytestmark = pytest.mark.django_db

COORDINATOR = Membership.Role.COORDINATOR
LEADER = Membership.Role.LEADER
EDIT = "/fi/leader/venues/aurinko/"
DEACTIVATE = EDIT + "deactivate/"
REACTIVATE = EDIT + "reactivate/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def venue():
    turku = MunicipalityFactory(code="853", name_fi="Turku")
    organization = OrganizationFactory(slug="org-a", municipality=turku)
    return VenueFactory(slug="aurinko", name_fi="Perhekeskus Aurinko", organization=organization)


def member(venue, role):
    return MembershipFactory(organization=venue.organization, role=role).user


@pytest.fixture
def coordinator(venue):
    return member(venue, COORDINATOR)


@pytest.fixture
def outsider():
    return MembershipFactory(organization=OrganizationFactory(), role=COORDINATOR).user


# --- deactivation ----------------------------------------------------------------------------------


def public_answers(client: Client) -> dict[str, object]:
    """What families and other sites see of the venue and its group."""
    return {
        "page": client.get("/fi/venues/aurinko/").status_code,
        "venue_feed": client.get("/feeds/venue/aurinko.ics").status_code,
        "in_municipality_feed": b"Vauvaryhm" in client.get("/feeds/municipality/853.ics").content,
        "embed": client.get("/embed/venue/aurinko/").status_code,
        "in_municipality_embed": "Vauvaryhm" in client.get("/embed/municipality/853/").content.decode(),
        "in_api": "aurinko" in client.get("/api/v1/venues").content.decode(),
        "in_search": "Vauvaryhm" in client.get("/fi/", {"q": "Aurinko"}).content.decode(),
    }


SHOWN = {
    "page": 200,
    "venue_feed": 200,
    "in_municipality_feed": True,
    "embed": 200,
    "in_municipality_embed": True,
    "in_api": True,
    "in_search": True,
}
HIDDEN = {
    "page": 404,
    "venue_feed": 404,
    "in_municipality_feed": False,
    "embed": 404,
    "in_municipality_embed": False,
    "in_api": False,
    "in_search": False,
}


def test_a_deactivated_venue_leaves_every_public_surface_keeps_its_history_and_comes_back(venue, coordinator):
    room = RoomFactory(venue=venue, name_fi="Perhehuone")
    group = make_group(room, "Vauvaryhmä")
    schedule(group, room, days_ahead(2), days_ahead(20))
    AccessibilityChange.objects.create(venue=venue, changes={"entrance_steps": [None, 0]})
    public = Client()
    assert public_answers(public) == SHOWN

    editor = client_for(coordinator)
    confirm = editor.get(DEACTIVATE)
    assert confirm.status_code == 200
    assert "Mitään ei poisteta" in confirm.content.decode()
    response = editor.post(DEACTIVATE)
    assert response.status_code == 302
    assert response["Location"] == EDIT
    assert Venue.objects.get(pk=venue.pk).is_active is False
    assert public_answers(public) == HIDDEN
    # History stays: sessions, rooms and the accessibility log are all still there.
    assert Session.objects.filter(room=room).count() == 3
    assert AccessibilityChange.objects.filter(venue=venue).exists()
    page = editor.get(EDIT).content.decode()
    assert 'id="venue-inactive"' in page
    assert 'action="/fi/leader/venues/aurinko/reactivate/"' in page

    assert editor.post(REACTIVATE).status_code == 302
    assert Venue.objects.get(pk=venue.pk).is_active is True
    assert public_answers(public) == SHOWN


def test_deactivation_is_for_the_organizations_coordinators(venue, coordinator, outsider):
    anonymous = Client()
    for method in ("get", "post"):
        response = getattr(anonymous, method)(DEACTIVATE)
        assert response.status_code == 302
        assert response["Location"].startswith("/fi/accounts/login/")
    assert anonymous.post(REACTIVATE)["Location"].startswith("/fi/accounts/login/")

    leader = client_for(member(venue, LEADER))
    assert leader.get(DEACTIVATE).status_code == 403
    assert leader.post(DEACTIVATE).status_code == 403
    assert Venue.objects.get(pk=venue.pk).is_active is True

    stranger = client_for(outsider)
    assert stranger.get(DEACTIVATE).status_code == 404
    assert stranger.post(DEACTIVATE).status_code == 404
    Venue.objects.filter(pk=venue.pk).update(is_active=False)
    assert stranger.post(REACTIVATE).status_code == 404
    assert leader.post(REACTIVATE).status_code == 403
    assert Venue.objects.get(pk=venue.pk).is_active is False
    assert client_for(coordinator).post(REACTIVATE).status_code == 302
    assert Venue.objects.get(pk=venue.pk).is_active is True


def test_a_venue_of_an_inactive_organization_is_not_reactivated(venue, coordinator):
    Venue.objects.filter(pk=venue.pk).update(is_active=False)
    venue.organization.is_active = False
    venue.organization.save()
    response = client_for(coordinator).post(REACTIVATE, follow=True)
    assert response.status_code == 200
    assert "ei ole enää mukana" in response.content.decode()
    assert Venue.objects.get(pk=venue.pk).is_active is False


# --- photo order -----------------------------------------------------------------------------------


def move_url(photo) -> str:
    return f"/fi/leader/venues/aurinko/photos/{photo.pk}/move/"


def order(venue) -> list[int]:
    return list(
        VenuePhoto.objects.filter(venue=venue).order_by("position", "pk").values_list("pk", flat=True)
    )


@pytest.fixture
def photos(venue):
    return [VenuePhotoFactory(venue=venue, position=i, alt_text_fi=f"Kuva {i}") for i in range(3)]


def test_photos_move_up_and_down_without_javascript_and_the_public_page_follows(venue, photos):
    first, second, third = photos
    leader = client_for(member(venue, LEADER))  # leaders keep photos up to date too
    page = leader.get("/fi/leader/venues/aurinko/photos/").content.decode()
    # Plain forms: the first photo cannot move up, the last cannot move down.
    assert page.count('name="direction" value="up"') == 2
    assert page.count('name="direction" value="down"') == 2
    assert f'action="{move_url(first)}"' in page

    response = leader.post(move_url(third), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"] == f"/fi/leader/venues/aurinko/photos/#photo-{third.pk}"
    assert order(venue) == [first.pk, third.pk, second.pk]
    leader.post(move_url(first), {"direction": "down"})
    assert order(venue) == [third.pk, first.pk, second.pk]

    public = Client().get("/fi/venues/aurinko/").content.decode()
    positions = [public.find(f"Kuva {i}") for i in (2, 0, 1)]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_moving_past_the_ends_changes_nothing_and_a_bad_direction_is_refused(venue, photos, coordinator):
    first, second, third = photos
    editor = client_for(coordinator)
    editor.post(move_url(first), {"direction": "up"})
    editor.post(move_url(third), {"direction": "down"})
    assert order(venue) == [first.pk, second.pk, third.pk]
    response = editor.post(move_url(second), {"direction": "sideways"}, follow=True)
    assert order(venue) == [first.pk, second.pk, third.pk]
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == EDIT


def test_ties_in_old_positions_are_renumbered_on_the_first_move(venue, coordinator):
    a, b, c = (VenuePhotoFactory(venue=venue, position=0) for _ in range(3))
    photo_move(actor=coordinator, photo=c, direction="up")
    assert order(venue) == [a.pk, c.pk, b.pk]
    assert list(
        VenuePhoto.objects.filter(venue=venue).order_by("position").values_list("position", flat=True)
    ) == [
        0,
        1,
        2,
    ]


def test_photo_moves_are_for_the_venues_editors_only(venue, photos, outsider):
    first, second, _third = photos
    anonymous = Client().post(move_url(second), {"direction": "up"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/fi/accounts/login/")
    assert client_for(outsider).post(move_url(second), {"direction": "up"}).status_code == 404
    assert client_for(outsider).get(move_url(second)).status_code in (404, 405)
    assert order(venue)[0] == first.pk
    # A photo of another venue, through this venue's address: not found.
    other = VenuePhotoFactory(venue=VenueFactory(organization=venue.organization))
    coordinator = client_for(member(venue, COORDINATOR))
    assert coordinator.post(move_url(other), {"direction": "up"}).status_code == 404


# --- the coordinate picker -------------------------------------------------------------------------


def test_the_venue_forms_offer_a_map_and_allow_its_tiles_only_there(venue, coordinator, settings):
    settings.MAP_TILE_URL = "https://tile.example.fi/{z}/{x}/{y}.png"
    editor = client_for(coordinator)
    for url in (EDIT, "/fi/leader/venues/new/"):
        response = editor.get(url)
        page = response.content.decode()
        assert 'data-map-picker="map-picker-config"' in page, url
        assert 'data-latitude="id_latitude" data-longitude="id_longitude"' in page
        assert "js/venue-map-picker.js" in page
        assert '"decimal": ","' in page  # the Finnish page's fields take a decimal comma
        assert "https://tile.example.fi" in response["Content-Security-Policy"]
    assert "https://tile.example.fi" not in editor.get(DEACTIVATE)["Content-Security-Policy"]


def test_without_map_tiles_the_fields_are_all_there_is(venue, coordinator, settings):
    settings.MAP_TILE_URL = ""
    page = client_for(coordinator).get(EDIT).content.decode()
    assert "data-map-picker" not in page
    assert 'name="latitude"' in page
    assert 'name="longitude"' in page
