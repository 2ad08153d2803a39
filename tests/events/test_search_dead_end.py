"""The find-sessions page is never a dead end: an empty window names the next matching session and
offers each filter to drop with the count it would give; the closed filter panel says what is chosen."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError

from events.models import Group
from events.services.sessions import session_cancel
from tests.events.test_public_pages import days_ahead, make_group, schedule
from tests.factories import MunicipalityFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    kaarina = MunicipalityFactory(code="202", name_fi="Kaarina", name_sv="S:t Karins")
    varissuo = RoomFactory(
        venue=VenueFactory(name_fi="Varissuon perhekeskus", organization__municipality=turku)
    )
    piikkio = RoomFactory(
        venue=VenueFactory(name_fi="Piikkiön seurakuntatalo", organization__municipality=kaarina)
    )
    massage = make_group(varissuo, "Vauvahieronta", topic=Group.Topic.BABY_MASSAGE)
    course = schedule(massage, varissuo, days_ahead(40), days_ahead(54))
    cafe = make_group(piikkio, "Perhekahvila", topic=Group.Topic.OPEN_MEETING_PLACE)
    schedule(cafe, piikkio, days_ahead(2), days_ahead(9))
    return {"course": course, "massage": massage}


def test_an_empty_window_names_the_next_matching_session_and_links_to_it(client, network):
    first = network["course"][0]
    html = client.get("/fi/?topic=baby_massage").content.decode()
    assert "Valintojasi vastaavia kertoja ei löytynyt." in html
    assert re.search(
        rf'Seuraava: <a href="/fi/sessions/{first.pk}/">[^<]*Vauvahieronta, Varissuon perhekeskus</a>', html
    )


def test_the_next_session_skips_cancelled_ones(client, network):
    first, second = network["course"][:2]
    session_cancel(actor=network["massage"].leaders.get(), session=first, reason="Sairastuminen")
    html = client.get("/fi/?topic=baby_massage").content.decode()
    assert f'href="/fi/sessions/{second.pk}/"' in html
    assert f'href="/fi/sessions/{first.pk}/"' not in html


def test_each_filter_in_use_is_offered_with_the_count_its_removal_gives(client, network):
    html = client.get("/fi/?municipality=853&topic=open_meeting_place").content.decode()
    # Dropping the municipality finds the Kaarina café's two sessions; dropping the topic finds nothing
    # in Turku in the window, so that chip is not offered.
    assert '<a class="chip" href="?topic=open_meeting_place">Mikä tahansa kunta (2)</a>' in html
    assert "Kaikki aiheet (" not in html


def test_nothing_planned_at_all_says_so_and_offers_the_wider_search(client, network):
    html = client.get("/fi/?topic=outdoor").content.decode()
    assert "Seuraava:" not in html
    assert "Sopivia tapahtumia ei ole vielä suunniteltu." in html
    assert '<a class="chip" href="?">Kaikki aiheet (2)</a>' in html


def test_results_do_not_compute_suggestions(client, network, django_assert_max_num_queries):
    from tests.events.test_public_pages import SEARCH_QUERIES

    with django_assert_max_num_queries(SEARCH_QUERIES):
        html = client.get("/fi/").content.decode()
    assert "Seuraava:" not in html
    assert "Perhekahvila" in html


def test_the_closed_filter_panel_summarises_the_chosen_filters(client, network):
    html = client.get("/sv/?municipality=853&age=6&language=fi").content.decode()
    summary = re.search(r'<span class="filter-summary">([^<]*)</span>', html).group(1)
    assert summary == "Åbo · finska · 6 månader gammal"
    assert '<details class="filter-panel">' in html  # closed: the results come first
    assert "Alla tillfällen" in client.get("/sv/").content.decode()


def test_a_filter_that_did_not_validate_opens_the_panel(client, network):
    html = client.get("/fi/?date_from=banana").content.decode()
    assert '<details class="filter-panel" open>' in html


def test_the_icon_tag_inlines_a_vendored_icon_and_refuses_others():
    html = Template('{% load icons %}{% icon "baby" "x" %}').render(Context())
    assert html.startswith('<svg class="icon x"')
    assert 'aria-hidden="true"' in html
    assert "<path" in html
    for name in ("no-such-icon", "../../settings"):
        with pytest.raises(TemplateSyntaxError):
            Template("{% load icons %}{% icon name %}").render(Context({"name": name}))
