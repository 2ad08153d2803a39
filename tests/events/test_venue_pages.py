"""The public venue pages, through real HTTP: /<lang>/venues/ and /<lang>/venues/<slug>/.

Text is asserted on /en/ pages: English is the source language, so the
assertions hold however far the fi/sv translations are.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accessibility.services import room_accessibility_update, venue_accessibility_update
from events.selectors import helsinki_today
from events.views.display import date_range, exception_line
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    RegionFactory,
    RoomFactory,
    VenueFactory,
    VenuePhotoFactory,
)
from venues.models import OpeningException, OpeningHours, Venue

pytestmark = pytest.mark.django_db

LIST = "/en/venues/"

# Every fact a pram, double pushchair, wheelchair and walking aid need, measured and fine.
STEP_FREE = {
    "route_width_cm": 200,
    "route_surface": "paved",
    "route_max_slope_percent": Decimal("2.0"),
    "route_steps": 0,
    "entrance_steps": 0,
    "entrance_door_width_cm": 100,
    "entrance_threshold_cm": 0,
    "entrance_door_type": "automatic",
    "entrance_space_in_front_cm": 200,
    "has_lift": True,
    "lift_cabin_width_cm": 120,
    "lift_cabin_depth_cm": 150,
    "lift_door_width_cm": 90,
}
# One low step and no ramp: a pram gets in (limited), a wheelchair does not.
ONE_STEP = {**STEP_FREE, "entrance_steps": 1, "entrance_has_ramp": False, "entrance_step_height_cm": 10}
# Four steps and no ramp: nothing on wheels gets in.
FOUR_STEPS = {**STEP_FREE, "entrance_steps": 4, "entrance_has_ramp": False, "entrance_step_height_cm": 17}
ROOM_STEP_FREE = {
    "on_entrance_level": True,
    "route_steps": 0,
    "narrowest_door_cm": 100,
    "threshold_cm": 0,
}
UPSTAIRS_NO_LIFT = {**ROOM_STEP_FREE, "on_entrance_level": False, "lift_available": False}


def leader(venue: Venue):
    return MembershipFactory(organization=venue.organization).user


def survey(venue: Venue, facts: dict) -> Venue:
    venue_accessibility_update(actor=leader(venue), venue=venue, data=facts)
    return venue


def survey_room(room, facts: dict):
    room_accessibility_update(actor=leader(room.venue), room=room, data=facts)
    return room


def listed(response) -> list[str]:
    """Slugs of the venue cards, in page order."""
    return re.findall(
        r'<h2 class="venue-name"><a href="/\w\w/venues/([\w-]+)/"(?: lang="\w\w")?>',
        response.content.decode(),
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_list_answers_in_each_language(client, lang):
    venue = VenueFactory(name_fi="Perhekeskus Aurinko", name_sv="Familjecentralen Solen")

    response = client.get(f"/{lang}/venues/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f'href="/{lang}/venues/{venue.slug}/"' in html
    assert ("Familjecentralen Solen" if lang == "sv" else "Perhekeskus Aurinko") in html


def test_main_navigation_links_to_the_venues(client):
    html = client.get("/en/").content.decode()
    assert '<a href="/en/venues/">Venues</a>' in html
    assert '<a href="/en/venues/" aria-current="page">Venues</a>' in client.get(LIST).content.decode()


def test_list_is_ordered_by_municipality_then_name(client):
    aura = MunicipalityFactory(name_fi="Aura", name_sv="Aura")
    turku = MunicipalityFactory(name_fi="Turku", name_sv="Åbo")
    b = VenueFactory(name_fi="B-talo", organization__municipality=turku)
    a = VenueFactory(name_fi="A-talo", organization__municipality=turku)
    c = VenueFactory(name_fi="C-talo", organization__municipality=aura)

    assert listed(client.get(LIST)) == [c.slug, a.slug, b.slug]


def test_swedish_order_falls_back_to_finnish_names(client):
    municipality = MunicipalityFactory()
    a = VenueFactory(name_fi="A-talo", organization__municipality=municipality)
    b = VenueFactory(name_fi="Ö-talo", name_sv="B-huset", organization__municipality=municipality)
    c = VenueFactory(name_fi="C-talo", organization__municipality=municipality)

    assert listed(client.get("/sv/venues/")) == [a.slug, b.slug, c.slug]
    assert listed(client.get("/fi/venues/")) == [a.slug, c.slug, b.slug]


def test_filters_by_municipality_sub_region_and_kind(client):
    turku_region, salo_region = RegionFactory(slug="turun-seutukunta"), RegionFactory(slug="salon-seutukunta")
    turku = MunicipalityFactory(code="853", region=turku_region)
    kaarina = MunicipalityFactory(code="202", region=turku_region)
    salo = MunicipalityFactory(code="734", region=salo_region)
    in_turku = VenueFactory(organization__municipality=turku)
    meeting_place = VenueFactory(organization__municipality=turku, kind=Venue.Kind.OPEN_MEETING_PLACE)
    in_kaarina = VenueFactory(organization__municipality=kaarina)
    in_salo = VenueFactory(organization__municipality=salo, kind=Venue.Kind.OPEN_MEETING_PLACE)

    def slugs(query: str) -> set[str]:
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 200
        return set(listed(response))

    assert slugs("municipality=853") == {in_turku.slug, meeting_place.slug}
    assert slugs("region=turun-seutukunta") == {in_turku.slug, meeting_place.slug, in_kaarina.slug}
    assert slugs("region=salon-seutukunta") == {in_salo.slug}
    assert slugs("kind=open_meeting_place") == {meeting_place.slug, in_salo.slug}
    assert slugs("kind=open_meeting_place&region=turun-seutukunta") == {meeting_place.slug}
    assert slugs("") == {in_turku.slug, meeting_place.slug, in_kaarina.slug, in_salo.slug}


def test_filters_by_minimum_verdict_for_a_viewpoint(client):
    step_free = survey(VenueFactory(), STEP_FREE)
    one_step = survey(VenueFactory(), ONE_STEP)
    four_steps = survey(VenueFactory(), FOUR_STEPS)
    never_surveyed = VenueFactory()
    surveyed_but_unknown = survey(VenueFactory(), {"notes_fi": "Ei vielä mitattu."})

    def slugs(query: str) -> set[str]:
        return set(listed(client.get(f"{LIST}?{query}")))

    assert slugs("viewpoint=pram&access=yes") == {step_free.slug}
    assert slugs("viewpoint=pram&access=limited") == {step_free.slug, one_step.slug}
    assert slugs("viewpoint=wheelchair&access=limited") == {step_free.slug}
    # A verdict without a viewpoint is about prams, the common case.
    assert slugs("access=limited") == {step_free.slug, one_step.slug}
    # No minimum: everything, the unknown and the inaccessible included.
    assert slugs("viewpoint=wheelchair") == {
        step_free.slug,
        one_step.slug,
        four_steps.slug,
        never_surveyed.slug,
        surveyed_but_unknown.slug,
    }


def test_list_shows_pram_and_wheelchair_badges_with_icon_and_text(client):
    survey(VenueFactory(), ONE_STEP)

    html = client.get(LIST).content.decode()

    limited = re.search(r'<span class="verdict verdict-limited">(.*?)</span></span>', html, re.S)
    assert limited is not None
    assert '<svg class="verdict-icon"' in limited.group(1)
    assert 'aria-hidden="true"' in limited.group(1)
    assert "Pram or pushchair:" in limited.group(1)
    assert "Partly accessible" in limited.group(1)
    assert re.search(
        r'verdict-no">.*?Wheelchair:</span> <span class="verdict-label">Not accessible', html, re.S
    )


def test_venue_without_accessibility_row_is_not_known_and_left_out_of_access_filters(client):
    venue = VenueFactory(name_fi="Kartoittamaton talo")
    assert not hasattr(venue, "accessibility") or venue.accessibility is None

    html = client.get(LIST).content.decode()
    assert html.count("Not known") == 2  # pram and wheelchair badges

    detail = client.get(f"{LIST}{venue.slug}/").content.decode()
    assert "The accessibility of this venue has not been surveyed yet" in detail
    assert detail.count('<span class="verdict-label">Not known</span>') >= 4
    assert "Not known whether it works with a pram or pushchair." in detail

    assert listed(client.get(f"{LIST}?viewpoint=pram&access=yes")) == []
    assert listed(client.get(f"{LIST}?viewpoint=pram&access=limited")) == []


def test_inactive_venues_and_venues_of_inactive_organizations_are_hidden(client):
    shown = VenueFactory()
    hidden = VenueFactory(is_active=False)
    orphaned = VenueFactory(organization=OrganizationFactory(is_active=False))

    assert listed(client.get(LIST)) == [shown.slug]
    assert client.get(f"{LIST}{hidden.slug}/").status_code == 404
    assert client.get(f"{LIST}{orphaned.slug}/").status_code == 404
    assert client.get(f"{LIST}no-such-venue/").status_code == 404
    assert client.get(f"{LIST}{shown.slug}/").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "municipality=999",
        "municipality=%3Cscript%3E",
        "region=nowhere",
        "kind=castle",
        "viewpoint=jetpack&access=yes",
        "viewpoint=pram&access=maybe",
        "page=abc",
        "page=-1",
        "page=99999",
        "municipality=853&municipality=" + "9" * 5000,
    ],
)
def test_bad_filter_values_answer_200(client, query):
    VenueFactory()
    assert client.get(f"{LIST}?{query}").status_code == 200


def test_a_bad_filter_is_dropped_with_a_notice_and_the_others_still_apply(client):
    turku = MunicipalityFactory(code="853")
    meeting_place = VenueFactory(organization__municipality=turku, kind=Venue.Kind.OPEN_MEETING_PLACE)
    VenueFactory(organization__municipality=turku, kind=Venue.Kind.FAMILY_CENTRE)
    VenueFactory(kind=Venue.Kind.OPEN_MEETING_PLACE)

    response = client.get(f"{LIST}?municipality=853&kind=castle&viewpoint=jetpack&access=yes")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="notice" role="status">' in html
    assert "We did not recognise the kind of place, so every kind is shown." in html
    assert "We did not recognise the accessibility choice, so venues are not filtered by it." in html
    assert meeting_place.slug in listed(response)
    assert len(listed(response)) == 2
    assert "castle" not in html[html.index("<main") :]  # the bad value is not echoed back
    assert "Select a valid choice" not in html


def test_pages_of_30_keep_the_filters_in_their_links(client):
    turku = MunicipalityFactory(code="853")
    for _ in range(31):
        VenueFactory(organization__municipality=turku)
    VenueFactory()

    first = client.get(f"{LIST}?municipality=853&kind=castle")
    assert len(listed(first)) == 30
    html = first.content.decode()
    assert 'href="?municipality=853&amp;page=2"' in html  # the valid filter kept, the bad one dropped
    assert "Page 1 of 2" in html

    second = client.get(f"{LIST}?municipality=853&page=2")
    assert len(listed(second)) == 1
    assert 'href="?municipality=853&amp;page=1"' in second.content.decode()
    assert "<title>Venues – page 2 – Perhekeskus</title>" in second.content.decode()


def test_list_map_section_is_addresses_with_openstreetmap_links_and_loads_nothing_external(client, settings):
    settings.MAP_TILE_URL = ""  # maps off: the address list alone (the map itself: test_venue_map.py)
    VenueFactory(
        name_fi="Perhekeskus Aurinko",
        street_address_fi="Kauppiaskatu 5",
        latitude=Decimal("60.451810"),
        longitude=Decimal("22.266630"),
    )
    VenueFactory(name_fi="Koordinaatiton talo", street_address_fi="Puistokatu 1")

    for lang in ("fi", "en"):  # Finnish number formatting must not leak into URLs (60,45181)
        html = client.get(f"/{lang}/venues/").content.decode()
        assert (
            'href="https://www.openstreetmap.org/?mlat=60.45181&amp;mlon=22.26663#map=17/60.45181/22.26663"'
            in html
        )
        assert 'data-lat="60.451810" data-lon="22.266630"' in html
        assert "https://www.openstreetmap.org/search?query=Puistokatu+1%2C+20100+Turku" in html
        assert "Kauppiaskatu 5, 20100 Turku" in html
        assert "<script" not in html
        assert "tile" not in html


def _venue_with_rooms(count: int) -> Venue:
    venue = survey(VenueFactory(), ONE_STEP)
    VenuePhotoFactory(venue=venue)
    for index in range(count):
        room = RoomFactory(venue=venue)
        survey_room(room, UPSTAIRS_NO_LIFT if index % 2 else ROOM_STEP_FREE)
        VenuePhotoFactory(venue=venue, room=room)
    return venue


# Paginator count, venues with their municipality, sub-region, organization and accessibility,
# rooms with theirs, photos; municipalities and sub-regions for the filter form. Measured: 6.
LIST_QUERIES = 6
# Venue with the same joins, rooms, photos, opening hours, upcoming exceptions, and its next
# sessions (events.selectors.venue_sessions_upcoming, everything joined), and the directory's
# services offered there (directory.selectors.services_at_venue). Measured: 7.
DETAIL_QUERIES = 7


@pytest.mark.parametrize("venues", [3, 30])
def test_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, venues):
    for _ in range(venues):
        _venue_with_rooms(2)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST)

    assert len(listed(response)) == venues


@pytest.mark.parametrize("rooms", [1, 10])
def test_detail_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, rooms):
    venue = _venue_with_rooms(rooms)
    OpeningHours.objects.create(venue=venue, weekday=0, opens="09:00", closes="12:00")
    OpeningException.objects.create(venue=venue, start_date=helsinki_today(), end_date=helsinki_today())

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(f"{LIST}{venue.slug}/")

    assert response.content.decode().count('<article class="room"') == rooms


def test_query_counts_are_exact_not_just_bounded(client):
    """The bounds above are the measured counts: a new query per page shows up here first."""
    venue = _venue_with_rooms(2)
    with CaptureQueriesContext(connection) as listing:
        client.get(LIST)
    with CaptureQueriesContext(connection) as detail:
        client.get(f"{LIST}{venue.slug}/")
    assert (len(listing), len(detail)) == (LIST_QUERIES, DETAIL_QUERIES)


def test_detail_shows_each_rooms_verdicts_and_reasons(client):
    venue = survey(VenueFactory(), STEP_FREE)
    downstairs = survey_room(RoomFactory(venue=venue, name_fi="Perhehuone", floor=1), ROOM_STEP_FREE)
    upstairs = survey_room(RoomFactory(venue=venue, name_fi="Vintti", floor=2), UPSTAIRS_NO_LIFT)
    unsurveyed = RoomFactory(venue=venue, name_fi="Kellari", floor=-1)

    html = client.get(f"{LIST}{venue.slug}/").content.decode()

    def room_html(room) -> str:
        start = html.index(f'<article class="room" aria-labelledby="room-{room.pk}">')
        return html[start : html.index("</article>", start)]

    assert "Works with a pram or pushchair." in room_html(downstairs)
    assert "Accessible by wheelchair." in room_html(downstairs)
    up = room_html(upstairs)
    assert "Does not work with a pram or pushchair." in up
    assert "Not accessible by wheelchair." in up
    assert "The room is on another floor and there is no lift." in up
    assert '<span class="verdict verdict-no">' in up
    assert "<dt>Floor</dt><dd>2</dd>" in up
    down = room_html(unsurveyed)
    assert "The way to this room has not been surveyed yet" in down
    assert "<dt>Floor</dt><dd>-1 (basement)</dd>" in down
    # The venue itself, from the street in.
    assert html.count("Works with a pram or pushchair.") == 2  # the venue and the downstairs room


def test_rooms_do_not_repeat_the_way_in_but_their_verdict_includes_it(client):
    venue = survey(VenueFactory(), ONE_STEP)
    room = survey_room(RoomFactory(venue=venue), ROOM_STEP_FREE)

    html = client.get(f"{LIST}{venue.slug}/").content.decode()

    # Pram, double pushchair and walking aid on the venue; nothing more under the room.
    assert html.count("The entrance has 1 step of 10 cm and no ramp.") == 3
    start = html.index(f'<article class="room" aria-labelledby="room-{room.pk}">')
    room_html = html[start : html.index("</article>", start)]
    assert "Works with a pram or pushchair, with some obstacles." in room_html
    assert "Not accessible by wheelchair." in room_html
    assert "The entrance has" not in room_html


def test_detail_lists_known_problems_before_unknowns(client):
    venue = survey(VenueFactory(), {"entrance_steps": 3, "entrance_has_ramp": False})

    html = client.get(f"{LIST}{venue.slug}/").content.decode()

    pram = html[html.index("Does not work with a pram or pushchair.") :]
    known = pram.index("The entrance has 3 steps and no ramp.")
    unknown = pram.index("The width of the entrance door has not been measured.")
    assert known < unknown
    assert "<details" in pram[known:unknown]
    assert "things not checked yet</summary>" in pram


def test_detail_says_how_the_routes_from_the_bus_stop_and_the_car_park_are(client):
    venue = survey(
        VenueFactory(),
        {
            **STEP_FREE,
            "bus_stop_name": "Kauppatori",
            "bus_stop_distance_m": 300,
            "bus_stop_route_width_cm": 200,
            "bus_stop_route_surface": "paved",
            "bus_stop_route_max_slope_percent": Decimal("2"),
            "bus_stop_route_steps": 2,
            "parking_distance_m": 40,
            "parking_route_steps": 0,
        },
    )

    html = client.get(f"{LIST}{venue.slug}/").content.decode()

    getting_there = html[html.index('id="address-heading"') : html.index('id="hours-heading"')]
    sentences = re.findall(r"<li>(.*?)</li>", getting_there)
    assert sentences == [
        "The nearest bus stop, Kauppatori, is 300 m away.",
        "From the bus stop: 2 steps.",
        "The car park is 40 m away.",
        "The route from the car park is step-free.",
    ]
    # The steps from the bus stop are not part of the verdict, which is about the way from the street.
    assert "Accessible by wheelchair." in html


def test_detail_shows_the_venue_facts_families_need(client):
    venue = VenueFactory(
        name_fi="Perhekeskus Aurinko",
        kind=Venue.Kind.OPEN_MEETING_PLACE,
        organization__name_fi="MLL Turku ry",
        organization__website="https://mll.example.fi/",
        street_address_fi="Kauppiaskatu 5",
        postal_code="20100",
        post_office_fi="Turku",
        directions_fi="Bussit 1 ja 2.\nSisäänkäynti pihan puolelta.",
        phone="02 123 4567",
        email="aurinko@example.fi",
        website="javascript:alert(1)",
        latitude=Decimal("60.45"),
        longitude=Decimal("22.27"),
    )
    survey(
        venue,
        {
            **STEP_FREE,
            "bus_stop_name": "Kauppatori",
            "bus_stop_distance_m": 120,
            "pram_parking": "indoors",
            "pram_parking_spaces": 8,
            "changing_table_count": 1,
            "changing_table_location": "family_room",
            "feeding_room": True,
            "accessible_toilet": True,
        },
    )
    today = helsinki_today()
    OpeningHours.objects.create(venue=venue, weekday=0, opens="09:00", closes="12:00")
    OpeningHours.objects.create(venue=venue, weekday=0, opens="13:00", closes="16:00")
    OpeningHours.objects.create(venue=venue, weekday=2, opens="10:00", closes="14:30")
    soon = today + datetime.timedelta(days=10)
    OpeningException.objects.create(
        venue=venue, start_date=soon, end_date=soon + datetime.timedelta(days=2), reason_fi="Joulu"
    )
    OpeningException.objects.create(
        venue=venue,
        start_date=today - datetime.timedelta(days=5),
        end_date=today - datetime.timedelta(days=1),
    )
    OpeningException.objects.create(
        venue=venue,
        start_date=today + datetime.timedelta(days=61),
        end_date=today + datetime.timedelta(days=61),
    )

    response = client.get(f"/en/venues/{venue.slug}/")
    html = response.content.decode()

    assert "<title>Perhekeskus Aurinko – Perhekeskus</title>" in html
    assert '<h1 lang="fi">Perhekeskus Aurinko</h1>' in html  # the Finnish fallback, marked as Finnish
    assert 'aria-label="Breadcrumb"' in html
    assert "Open meeting place" in html
    assert '<a href="https://mll.example.fi/">MLL Turku ry</a>' in html
    assert "Kauppiaskatu 5<br>20100 Turku" in html
    assert "<p>Bussit 1 ja 2.<br>Sisäänkäynti pihan puolelta.</p>" in html
    assert "The nearest bus stop, Kauppatori, is 120 m away." in html
    assert "https://www.openstreetmap.org/?mlat=60.45&amp;mlon=22.27#map=17/60.45/22.27" in html
    assert '<a href="tel:021234567">02 123 4567</a>' in html
    assert 'href="mailto:aurinko@example.fi"' in html
    assert "javascript:" not in html
    # Opening hours: Finnish clock, split hours, closed days.
    assert '<th scope="row">Monday</th><td>09.00–12.00, 13.00–16.00</td>' in html
    assert '<th scope="row">Wednesday</th><td>10.00–14.30</td>' in html
    assert '<th scope="row">Tuesday</th><td>closed</td>' in html
    # Only the exceptions of the next 60 days, in Finnish date style.
    exceptions = re.findall(r'<ul class="exceptions">(.*?)</ul>', html, re.S)
    assert len(exceptions) == 1
    assert exceptions[0].count("<li>") == 1
    assert (
        f"Closed {date_range(soon, soon + datetime.timedelta(days=2), today=today)}: Joulu" in exceptions[0]
    )
    # Amenities.
    assert "Pram parking indoors for 8 prams." in html
    assert "1 changing table in a family room." in html
    assert "There is a quiet room for feeding." in html
    assert "There is an accessible toilet." in html
    # Room for the next issue, showing nothing yet.
    assert "Upcoming sessions" not in html


def test_detail_without_hours_says_so_instead_of_closed_every_day(client):
    venue = VenueFactory()
    html = client.get(f"{LIST}{venue.slug}/").content.decode()
    assert "Opening hours have not been given." in html
    assert "<table" not in html


def test_photos_render_with_webp_srcset_jpeg_src_size_and_alt(client):
    venue = VenueFactory()
    VenuePhotoFactory(
        venue=venue,
        image="venues/photos/front.jpg",
        width=2400,
        height=1600,
        renditions={"960": "venues/photos/front-960.webp", "480": "venues/photos/front-480.webp"},
        alt_text_fi="Sisäänkäynti, luiska vasemmalla",
        alt_text_en="Entrance with a ramp on the left",
    )

    html = client.get(f"/en/venues/{venue.slug}/").content.decode()

    img = re.search(r"<img [^>]*>", html)
    assert img is not None
    tag = img.group(0)
    assert 'src="/media/venues/photos/front.jpg"' in tag
    assert (
        'srcset="/media/venues/photos/front-480.webp 480w, /media/venues/photos/front-960.webp 960w, '
        '/media/venues/photos/front.jpg 2400w"'
    ) in tag
    assert 'width="2400" height="1600"' in tag
    assert 'loading="lazy"' in tag
    assert 'alt="Entrance with a ramp on the left"' in tag
    # Swedish falls back to the required Finnish alt text.
    assert 'alt="Sisäänkäynti, luiska vasemmalla"' in client.get(f"/sv/venues/{venue.slug}/").content.decode()


def test_html_in_venue_content_is_shown_as_text(client):
    venue = VenueFactory(
        name_fi="<script>alert('nimi')</script>",
        description_fi="<script>alert('kuvaus')</script><b>lihava</b>",
        directions_fi="<img src=x onerror=alert(1)>",
    )
    VenuePhotoFactory(venue=venue, alt_text_fi='" onerror="alert(1)')

    for url in (LIST, f"{LIST}{venue.slug}/"):
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#x27;nimi&#x27;)&lt;/script&gt;" in html
        assert '" onerror="' not in html
    detail = client.get(f"{LIST}{venue.slug}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;kuvaus&#x27;)&lt;/script&gt;&lt;b&gt;lihava&lt;/b&gt;" in detail
    assert "&lt;img src=x onerror=alert(1)&gt;" in detail


def test_exception_lines_say_closed_or_the_other_hours():
    today = datetime.date(2025, 12, 1)
    closed = OpeningException(
        start_date=datetime.date(2025, 12, 24), end_date=datetime.date(2025, 12, 26), reason="Christmas"
    )
    short_day = OpeningException(
        start_date=datetime.date(2025, 12, 31),
        end_date=datetime.date(2025, 12, 31),
        closed=False,
        opens=datetime.time(9),
        closes=datetime.time(12, 30),
        reason="New Year's Eve",
    )
    with translation.override("en"):
        assert exception_line(closed, today=today) == "Closed 24.–26.12.: Christmas"
        assert exception_line(short_day, today=today) == "31.12.: open 09.00–12.30 (New Year's Eve)"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime.date(2025, 12, 24), datetime.date(2025, 12, 24), "24.12."),
        (datetime.date(2025, 12, 24), datetime.date(2025, 12, 26), "24.–26.12."),
        (datetime.date(2025, 11, 30), datetime.date(2025, 12, 2), "30.11.–2.12."),
        (datetime.date(2025, 12, 30), datetime.date(2026, 1, 2), "30.12.2025–2.1.2026"),
        (datetime.date(2026, 1, 5), datetime.date(2026, 1, 6), "5.–6.1.2026"),
    ],
)
def test_date_ranges_are_written_the_finnish_way(start, end, expected):
    assert date_range(start, end, today=datetime.date(2025, 12, 1)) == expected
