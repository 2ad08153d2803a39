"""The accessibility facts form refuses a stale save: someone else saved since it was opened (issue 13)."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from accessibility.conflicts import merge_answers
from accessibility.models import AccessibilityChange, RoomAccessibility, VenueAccessibility
from accessibility.services import StaleFacts, room_accessibility_update, venue_accessibility_update
from tests.accessibility.test_workspace_form import STEP_FREE, room_form, venue_form
from tests.factories import MembershipFactory, RoomFactory, VenueFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db

VENUE_URL = "/fi/leader/venues/perhekeskus-a/accessibility/"


@pytest.fixture
def venue():
    return VenueFactory(slug="perhekeskus-a", name_fi="Perhekeskus A")


def person(venue, first_name: str, role=Membership.Role.LEADER):
    return MembershipFactory(organization=venue.organization, role=role, user__first_name=first_name).user


def opened(client: Client, url: str) -> int:
    """Open the form as a browser would; the version it carries."""
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', page.content.decode())
    assert found, "the form carries its version"
    return int(found.group(1))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_save_from_a_form_opened_before_someone_elses_is_refused_shown_and_merged(venue):
    liisa, pekka = person(venue, "Liisa"), person(venue, "Pekka")
    venue_accessibility_update(actor=liisa, venue=venue, data={"entrance_steps": 0})
    as_pekka = client_for(pekka)
    version = opened(as_pekka, VENUE_URL)

    # Liisa saves first: two steps at the entrance after all.
    venue_accessibility_update(actor=liisa, venue=venue, data={"entrance_steps": 2})
    log_size = AccessibilityChange.objects.count()

    # Pekka, on the form he opened (still 0 steps), measures the door.
    answers = venue_form(**(STEP_FREE | {"entrance_door_width_cm": "95"})) | {"version": str(version)}
    response = as_pekka.post(VENUE_URL, answers)

    assert response.status_code == 409
    facts = VenueAccessibility.objects.get(venue=venue)
    assert (facts.entrance_steps, facts.entrance_door_width_cm) == (2, None)  # nothing saved
    assert AccessibilityChange.objects.count() == log_size
    page = text(response)
    assert "Joku muu tallensi nämä tiedot sen jälkeen, kun avasit lomakkeen. Mitään ei tallennettu." in page
    # Field by field, old → new, in the page's language, with who saved it.
    assert re.search(r"<th scope=\"row\">Portaat sisäänkäynnillä \(kpl\)</th><td>0</td><td>2</td>", page)
    assert "Liisa" in page
    # The form again: Liisa's two steps (Pekka did not touch them), Pekka's door, the current version.
    assert re.search(r'name="entrance_steps" value="2"', page)
    assert re.search(r'name="entrance_door_width_cm" value="95"', page)
    new_version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert int(new_version) == AccessibilityChange.objects.filter(venue=venue).latest("pk").pk

    # Saving that form again goes through and keeps both people's work.
    again = venue_form(**(STEP_FREE | {"entrance_door_width_cm": "95", "entrance_steps": "2"}))
    response = as_pekka.post(VENUE_URL, again | {"version": new_version})
    assert response.status_code == 302
    facts.refresh_from_db()
    assert (facts.entrance_steps, facts.entrance_door_width_cm) == (2, 95)


def test_a_fact_both_changed_keeps_the_later_persons_answer_and_names_it(venue):
    liisa, pekka = person(venue, "Liisa"), person(venue, "Pekka")
    as_pekka = client_for(pekka)
    version = opened(as_pekka, VENUE_URL)
    venue_accessibility_update(actor=liisa, venue=venue, data={"entrance_door_width_cm": 80})
    response = as_pekka.post(VENUE_URL, venue_form(entrance_door_width_cm="90") | {"version": str(version)})
    assert response.status_code == 409
    page = text(response)
    assert (
        "Muutitte molemmat näitä; lomakkeessa on sinun vastauksesi: Sisäänkäynnin oven vapaa leveys (cm)"
        in page
    )
    assert re.search(r'name="entrance_door_width_cm" value="90"', page)
    assert VenueAccessibility.objects.get(venue=venue).entrance_door_width_cm == 80


def test_a_room_form_is_stale_only_when_that_rooms_facts_changed(venue):
    room = RoomFactory(venue=venue, name_fi="Perhehuone")
    liisa, pekka = person(venue, "Liisa"), person(venue, "Pekka")
    room_url = f"{VENUE_URL}rooms/{room.pk}/"
    as_pekka = client_for(pekka)
    version = opened(as_pekka, room_url)
    # The venue's own facts change (and every room's verdicts are recomputed): not a conflict.
    venue_accessibility_update(actor=liisa, venue=venue, data={"entrance_steps": 1})
    assert as_pekka.post(room_url, room_form(route_steps="0") | {"version": str(version)}).status_code == 302
    version = opened(as_pekka, room_url)
    room_accessibility_update(actor=liisa, room=room, data={"threshold_cm": 2})
    response = as_pekka.post(room_url, room_form(route_steps="3") | {"version": str(version)})
    assert response.status_code == 409
    assert RoomAccessibility.objects.get(room=room).route_steps == 0


def test_the_service_refuses_an_old_version_and_changes_nothing(venue):
    liisa = person(venue, "Liisa")
    venue_accessibility_update(actor=liisa, venue=venue, data={"entrance_steps": 0}, version=0)
    first = AccessibilityChange.objects.get()
    with pytest.raises(StaleFacts) as refused:
        venue_accessibility_update(actor=liisa, venue=venue, data={"entrance_steps": 3}, version=0)
    assert refused.value.code == "stale"
    assert [change.pk for change in refused.value.changes] == [first.pk]
    assert refused.value.version == first.pk
    assert VenueAccessibility.objects.get(venue=venue).entrance_steps == 0
    # The current version saves; no version at all (the admin, scripts) is not checked.
    venue_accessibility_update(actor=liisa, venue=venue, data={"entrance_steps": 3}, version=first.pk)
    venue_accessibility_update(actor=liisa, venue=venue, data={"entrance_steps": 4})
    assert VenueAccessibility.objects.get(venue=venue).entrance_steps == 4


def test_merge_compares_logged_floats_with_decimals_and_empty_with_unknown():
    change = AccessibilityChange(changes={"route_max_slope_percent": [4.1, 6.0], "notes_fi": [None, "Ovi"]})
    merge = merge_answers(
        current={"route_max_slope_percent": Decimal("6.0"), "notes_fi": "Ovi", "route_steps": 1},
        submitted={"route_max_slope_percent": Decimal("4.1"), "notes_fi": "", "route_steps": 2},
        changes=[change],
    )
    # Untouched slope and notes take the newer values; the steps are the person's own change.
    assert merge.answers == {"route_steps": 2}
    assert merge.both_changed == []


def test_strangers_still_get_404_and_anonymous_visitors_the_login(venue):
    outsider = MembershipFactory(role=Membership.Role.COORDINATOR).user
    assert client_for(outsider).post(VENUE_URL, venue_form() | {"version": "0"}).status_code == 404
    response = Client().post(VENUE_URL, venue_form() | {"version": "0"})
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/")
