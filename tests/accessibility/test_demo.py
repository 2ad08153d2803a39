"""The demo venues of `seed_demo`: realistic places, rooms and hours, and facts that show every verdict."""

import ast
import io
import math
import re
from datetime import date, time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from accessibility import demo
from accessibility.models import RoomAccessibility, VenueAccessibility
from accessibility.rules import Verdict, Viewpoint
from accessibility.services import recompute_venue
from venues.models import OpeningException, OpeningHours, Room, Venue

pytestmark = pytest.mark.django_db

VERDICTS = {verdict.value for verdict in Verdict}
FAMILY_CENTRES = [venue for venue in demo.VENUES if venue.kind == Venue.Kind.FAMILY_CENTRE]

# Postal codes and post offices of the municipalities the demo uses (Posti), checked by hand;
# Turku's city-centre and district codes run from 20100 to 20960.
POSTAL_CODES: dict[str, tuple[str, set[str] | range]] = {
    "853": ("Turku", range(20100, 20961)),
    "202": ("Kaarina", {"20780"}),
    "680": ("Raisio", {"21200"}),
    "529": ("Naantali", {"21100"}),
    "445": ("Parainen", {"21600"}),
    "322": ("Kemiö", {"25700"}),
    "734": ("Salo", {"24100"}),
    "895": ("Uusikaupunki", {"23500"}),
    "430": ("Loimaa", {"32200"}),
    "304": ("Kustavi", {"23360"}),
    "833": ("Taivassalo", {"23310"}),
    "631": ("Pyhäranta", {"23950"}),
    "561": ("Oripää", {"32500"}),
    "480": ("Marttila", {"32760"}),
    "284": ("Koski Tl", {"31500"}),
    "019": ("Aura", {"21380"}),
}
# Municipal centres (WGS84), to catch swapped or mistyped coordinates.
CENTRES = {
    "853": (60.4518, 22.2666),
    "202": (60.4075, 22.3700),
    "680": (60.4858, 22.1689),
    "529": (60.4672, 22.0264),
    "445": (60.3036, 22.3008),
    "322": (60.1636, 22.7333),
    "734": (60.3833, 23.1264),
    "895": (60.8000, 21.4083),
    "430": (60.8500, 23.0569),
    "304": (60.5467, 21.3583),
    "833": (60.5617, 21.6092),
    "631": (60.9500, 21.4500),
    "561": (60.8550, 22.6944),
    "480": (60.5853, 22.8983),
    "284": (60.6550, 23.1400),
    "019": (60.6472, 22.5906),
}
BILINGUAL = {"853": "Åbo", "445": "Pargas", "322": "Kimito"}


@pytest.fixture(autouse=True)
def _demo_settings(settings):
    settings.DEBUG = True  # seed_demo refuses to run with DEBUG off


def seed(*args: str) -> str:
    stdout = io.StringIO()
    call_command("seed_demo", *args, stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def verdicts(facts: VenueAccessibility | RoomAccessibility) -> tuple[str, ...]:
    return tuple(facts.verdict(viewpoint) for viewpoint in Viewpoint)


def venue_facts(slug: str) -> VenueAccessibility:
    return VenueAccessibility.objects.get(venue__slug=slug)


def room_facts(slug: str, room: str) -> RoomAccessibility:
    return RoomAccessibility.objects.get(room__venue__slug=slug, room__name_fi=room)


def summary_table(output: str, title: str) -> dict[str, tuple[int, ...]]:
    block = output.split(f"  {title}", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^ {4}(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", block, re.M)
    return {label: tuple(int(n) for n in numbers) for label, *numbers in rows}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[0] + b[0]) / 2)
    return math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * 111.2 * math.cos(lat))


def dump() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(
            model._default_manager.order_by("pk").values(*(f.attname for f in model._meta.concrete_fields))
        )
        for model in demo.SEEDED_MODELS
    }


# What each venue's facts were chosen to show: pram, double pushchair, wheelchair, walking aid.
DESIGNED = {
    "perhekeskus-varissuo": ("yes", "yes", "yes", "yes"),  # step-free, automatic door
    "perhekeskus-runosmaki": ("yes", "yes", "limited", "yes"),  # a 6 % ramp
    "perhekeskus-kerttula": ("yes", "yes", "limited", "yes"),  # a 7 % path
    "perhekeskus-itaranta": ("limited", "limited", "no", "limited"),  # one 8 cm step, no ramp
    "mll-perhekahvila-turku": ("limited", "limited", "no", "limited"),  # one 14 cm step, cobbles
    "uskelan-seurakuntakoti": ("limited", "no", "no", "limited"),  # two steps, no ramp
    "pargas-forsamlingshem": ("limited", "limited", "no", "limited"),  # a 10 % ramp
    "leikkipuisto-pansio": ("limited", "limited", "limited", "limited"),  # a heavy door
    "oripaan-kirjasto": ("limited", "limited", "limited", "limited"),  # cramped space at the door
    "taivassalon-kirjasto": ("limited", "no", "no", "yes"),  # a 78 cm door
    "auran-nuorisotalo": ("yes", "limited", "yes", "yes"),  # an 88 cm door
    "kimito-forsamlingshem": ("no", "no", "no", "no"),  # three high steps, no ramp
    "kustavin-kirjasto": ("unknown", "unknown", "unknown", "unknown"),  # not surveyed
    "perhekeskus-kaarina": ("unknown", "unknown", "unknown", "unknown"),  # two facts missing
}


@pytest.fixture(scope="class")
def loaded_demo(seed_committed):
    """One run of `seed_demo --only venues` (the network and the venues), for one class; its output."""
    with seed_committed("--only", "venues") as output:
        yield output


@pytest.mark.usefixtures("loaded_demo")
class TestTheLoadedDemo:
    """What one run of the seed leaves in the database: one seed for every test of the class."""

    # Every verdict for every viewpoint

    def test_every_viewpoint_has_every_verdict_among_the_venues_and_rooms(self):
        for viewpoint in Viewpoint:
            column = f"{viewpoint.value}_verdict"
            found = set(VenueAccessibility.objects.values_list(column, flat=True))
            found |= set(RoomAccessibility.objects.values_list(column, flat=True))
            assert found == VERDICTS, viewpoint

    def test_each_demo_venue_shows_what_its_facts_were_chosen_for(self):
        found = {slug: verdicts(venue_facts(slug)) for slug in DESIGNED}
        assert found == DESIGNED

    def test_good_facts_with_a_few_missing_are_unknown_not_yes(self):
        facts = venue_facts("perhekeskus-kaarina")
        assert facts.entrance_steps == 0
        assert facts.entrance_door_width_cm == 100
        for viewpoint in Viewpoint:
            codes = {s["code"] for s in facts.shortcomings[viewpoint.value]}
            assert codes == {"unknown_door_type", "unknown_space_in_front"}, viewpoint

    def test_almost_nothing_measured_is_unknown_for_the_venue_and_its_rooms(self):
        facts = venue_facts("kustavin-kirjasto")
        assert facts.entrance_steps is None
        assert facts.pram_parking == "outdoors"
        assert facts.notes_fi
        for room in RoomAccessibility.objects.filter(room__venue__slug="kustavin-kirjasto"):
            assert set(verdicts(room)) == {"unknown"}

    def test_upstairs_room_without_a_lift_is_no_for_prams_though_the_entrance_is_yes(self):
        assert venue_facts("kupittaan-seurakuntatalo").pram_verdict == "yes"
        assert room_facts("kupittaan-seurakuntatalo", "Sali").pram_verdict == "yes"
        club_room = room_facts("kupittaan-seurakuntatalo", "Kerhohuone")
        assert club_room.room.floor == 2
        assert (club_room.on_entrance_level, club_room.lift_available) == (False, False)
        assert verdicts(club_room) == ("no", "no", "no", "no")
        assert {"code": "room_upstairs_no_lift", "verdict": "no", "params": {}} in club_room.shortcomings[
            "pram"
        ]

    def test_a_small_lift_is_limited_with_a_pram_and_no_in_a_wheelchair(self):
        assert verdicts(venue_facts("perhekeskus-hirvensalo")) == ("yes", "yes", "yes", "yes")
        hall = room_facts("perhekeskus-hirvensalo", "Sali")
        assert verdicts(hall) == ("limited", "limited", "no", "limited")
        assert hall.room.venue.accessibility.lift_cabin_depth_cm == 120

    def test_rooms_upstairs_with_a_roomy_lift_and_on_the_entrance_level_are_yes(self):
        for room in ("Perhehuone", "Sali", "Vauvahuone"):
            assert set(verdicts(room_facts("perhekeskus-varissuo", room))) == {"yes"}
        assert Room.objects.get(venue__slug="perhekeskus-varissuo", name_fi="Sali").floor == 2

    def test_summary_counts_the_verdicts_per_viewpoint(self, loaded_demo):
        output = loaded_demo
        for title, model, total in (
            ("verdicts of venues", VenueAccessibility, len(demo.VENUES)),
            ("verdicts of rooms", RoomAccessibility, sum(len(venue.rooms) for venue in demo.VENUES)),
        ):
            table = summary_table(output, title)
            assert list(table) == [viewpoint.value for viewpoint in Viewpoint]
            for viewpoint, numbers in table.items():
                column = f"{viewpoint}_verdict"
                assert numbers == tuple(
                    model.objects.filter(**{column: verdict}).count()
                    for verdict in ("yes", "limited", "no", "unknown")
                )
                assert sum(numbers) == total
        assert re.search(r"^\s+venue facts\s+24\s+24\s+0\s+0$", output, re.M)

    # Venues, rooms, addresses and hours

    def test_every_kind_and_every_venue_with_rooms_and_facts(self):
        assert Venue.objects.count() == len(demo.VENUES)
        assert 20 <= len(demo.VENUES) <= 25
        assert set(Venue.objects.values_list("kind", flat=True)) == set(Venue.Kind.values)
        assert Venue.objects.filter(municipality__code="853", kind=Venue.Kind.FAMILY_CENTRE).count() >= 3
        for venue in Venue.objects.prefetch_related("rooms"):
            rooms = list(venue.rooms.all())
            assert 1 <= len(rooms) <= 3, venue.slug
            assert VenueAccessibility.objects.filter(venue=venue).exists(), venue.slug
            for room in rooms:
                assert RoomAccessibility.objects.filter(room=room).exists(), room
                assert room.capacity_people >= room.pram_spaces
        assert Room.objects.filter(is_bookable=False).exists()

    def test_addresses_have_the_municipalitys_postal_code_and_coordinates(self):
        for venue in Venue.objects.select_related("municipality"):
            code = venue.municipality.code
            post_office, postal_codes = POSTAL_CODES[code]
            assert re.fullmatch(r"\d{5}", venue.postal_code), venue.slug
            if isinstance(postal_codes, range):
                assert int(venue.postal_code) in postal_codes, venue.slug
            else:
                assert venue.postal_code in postal_codes, venue.slug
            assert venue.post_office_fi == post_office, venue.slug
            assert re.fullmatch(r"\D+ \d+", venue.street_address_fi), venue.slug
            position = (float(venue.latitude), float(venue.longitude))
            assert distance_km(position, CENTRES[code]) < 10, venue.slug
            assert venue.email.endswith(".invalid"), venue.slug
            assert not venue.phone

    def test_texts_in_three_languages_and_swedish_addresses_where_bilingual(self):
        for venue in Venue.objects.select_related("municipality"):
            for field in ("name", "description"):
                for language in ("fi", "sv", "en"):
                    assert getattr(venue, f"{field}_{language}"), (venue.slug, field, language)
            assert venue.directions_fi
            assert venue.directions_en
            if venue.municipality.code in BILINGUAL:
                assert venue.directions_sv, venue.slug
                assert venue.post_office_sv == BILINGUAL[venue.municipality.code]
                assert venue.street_address_sv != venue.street_address_fi, venue.slug
            else:
                assert venue.street_address_sv == venue.street_address_fi
        pargas = Venue.objects.get(slug="familjecentralen-i-pargas")
        assert (pargas.name_sv, pargas.street_address_sv) == ("Familjecentralen i Pargas", "Skolgränd 2")
        assert Room.objects.get(venue=pargas, name_fi="Perhehuone").name_sv == "Familjerummet"

    def test_opening_hours_with_split_days_holidays_summer_and_a_shorter_day(self):
        thursday = OpeningHours.objects.filter(venue__slug="perhekeskus-varissuo", weekday=3).order_by(
            "opens"
        )
        assert [(h.opens, h.closes) for h in thursday] == [(time(9), time(15)), (time(17), time(19))]
        assert not OpeningHours.objects.filter(venue__slug="pyharannan-kylatalo").exists()  # sessions only

        for venue in Venue.objects.exclude(slug="pyharannan-kylatalo"):
            christmas = OpeningException.objects.get(venue=venue, start_date=date(2026, 12, 24))
            assert (christmas.end_date, christmas.closed) == (date(2026, 12, 26), True)
            assert OpeningException.objects.filter(
                venue=venue, start_date=date(2027, 1, 6), closed=True
            ).exists()
            summer = OpeningException.objects.filter(
                venue=venue, start_date__lte=date(2027, 7, 15), end_date__gte=date(2027, 7, 15)
            )
            assert summer.exists(), venue.slug
        for venue in FAMILY_CENTRES:
            july = OpeningException.objects.get(venue__slug=venue.slug, start_date=date(2027, 7, 1))
            assert (july.end_date, july.closed, july.reason_sv) == (date(2027, 7, 31), True, "Sommaruppehåll")
            may_day_eve = OpeningException.objects.get(venue__slug=venue.slug, start_date=date(2027, 4, 30))
            assert (may_day_eve.closed, may_day_eve.opens, may_day_eve.closes) == (False, time(9), time(13))

    def test_some_venues_describe_the_routes_from_the_bus_stop_and_the_car_park(self):
        assert VenueAccessibility.objects.exclude(bus_stop_route_steps=None).count() >= 5
        assert VenueAccessibility.objects.exclude(parking_route_steps=None).count() >= 5
        # Two steps from the station: not part of the verdict, which is about the way from the street.
        kupittaa = venue_facts("kupittaan-seurakuntatalo")
        assert (kupittaa.bus_stop_route_steps, kupittaa.parking_route_steps) == (2, 0)
        assert verdicts(kupittaa) == ("yes", "yes", "yes", "yes")


# --- Idempotent and scalable -----------------------------------------------------------


def test_a_second_run_changes_no_row_and_recomputes_nothing():
    seed("--only", "venues")
    before = dump()
    output = seed("--only", "venues")
    assert dump() == before
    for label in ("venues", "rooms", "opening hours", "opening exceptions", "venue facts", "room facts"):
        total = int(re.search(rf"^\s+{label}\s+(\d+)\s+0\s+0\s+(\d+)$", output, re.M).group(1))
        assert total > 0, label


def test_a_changed_fact_is_repaired_and_the_verdicts_follow():
    seed("--only", "venues")
    varissuo = Venue.objects.get(slug="perhekeskus-varissuo").pk
    others = [row for row in dump()["accessibility.VenueAccessibility"] if row["venue_id"] != varissuo]
    VenueAccessibility.objects.filter(venue_id=varissuo).update(entrance_steps=3, entrance_has_ramp=False)
    # As a form would have done: the verdicts follow the changed facts.
    recompute_venue(VenueAccessibility.objects.get(venue_id=varissuo))
    assert venue_facts("perhekeskus-varissuo").pram_verdict == "no"

    output = seed("--only", "venues")

    facts = venue_facts("perhekeskus-varissuo")
    assert (facts.entrance_steps, facts.entrance_has_ramp) == (0, None)
    assert verdicts(facts) == ("yes", "yes", "yes", "yes")
    assert set(verdicts(room_facts("perhekeskus-varissuo", "Sali"))) == {"yes"}
    assert re.search(r"^\s+venue facts\s+24\s+0\s+1\s+23$", output, re.M)
    assert [
        row for row in dump()["accessibility.VenueAccessibility"] if row["venue_id"] != varissuo
    ] == others

    kupittaa = {"room__venue__slug": "kupittaan-seurakuntatalo", "room__name_fi": "Kerhohuone"}
    RoomAccessibility.objects.filter(**kupittaa).update(on_entrance_level=True, route_steps=0)
    recompute_venue(venue_facts("kupittaan-seurakuntatalo"))
    assert room_facts("kupittaan-seurakuntatalo", "Kerhohuone").pram_verdict == "yes"
    output = seed("--only", "venues")
    assert room_facts("kupittaan-seurakuntatalo", "Kerhohuone").pram_verdict == "no"
    assert re.search(r"^\s+room facts\s+(\d+)\s+0\s+1\s+\d+$", output, re.M)


def test_stale_verdicts_are_recomputed_even_when_the_facts_are_unchanged():
    seed("--only", "venues")
    VenueAccessibility.objects.filter(venue__slug="kimito-forsamlingshem").update(pram_verdict="yes")
    RoomAccessibility.objects.filter(
        room__venue__slug="kupittaan-seurakuntatalo", room__name_fi="Kerhohuone"
    ).update(wheelchair_verdict="yes")
    output = seed("--only", "venues")
    assert venue_facts("kimito-forsamlingshem").pram_verdict == "no"
    assert room_facts("kupittaan-seurakuntatalo", "Kerhohuone").wheelchair_verdict == "no"
    assert re.search(r"^\s+venue facts\s+24\s+0\s+0\s+24$", output, re.M)  # no fact was rewritten


def test_scale_2_copies_every_family_centre_with_rooms_hours_and_facts():
    seed("--scale", "2", "--only", "venues")
    assert Venue.objects.count() == len(demo.VENUES) + len(FAMILY_CENTRES)
    copy = Venue.objects.get(slug="perhekeskus-varissuo-2")
    original = Venue.objects.get(slug="perhekeskus-varissuo")
    assert copy.name_fi == "Perhekeskus Varissuo 2"
    assert copy.kind == Venue.Kind.FAMILY_CENTRE
    assert copy.municipality_id == original.municipality_id
    assert copy.latitude != original.latitude
    assert copy.rooms.count() == original.rooms.count()
    assert copy.opening_hours.count() == original.opening_hours.count()
    assert copy.opening_exceptions.count() == original.opening_exceptions.count()
    assert verdicts(copy.accessibility) == verdicts(original.accessibility)
    assert not Venue.objects.filter(slug="kustavin-kirjasto-2").exists()  # only family centres

    before = dump()
    seed("--scale", "2", "--only", "venues")
    assert dump() == before


def test_venues_are_deterministic_with_unique_slugs():
    assert demo.venues(3) == demo.venues(3)
    assert demo.venues(1) == demo.VENUES
    slugs = [venue.slug for venue in demo.venues(3)]
    assert len(slugs) == len(set(slugs)) == len(demo.VENUES) + 2 * len(FAMILY_CENTRES)
    with pytest.raises(ValueError, match="scale"):
        demo.venues(0)


def test_the_venue_loader_needs_the_network_first():
    with pytest.raises(LookupError, match="seed_demo"):
        demo.seed_demo_venues()
    assert not Venue.objects.exists()


def test_venues_never_import_accessibility_when_imported():
    """The command composes the demo from a local import; venues' modules stay below accessibility."""
    higher = ("accessibility", "events", "bookings")
    root = Path(django_settings.BASE_DIR) / "venues"
    for path in [*root.glob("demo/*.py"), *root.glob("management/commands/*.py")]:
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] in higher for name in names), (path, names)
