"""`manage.py seed_demo`: the Varsinais-Suomi demo network, idempotent, scalable, with working logins."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from accessibility import demo as venue_demo
from accounts.models import User
from venues.demo import network
from venues.demo.loader import SEEDED_MODELS, seed_demo_network
from venues.models import Membership, Municipality, Organization, Region, Venue

pytestmark = pytest.mark.django_db

BASE_ORGANIZATIONS = len(network.PROVIDERS)
BASE_VENUES = len(venue_demo.VENUES)
FAMILY_CENTRES = sum(venue.kind == Venue.Kind.FAMILY_CENTRE for venue in venue_demo.VENUES)
COORDINATOR = "coordinator@demo.perhekeskus.invalid"
# Every table the command writes: the network's, then the venues' and their accessibility facts.
ALL_SEEDED_MODELS = SEEDED_MODELS + venue_demo.SEEDED_MODELS
TALLIES = (
    "sub-regions",
    "municipalities",
    "organizations",
    "users",
    "email addresses",
    "memberships",
    "venues",
    "rooms",
    "opening hours",
    "opening exceptions",
    "venue facts",
    "room facts",
)


@pytest.fixture(autouse=True)
def _demo_settings(settings):
    # pytest-django turns DEBUG off, and seed_demo refuses to run then (see test below).
    settings.DEBUG = True
    # Every test hashes the demo password on a fresh database; the default hasher takes 0.25 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def seed(*args: str, stderr: io.StringIO | None = None) -> str:
    stdout = io.StringIO()
    call_command("seed_demo", *args, stdout=stdout, stderr=stderr or io.StringIO())
    return stdout.getvalue()


def dump() -> dict[str, list[dict]]:
    """Every column of every row the seed writes (translations and auto_now fields included)."""
    return {
        model._meta.label: list(
            model._default_manager.order_by("pk").values(*(f.attname for f in model._meta.concrete_fields))
        )
        for model in ALL_SEEDED_MODELS
    }


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in ALL_SEEDED_MODELS}


def summary_row(output: str, label: str) -> tuple[int, ...]:
    match = re.search(rf"^\s+{label}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", output, re.M)
    assert match, output
    return tuple(int(number) for number in match.groups())


# --- The loaded demo: read-only tests, over one seed -----------------------------------


@pytest.fixture(scope="class")
def loaded_demo(seed_committed):
    """One run of `seed_demo --only venues` (the network and the venues), for one class; its output."""
    with seed_committed("--only", "venues") as output:
        yield output


@pytest.mark.usefixtures("loaded_demo")
class TestTheLoadedDemo:
    """What one run of the seed leaves in the database: one seed for every test of the class."""

    # The network

    def test_27_municipalities_in_5_sub_regions(self):
        assert Region.objects.count() == 5
        assert Municipality.objects.count() == 27
        per_region = {region.code: region.municipalities.count() for region in Region.objects.all()}
        assert per_region == {"021": 2, "022": 2, "023": 11, "024": 6, "025": 6}

    @pytest.mark.parametrize(
        ("code", "name", "region_code"),
        [
            ("853", "Turku", "023"),
            ("445", "Parainen", "021"),
            ("895", "Uusikaupunki", "024"),
            ("734", "Salo", "022"),
            ("430", "Loimaa", "025"),
            # Statistics Finland places these two in Loimaa, not Turku (the first DESIGN.md draft did).
            ("019", "Aura", "025"),
            ("480", "Marttila", "025"),
        ],
    )
    def test_municipality_is_in_its_statistics_finland_sub_region(self, code, name, region_code):
        municipality = Municipality.objects.select_related("region").get(code=code)
        assert municipality.name_fi == name
        assert municipality.region.code == region_code

    def test_names_in_three_languages_and_ascii_slugs(self):
        turku = Municipality.objects.get(code="853")
        assert (turku.name_fi, turku.name_sv, turku.name_en, turku.slug) == ("Turku", "Åbo", "Turku", "turku")
        koski = Municipality.objects.get(code="284")
        assert (koski.name_fi, koski.name_sv, koski.slug) == ("Koski Tl", "Koskis", "koski-tl")
        poytya = Municipality.objects.get(code="636")
        assert (poytya.name_sv, poytya.slug) == ("Pöytyä", "poytya")  # no Swedish name: the same
        for municipality in Municipality.objects.all():
            assert municipality.slug.isascii()
            assert municipality.slug == slugify(municipality.name_fi)
            assert municipality.name_en == municipality.name_fi
            assert municipality.name_sv

    def test_providers_of_every_kind_each_with_one_home(self):
        assert set(Organization.objects.values_list("kind", flat=True)) == set(Organization.Kind.values)
        county = Organization.objects.get(kind=Organization.Kind.COUNTY)
        assert county.name_sv == "Välfärdsområdet i Egentliga Finland"
        assert county.municipality_id is None
        assert county.region_id is None
        turku = Organization.objects.get(slug="turun-kaupunki")
        assert (turku.kind, turku.name_sv, turku.municipality.code) == ("municipality", "Åbo stad", "853")
        assert Organization.objects.get(slug="folkhalsan-aboland").region.code == "021"
        for organization in Organization.objects.all():
            assert organization.municipality_id is None or organization.region_id is None
            assert organization.email.endswith(".invalid"), organization.email
            assert organization.name_fi
            assert organization.name_sv
            assert organization.name_en

    # Demo accounts

    def test_demo_accounts_roles_and_verified_addresses(self):
        admin = User.objects.get(email="admin@demo.perhekeskus.invalid")
        assert admin.is_superuser
        assert admin.is_staff
        coordinator = User.objects.get(email=COORDINATOR)
        assert not coordinator.is_staff
        assert coordinator.memberships.get().organization.slug == "turun-kaupunki"
        assert coordinator.memberships.get().role == Membership.Role.COORDINATOR
        leader = Membership.objects.get(user__email="leader@demo.perhekeskus.invalid")
        assert (leader.organization.slug, leader.role) == ("mll-turku", Membership.Role.LEADER)
        for user in User.objects.all():
            assert EmailAddress.objects.filter(
                user=user, email=user.email, primary=True, verified=True
            ).exists()

    def test_demo_coordinator_logs_in_through_allauth(self, client):
        cache.clear()  # allauth's rate limits count in the cache

        wrong = client.post("/fi/accounts/login/", {"login": COORDINATOR, "password": "not-the-password"})
        assert wrong.status_code == 200
        assert SESSION_KEY not in client.session

        response = client.post(
            "/fi/accounts/login/", {"login": COORDINATOR, "password": network.DEMO_PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == "/fi/leader/"
        assert int(client.session[SESSION_KEY]) == User.objects.get(email=COORDINATOR).pk
        cache.clear()

    # Output

    def test_summary_lists_counts_and_demo_logins(self, loaded_demo):
        output = loaded_demo
        assert summary_row(output, "sub-regions") == (5, 5, 0, 0)
        assert summary_row(output, "municipalities") == (27, 27, 0, 0)
        assert summary_row(output, "memberships")[0] == Membership.objects.count()
        assert summary_row(output, "venues") == (BASE_VENUES, BASE_VENUES, 0, 0)
        assert "venues by kind: family_centre 9, open_meeting_place 8, partner_premises 7" in output
        assert "verdicts of venues" in output
        assert "verdicts of rooms" in output
        assert "county 1" in output
        assert "private 2" in output
        assert f"password: {network.DEMO_PASSWORD}" in output
        assert "/fi/accounts/login/" in output
        for user in network.DEMO_USERS:
            assert user.email in output
        assert "coordinator – Turun kaupunki" in output


# --- Idempotent ------------------------------------------------------------------


def test_running_twice_leaves_every_table_as_it_was():
    first = seed()
    before, before_counts = dump(), counts()
    assert before_counts["venues.Venue"] == BASE_VENUES
    assert before_counts["accessibility.RoomAccessibility"] == before_counts["venues.Room"] > BASE_VENUES
    second = seed()
    assert counts() == before_counts
    assert dump() == before
    assert summary_row(first, "organizations") == (BASE_ORGANIZATIONS, BASE_ORGANIZATIONS, 0, 0)
    assert summary_row(second, "organizations") == (BASE_ORGANIZATIONS, 0, 0, BASE_ORGANIZATIONS)
    for label in TALLIES:
        total, created, updated, unchanged = summary_row(second, label)
        assert (created, updated, unchanged) == (0, 0, total), label
        assert summary_row(first, label)[0] == total, label


def test_a_second_run_repairs_what_was_changed():
    seed("--only", "network")
    Organization.objects.filter(slug="mll-turku").update(email="someone@else.invalid")
    coordinator = User.objects.get(email=COORDINATOR)
    coordinator.set_password("changed-in-the-meantime")
    coordinator.save()

    output = seed("--only", "network")

    assert Organization.objects.get(slug="mll-turku").email == "turku@mll.invalid"
    assert User.objects.get(email=COORDINATOR).check_password(network.DEMO_PASSWORD)
    assert summary_row(output, "organizations")[2] == 1  # updated
    assert summary_row(output, "users")[2] == 1


# --- Scale -----------------------------------------------------------------------


def test_scale_1_is_exactly_the_base_network():
    seed("--scale", "1", "--only", "venues")
    assert set(Organization.objects.values_list("slug", flat=True)) == {p.slug for p in network.PROVIDERS}
    assert set(Venue.objects.values_list("slug", flat=True)) == {v.slug for v in venue_demo.VENUES}


def test_scale_3_adds_two_chapters_per_municipality_and_is_idempotent():
    seed("--scale", "3", "--only", "venues")
    assert Organization.objects.count() == BASE_ORGANIZATIONS + 2 * 27
    generated = Organization.objects.filter(slug__in=["mll-turku-2", "mll-turku-3", "mll-koski-tl-3"])
    assert generated.count() == 3
    assert {o.kind for o in generated} == {Organization.Kind.NGO}
    assert generated.get(slug="mll-koski-tl-3").municipality.code == "284"
    assert not Organization.objects.filter(slug="mll-turku-4").exists()
    assert Venue.objects.count() == BASE_VENUES + 2 * FAMILY_CENTRES

    before = dump()
    seed("--scale", "3", "--only", "venues")
    assert dump() == before


@pytest.mark.parametrize("scale", ["0", "-1", "abc"])
def test_scale_below_1_is_refused_before_any_write(scale):
    with pytest.raises(CommandError, match="scale"):
        seed(f"--scale={scale}")
    assert counts() == dict.fromkeys(counts(), 0)


def test_providers_are_deterministic_with_unique_slugs():
    assert network.providers(3) == network.providers(3)
    slugs = [provider.slug for provider in network.providers(3)]
    assert len(slugs) == len(set(slugs))
    with pytest.raises(ValueError, match="scale"):
        network.providers(0)


def test_refuses_to_run_with_debug_off_unless_told(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not User.objects.exists()
    seed("--allow-without-debug", "--only", "network")
    assert User.objects.filter(is_superuser=True).exists()


def test_loader_can_be_called_without_the_command():
    report = seed_demo_network(scale=2)
    assert report.tallies["municipalities"].created == 27
    assert report.tallies["organizations"].total == BASE_ORGANIZATIONS + 27
    assert report.organizations_by_kind["county"] == 1
    again = seed_demo_network(scale=2)
    assert {label: tally.unchanged for label, tally in again.tallies.items()} == {
        label: tally.total for label, tally in report.tallies.items()
    }


# --- Output ------------------------------------------------------------------------


def test_verbosity_0_prints_nothing():
    terminal = FakeTerminal()
    assert seed("--verbosity", "0", "--only", "network", stderr=terminal) == ""
    assert terminal.getvalue() == ""
    assert Municipality.objects.count() == 27


def test_progress_bar_on_a_terminal_only():
    terminal = FakeTerminal()
    seed(stderr=terminal)
    assert "seed_demo: 100%" in terminal.getvalue()

    silenced = FakeTerminal()
    seed("--no-progress", "--only", "network", stderr=silenced)
    assert silenced.getvalue() == ""

    piped = io.StringIO()
    seed("--only", "network", stderr=piped)
    assert piped.getvalue() == ""
