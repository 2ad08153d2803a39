"""Keeping venues up to date in the workspace, through real HTTP requests (Django's test client)."""

import itertools
import re
from datetime import date, time, timedelta

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from tests.factories import MembershipFactory, OrganizationFactory, RoomFactory, UserFactory, VenueFactory
from venues import views_workspace
from venues.models import Membership, OpeningException, OpeningHours, Room, Venue

pytestmark = pytest.mark.django_db

COORDINATOR = Membership.Role.COORDINATOR
LEADER = Membership.Role.LEADER

VENUES = "/en/leader/venues/"
NEW = "/en/leader/venues/new/"
EDIT = "/en/leader/venues/perhekeskus-a/"
EDIT_B = "/en/leader/venues/perhekeskus-b/"


@pytest.fixture
def org_a():
    return OrganizationFactory(slug="org-a", name_fi="Perhekeskus A ry", name_en="Family centre A")


@pytest.fixture
def org_b():
    return OrganizationFactory(slug="org-b", name_fi="Järjestö B")


@pytest.fixture
def venue_a(org_a):
    return VenueFactory(organization=org_a, slug="perhekeskus-a", name_fi="Perhekeskus A")


@pytest.fixture
def venue_b(org_b):
    return VenueFactory(organization=org_b, slug="perhekeskus-b", name_fi="Perhekeskus B")


@pytest.fixture
def room_a(venue_a):
    return RoomFactory(venue=venue_a, name_fi="Perhehuone")


@pytest.fixture
def room_b(venue_b):
    return RoomFactory(venue=venue_b, name_fi="Sali B")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_coordinator_a(org_a):
    return client_for(MembershipFactory(organization=org_a, role=COORDINATOR).user)


@pytest.fixture
def as_leader_a(org_a):
    return client_for(MembershipFactory(organization=org_a, role=LEADER).user)


@pytest.fixture
def as_coordinator_b(org_b):
    """A coordinator, but of the other organization."""
    return client_for(MembershipFactory(organization=org_b, role=COORDINATOR).user)


def messages_in(response):
    return [str(message) for message in response.context["messages"]]


def snapshot():
    """Everything these pages may change: compare before and after a refusal."""
    return (
        sorted(
            Venue.objects.values_list("slug", "name_fi", "name_en", "street_address_fi", "organization_id")
        ),
        sorted(Room.objects.values_list("venue_id", "name_fi", "capacity_people")),
        sorted(OpeningHours.objects.values_list("venue_id", "weekday", "opens", "closes")),
        sorted(OpeningException.objects.values_list("venue_id", "start_date", "end_date", "closed")),
    )


def venue_form(municipality, **overrides):
    data = {
        "kind": Venue.Kind.OPEN_MEETING_PLACE,
        "municipality": municipality.pk,
        "name_fi": "Olohuone Äimä",
        "name_sv": "",
        "name_en": "Living room Äimä",
        "street_address_fi": "Linnankatu 3",
        "street_address_sv": "Slottsgatan 3",
        "street_address_en": "",
        "post_office_fi": "Turku",
        "post_office_sv": "Åbo",
        "post_office_en": "",
        "postal_code": "20100",
        "description_fi": "Avoin kaikille.",
        "description_sv": "",
        "description_en": "",
        "directions_fi": "",
        "directions_sv": "",
        "directions_en": "",
        "latitude": "",
        "longitude": "",
        "email": "",
        "phone": "",
        "website": "",
    }
    return {**data, **overrides}


def room_form(**overrides):
    return {
        "name_fi": "Sali",
        "name_sv": "",
        "name_en": "",
        "floor": "1",
        "capacity_people": "25",
        "pram_spaces": "8",
        "has_changing_table": "on",
        "is_bookable": "on",
        **overrides,
    }


def hours_form(days=None):
    """Form data for the weekly hours: {0: [("09:00", "12:00")], …}; other days closed."""
    days = days or {}
    data = {}
    for weekday in range(7):
        ranges = days.get(weekday, [])
        for index in (1, 2):
            opens, closes = ranges[index - 1] if index <= len(ranges) else ("", "")
            data[f"day{weekday}_opens{index}"] = opens
            data[f"day{weekday}_closes{index}"] = closes
    return data


def assert_accessible_form_page(body):
    main = body.split('id="main"', 1)[1]
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', main)
    assert ids
    for control_id in ids:
        if re.search(rf'id="{control_id}"[^>]*type="radio"|type="radio"[^>]*id="{control_id}"', main):
            continue  # radios are labelled by the label wrapping them
        assert f'for="{control_id}"' in main, control_id
    headings = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), headings
    assert main.count("<fieldset") == main.count("<legend")


# --- anonymous --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        VENUES,
        NEW,
        EDIT,
        f"{EDIT}rooms/new/",
        f"{EDIT}hours/",
        f"{EDIT}exceptions/",
        f"{EDIT}photos/",
    ],
)
def test_anonymous_is_sent_to_log_in(client, venue_a, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_anonymous_posts_change_nothing(client, venue_a, room_a):
    before = snapshot()
    responses = [
        client.post(NEW, venue_form(venue_a.municipality, organization=venue_a.organization_id)),
        client.post(EDIT, venue_form(venue_a.municipality)),
        client.post(f"{EDIT}rooms/{room_a.pk}/delete/"),
        client.post(f"{EDIT}hours/", hours_form({0: [("09:00", "12:00")]})),
        client.post(f"{EDIT}rooms/new/", room_form()),
    ]
    assert all(r.status_code == 302 and "/accounts/login/" in r["Location"] for r in responses)
    assert snapshot() == before


# --- the list and the workspace home -----------------------------------------------------------------


def test_home_links_to_the_venues(as_leader_a):
    body = as_leader_a.get("/en/leader/").content.decode()
    assert f'href="{VENUES}"' in body


def test_list_shows_own_venues_with_rooms(as_leader_a, venue_a, room_a, venue_b):
    response = as_leader_a.get(VENUES)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="{EDIT}"' in body
    assert "Perhehuone" in body
    assert "Perhekeskus B" not in body
    assert EDIT_B not in body


def test_leaders_do_not_get_the_add_button_coordinators_do(as_leader_a, as_coordinator_a, venue_a):
    assert f'href="{NEW}"' not in as_leader_a.get(VENUES).content.decode()
    assert f'href="{NEW}"' in as_coordinator_a.get(VENUES).content.decode()


# --- creating -----------------------------------------------------------------------------------------


def test_coordinator_creates_a_venue(as_coordinator_a, org_a):
    page = as_coordinator_a.get(NEW)
    assert page.status_code == 200
    assert_accessible_form_page(page.content.decode())
    response = as_coordinator_a.post(NEW, venue_form(org_a.municipality, organization=org_a.pk))
    assert response.status_code == 302
    assert response["Location"] == "/en/leader/venues/olohuone-aima/"
    venue = Venue.objects.get()
    assert (venue.organization, venue.name_en, venue.name_sv) == (org_a, "Living room Äimä", None)
    assert messages_in(as_coordinator_a.get(response["Location"])) == ["Living room Äimä was added."]


def test_the_organization_must_be_one_the_coordinator_coordinates(as_coordinator_a, org_a, org_b):
    body = as_coordinator_a.get(NEW).content.decode()
    assert "Järjestö B" not in body
    response = as_coordinator_a.post(NEW, venue_form(org_a.municipality, organization=org_b.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["organization"]
    assert not Venue.objects.exists()


def test_a_leader_cannot_create_venues(as_leader_a, org_a):
    assert as_leader_a.get(NEW).status_code == 403
    response = as_leader_a.post(NEW, venue_form(org_a.municipality, organization=org_a.pk))
    assert response.status_code == 403
    assert messages_in(response) == [
        "Only an organization's coordinators can add venues. Ask your coordinator."
    ]
    assert not Venue.objects.exists()


def test_missing_finnish_fields_are_shown_on_the_form(as_coordinator_a, org_a):
    response = as_coordinator_a.post(
        NEW, venue_form(org_a.municipality, organization=org_a.pk, name_fi="", street_address_fi="")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_name_fi_error"' in body
    assert 'href="#id_name_fi"' in body  # the error summary links to the field
    assert not Venue.objects.exists()


def test_a_service_refusal_is_shown_on_the_form(as_coordinator_a, org_a):
    response = as_coordinator_a.post(
        NEW, venue_form(org_a.municipality, organization=org_a.pk, latitude="60.45", longitude="")
    )
    assert response.status_code == 400
    assert "Give both latitude and longitude, or neither." in response.content.decode()
    assert not Venue.objects.exists()


# --- editing ------------------------------------------------------------------------------------------


def test_a_leader_edits_a_venue_and_the_slug_stays(as_leader_a, venue_a):
    page = as_leader_a.get(EDIT)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="Perhekeskus A"' in body
    assert_accessible_form_page(body)
    response = as_leader_a.post(EDIT, venue_form(venue_a.municipality, name_fi="Perhetalo Aurinko"))
    assert response.status_code == 302
    assert response["Location"] == EDIT
    venue_a.refresh_from_db()
    assert (venue_a.name_fi, venue_a.slug, venue_a.kind) == (
        "Perhetalo Aurinko",
        "perhekeskus-a",
        "open_meeting_place",
    )
    assert messages_in(as_leader_a.get(EDIT)) == ["The changes were saved."]


def test_the_edit_page_groups_languages_and_links_every_part(as_leader_a, venue_a, room_a):
    body = as_leader_a.get(EDIT).content.decode()
    for legend in ("In Finnish", "In Swedish", "In English", "Location on the map", "Contact details"):
        assert f"<legend>{legend}</legend>" in body
    assert 'lang="sv"' in body
    for part in (
        "hours/",
        "exceptions/",
        "photos/",
        "rooms/new/",
        f"rooms/{room_a.pk}/",
        f"rooms/{room_a.pk}/delete/",
    ):
        assert f'href="{EDIT}{part}' in body, part
    assert 'id="id_latitude_helptext"' in body


def test_the_accessibility_link_appears_once_its_page_exists(as_leader_a, venue_a):
    try:
        with translation.override("en"):  # the page's language
            expected = reverse("accessibility:venue", kwargs={"venue_slug": venue_a.slug})
    except NoReverseMatch:
        expected = None
    body = as_leader_a.get(EDIT).content.decode()
    if expected:
        assert f'href="{expected}"' in body
        assert "Accessibility facts" in body


def test_the_edit_page_works_without_the_accessibility_page(as_leader_a, venue_a, monkeypatch):
    def missing(*args, **kwargs):
        raise NoReverseMatch("not yet")

    monkeypatch.setattr(views_workspace, "reverse", missing)
    response = as_leader_a.get(EDIT)
    assert response.status_code == 200
    assert "/accessibility/" not in response.content.decode()


def test_text_is_escaped_never_run(as_leader_a, venue_a):
    payload = '<script>alert("x")</script>'
    as_leader_a.post(EDIT, venue_form(venue_a.municipality, name_fi=payload, description_fi=payload))
    venue_a.refresh_from_db()
    assert venue_a.name_fi == payload
    body = as_leader_a.get(EDIT).content.decode()
    assert payload not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_coordinates_accept_a_decimal_comma_in_finnish(as_leader_a, venue_a):
    data = venue_form(venue_a.municipality, latitude="60,4518", longitude="22,2666")
    response = as_leader_a.post("/fi/leader/venues/perhekeskus-a/", data)
    assert response.status_code == 302
    venue_a.refresh_from_db()
    assert (str(venue_a.latitude), str(venue_a.longitude)) == ("60.451800", "22.266600")


def test_a_coordinator_of_another_organization_gets_404_and_changes_nothing(
    as_coordinator_b, venue_a, room_a
):
    exception = OpeningException.objects.create(
        venue=venue_a, start_date=date(2028, 1, 1), end_date=date(2028, 1, 1)
    )
    before = snapshot()
    paths = [
        EDIT,
        f"{EDIT}rooms/new/",
        f"{EDIT}rooms/{room_a.pk}/",
        f"{EDIT}rooms/{room_a.pk}/delete/",
        f"{EDIT}hours/",
        f"{EDIT}exceptions/",
        f"{EDIT}exceptions/{exception.pk}/delete/",
        f"{EDIT}photos/",
    ]
    for path in paths:
        assert as_coordinator_b.get(path).status_code == 404, path
    responses = [
        as_coordinator_b.post(EDIT, venue_form(venue_a.municipality, name_fi="Kaapattu")),
        as_coordinator_b.post(f"{EDIT}rooms/new/", room_form()),
        as_coordinator_b.post(f"{EDIT}rooms/{room_a.pk}/", room_form(name_fi="Kaapattu")),
        as_coordinator_b.post(f"{EDIT}rooms/{room_a.pk}/delete/"),
        as_coordinator_b.post(f"{EDIT}hours/", hours_form({0: [("09:00", "12:00")]})),
        as_coordinator_b.post(
            f"{EDIT}exceptions/", {"start_date": "2028-01-01", "end_date": "2028-01-01", "closed": "1"}
        ),
        as_coordinator_b.post(f"{EDIT}exceptions/{exception.pk}/delete/"),
    ]
    assert [r.status_code for r in responses] == [404] * len(responses)
    assert snapshot() == before


def test_a_stranger_and_an_unknown_slug_get_404(venue_a):
    assert client_for(UserFactory()).get(EDIT).status_code == 404
    assert (
        client_for(UserFactory(is_superuser=True)).get("/en/leader/venues/no-such-venue/").status_code == 404
    )


def test_objects_of_another_venue_are_not_found_under_this_one(as_coordinator_a, venue_a, room_b):
    before = snapshot()
    assert as_coordinator_a.get(f"{EDIT}rooms/{room_b.pk}/").status_code == 404
    assert as_coordinator_a.post(f"{EDIT}rooms/{room_b.pk}/delete/").status_code == 404
    assert snapshot() == before


def test_platform_admin_edits_any_venue(venue_b):
    client = client_for(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(EDIT_B).status_code == 200
    response = client.post(EDIT_B, venue_form(venue_b.municipality, name_fi="Uusi B"))
    assert response.status_code == 302
    venue_b.refresh_from_db()
    assert venue_b.name_fi == "Uusi B"


def test_posts_need_a_csrf_token(org_a, venue_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(MembershipFactory(organization=org_a, role=COORDINATOR).user)
    before = snapshot()
    assert client.post(EDIT, venue_form(venue_a.municipality, name_fi="Ilman tokenia")).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_pages_answer_in_every_language(as_leader_a, venue_a, lang):
    for part in ("", "hours/", "exceptions/", "photos/", "rooms/new/"):
        response = as_leader_a.get(f"/{lang}/leader/venues/perhekeskus-a/{part}")
        assert response.status_code == 200, part
        assert f'<html lang="{lang}">' in response.content.decode()


# --- rooms ----------------------------------------------------------------------------------------------


def test_rooms_are_added_edited_and_deleted_after_confirmation(as_leader_a, venue_a):
    page = as_leader_a.get(f"{EDIT}rooms/new/")
    assert page.status_code == 200
    assert_accessible_form_page(page.content.decode())
    response = as_leader_a.post(f"{EDIT}rooms/new/", room_form())
    assert response.status_code == 302
    assert response["Location"] == f"{EDIT}#rooms"
    room = Room.objects.get(venue=venue_a)
    assert (room.name_fi, room.capacity_people, room.has_changing_table, room.has_kitchen) == (
        "Sali",
        25,
        True,
        False,
    )

    assert 'value="Sali"' in as_leader_a.get(f"{EDIT}rooms/{room.pk}/").content.decode()
    response = as_leader_a.post(f"{EDIT}rooms/{room.pk}/", room_form(name_fi="Iso sali", is_bookable=""))
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.name_fi, room.is_bookable) == ("Iso sali", False)

    confirm = as_leader_a.get(f"{EDIT}rooms/{room.pk}/delete/")
    assert confirm.status_code == 200
    assert "Delete the room Iso sali from Perhekeskus A?" in confirm.content.decode()
    assert Room.objects.filter(pk=room.pk).exists()
    response = as_leader_a.post(f"{EDIT}rooms/{room.pk}/delete/", follow=True)
    assert response.redirect_chain == [(f"{EDIT}#rooms", 302)]
    assert messages_in(response) == ["The room Iso sali was deleted."]
    assert not Room.objects.filter(pk=room.pk).exists()


def test_a_duplicate_room_name_is_shown_on_the_form(as_leader_a, venue_a, room_a):
    response = as_leader_a.post(f"{EDIT}rooms/new/", room_form(name_fi="perhehuone"))
    assert response.status_code == 400
    assert response.context["form"].errors["name_fi"] == ["The venue already has a room called perhehuone."]
    assert Room.objects.filter(venue=venue_a).count() == 1


def test_a_room_needs_a_capacity(as_leader_a, venue_a):
    response = as_leader_a.post(f"{EDIT}rooms/new/", room_form(capacity_people="0"))
    assert response.status_code == 400
    assert "capacity_people" in response.context["form"].errors
    assert not Room.objects.exists()


def test_deleting_needs_post(as_leader_a, venue_a, room_a):
    assert as_leader_a.put(f"{EDIT}rooms/{room_a.pk}/delete/").status_code == 405
    assert Room.objects.filter(pk=room_a.pk).exists()


# --- opening hours --------------------------------------------------------------------------------------


def test_weekly_hours_are_shown_and_replaced(as_leader_a, venue_a):
    OpeningHours.objects.create(venue=venue_a, weekday=4, opens=time(8), closes=time(16))
    page = as_leader_a.get(f"{EDIT}hours/")
    body = page.content.decode()
    assert 'name="day4_opens1" value="08:00"' in body
    assert "<legend>Monday</legend>" in body
    assert_accessible_form_page(body)
    response = as_leader_a.post(
        f"{EDIT}hours/", hours_form({0: [("09:00", "12:00"), ("13:00", "16:00")], 2: [("10:00", "14:00")]})
    )
    assert response.status_code == 302
    assert response["Location"] == f"{EDIT}#hours"
    assert sorted(OpeningHours.objects.filter(venue=venue_a).values_list("weekday", "opens", "closes")) == [
        (0, time(9), time(12)),
        (0, time(13), time(16)),
        (2, time(10), time(14)),
    ]
    summary = as_leader_a.get(EDIT).content.decode()
    assert "<dt>Friday</dt>" in summary


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", "Tiistai: sulkemisajan on oltava avaamisajan jälkeen."),
        ("sv", "Tisdag: stängningstiden måste vara efter öppningstiden."),
        ("en", "Tuesday: the closing time must be after the opening time."),
    ],
)
def test_closing_before_opening_is_refused_in_the_users_language(as_leader_a, venue_a, lang, expected):
    OpeningHours.objects.create(venue=venue_a, weekday=4, opens=time(8), closes=time(16))
    before = snapshot()
    response = as_leader_a.post(
        f"/{lang}/leader/venues/perhekeskus-a/hours/", hours_form({1: [("12:00", "09:00")]})
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert snapshot() == before


def test_overlapping_hours_are_refused(as_leader_a, venue_a):
    response = as_leader_a.post(f"{EDIT}hours/", hours_form({3: [("09:00", "12:00"), ("11:00", "15:00")]}))
    assert response.status_code == 400
    assert "Thursday: the opening hours overlap." in response.content.decode()
    assert not OpeningHours.objects.exists()


def test_half_a_range_is_refused_on_its_field(as_leader_a, venue_a):
    response = as_leader_a.post(f"{EDIT}hours/", hours_form({0: [("09:00", "")]}))
    assert response.status_code == 400
    assert response.context["form"].errors["day0_closes1"] == [
        "Give the closing time too, or leave both times empty."
    ]
    assert not OpeningHours.objects.exists()


def test_a_day_with_more_ranges_than_the_form_keeps_them_all(as_leader_a, venue_a):
    for opens in (8, 11, 14):
        OpeningHours.objects.create(venue=venue_a, weekday=0, opens=time(opens), closes=time(opens + 2))
    body = as_leader_a.get(f"{EDIT}hours/").content.decode()
    assert 'name="day0_opens3" value="14:00"' in body


# --- exceptions -----------------------------------------------------------------------------------------


def test_exceptions_are_added_listed_and_deleted(as_leader_a, venue_a):
    today = timezone.localdate()
    start, end = today + timedelta(days=10), today + timedelta(days=12)
    page = as_leader_a.get(f"{EDIT}exceptions/")
    assert_accessible_form_page(page.content.decode())
    response = as_leader_a.post(
        f"{EDIT}exceptions/",
        {
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "closed": "1",
            "reason_fi": "Juhannus",
        },
    )
    assert response.status_code == 302
    exception = OpeningException.objects.get(venue=venue_a)
    assert (exception.start_date, exception.end_date, exception.closed, exception.reason_fi) == (
        start,
        end,
        True,
        "Juhannus",
    )
    OpeningException.objects.create(
        venue=venue_a, start_date=today - timedelta(days=30), end_date=today - timedelta(days=29)
    )
    listing = as_leader_a.get(f"{EDIT}exceptions/").content.decode()
    assert "Juhannus" in listing
    assert listing.count("/delete/") == 1  # the past one is not listed

    confirm = as_leader_a.get(f"{EDIT}exceptions/{exception.pk}/delete/")
    assert confirm.status_code == 200
    assert OpeningException.objects.filter(pk=exception.pk).exists()
    response = as_leader_a.post(f"{EDIT}exceptions/{exception.pk}/delete/")
    assert response.status_code == 302
    assert not OpeningException.objects.filter(pk=exception.pk).exists()


def test_an_exception_with_other_hours(as_leader_a, venue_a):
    response = as_leader_a.post(
        f"{EDIT}exceptions/",
        {
            "start_date": "2027-12-24",
            "end_date": "2027-12-24",
            "closed": "0",
            "opens": "09:00",
            "closes": "12:00",
        },
    )
    assert response.status_code == 302
    exception = OpeningException.objects.get()
    assert (exception.closed, exception.opens, exception.closes) == (False, time(9), time(12))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"start_date": "2027-06-21", "end_date": "2027-06-20", "closed": "1"},
            "The last day cannot be before the first day.",
        ),
        (
            {"start_date": "2027-06-21", "end_date": "2027-06-21", "closed": "0"},
            "Give the opening and closing times, or mark the venue closed.",
        ),
        (
            {
                "start_date": "2027-06-21",
                "end_date": "2027-06-21",
                "closed": "0",
                "opens": "12:00",
                "closes": "09:00",
            },
            "The closing time must be after the opening time.",
        ),
    ],
)
def test_invalid_exceptions_are_refused_on_the_form(as_leader_a, venue_a, data, message):
    response = as_leader_a.post(f"{EDIT}exceptions/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OpeningException.objects.exists()
