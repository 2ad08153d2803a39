"""The accessibility facts form in the workspace, through real HTTP requests (Django's test client)."""

import html as html_module
import itertools
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import translation

from accessibility.forms import RoomAccessibilityForm, VenueAccessibilityForm
from accessibility.models import AccessibilityChange, RoomAccessibility, VenueAccessibility
from accessibility.services import venue_accessibility_update
from tests.factories import MembershipFactory, RoomFactory, UserFactory, VenueFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db

VENUE_URL = "/{lang}/leader/venues/{slug}/accessibility/"
ROOM_URL = "/{lang}/leader/venues/{slug}/accessibility/rooms/{room_id}/"
HISTORY_URL = "/{lang}/leader/venues/{slug}/accessibility/history/"

# A full step-free set, as typed on a phone: every viewpoint becomes "yes".
STEP_FREE = {
    "route_width_cm": "200",
    "route_surface": "paved",
    "route_max_slope_percent": "2",
    "route_steps": "0",
    "entrance_steps": "0",
    "entrance_door_width_cm": "100",
    "entrance_threshold_cm": "0",
    "entrance_door_type": "automatic",
    "entrance_space_in_front_cm": "200",
}


def venue_form(**answers: str) -> dict[str, str]:
    """A POST of the whole venue form: every question "don't know" unless answered."""
    return {name: "" for name in VenueAccessibilityForm.fact_fields} | answers


def room_form(**answers: str) -> dict[str, str]:
    return {name: "" for name in RoomAccessibilityForm.fact_fields} | answers


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def venue():
    return VenueFactory(slug="perhekeskus-a", name_fi="Perhekeskus A")


@pytest.fixture
def room(venue):
    return RoomFactory(venue=venue, name_fi="Perhehuone")


@pytest.fixture
def leader(venue):
    return MembershipFactory(
        organization=venue.organization,
        role=Membership.Role.LEADER,
        user__email="ohjaaja@a.fi",
        user__first_name="Liisa",
        user__last_name="Laaksonen",
    ).user


@pytest.fixture
def as_leader(leader) -> Client:
    return client_for(leader)


@pytest.fixture
def stranger():
    """A coordinator, but of another organization."""
    return MembershipFactory(role=Membership.Role.COORDINATOR, user__email="koordinaattori@b.fi").user


def url(template: str = VENUE_URL, *, lang: str = "en", slug: str = "perhekeskus-a", **kwargs) -> str:
    return template.format(lang=lang, slug=slug, **kwargs)


def snapshot(venue) -> tuple:
    """Every stored fact and verdict of the venue and its rooms, and the log size."""
    venue_rows = list(VenueAccessibility.objects.filter(venue=venue).values())
    room_rows = list(RoomAccessibility.objects.filter(room__venue=venue).values())
    return venue_rows, room_rows, AccessibilityChange.objects.count()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Saving and verdicts ------------------------------------------------------


def test_a_leader_saves_facts_and_sees_the_verdict_families_see(as_leader, venue):
    page = as_leader.get(url())
    assert page.status_code == 200
    assert "Not known whether it works with a pram or pushchair." in text_of(page)
    # Looking changes nothing: the facts row is only created by the first save.
    assert not VenueAccessibility.objects.filter(venue=venue).exists()

    response = as_leader.post(url(), venue_form(**STEP_FREE))

    assert response.status_code == 302
    assert response["Location"] == url()
    facts = VenueAccessibility.objects.get(venue=venue)
    assert facts.pram_verdict == facts.double_pushchair_verdict == "yes"
    assert facts.wheelchair_verdict == facts.walking_aid_verdict == "yes"
    assert facts.entrance_door_width_cm == 100
    assert facts.entrance_steps == 0
    assert facts.route_max_slope_percent == Decimal("2")

    page = as_leader.get(url())
    content = text_of(page)
    assert "The facts were saved. Below is what families now see." in content
    assert "Works with a pram or pushchair." in content
    assert "Accessible by wheelchair." in content


def test_a_measured_shortcoming_is_shown_as_the_sentence_families_read(as_leader, venue):
    answers = STEP_FREE | {"entrance_steps": "2", "entrance_step_height_cm": "12", "entrance_has_ramp": "no"}
    as_leader.post(url(), venue_form(**answers))

    facts = VenueAccessibility.objects.get(venue=venue)
    assert facts.pram_verdict == "limited"
    assert facts.wheelchair_verdict == "no"
    content = text_of(as_leader.get(url()))
    assert "Works with a pram or pushchair, with some obstacles." in content
    assert "The entrance has 2 steps of up to 12 cm and no ramp." in content


def test_dont_know_on_a_yes_no_question_stores_none(as_leader, leader, venue):
    venue_accessibility_update(
        actor=leader, venue=venue, data={"has_lift": True, "feeding_room": False, "route_surface": "paved"}
    )
    page = as_leader.get(url())
    assert re.search(r'<input type="radio" name="has_lift" value="yes"[^>]*checked', page.content.decode())

    response = as_leader.post(url(), venue_form(has_lift="", feeding_room="no", route_surface=""))

    assert response.status_code == 302
    facts = VenueAccessibility.objects.get(venue=venue)
    assert facts.has_lift is None
    assert facts.feeding_room is False
    assert facts.route_surface == ""
    # And "Don't know" is the answer shown for it now.
    page = as_leader.get(url())
    assert re.search(r'<input type="radio" name="has_lift" value=""[^>]*checked', page.content.decode())


def test_a_blank_number_is_dont_know(as_leader, leader, venue):
    venue_accessibility_update(actor=leader, venue=venue, data={"entrance_door_width_cm": 90})

    as_leader.post(url(), venue_form(entrance_door_width_cm="  "))

    assert VenueAccessibility.objects.get(venue=venue).entrance_door_width_cm is None


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_slope_with_a_decimal_comma_is_accepted_in_every_language(as_leader, venue, lang):
    response = as_leader.post(url(lang=lang), venue_form(route_max_slope_percent="4,5", entrance_steps="1"))

    assert response.status_code == 302
    facts = VenueAccessibility.objects.get(venue=venue)
    assert facts.route_max_slope_percent == Decimal("4.5")
    assert facts.entrance_steps == 1


def test_the_stored_slope_is_shown_with_a_decimal_comma_in_finnish(as_leader, leader, venue):
    venue_accessibility_update(
        actor=leader, venue=venue, data={"entrance_ramp_slope_percent": Decimal("6.5")}
    )

    finnish = as_leader.get(url(lang="fi")).content.decode()
    english = as_leader.get(url(lang="en")).content.decode()

    assert re.search(r'name="entrance_ramp_slope_percent" value="6,5"', finnish)
    assert re.search(r'name="entrance_ramp_slope_percent" value="6.5"', english)


def test_units_typed_with_the_number_are_understood(as_leader, venue):
    as_leader.post(url(), venue_form(entrance_door_width_cm="90 cm", bus_stop_distance_m="1 200"))

    facts = VenueAccessibility.objects.get(venue=venue)
    assert facts.entrance_door_width_cm == 90
    assert facts.bus_stop_distance_m == 1200


def test_the_routes_from_the_bus_stop_and_the_car_park_are_saved(as_leader, venue):
    response = as_leader.post(
        url(lang="fi"),
        venue_form(
            **STEP_FREE,
            bus_stop_route_width_cm="110 cm",
            bus_stop_route_surface="cobblestone",
            bus_stop_route_max_slope_percent="4,5",
            bus_stop_route_steps="2",
            parking_route_width_cm="250",
            parking_route_surface="",
            parking_route_max_slope_percent="",
            parking_route_steps="0",
        ),
    )

    assert response.status_code == 302
    facts = VenueAccessibility.objects.get(venue=venue)
    assert facts.bus_stop_route_width_cm == 110
    assert facts.bus_stop_route_surface == "cobblestone"
    assert facts.bus_stop_route_max_slope_percent == Decimal("4.5")
    assert facts.bus_stop_route_steps == 2
    assert facts.parking_route_width_cm == 250
    assert facts.parking_route_surface == ""  # don't know
    assert facts.parking_route_max_slope_percent is None
    assert facts.parking_route_steps == 0
    # Not part of the verdict: the way in from the street is still step-free.
    assert facts.wheelchair_verdict == "yes"
    # The form shows them again, in the "Getting there" section, with a decimal comma in Finnish.
    html = as_leader.get(url(lang="fi")).content.decode()
    section = html[html.index('id="section-getting-there"') : html.index('id="section-entrance"')]
    assert 'name="bus_stop_route_max_slope_percent" value="4,5"' in section
    assert re.search(r'name="bus_stop_route_surface" value="cobblestone"[^>]*checked', section)
    assert re.search(r'name="parking_route_surface" value=""[^>]*checked', section)
    assert 'name="parking_route_steps" value="0"' in section


def test_saving_unchanged_facts_logs_nothing(as_leader, venue):
    as_leader.post(url(), venue_form(**STEP_FREE))
    assert AccessibilityChange.objects.count() == 1

    response = as_leader.post(url(), venue_form(**STEP_FREE), follow=True)

    assert AccessibilityChange.objects.count() == 1
    assert "Nothing was changed." in text_of(response)


# --- Errors -------------------------------------------------------------------

INVALID = [
    pytest.param(
        "entrance_door_width_cm",
        "5000",
        "Enter at most 400 cm. Check that you measured in centimetres, not millimetres.",
        id="door-5000",
    ),
    pytest.param("entrance_steps", "-1", "The number cannot be negative.", id="negative-steps"),
    pytest.param(
        "route_width_cm",
        "leveä",
        "Enter whole centimetres using digits, for example 90. Leave it empty if you don't know.",
        id="text-in-cm",
    ),
    pytest.param(
        "route_steps",
        "kaksi",
        "Enter a number using digits, for example 2. Enter 0 if there are none, "
        "or leave it empty if you don't know.",
        id="text-in-count",
    ),
    pytest.param(
        "route_max_slope_percent",
        "jyrkkä",
        "Enter the slope as a number, for example 4,5. Leave it empty if you don't know.",
        id="text-in-slope",
    ),
    pytest.param("route_max_slope_percent", "150", "Enter at most 100 %.", id="slope-150"),
    pytest.param("has_lift", "maybe", None, id="forged-radio"),
]


@pytest.mark.parametrize(("field", "value", "message"), INVALID)
def test_an_invalid_answer_saves_nothing_and_says_why_next_to_the_question(
    as_leader, leader, venue, field, value, message
):
    venue_accessibility_update(actor=leader, venue=venue, data={"entrance_steps": 3, "has_lift": False})
    before = snapshot(venue)

    # Every other answer is valid and different from what is stored: still nothing may be saved.
    response = as_leader.post(url(), venue_form(**(STEP_FREE | {field: value})))

    assert response.status_code == 400
    assert snapshot(venue) == before
    html = response.content.decode()
    # The error sits next to the question, which points to it; a summary at the top links to it.
    assert f'id="id_{field}_error"' in html
    assert 'class="error-summary" role="alert"' in html
    assert f'href="#id_{field}' in html
    assert "<title>Error:" in html
    if message is not None:
        error_block = re.search(rf'id="id_{field}_error">(.*?)</div>', html, re.S).group(1)
        assert message in html_module.unescape(re.sub(r"\s+", " ", error_block))
    # What was typed stays, so the leader can correct it instead of typing it again.
    if field != "has_lift":
        assert f'value="{value}"' in html


def test_an_invalid_number_marks_the_input_and_describes_it(as_leader, venue):
    html = as_leader.post(url(), venue_form(entrance_door_width_cm="5000")).content.decode()

    tag = re.search(r'<input[^>]*name="entrance_door_width_cm"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag
    assert 'aria-describedby="id_entrance_door_width_cm_helptext id_entrance_door_width_cm_error"' in tag


def test_errors_are_translated_into_the_page_language(as_leader, venue):
    response = as_leader.post(url(lang="fi"), venue_form(entrance_steps="-1"))

    assert response.status_code == 400
    with translation.override("fi"):
        expected = translation.gettext("The number cannot be negative.")
        summary = translation.gettext("Nothing was saved. Please check these answers:")
    content = text_of(response)
    assert expected in content
    assert summary in content
    assert '<html lang="fi">' in content


def test_a_refused_model_value_is_a_400_not_a_500(as_leader, venue, monkeypatch):
    """Should the form ever accept what the model refuses, the service's ValidationError shows as errors."""
    from django.core.exceptions import ValidationError

    from accessibility import views_workspace

    def refuse(**kwargs):
        raise ValidationError({"entrance_door_width_cm": ["Too wide for the database."]})

    monkeypatch.setattr(views_workspace, "venue_accessibility_update", refuse)

    response = as_leader.post(url(), venue_form(entrance_door_width_cm="100"))

    assert response.status_code == 400
    assert "Too wide for the database." in text_of(response)


# --- Who may ------------------------------------------------------------------


def test_a_coordinator_of_another_organization_gets_404_and_changes_nothing(stranger, room, venue):
    client = client_for(stranger)
    before = snapshot(venue)

    responses = [
        client.get(url()),
        client.post(url(), venue_form(**STEP_FREE)),
        client.get(url(ROOM_URL, room_id=room.pk)),
        client.post(url(ROOM_URL, room_id=room.pk), room_form(on_entrance_level="no")),
        client.get(url(HISTORY_URL)),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    assert snapshot(venue) == before
    assert not VenueAccessibility.objects.exists()


def test_a_coordinator_of_the_owning_organization_may_edit(venue):
    coordinator = MembershipFactory(organization=venue.organization, role=Membership.Role.COORDINATOR).user

    response = client_for(coordinator).post(url(), venue_form(**STEP_FREE))

    assert response.status_code == 302
    assert VenueAccessibility.objects.get(venue=venue).pram_verdict == "yes"


def test_a_person_without_any_membership_gets_404(venue):
    assert client_for(UserFactory()).get(url()).status_code == 404


def test_an_unknown_venue_is_404(as_leader):
    assert as_leader.get(url(slug="no-such-venue")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(room, venue):
    client = Client()

    for response in (
        client.get(url()),
        client.post(url(), venue_form(**STEP_FREE)),
        client.get(url(ROOM_URL, room_id=room.pk)),
        client.get(url(HISTORY_URL)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=")
    assert not VenueAccessibility.objects.exists()


def test_a_room_of_another_venue_is_404_even_for_its_own_editors(as_leader, venue):
    # Same organization: the leader may edit the other venue's room, but not through this venue's URL.
    other_room = RoomFactory(venue=VenueFactory(organization=venue.organization))
    foreign_room = RoomFactory()

    for room_id in (other_room.pk, foreign_room.pk, 999_999):
        assert as_leader.get(url(ROOM_URL, room_id=room_id)).status_code == 404
        response = as_leader.post(url(ROOM_URL, room_id=room_id), room_form(on_entrance_level="no"))
        assert response.status_code == 404
    assert not RoomAccessibility.objects.exists()
    assert not AccessibilityChange.objects.exists()


# --- Rooms --------------------------------------------------------------------


def test_a_room_upstairs_without_a_lift_is_not_for_prams(as_leader, venue, room):
    as_leader.post(url(), venue_form(**STEP_FREE))
    venue_page = as_leader.get(url()).content.decode()
    assert url(ROOM_URL, room_id=room.pk) in venue_page

    response = as_leader.post(
        url(ROOM_URL, room_id=room.pk),
        room_form(
            on_entrance_level="no",
            lift_available="no",
            route_steps="0",
            narrowest_door_cm="90",
            threshold_cm="0",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == url(ROOM_URL, room_id=room.pk)
    facts = RoomAccessibility.objects.get(room=room)
    assert facts.on_entrance_level is False
    assert facts.lift_available is False
    assert facts.pram_verdict == "no"
    content = text_of(as_leader.get(url(ROOM_URL, room_id=room.pk)))
    assert "Does not work with a pram or pushchair." in content
    assert "The room is on another floor and there is no lift." in content


def test_a_room_on_the_entrance_level_of_a_step_free_venue_is_for_prams(as_leader, venue, room):
    as_leader.post(url(), venue_form(**STEP_FREE))

    as_leader.post(
        url(ROOM_URL, room_id=room.pk),
        room_form(on_entrance_level="yes", route_steps="0", narrowest_door_cm="90", threshold_cm="0"),
    )

    assert RoomAccessibility.objects.get(room=room).pram_verdict == "yes"


def test_an_invalid_room_answer_saves_nothing(as_leader, venue, room):
    before = snapshot(venue)

    response = as_leader.post(url(ROOM_URL, room_id=room.pk), room_form(narrowest_door_cm="900"))

    assert response.status_code == 400
    assert snapshot(venue) == before


# --- History ------------------------------------------------------------------


def test_the_history_shows_who_changed_which_fact_from_what_to_what(as_leader, venue, room):
    as_leader.post(url(), venue_form(entrance_steps="2", has_lift="yes"))
    as_leader.post(url(), venue_form(entrance_steps="1", has_lift="yes"))
    as_leader.post(url(ROOM_URL, room_id=room.pk), room_form(on_entrance_level="no"))

    response = as_leader.get(url(HISTORY_URL))

    assert response.status_code == 200
    content = text_of(response)
    assert "Liisa Laaksonen" in content
    # Labels, not field names; values as people read them.
    assert "Steps at the entrance" in content
    assert "entrance_steps" not in content
    # Untouched notes are not logged as changed from NULL to "".
    assert "Other information in" not in content
    assert '<th scope="row">Lift</th><td>not known</td><td>yes</td>' in content
    assert re.search(r"Steps at the entrance</th><td>2</td><td>1</td>", content)
    assert "Room: Perhehuone" in content
    # Newest first.
    assert content.index("Room: Perhehuone") < content.index("<td>2</td><td>1</td>")


def test_the_history_is_paginated(as_leader, leader, venue):
    for steps in range(25):
        venue_accessibility_update(actor=leader, venue=venue, data={"entrance_steps": steps})

    first = as_leader.get(url(HISTORY_URL))
    second = as_leader.get(url(HISTORY_URL) + "?page=2")
    beyond = as_leader.get(url(HISTORY_URL) + "?page=99")

    assert first.content.decode().count('<article class="change"') == 20
    assert second.content.decode().count('<article class="change"') == 5
    assert 'rel="next"' in first.content.decode()
    assert beyond.status_code == 200


# --- Markup for phones and assistive technology -------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("page", ["venue", "room"])
def test_every_question_is_labelled_and_described_and_numbers_get_a_number_pad(as_leader, room, page):
    address = url() if page == "venue" else url(ROOM_URL, room_id=room.pk)
    html = as_leader.get(address).content.decode()
    tags = _tags(html)
    ids = {attrs["id"] for _tag, attrs in tags if attrs.get("id")}
    label_targets = {attrs["for"] for tag, attrs in tags if tag == "label"}

    fields = [
        attrs
        for tag, attrs in tags
        if tag in {"input", "textarea"}
        and attrs.get("type") not in {"hidden", "submit"}
        and attrs.get("name")
    ]
    assert fields
    for attrs in fields:
        assert attrs["id"] in label_targets, attrs
        assert attrs.get("type") != "number", "number inputs drop what they cannot parse, such as 4,5"
        for described_by in (attrs.get("aria-describedby") or "").split():
            assert described_by in ids, attrs
    numeric = [a for a in fields if a["name"].endswith(("_cm", "_m", "steps", "spaces", "count"))]
    assert numeric
    assert all(a.get("inputmode") == "numeric" for a in numeric)
    slopes = [a for a in fields if a["name"].endswith("_percent")]
    assert all(a.get("inputmode") == "decimal" for a in slopes)
    # Radio groups are fieldsets with a legend, described as a whole.
    assert html.count("<fieldset") == html.count("<legend")
    radio_names = {a["name"] for a in fields if a.get("type") == "radio"}
    assert ("has_lift" if page == "venue" else "on_entrance_level") in radio_names
    for tag, attrs in tags:
        if tag == "fieldset" and attrs.get("aria-describedby"):
            assert all(part in ids for part in attrs["aria-describedby"].split())
    # Headings in order: one h1, no level skipped.
    levels = [int(tag[1]) for tag, _attrs in tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_the_venue_form_is_grouped_in_sections(as_leader, venue):
    content = text_of(as_leader.get(url()))

    for legend in (
        "Route from the street",
        "Getting there",
        "Entrance",
        "Lift",
        "For families",
        "Other information",
    ):
        assert f"<legend><h2>{legend}</h2></legend>" in content
    assert "A normal door gives 80–90 cm." in content
    assert "Don&#x27;t know" in content
