"""The public session pages, through real HTTP: find sessions (/<lang>/), a group, a session.

Data comes from the services a leader uses (group_create, series_create,
session_cancel, session_move). Text is asserted on /en/ pages unless the test is
about a translation: English is the source language.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accessibility.rules import Verdict
from events.models import Group, Session
from events.selectors import helsinki_today
from events.services.groups import group_create
from events.services.series import SeriesSpec, series_create
from events.services.sessions import session_cancel, session_move
from tests.events.test_venue_pages import (
    ONE_STEP,
    ROOM_STEP_FREE,
    STEP_FREE,
    UPSTAIRS_NO_LIFT,
    survey,
    survey_room,
)
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
    RoomFactory,
    VenueFactory,
    VenuePhotoFactory,
)
from venues.models import Membership, Organization, Room

pytestmark = pytest.mark.django_db

HEL = ZoneInfo("Europe/Helsinki")
SEARCH = "/en/"


def leader_of(organization: Organization):
    return MembershipFactory(organization=organization, role=Membership.Role.LEADER).user


def make_group(room: Room, title: str, **data) -> Group:
    organization = room.venue.organization
    return group_create(
        actor=leader_of(organization),
        organization=organization,
        data={"title_fi": title, "topic": Group.Topic.PEER_SUPPORT, **data},
    )


def schedule(
    group: Group,
    room: Room,
    first: dt.date,
    last: dt.date | None = None,
    *,
    at: dt.time = dt.time(10),
    weekdays: tuple[int, ...] | None = None,
) -> list[Session]:
    """A weekly series from `first` to `last` (one session by default), holidays not skipped."""
    result = series_create(
        actor=group.leaders.get(),
        group=group,
        spec=SeriesSpec(
            room=room,
            first_date=first,
            last_date=last or first,
            start_time=at,
            duration_minutes=120,
            weekdays=weekdays or (first.weekday(),),
            skip_public_holidays=False,
        ),
    )
    return list(result.series.sessions.order_by("start"))


def titles(response) -> list[str]:
    """Titles of the sessions listed on a find-sessions page, in page order."""
    assert response.status_code == 200
    return re.findall(
        r'<h3 class="session-title">(?:<s>)?<a href="/\w\w/sessions/\d+/"(?: lang="\w\w")?>([^<]*)</a>',
        response.content.decode(),
    )


def days_ahead(days: int) -> dt.date:
    return helsinki_today() + dt.timedelta(days=days)


# --- Filters -----------------------------------------------------------------------------------


@pytest.fixture
def network() -> dict[str, Group]:
    """Four public groups three days from now that differ in every filter, and two never listed."""
    turku_region = RegionFactory(slug="turun-seutukunta")
    turku = MunicipalityFactory(code="853", region=turku_region)
    kaarina = MunicipalityFactory(code="202", region=turku_region)
    salo = MunicipalityFactory(code="734", region=RegionFactory(slug="salon-seutukunta"))
    kind = Organization.Kind

    baby_venue = survey(
        VenueFactory(organization__municipality=turku, organization__kind=kind.MUNICIPALITY), STEP_FREE
    )
    baby_room = survey_room(RoomFactory(venue=baby_venue), ROOM_STEP_FREE)
    toddler_venue = survey(
        VenueFactory(organization__municipality=turku, organization__kind=kind.NGO), STEP_FREE
    )
    toddler_room = survey_room(RoomFactory(venue=toddler_venue), UPSTAIRS_NO_LIFT)
    open_room = RoomFactory(
        venue=VenueFactory(organization__municipality=kaarina, organization__kind=kind.PARISH)
    )
    swedish_venue = survey(
        VenueFactory(organization__municipality=salo, organization__kind=kind.NGO), ONE_STEP
    )
    swedish_room = survey_room(RoomFactory(venue=swedish_venue), ROOM_STEP_FREE)
    for room, pram, wheelchair in (
        (baby_room, Verdict.YES, Verdict.YES),
        (toddler_room, Verdict.NO, Verdict.NO),
        (swedish_room, Verdict.LIMITED, Verdict.NO),
    ):
        room.refresh_from_db()
        assert (room.accessibility.pram_verdict, room.accessibility.wheelchair_verdict) == (pram, wheelchair)

    groups = {
        "baby": make_group(baby_room, "Vauvaryhmä", age_min_months=0, age_max_months=12),
        "toddler": make_group(
            toddler_room,
            "Taaperomuskari",
            age_min_months=12,
            age_max_months=36,
            in_swedish=True,
            topic=Group.Topic.MUSIC_AND_PLAY,
        ),
        "open": make_group(
            open_room,
            "Avoin kohtaamispaikka",
            in_finnish=False,
            in_english=True,
            topic=Group.Topic.OPEN_MEETING_PLACE,
        ),
        "swedish": make_group(
            swedish_room,
            "Familjecafé",
            age_min_months=6,
            in_finnish=False,
            in_swedish=True,
            topic=Group.Topic.PARENTING,
        ),
        "unlisted": make_group(baby_room, "Salainen ryhmä", visibility=Group.Visibility.UNLISTED),
        "inactive": make_group(baby_room, "Lopetettu ryhmä"),
    }
    day = days_ahead(3)
    rooms = {"baby": baby_room, "toddler": toddler_room, "open": open_room, "swedish": swedish_room}
    for name, room in rooms.items():
        schedule(groups[name], room, day)
    schedule(groups["unlisted"], baby_room, day, at=dt.time(13))
    schedule(groups["inactive"], baby_room, day, at=dt.time(16))
    Group.objects.filter(pk=groups["inactive"].pk).update(is_active=False)
    return groups


BABY, TODDLER, OPEN, SWEDISH = "Vauvaryhmä", "Taaperomuskari", "Avoin kohtaamispaikka", "Familjecafé"


FILTER_CASES = [
    ("", {BABY, TODDLER, OPEN, SWEDISH}),
    # Age in months against the bands, both ends included; a group without a band fits every age.
    ("age=0", {BABY, OPEN}),
    ("age=6", {BABY, OPEN, SWEDISH}),
    ("age=12", {BABY, TODDLER, OPEN, SWEDISH}),
    ("age=24", {TODDLER, OPEN, SWEDISH}),
    ("age=37", {OPEN, SWEDISH}),
    ("language=fi", {BABY, TODDLER}),
    ("language=sv", {TODDLER, SWEDISH}),
    ("language=en", {OPEN}),
    # The room's verdict; unknown (no survey) is never good enough.
    ("viewpoint=pram&access=yes", {BABY}),
    ("viewpoint=pram&access=limited", {BABY, SWEDISH}),
    ("viewpoint=wheelchair&access=limited", {BABY}),
    ("access=limited", {BABY, SWEDISH}),  # a verdict without a viewpoint is about prams
    ("viewpoint=wheelchair", {BABY, TODDLER, OPEN, SWEDISH}),  # no minimum: no filter
    ("provider=municipality", {BABY}),
    ("provider=ngo", {TODDLER, SWEDISH}),
    ("provider=parish", {OPEN}),
    ("provider=county", set()),
    ("topic=music_and_play", {TODDLER}),
    ("topic=open_meeting_place", {OPEN}),
    ("municipality=853", {BABY, TODDLER}),
    ("municipality=202", {OPEN}),
    ("region=turun-seutukunta", {BABY, TODDLER, OPEN}),
    ("region=salon-seutukunta", {SWEDISH}),
    ("language=fi&age=24&region=turun-seutukunta", {TODDLER}),
]


def test_each_filter_narrows_exactly(client, network):
    # One network for all the cases: building it is the slow part.
    for query, expected in FILTER_CASES:
        found = titles(client.get(f"{SEARCH}?{query}"))
        assert set(found) == expected, query
        assert len(found) == len(expected), query  # one session each, none twice


def test_the_date_window_is_today_and_14_days_unless_chosen(client):
    room = RoomFactory()
    for days in (0, 14, 15, 30):
        schedule(make_group(room, f"Päivä {days}"), room, days_ahead(days), at=dt.time(23))
    # Today's session at 23.00 has not ended yet, so it is still listed.

    def found(query: str = "") -> set[str]:
        return set(titles(client.get(f"{SEARCH}?{query}")))

    assert found() == {"Päivä 0", "Päivä 14"}
    assert found(f"date_from={days_ahead(15)}") == {"Päivä 15"}  # to day 29: from + 14 days
    assert found(f"date_from={days_ahead(16)}") == {"Päivä 30"}
    assert found(f"date_from={days_ahead(1)}&date_to={days_ahead(15)}") == {"Päivä 14", "Päivä 15"}
    assert found(f"date_to={days_ahead(30)}") == {"Päivä 0", "Päivä 14", "Päivä 15", "Päivä 30"}
    assert found(f"date_from={days_ahead(30)}&date_to={days_ahead(30)}") == {"Päivä 30"}
    # The wrong way round is read the right way round.
    assert found(f"date_from={days_ahead(15)}&date_to={days_ahead(14)}") == {"Päivä 14", "Päivä 15"}
    # Finnish-style dates are understood too.
    assert found(f"date_from={days_ahead(30):%d.%m.%Y}&date_to={days_ahead(30):%d.%m.%Y}") == {"Päivä 30"}


def test_days_are_grouped_under_finnish_style_headings(client):
    room = RoomFactory()
    day = days_ahead(2)
    schedule(make_group(room, "Aamuryhmä"), room, day, at=dt.time(9))
    schedule(make_group(room, "Iltapäiväryhmä"), room, day, at=dt.time(13))

    html = client.get("/fi/").content.decode()

    heading = re.findall(
        r'<h2 class="day-heading" id="day-([\d-]+)"><time datetime="([\d-]+)">([^<]+)</time>', html
    )
    weekday = ["ma", "ti", "ke", "to", "pe", "la", "su"][day.weekday()]
    assert heading == [(day.isoformat(), day.isoformat(), f"{weekday} {day.day}.{day.month}.")]
    assert ">09.00–11.00</time>" in html
    assert ">13.00–15.00</time>" in html


BAD_QUERIES = [
    "date_from=2027-02-30",
    "date_from=banana",
    "date_to=99999-01-01",
    "date_from=9999-12-31",
    "date_from=0001-01-01",
    "date_to=1.1.1",
    "date_from=%00",
    "age=-1",
    "age=abc",
    "age=99999999999999999999",
    "language=klingon",
    "provider=castle",
    "topic=%3Cscript%3E",
    "municipality=999",
    "region=nowhere",
    "viewpoint=jetpack&access=yes",
    "view=bogus",
    "page=abc",
    "page=-1",
    "page=99999",
    "view=week&date_from=9999-12-31",
    "view=week&page=99",
]


def test_bad_values_answer_200(client, network):
    for query in BAD_QUERIES:
        assert client.get(f"{SEARCH}?{query}").status_code == 200, query


def test_a_malformed_date_is_ignored_with_a_polite_notice_and_the_other_filters_apply(client, network):
    response = client.get(f"{SEARCH}?date_from=2027-02-30&date_to=tomorrow&language=sv")

    html = response.content.decode()
    assert '<div class="notice" role="status">' in html
    assert "We did not understand the start date, so sessions are shown from today." in html
    assert "We did not understand the end date, so sessions are shown for two weeks." in html
    assert set(titles(response)) == {TODDLER, SWEDISH}
    assert "Enter a valid date" not in html


def test_only_public_active_groups_are_listed_but_unlisted_pages_answer_with_noindex(client, network):
    unlisted, inactive = network["unlisted"], network["inactive"]
    assert "Salainen" not in client.get(SEARCH).content.decode()
    assert "Lopetettu" not in client.get(SEARCH).content.decode()

    page = client.get(f"/en/groups/{unlisted.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "Salainen ryhmä" in html
    public = client.get(f"/en/groups/{network['baby'].slug}/").content.decode()
    assert 'name="robots"' not in public

    # Its sessions answer only with the group's slug, which the group's page puts in the links.
    session = unlisted.sessions.get()
    link = re.search(rf'href="(/en/sessions/{session.pk}/\?group=[\w-]+)"', html)
    assert link is not None
    session_page = client.get(link.group(1))
    assert session_page.status_code == 200
    assert '<meta name="robots" content="noindex">' in session_page.content.decode()
    assert client.get(f"/en/sessions/{session.pk}/").status_code == 404
    assert client.get(f"/en/sessions/{session.pk}/?group={network['baby'].slug}").status_code == 404

    # Nor on the venue's page.
    venue_page = client.get(f"/en/venues/{session.room.venue.slug}/").content.decode()
    assert "Vauvaryhmä" in venue_page
    assert "Salainen" not in venue_page

    assert client.get(f"/en/groups/{inactive.slug}/").status_code == 404
    assert client.get(f"/en/sessions/{inactive.sessions.get().pk}/").status_code == 404
    assert client.get("/en/groups/no-such-group/").status_code == 404
    assert client.get("/en/sessions/999999/").status_code == 404


# --- Cancelled and moved sessions ------------------------------------------------------------


def test_a_cancelled_session_is_shown_struck_through_with_the_word_and_the_reason_in_finnish(client):
    room = RoomFactory()
    group = make_group(room, "Vauvaryhmä")
    first, second = schedule(group, room, days_ahead(3), days_ahead(10))
    session_cancel(actor=group.leaders.get(), session=first, reason="Ohjaaja on sairaana.")

    search = client.get("/fi/").content.decode()
    item = re.search(
        r'<li class="session session-card topic-\w+ session-cancelled">(.*?)\n</li>', search, re.S
    )
    assert item is not None
    assert "<s><time" in item.group(1)
    assert "<s><a" in item.group(1)
    assert '<strong class="status-cancelled">Peruttu</strong>: Ohjaaja on sairaana.' in item.group(1)
    assert search.count(' session-cancelled">') == 1  # the next week's session is on

    session_page = client.get(f"/fi/sessions/{first.pk}/").content.decode()
    assert "Peruttu" in session_page
    assert "Ohjaaja on sairaana." in session_page
    assert "Tämä kerta on peruttu." in session_page

    group_page = client.get(f"/fi/groups/{group.slug}/").content.decode()
    assert '<strong class="status-cancelled">Peruttu</strong>: Ohjaaja on sairaana.' in group_page
    assert f"/fi/sessions/{second.pk}/" in group_page


def test_a_moved_session_shows_its_new_time(client):
    room = RoomFactory()
    group = make_group(room, "Vauvaryhmä")
    (session,) = schedule(group, room, days_ahead(3))
    new_start = dt.datetime.combine(days_ahead(4), dt.time(12, 30), tzinfo=HEL)
    session_move(
        actor=group.leaders.get(),
        session=session,
        start=new_start,
        end=new_start + dt.timedelta(hours=1),
        room=room,
    )

    search = client.get(SEARCH).content.decode()
    assert ">12.30–13.30</time>" in search
    assert "10.00–12.00" not in search
    assert "moved from" in search
    page = client.get(f"/en/sessions/{session.pk}/").content.decode()
    assert "This session has been moved." in page
    assert f'<time datetime="{new_start.isoformat()}">' in page


# --- Time: Helsinki wall clock across DST ----------------------------------------------------


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


def test_a_weekly_10_oclock_group_shows_10_00_on_both_sides_of_both_dst_changes(client, settings):
    """Summer time starts on the last Sunday of March, ends on the last Sunday of October
    (28.3.2027 and 31.10.2027 when this was written): 10.00 stays 10.00 for families."""
    settings.SESSION_HORIZON_DAYS = 800
    year = helsinki_today().year + (1 if helsinki_today() >= _last_sunday(helsinki_today().year, 3) else 0)
    spring, autumn = _last_sunday(year, 3), _last_sunday(year, 10)
    room = RoomFactory()
    group = make_group(room, "Sunnuntairyhmä")
    sessions = schedule(
        group, room, spring - dt.timedelta(days=7), autumn + dt.timedelta(days=7), weekdays=(6,)
    )
    by_day = {s.start.astimezone(HEL).date(): s for s in sessions}
    checked = [spring - dt.timedelta(days=7), spring, autumn - dt.timedelta(days=7), autumn]
    # The UTC hour does change: 8 in winter, 7 in summer.
    assert [by_day[day].start.astimezone(dt.UTC).hour for day in checked] == [8, 7, 7, 8]

    for day in checked:
        session = by_day[day]
        page = client.get(f"/fi/sessions/{session.pk}/").content.decode()
        assert f'<time datetime="{session.start.astimezone(HEL).isoformat()}">' in page
        assert f"{day.day}.{day.month}.{day.year} klo 10.00–12.00" in page

        week = client.get(f"/fi/?date_from={day}&date_to={day}").content.decode()
        assert ">10.00–12.00</time>" in week
        assert re.findall(r">(\d\d\.\d\d)–\d\d\.\d\d</time>", week) == ["10.00"]


# --- Places, detail pages, languages, escaping ----------------------------------------------------


def test_remaining_places_are_the_capacity_until_sign_ups_exist_and_drop_in_needs_no_sign_up(client):
    room = RoomFactory(capacity_people=20, pram_spaces=6)
    own_limit = make_group(room, "Rajattu", signup_mode=Group.SignUpMode.PER_SESSION, capacity_people=8)
    room_limit = make_group(room, "Huoneen mukaan", signup_mode=Group.SignUpMode.SERIES)
    drop_in = make_group(room, "Tule kun ehdit", signup_mode=Group.SignUpMode.DROP_IN)
    (limited,) = schedule(own_limit, room, days_ahead(2), at=dt.time(9))
    (by_room,) = schedule(room_limit, room, days_ahead(2), at=dt.time(12))
    (open_door,) = schedule(drop_in, room, days_ahead(2), at=dt.time(15))

    search = client.get(SEARCH).content.decode()
    assert "8 places left" in search
    assert "20 places left" in search
    assert "No sign-up needed" in search

    assert "8 places left" in client.get(f"/en/sessions/{limited.pk}/").content.decode()
    assert "6 pram spaces left" in client.get(f"/en/sessions/{by_room.pk}/").content.decode()
    drop_in_page = client.get(f"/en/sessions/{open_door.pk}/").content.decode()
    assert "No sign-up needed" in drop_in_page
    assert "places left" not in drop_in_page


def test_session_page_shows_time_place_and_the_rooms_accessibility(client):
    venue = survey(VenueFactory(name_fi="Perhekeskus Aurinko", street_address_fi="Puistokatu 1"), STEP_FREE)
    room = survey_room(RoomFactory(venue=venue, name_fi="Ullakko", floor=3), UPSTAIRS_NO_LIFT)
    group = make_group(room, "Vauvaryhmä", description_fi="Tervetuloa!")
    (session,) = schedule(group, room, days_ahead(5))

    html = client.get(f"/en/sessions/{session.pk}/").content.decode()

    assert '<h1 lang="fi">Vauvaryhmä</h1>' in html  # the Finnish fallback, marked as Finnish
    assert f'href="/en/venues/{venue.slug}/"' in html
    assert f'href="/en/groups/{group.slug}/"' in html
    assert "Puistokatu 1" in html
    assert "Ullakko" in html
    assert '<span class="verdict verdict-no">' in html  # upstairs without a lift
    assert "Not accessible" in html
    assert "10.00–12.00" in html
    assert 'name="robots"' not in html


def test_group_page_shows_what_families_need(client):
    venue = survey(VenueFactory(name_fi="Perhekeskus Aurinko"), STEP_FREE)
    room = survey_room(RoomFactory(venue=venue, name_fi="Perhehuone"), ROOM_STEP_FREE)
    group = make_group(
        room,
        "Taaperomuskari",
        description_fi="Laulua ja leikkiä.",
        age_min_months=12,
        age_max_months=36,
        in_swedish=True,
        signup_mode=Group.SignUpMode.PER_SESSION,
    )
    sessions = schedule(group, room, days_ahead(1), days_ahead(7 * 30), weekdays=(days_ahead(1).weekday(),))
    assert len(sessions) > 20

    html = client.get(f"/en/groups/{group.slug}/").content.decode()

    assert '<h1 lang="fi">Taaperomuskari</h1>' in html  # the Finnish fallback, marked as Finnish
    assert group.organization.name in html
    assert "1–3 years" in html  # whole years read better than 12–36 months
    assert "Finnish, Swedish" in html
    assert "Sign up for each session" in html
    assert "Laulua ja leikkiä." in html
    assert html.count('<li class="session') == 20  # the next 20
    assert f'href="/en/venues/{venue.slug}/"' in html
    assert "Pram or pushchair:" in html


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_pages_answer_in_each_language(client, lang):
    room = RoomFactory()
    group = make_group(room, "Perhekahvila", title_sv="Familjecafé", title_en="Family café")
    (session,) = schedule(group, room, days_ahead(2))
    title = {"fi": "Perhekahvila", "sv": "Familjecafé", "en": "Family café"}[lang]

    for path in (f"/{lang}/", f"/{lang}/groups/{group.slug}/", f"/{lang}/sessions/{session.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        assert title in html


def test_html_in_titles_and_reasons_is_shown_as_text(client):
    room = RoomFactory()
    group = make_group(
        room, '<script>alert("x")</script> & <b>Vauvat</b>', description_fi="<img src=x onerror=y>"
    )
    first, _second = schedule(group, room, days_ahead(2), days_ahead(9))
    session_cancel(actor=group.leaders.get(), session=first, reason="<i>Sairas</i>")

    for path in ("/en/", f"/en/groups/{group.slug}/", f"/en/sessions/{first.pk}/"):
        html = client.get(path).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Vauvat&lt;/b&gt;" in html, (
            path
        )
        # The one script element allowed is the JSON-LD data block (tests/events/test_jsonld.py).
        assert "<script" not in html.replace('<script type="application/ld+json">', "")
        assert "<b>Vauvat" not in html
        assert "<i>Sairas</i>" not in html
        assert "&lt;i&gt;Sairas&lt;/i&gt;" in html
    assert "<img src=x" not in client.get(f"/en/groups/{group.slug}/").content.decode()


# --- Week view, pages, navigation ------------------------------------------------------------------


def test_week_view_shows_seven_days_and_moves_by_weeks(client):
    room = RoomFactory()
    start = days_ahead(7)
    schedule(make_group(room, "Viikon ryhmä"), room, start + dt.timedelta(days=2))
    schedule(make_group(room, "Seuraava viikko"), room, start + dt.timedelta(days=8))

    html = client.get(f"{SEARCH}?view=week&date_from={start}&language=fi").content.decode()

    assert html.count('<li class="week-day"') == 7
    assert re.findall(r'<li class="week-day" aria-labelledby="day-([\d-]+)"', html)[0] == start.isoformat()
    assert titles(client.get(f"{SEARCH}?view=week&date_from={start}")) == ["Viikon ryhmä"]
    assert "Nothing this day." in html
    next_week = f"?language=fi&amp;date_from={start + dt.timedelta(days=7)}&amp;view=week"
    assert f'href="{next_week}"' in html
    assert titles(client.get(SEARCH + next_week.replace("&amp;", "&"))) == ["Seuraava viikko"]
    assert '<input type="hidden" name="view" value="week">' in html


def test_pages_of_30_keep_the_filters_in_their_links(client):
    room = RoomFactory()
    group = make_group(room, "Joka päivä")
    schedule(group, room, days_ahead(1), days_ahead(7), weekdays=tuple(range(7)), at=dt.time(8))
    for hour in (11, 14, 17, 20):
        other = make_group(room, f"Klo {hour}")
        schedule(other, room, days_ahead(1), days_ahead(7), weekdays=tuple(range(7)), at=dt.time(hour))

    first = client.get(f"{SEARCH}?language=fi&provider=castle")
    assert len(titles(first)) == 30
    assert 'href="?language=fi&amp;page=2"' in first.content.decode()
    assert len(titles(client.get(f"{SEARCH}?language=fi&page=2"))) == 5


def test_the_venue_page_lists_its_next_public_sessions(client):
    venue = VenueFactory()
    room = RoomFactory(venue=venue, name_fi="Perhehuone")
    group = make_group(room, "Vauvaryhmä")
    sessions = schedule(group, room, days_ahead(1), days_ahead(7 * 15))
    session_cancel(actor=group.leaders.get(), session=sessions[0], reason="Sairastuminen")

    html = client.get(f"/en/venues/{venue.slug}/").content.decode()

    assert '<h2 id="sessions-heading">Coming sessions</h2>' in html
    assert html.count('<li class="session') == 10
    assert f'href="/en/sessions/{sessions[0].pk}/"' in html
    assert "Sairastuminen" in html
    assert f'href="/en/sessions/{sessions[10].pk}/"' not in html


def test_home_is_the_find_sessions_page(client):
    html = client.get(SEARCH).content.decode()
    assert "<h1>Find sessions</h1>" in html
    assert '<form class="filters" method="get" action="/en/" role="search"' in html
    assert "No sessions match these choices." in html


# --- Query counts ----------------------------------------------------------------------------------

# Sub-regions and their municipalities for the form (2), the paginator's count, the page's sessions
# with group, organization, room, venue, municipality, sub-region and room accessibility, and the
# venues' photos for the cards (one prefetch for the page). Measured: 5.
SEARCH_QUERIES = 5
# Group with organization, its next 20 sessions (joined as above), its series with their rooms. Measured: 3.
GROUP_QUERIES = 3
# The session with everything joined. Measured: 1.
SESSION_QUERIES = 1


def _sessions(count: int) -> Group:
    """`count` sessions over five days, in rooms of several venues, surveyed and not."""
    groups = max(count // 5, 1)
    group = None
    for index in range(groups):
        venue = survey(VenueFactory(), STEP_FREE) if index % 2 else VenueFactory()
        room = RoomFactory(venue=venue)
        if index % 3:
            survey_room(room, ROOM_STEP_FREE)
        group = make_group(room, f"Ryhmä {index}")
        schedule(group, room, days_ahead(1), days_ahead(5), weekdays=tuple(range(7)))
    assert Session.objects.count() == count
    assert group is not None
    return group


@pytest.mark.parametrize("count", [5, 50])
def test_search_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    _sessions(count)

    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get(SEARCH)

    assert len(titles(response)) == min(count, 30)


@pytest.mark.parametrize("count", [5, 50])
def test_week_view_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    _sessions(count)

    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get(f"{SEARCH}?view=week")

    assert len(titles(response)) == count


def test_query_counts_are_exact_not_just_bounded(client):
    group = _sessions(5)
    session = group.sessions.first()
    counts = []
    for path in (SEARCH, f"/en/groups/{group.slug}/", f"/en/sessions/{session.pk}/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts == [SEARCH_QUERIES, GROUP_QUERIES, SESSION_QUERIES]


def test_every_part_of_a_card_comes_from_the_one_query(client):
    """The find-sessions cards load only the columns they show (`events.selectors._CARD_FIELDS`):
    a card that read one more (a cancelled session's reason, a moved one's old time, the photo,
    the room's verdict, a Finnish title on a Swedish page) would cost a query per card."""
    group = _sessions(10)
    sessions = list(group.sessions.order_by("start"))
    leader = group.leaders.get()
    session_cancel(actor=leader, session=sessions[0], reason="Ohjaaja on sairaana.")
    moved = sessions[1]
    new_start = moved.start.astimezone(HEL).replace(hour=12, minute=30)
    session_move(
        actor=leader, session=moved, start=new_start, end=new_start + dt.timedelta(hours=1), room=moved.room
    )
    VenuePhotoFactory(venue=sessions[2].room.venue)

    for path in ("/sv/", "/sv/?view=week", "/fi/?view=week"):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(path).content.decode()
        assert len(queries) == SEARCH_QUERIES, path
        assert "Ohjaaja on sairaana." in html
        assert ">12.30–13.30</time>" in html
        assert 'srcset="/media/venues/photos/' in html
        assert html.count('class="verdict-label"') == 10  # the pram verdict on every card
        assert (
            html.count(f'<p class="session-provider">{group.organization.name}</p>') == 5
        )  # the group's own five
    assert ' lang="fi">Ryhmä 0</a>' in client.get("/sv/").content.decode()
