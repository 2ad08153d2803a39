"""Free text on the find-sessions page: matching sessions only, the places it names, nearer words
when nothing matches. Inflected Finnish and Swedish words on PostgreSQL; whole words everywhere."""

import datetime as dt
import re

import pytest

from events.models import Group
from tests.events.test_public_pages import days_ahead, make_group, schedule, titles
from tests.factories import MunicipalityFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    parainen = MunicipalityFactory(code="445", name_fi="Parainen", name_sv="Pargas")
    varissuo = RoomFactory(
        venue=VenueFactory(name_fi="Varissuon perhekeskus", organization__municipality=turku)
    )
    pargas = RoomFactory(
        venue=VenueFactory(
            name_fi="Paraisten perhekeskus",
            name_sv="Pargas familjecentral",
            organization__municipality=parainen,
        )
    )
    groups = {
        "cafe": make_group(varissuo, "Vauvakahvila", description_fi="Kahvia ja juttua vauvaperheille."),
        "massage": make_group(varissuo, "Vauvahieronta", topic=Group.Topic.BABY_MASSAGE),
        "swedish": make_group(
            pargas,
            "Familjecafé",
            title_sv="Familjecafé",
            in_swedish=True,
            description_sv="Vi träffas och leker med barnen.",
        ),
        "secret": make_group(varissuo, "Salainen vauvakahvila", visibility=Group.Visibility.UNLISTED),
    }
    for hour, group in enumerate(groups.values(), start=9):
        room = pargas if group is groups["swedish"] else varissuo
        schedule(group, room, days_ahead(2), at=dt.time(hour * 2 - 9))
    return groups


def test_a_whole_word_finds_only_matching_sessions(client, network):
    assert titles(client.get("/fi/?q=Vauvahieronta")) == ["Vauvahieronta"]
    assert titles(client.get("/fi/?q=vauvakahvila")) == ["Vauvakahvila"]  # never the unlisted one


def test_part_of_a_compound_finds_it(client, network):
    assert set(titles(client.get("/fi/?q=kahvila"))) == {"Vauvakahvila"}
    assert set(titles(client.get("/fi/?q=vauva"))) == {"Vauvakahvila", "Vauvahieronta"}


def test_every_word_must_match(client, network):
    assert titles(client.get("/fi/?q=vauva+hieronta")) == ["Vauvahieronta"]
    assert titles(client.get("/fi/?q=vauva+leikki")) == []


def test_a_place_name_finds_its_sessions_and_the_place(client, network):
    html = client.get("/fi/?q=varissuo").content.decode()
    assert set(titles(client.get("/fi/?q=varissuo"))) == {"Vauvakahvila", "Vauvahieronta"}
    places = re.search(
        r'<section class="search-group" aria-labelledby="places-heading">(.*?)</section>', html, re.S
    )
    assert places is not None
    assert "Varissuon perhekeskus" in places.group(1)
    assert "Paraisten perhekeskus" not in places.group(1)


def test_a_typo_gets_a_nearer_word(client, network):
    html = client.get("/fi/?q=vauvahierota").content.decode()
    assert titles(client.get("/fi/?q=vauvahierota")) == []
    assert 'Tarkoititko <a href="?q=vauvahieronta">vauvahieronta</a>?' in html


def test_search_words_are_text_not_markup_and_too_long_words_are_dropped(client, network):
    html = client.get("/fi/?q=<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)" not in html
    long = client.get("/fi/?q=" + "a" * 101)
    assert long.status_code == 200
    assert "Hakusanat olivat liian pitkät" in long.content.decode()
    assert len(titles(long)) == 3  # shown without them


def test_inflected_finnish_and_swedish_words_match_on_postgresql(client, network, on_postgres):
    assert titles(client.get("/fi/?q=vauvakahvilaan")) == ["Vauvakahvila"]  # illative
    assert titles(client.get("/fi/?q=vauvaperheille")) == ["Vauvakahvila"]  # in the description
    assert titles(client.get("/sv/?q=barnens")) == ["Familjecafé"]  # Swedish genitive, in the description
    assert titles(client.get("/sv/?q=leka")) == ["Familjecafé"]  # "leker" and "leka" share a stem
