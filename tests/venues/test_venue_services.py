"""Venue services and their editors' selectors: rights, slugs, rooms, hours and exceptions."""

from datetime import date, time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from core.errors import PermissionRefused
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RoomFactory,
    UserFactory,
    VenueFactory,
)
from venues.models import Membership, OpeningException, OpeningHours, Room, Venue
from venues.selectors import (
    organization_list_for_venue_create,
    venue_get_for_editor,
    venue_list_for_editor,
)
from venues.services.venues import (
    HoursRange,
    VenueError,
    opening_exception_add,
    opening_exception_delete,
    opening_hours_set,
    room_create,
    room_delete,
    room_update,
    venue_create,
    venue_update,
)

pytestmark = pytest.mark.django_db

COORDINATOR = Membership.Role.COORDINATOR
LEADER = Membership.Role.LEADER


@pytest.fixture
def org():
    return OrganizationFactory(slug="org-a", name_fi="Perhekeskus A")


@pytest.fixture
def other_org():
    return OrganizationFactory(slug="org-b")


@pytest.fixture
def coordinator(org):
    return MembershipFactory(organization=org, role=COORDINATOR).user


@pytest.fixture
def leader(org):
    return MembershipFactory(organization=org, role=LEADER).user


@pytest.fixture
def stranger(other_org):
    """A coordinator, but of another organization."""
    return MembershipFactory(organization=other_org, role=COORDINATOR).user


@pytest.fixture
def venue(org):
    return VenueFactory(organization=org, slug="perhekeskus-a", name_fi="Perhekeskus A")


def venue_data(municipality, **overrides):
    data = {
        "kind": Venue.Kind.FAMILY_CENTRE,
        "municipality": municipality,
        "name_fi": "Perhekeskus Äijänpää",
        "name_sv": "",
        "name_en": "",
        "street_address_fi": "Kauppiaskatu 5",
        "street_address_sv": "Köpmansgatan 5",
        "street_address_en": "",
        "post_office_fi": "Turku",
        "post_office_sv": "Åbo",
        "post_office_en": "",
        "postal_code": "20100",
        "description_fi": "",
        "directions_fi": "Bussi 1",
    }
    return {**data, **overrides}


def room_data(**overrides):
    return {"name_fi": "Perhehuone", "name_sv": "", "name_en": "", "capacity_people": 20, **overrides}


# --- venue_create ---------------------------------------------------------------------------------


def test_coordinator_creates_a_venue_with_an_ascii_slug_from_the_finnish_name(coordinator, org):
    venue = venue_create(actor=coordinator, organization=org, data=venue_data(org.municipality))
    venue.refresh_from_db()
    assert venue.slug == "perhekeskus-aijanpaa"
    assert venue.organization == org
    assert venue.street_address_sv == "Köpmansgatan 5"
    # Empty translations are stored as NULL, so the Finnish text shows instead.
    assert venue.name_sv is None
    with translation.override("sv"):
        assert venue.name == "Perhekeskus Äijänpää"
        assert venue.post_office == "Åbo"


def test_slugs_are_unique_with_a_numeric_suffix(coordinator, org):
    slugs = [
        venue_create(actor=coordinator, organization=org, data=venue_data(org.municipality)).slug
        for _ in range(3)
    ]
    assert slugs == ["perhekeskus-aijanpaa", "perhekeskus-aijanpaa-2", "perhekeskus-aijanpaa-3"]


def test_a_name_that_would_shadow_a_page_gets_a_suffix(coordinator, org):
    venue = venue_create(
        actor=coordinator, organization=org, data=venue_data(org.municipality, name_fi="New")
    )
    assert venue.slug == "new-2"


def test_a_name_without_latin_letters_still_gets_a_slug(coordinator, org):
    venue = venue_create(
        actor=coordinator, organization=org, data=venue_data(org.municipality, name_fi="Дом")
    )
    assert venue.slug == "venue"


def test_html_is_stored_as_typed(coordinator, org):
    name = '<script>alert("x")</script> Perhe'
    venue = venue_create(actor=coordinator, organization=org, data=venue_data(org.municipality, name_fi=name))
    venue.refresh_from_db()
    assert venue.name_fi == name
    assert venue.slug == "scriptalertxscript-perhe"


@pytest.mark.parametrize("who", ["leader", "stranger", "anonymous", "nobody"])
def test_only_coordinators_create_venues(who, request, org):
    actor = {
        "leader": lambda: request.getfixturevalue("leader"),
        "stranger": lambda: request.getfixturevalue("stranger"),
        "anonymous": AnonymousUser,
        "nobody": lambda: None,
    }[who]()
    with pytest.raises(PermissionRefused) as error:
        venue_create(actor=actor, organization=org, data=venue_data(org.municipality))
    assert error.value.code == "forbidden"
    assert not Venue.objects.exists()


def test_platform_admin_creates_anywhere(org):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert venue_create(actor=admin, organization=org, data=venue_data(org.municipality)).pk


def test_an_unknown_municipality_is_refused(coordinator, org):
    with pytest.raises(VenueError) as error:
        venue_create(actor=coordinator, organization=org, data=venue_data(999_999))
    assert error.value.code == "invalid_municipality"
    assert "municipality" in error.value.field_errors
    assert not Venue.objects.exists()


def test_a_municipality_given_by_id_is_accepted(coordinator, org):
    other = MunicipalityFactory()
    venue = venue_create(actor=coordinator, organization=org, data=venue_data(other.pk))
    assert venue.municipality == other


def test_the_finnish_name_and_address_are_required(coordinator, org):
    with pytest.raises(VenueError) as error:
        venue_create(
            actor=coordinator,
            organization=org,
            data=venue_data(org.municipality, name_fi="  ", name_sv="Familjecentralen", post_office_fi=""),
        )
    assert error.value.code == "invalid"
    assert set(error.value.field_errors) == {"name_fi", "post_office_fi"}
    assert not Venue.objects.exists()


def test_model_validation_names_the_fields(coordinator, org):
    with translation.override("en"), pytest.raises(VenueError) as error:
        venue_create(
            actor=coordinator,
            organization=org,
            data=venue_data(org.municipality, postal_code="2010", latitude=60.45),
        )
    assert error.value.code == "invalid"
    assert "postal_code" in error.value.field_errors
    assert error.value.field_errors["__all__"] == ["Give both latitude and longitude, or neither."]
    assert not Venue.objects.exists()


def test_an_inactive_organization_gets_no_venues(coordinator, org):
    org.is_active = False
    org.save()
    with pytest.raises(VenueError) as error:
        venue_create(actor=coordinator, organization=org, data=venue_data(org.municipality))
    assert error.value.code == "inactive_organization"


def test_unknown_fields_are_a_programming_error(coordinator, org):
    with pytest.raises(TypeError):
        venue_create(actor=coordinator, organization=org, data=venue_data(org.municipality, slug="mine"))


# --- venue_update ---------------------------------------------------------------------------------


def test_renaming_keeps_the_slug(leader, venue):
    venue_update(actor=leader, venue=venue, data={"name_fi": "Uusi nimi", "name_en": "New name"})
    venue.refresh_from_db()
    assert (venue.name_fi, venue.name_en, venue.slug) == ("Uusi nimi", "New name", "perhekeskus-a")


def test_the_slug_cannot_be_changed_through_update(coordinator, venue):
    with pytest.raises(TypeError):
        venue_update(actor=coordinator, venue=venue, data={"slug": "elsewhere"})
    assert Venue.objects.get(pk=venue.pk).slug == "perhekeskus-a"


def test_a_coordinator_of_another_organization_cannot_update(stranger, venue):
    with pytest.raises(PermissionRefused) as error:
        venue_update(actor=stranger, venue=venue, data={"name_fi": "Kaapattu"})
    assert error.value.code == "forbidden"
    assert Venue.objects.get(pk=venue.pk).name_fi == "Perhekeskus A"


def test_update_refuses_an_empty_finnish_name(coordinator, venue):
    with pytest.raises(VenueError) as error:
        venue_update(actor=coordinator, venue=venue, data={"name_fi": ""})
    assert error.value.field_errors.keys() == {"name_fi"}
    assert Venue.objects.get(pk=venue.pk).name_fi == "Perhekeskus A"


def test_update_with_coordinates(coordinator, venue):
    venue_update(actor=coordinator, venue=venue, data={"latitude": "60.451800", "longitude": "22.266600"})
    venue.refresh_from_db()
    assert (str(venue.latitude), str(venue.longitude)) == ("60.451800", "22.266600")


# --- rooms ----------------------------------------------------------------------------------------


def test_leader_adds_edits_and_deletes_a_room(leader, venue):
    room = room_create(actor=leader, venue=venue, data=room_data(pram_spaces=4, has_changing_table=True))
    assert (room.venue, room.name_fi, room.name_sv, room.pram_spaces) == (venue, "Perhehuone", None, 4)
    room_update(actor=leader, room=room, data=room_data(name_fi="Iso sali", capacity_people=40))
    room.refresh_from_db()
    assert (room.name_fi, room.capacity_people) == ("Iso sali", 40)
    room_delete(actor=leader, room=room)
    assert not Room.objects.filter(pk=room.pk).exists()


def test_two_rooms_without_swedish_names_do_not_collide(coordinator, venue):
    room_create(actor=coordinator, venue=venue, data=room_data(name_fi="Sali"))
    room_create(actor=coordinator, venue=venue, data=room_data(name_fi="Keittiö"))
    assert Room.objects.filter(venue=venue).count() == 2


def test_a_duplicate_room_name_is_refused(coordinator, venue):
    RoomFactory(venue=venue, name_fi="Sali")
    with pytest.raises(VenueError) as error:
        room_create(actor=coordinator, venue=venue, data=room_data(name_fi="sali"))
    assert error.value.code == "duplicate_name"
    assert "name_fi" in error.value.field_errors
    assert Room.objects.filter(venue=venue).count() == 1


def test_the_same_room_name_in_another_venue_is_fine(coordinator, venue, org):
    RoomFactory(venue=VenueFactory(organization=org), name_fi="Sali")
    assert room_create(actor=coordinator, venue=venue, data=room_data(name_fi="Sali")).pk


def test_invalid_room_numbers_are_refused(coordinator, venue):
    with pytest.raises(VenueError) as error:
        room_create(actor=coordinator, venue=venue, data=room_data(capacity_people=0))
    assert error.value.code == "invalid"
    assert "capacity_people" in error.value.field_errors
    assert not Room.objects.exists()


def test_rooms_of_another_organization_are_out_of_reach(stranger, venue):
    room = RoomFactory(venue=venue, name_fi="Sali")
    for call in (
        lambda: room_create(actor=stranger, venue=venue, data=room_data()),
        lambda: room_update(actor=stranger, room=room, data=room_data(name_fi="Kaapattu")),
        lambda: room_delete(actor=stranger, room=room),
    ):
        with pytest.raises(PermissionRefused) as error:
            call()
        assert error.value.code == "forbidden"
    assert list(Room.objects.values_list("name_fi", flat=True)) == ["Sali"]


# --- opening hours --------------------------------------------------------------------------------


def hours(venue):
    return list(OpeningHours.objects.filter(venue=venue).values_list("weekday", "opens", "closes"))


def test_opening_hours_are_replaced_whole(leader, venue):
    OpeningHours.objects.create(venue=venue, weekday=4, opens=time(8), closes=time(16))
    opening_hours_set(
        actor=leader,
        venue=venue,
        rows=[HoursRange(0, time(13), time(16)), (0, time(9), time(12)), (2, time(9), time(15))],
    )
    assert hours(venue) == [(0, time(9), time(12)), (0, time(13), time(16)), (2, time(9), time(15))]


def test_no_rows_close_every_day(coordinator, venue):
    OpeningHours.objects.create(venue=venue, weekday=4, opens=time(8), closes=time(16))
    opening_hours_set(actor=coordinator, venue=venue, rows=[])
    assert hours(venue) == []


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([(1, time(12), time(9))], "closes_before_opens"),
        ([(1, time(9), time(9))], "closes_before_opens"),
        ([(1, time(9), time(12)), (1, time(11), time(14))], "overlap"),
        ([(1, time(9), time(12)), (1, time(9), time(12))], "overlap"),
        ([(7, time(9), time(12))], "invalid_weekday"),
    ],
)
def test_invalid_hours_are_refused_and_nothing_changes(coordinator, venue, rows, code):
    OpeningHours.objects.create(venue=venue, weekday=4, opens=time(8), closes=time(16))
    with pytest.raises(VenueError) as error:
        opening_hours_set(actor=coordinator, venue=venue, rows=[(0, time(9), time(12)), *rows])
    assert error.value.code == code
    assert hours(venue) == [(4, time(8), time(16))]


def test_hours_that_touch_are_not_an_overlap(coordinator, venue):
    opening_hours_set(actor=coordinator, venue=venue, rows=[(1, time(9), time(12)), (1, time(12), time(15))])
    assert len(hours(venue)) == 2


def test_the_refusal_names_the_day_in_the_users_language(coordinator, venue):
    with translation.override("en"), pytest.raises(VenueError) as error:
        opening_hours_set(actor=coordinator, venue=venue, rows=[(1, time(12), time(9))])
    assert str(error.value) == "Tuesday: the closing time must be after the opening time."


def test_hours_of_another_organization_are_out_of_reach(stranger, venue):
    with pytest.raises(PermissionRefused):
        opening_hours_set(actor=stranger, venue=venue, rows=[(1, time(9), time(12))])
    assert hours(venue) == []


# --- opening exceptions ---------------------------------------------------------------------------


def test_a_closed_exception_drops_any_times(leader, venue):
    exception = opening_exception_add(
        actor=leader,
        venue=venue,
        start_date=date(2025, 6, 20),
        end_date=date(2025, 6, 21),
        closed=True,
        opens=time(9),
        closes=time(12),
        reason_fi="Juhannus",
        reason_sv="Midsommar",
    )
    exception.refresh_from_db()
    assert (exception.closed, exception.opens, exception.closes) == (True, None, None)
    assert (exception.reason_fi, exception.reason_sv, exception.reason_en) == ("Juhannus", "Midsommar", None)


def test_an_exception_with_other_hours(coordinator, venue):
    exception = opening_exception_add(
        actor=coordinator,
        venue=venue,
        start_date=date(2025, 12, 23),
        end_date=date(2025, 12, 23),
        closed=False,
        opens=time(9),
        closes=time(12),
    )
    assert (exception.opens, exception.closes) == (time(9), time(12))


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        (
            {"start_date": date(2025, 6, 21), "end_date": date(2025, 6, 20), "closed": True},
            "end_before_start",
        ),
        ({"closed": False, "opens": time(9)}, "hours_required"),
        ({"closed": False, "opens": time(12), "closes": time(9)}, "closes_before_opens"),
        ({"start_date": date(2025, 6, 1), "end_date": date(2025, 6, 10), "closed": True}, "overlap"),
        ({"start_date": date(2025, 6, 10), "end_date": date(2025, 6, 10), "closed": True}, "overlap"),
    ],
)
def test_invalid_exceptions_are_refused(coordinator, venue, kwargs, code):
    OpeningException.objects.create(venue=venue, start_date=date(2025, 6, 10), end_date=date(2025, 6, 12))
    arguments = {"start_date": date(2025, 7, 1), "end_date": date(2025, 7, 1), **kwargs}
    with pytest.raises(VenueError) as error:
        opening_exception_add(actor=coordinator, venue=venue, **arguments)
    assert error.value.code == code
    assert OpeningException.objects.count() == 1


def test_exceptions_of_another_organization_are_out_of_reach(stranger, venue):
    exception = OpeningException.objects.create(
        venue=venue, start_date=date(2025, 6, 10), end_date=date(2025, 6, 12)
    )
    with pytest.raises(PermissionRefused):
        opening_exception_add(
            actor=stranger, venue=venue, start_date=date(2025, 7, 1), end_date=date(2025, 7, 1), closed=True
        )
    with pytest.raises(PermissionRefused):
        opening_exception_delete(actor=stranger, exception=exception)
    assert list(OpeningException.objects.all()) == [exception]


def test_an_exception_is_deleted(coordinator, venue):
    exception = OpeningException.objects.create(
        venue=venue, start_date=date(2025, 6, 10), end_date=date(2025, 6, 12)
    )
    opening_exception_delete(actor=coordinator, exception=exception)
    assert not OpeningException.objects.exists()


# --- selectors ------------------------------------------------------------------------------------


def test_editors_see_the_venues_of_their_organizations(leader, venue, other_org):
    VenueFactory(organization=other_org)
    assert list(venue_list_for_editor(actor=leader)) == [venue]
    assert venue_get_for_editor(actor=leader, slug=venue.slug) == venue


def test_others_get_not_found_as_if_the_venue_did_not_exist(stranger, venue):
    assert list(venue_list_for_editor(actor=stranger)) == []
    for actor in (stranger, AnonymousUser(), None):
        for slug in (venue.slug, "no-such-venue"):
            with pytest.raises(PermissionRefused) as error:
                venue_get_for_editor(actor=actor, slug=slug)
            assert error.value.code == "not_found"


def test_platform_admin_sees_every_venue(venue, other_org):
    other = VenueFactory(organization=other_org)
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert set(venue_list_for_editor(actor=admin)) == {venue, other}


def test_the_venue_list_takes_two_queries_however_many_venues(leader, org, django_assert_num_queries):
    def fetch():
        with django_assert_num_queries(2):
            return [
                (v.name, v.organization.name, v.municipality.name, [r.name for r in v.rooms.all()])
                for v in venue_list_for_editor(actor=leader)
            ]

    RoomFactory(venue=VenueFactory(organization=org))
    assert len(fetch()) == 1
    for _ in range(4):
        venue = VenueFactory(organization=org)
        RoomFactory.create_batch(3, venue=venue)
    rows = fetch()
    assert len(rows) == 5
    assert sum(len(rooms) for *_, rooms in rows) == 13


def test_only_coordinated_active_organizations_take_new_venues(coordinator, org, other_org):
    MembershipFactory(user=coordinator, organization=other_org, role=LEADER)
    inactive = OrganizationFactory(is_active=False)
    MembershipFactory(user=coordinator, organization=inactive, role=COORDINATOR)
    assert list(organization_list_for_venue_create(actor=coordinator)) == [org]
    assert list(organization_list_for_venue_create(actor=AnonymousUser())) == []
