"""Embeddable calendars (/embed/…) through real HTTP: content, filters, windows, framing, caching, theming.

Data comes from the services a leader uses, as in test_public_pages. Text is asserted
with ?lang=en unless the test is about a translation.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Group
from events.services.sessions import session_cancel, session_move
from events.views import embed
from events.views.embed_display import MIN_CONTRAST, WINDOW_DAYS, accent_colour, contrast_with_white
from tests.events.test_public_pages import HEL, days_ahead, make_group, schedule
from tests.events.test_venue_pages import ROOM_STEP_FREE, STEP_FREE, UPSTAIRS_NO_LIFT, survey, survey_room
from tests.factories import MunicipalityFactory, RegionFactory, RoomFactory, UserFactory, VenueFactory
from venues.models import Venue

pytestmark = pytest.mark.django_db

TURKU = "/embed/municipality/853/"
BABY, SWEDISH, KAARINA, SALO, LATER = (
    "Vauvaryhmä",
    "Familjecafé",
    "Kaarinan kahvila",
    "Salon ryhmä",
    "Syysryhmä",
)
SECRET = "Salainen ryhmä"


@pytest.fixture
def calendar() -> dict:
    """Turku (two venues) and Kaarina in one sub-region, Salo in another; an unlisted group in Turku."""
    region = RegionFactory(slug="turun-seutukunta")
    turku = MunicipalityFactory(code="853", region=region)
    kaarina = MunicipalityFactory(code="202", region=region)
    salo = MunicipalityFactory(code="734", region=RegionFactory(slug="salon-seutukunta"))
    aurinko = survey(VenueFactory(slug="aurinko", organization__municipality=turku), STEP_FREE)
    step_free = survey_room(RoomFactory(venue=aurinko, name_fi="Perhehuone"), ROOM_STEP_FREE)
    attic = survey_room(RoomFactory(venue=aurinko, name_fi="Ullakko"), UPSTAIRS_NO_LIFT)
    other_turku = RoomFactory(venue=VenueFactory(slug="kuu", organization__municipality=turku))
    kaarina_room = RoomFactory(venue=VenueFactory(organization__municipality=kaarina))
    salo_room = RoomFactory(venue=VenueFactory(organization__municipality=salo))

    baby = make_group(
        step_free,
        BABY,
        age_min_months=0,
        age_max_months=12,
        signup_mode=Group.SignUpMode.PER_SESSION,
        capacity_people=12,
    )
    cancelled, moved, upcoming = schedule(baby, step_free, days_ahead(1), days_ahead(15))
    leader = baby.leaders.get()
    session_cancel(actor=leader, session=cancelled, reason="Ohjaaja on sairaana.")
    moved_to = dt.datetime.combine(moved.start.astimezone(HEL).date(), dt.time(13), tzinfo=HEL)
    session_move(
        actor=leader, session=moved, start=moved_to, end=moved_to + dt.timedelta(hours=2), room=step_free
    )
    swedish = make_group(attic, SWEDISH, in_finnish=False, in_swedish=True, age_min_months=24)
    schedule(swedish, attic, days_ahead(2))
    schedule(make_group(kaarina_room, KAARINA), kaarina_room, days_ahead(2))
    schedule(make_group(salo_room, SALO), salo_room, days_ahead(2))
    later = make_group(other_turku, LATER)
    later_session = schedule(later, other_turku, days_ahead(WINDOW_DAYS + 3))[0]
    secret = make_group(step_free, SECRET, visibility=Group.Visibility.UNLISTED)
    secret_session = schedule(secret, step_free, days_ahead(2), at=dt.time(15))[0]
    return {
        "baby": baby,
        "leader": leader,
        "cancelled": cancelled,
        "moved": moved,
        "upcoming": upcoming,
        "later": later_session,
        "secret": secret,
        "secret_session": secret_session,
    }


def titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(
        r'<h3 class="embed-session-title">(?:<s>)?<a [^>]*>([^<]*)</a>', response.content.decode()
    )


# --- Content ---------------------------------------------------------------------------------------


def test_municipality_calendar_lists_its_sessions_by_day_with_links_out_of_the_frame(client, calendar):
    response = client.get(TURKU, {"lang": "en"})
    html = response.content.decode()
    assert titles(response) == [BABY, SWEDISH, BABY, BABY]  # in time order; not Kaarina, Salo, later
    upcoming = calendar["upcoming"]
    day = upcoming.start.astimezone(HEL).date()
    assert f'<time datetime="{day.isoformat()}">' in html
    assert re.search(
        rf'<a href="http://testserver/en/sessions/{upcoming.pk}/" target="_top">{BABY}</a>', html
    )
    assert "Perhehuone" in html  # the room
    assert "12 places left" in html  # the group takes sign-ups
    assert "No sign-up needed" in html  # a drop-in group
    assert 'target="_top">Perhekeskus</a>' in html
    assert 'href="http://testserver/en/?municipality=853"' in html


def test_cancelled_and_moved_sessions_say_so(client, calendar):
    html = client.get(TURKU, {"lang": "en"}).content.decode()
    assert "Cancelled</strong>: Ohjaaja on sairaana." in html
    assert "New time</strong> (moved from" in html


def test_region_and_venue_calendars_cover_their_place_only(client, calendar):
    region = client.get("/embed/region/turun-seutukunta/", {"lang": "en"})
    assert set(titles(region)) == {BABY, SWEDISH, KAARINA}
    assert set(titles(client.get("/embed/region/salon-seutukunta/"))) == {SALO}
    venue = client.get("/embed/venue/aurinko/", {"lang": "en"})
    assert set(titles(venue)) == {BABY, SWEDISH}
    assert titles(client.get("/embed/venue/kuu/")) == []
    full_calendar = 'href="http://testserver/en/venues/aurinko/" target="_top">Perhekeskus</a>'
    assert full_calendar in venue.content.decode()


@pytest.mark.parametrize(
    "path", ["/embed/municipality/999/", "/embed/region/nowhere/", "/embed/venue/nowhere/"]
)
def test_unknown_places_are_404(client, calendar, path):
    assert client.get(path).status_code == 404


def test_inactive_venue_is_404(client, calendar):
    Venue.objects.filter(slug="aurinko").update(is_active=False)
    assert client.get("/embed/venue/aurinko/").status_code == 404
    assert set(titles(client.get(TURKU))) == set()  # nor are its sessions listed


@pytest.mark.parametrize("path", [TURKU, "/embed/region/turun-seutukunta/", "/embed/venue/aurinko/"])
@pytest.mark.parametrize("query", ["", "?lang=en&age=6", "?access=yes", "?language=fi"])
def test_unlisted_groups_never_appear(client, calendar, path, query):
    html = client.get(path + query).content.decode()
    assert SECRET not in html
    assert calendar["secret"].slug not in html
    assert f"/sessions/{calendar['secret_session'].pk}/" not in html


def test_no_personal_data(client, calendar):
    leader = calendar["leader"]
    html = client.get(TURKU, {"lang": "en"}).content.decode()
    assert leader.email not in html
    assert leader.email.split("@")[0] not in html


# --- Filters, windows, pages -----------------------------------------------------------------------


FILTER_CASES = [
    ("age=6", [BABY, BABY, BABY]),
    ("age=30", [SWEDISH]),
    ("language=sv", [SWEDISH]),
    ("language=en", []),
    ("access=yes", [BABY, BABY, BABY]),  # the attic has no lift: not for prams
    ("access=limited", [BABY, BABY, BABY]),
    (f"date_from={days_ahead(10).isoformat()}", [BABY, LATER]),  # the window moves too
    # Dropped with a notice, the rest still applies.
    ("age=banana&language=sv", [SWEDISH]),
    ("date_from=31.12.9999", [BABY, SWEDISH, BABY, BABY]),
    # The place is the URL's, not the query's.
    ("municipality=734&region=salon-seutukunta", [BABY, SWEDISH, BABY, BABY]),
]


def test_each_filter_narrows_exactly(client, calendar):
    for query, expected in FILTER_CASES:
        response = client.get(f"{TURKU}?lang=en&{query}")
        assert titles(response) == expected, query


def test_bad_filters_are_named_in_a_notice(client, calendar):
    html = client.get(TURKU, {"lang": "en", "age": "banana"}).content.decode()
    assert "Give the child&#x27;s age as a number of months" in html
    assert '<details class="embed-filters" open>' in html


def test_filter_form_is_get_keeps_the_options_and_has_no_csrf_token(client, calendar):
    html = client.get(TURKU, {"lang": "sv", "accent": "0a6e4f", "compact": "1"}).content.decode()
    form = re.search(r"<form [^>]*>.*?</form>", html, re.S).group(0)
    assert 'method="get"' in form
    assert "csrfmiddlewaretoken" not in html
    for name, value in (("lang", "sv"), ("accent", "0a6e4f"), ("compact", "1")):
        assert f'<input type="hidden" name="{name}" value="{value}">' in form
    for field in ("date_from", "age", "language", "access"):
        assert f'name="{field}"' in form


def test_windows_of_four_weeks_with_next_and_previous_links(client, calendar):
    first = client.get(TURKU, {"lang": "en", "language": "fi"})
    html = first.content.decode()
    assert LATER not in titles(first)
    assert "Previous 4 weeks" not in html  # nothing before today
    next_start = days_ahead(WINDOW_DAYS).isoformat()
    link = re.search(r'<a rel="next" href="\?([^"]*)">Next 4 weeks</a>', html).group(1).replace("&amp;", "&")
    assert link == f"lang=en&language=fi&date_from={next_start}"
    second = client.get(f"{TURKU}?{link}")
    assert titles(second) == [LATER]
    previous = re.search(r'<a rel="prev" href="\?([^"]*)">Previous 4 weeks</a>', second.content.decode())
    assert (
        previous.group(1).replace("&amp;", "&")
        == f"lang=en&language=fi&date_from={days_ahead(0).isoformat()}"
    )


def test_pages_within_a_window_keep_filters_and_options(client, calendar, monkeypatch):
    monkeypatch.setattr(embed, "PER_PAGE", 2)
    first = client.get(TURKU, {"lang": "en", "compact": "1", "access": "yes"})
    assert titles(first) == [BABY, BABY]
    html = first.content.decode()
    assert "Page 1 of 2" in html
    link = re.search(r'<a rel="next" href="\?([^"]*)">Next page</a>', html).group(1).replace("&amp;", "&")
    assert link == f"lang=en&compact=1&access=yes&date_from={days_ahead(0).isoformat()}&page=2"
    second = client.get(f"{TURKU}?{link}")
    assert titles(second) == [BABY]
    assert "Next 4 weeks" in second.content.decode()
    assert titles(client.get(f"{TURKU}?lang=en&page=banana&access=yes")) == [BABY, BABY]


def test_queries_do_not_grow_with_sessions(client, calendar):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TURKU).status_code == 200
    # The place, the organizations concerned, their listed sites (cached after the first), the count,
    # the page.
    assert len(queries) <= 5, [q["sql"] for q in queries]


# --- Languages -------------------------------------------------------------------------------------


def test_language_comes_from_lang_not_the_browser(client, calendar):
    upcoming = calendar["upcoming"]
    swedish = client.get(TURKU, {"lang": "sv"}, HTTP_ACCEPT_LANGUAGE="en")
    html = swedish.content.decode()
    assert swedish["Content-Language"] == "sv"
    assert '<html lang="sv">' in html
    assert "Inställt" in html  # "Cancelled"
    assert "Ny tid" in html  # "New time"
    assert f'href="http://testserver/sv/sessions/{upcoming.pk}/"' in html
    weekday = upcoming.start.astimezone(HEL).date().weekday()
    assert ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"][weekday] in html

    finnish = client.get(TURKU, {"lang": "xx"}, HTTP_ACCEPT_LANGUAGE="sv")
    html = finnish.content.decode()
    assert finnish["Content-Language"] == "fi"
    assert '<html lang="fi">' in html
    assert "Peruttu" in html
    assert f'href="http://testserver/fi/sessions/{upcoming.pk}/"' in html


# --- Framing, cookies, caching ---------------------------------------------------------------------


def _directive(response, name: str) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith(name + " "))


@pytest.mark.parametrize("path", [TURKU, "/embed/region/turun-seutukunta/", "/embed/venue/aurinko/"])
def test_embeds_may_be_framed_by_any_site(client, calendar, path):
    response = client.get(path)
    assert _directive(response, "frame-ancestors") == "frame-ancestors *"
    assert "X-Frame-Options" not in response
    # The rest of the policy stays strict.
    assert _directive(response, "style-src") == "style-src 'self'"
    assert _directive(response, "script-src") == "script-src 'self'"


def test_framing_can_be_limited_by_a_setting(client, calendar, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://www.turku.fi", "https://*.kaarina.fi"]
    response = client.get(TURKU)
    assert (
        _directive(response, "frame-ancestors") == "frame-ancestors https://www.turku.fi https://*.kaarina.fi"
    )


@pytest.mark.parametrize(
    "path", ["/fi/", "/en/venues/", "/fi/venues/aurinko/", "/fi/leader/", "/embed/nothing/"]
)
def test_every_other_page_refuses_framing(client, calendar, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert _directive(response, "frame-ancestors") == "frame-ancestors 'none'"


def test_unknown_embed_place_is_not_frameable_either(client, calendar):
    response = client.get("/embed/municipality/999/")
    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("logged_in", [False, True])
def test_no_cookies_and_public_caching(client, calendar, logged_in):
    if logged_in:
        client.force_login(UserFactory())
    for query in ("", "?lang=sv&age=banana&accent=zzz", "?page=2&compact=1"):
        response = client.get(TURKU + query)
        assert response.status_code == 200
        assert not response.cookies, response.cookies
        assert "Set-Cookie" not in str(response.serialize_headers())
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=300"}
        assert "Cookie" not in response.get("Vary", "")


def test_post_is_refused(client, calendar):
    assert client.post(TURKU).status_code == 405


# --- Theming ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0a6e4f", "0a6e4f"),  # dark enough already
        ("#0A6E4F", "0a6e4f"),
        ("000000", "000000"),
        ("", None),
        (None, None),
        ("0a6e4", None),
        ("0a6e4f0", None),
        ("0a6e4f\n", None),
        ("red", None),
        ("0a6e4g", None),
        ("0a6e4f;}body{display:none", None),
        ('"><script>alert(1)</script>', None),
    ],
)
def test_accent_is_validated_strictly(raw, expected):
    assert accent_colour(raw) == expected


@pytest.mark.parametrize("raw", ["ffffff", "ffff00", "7fdbff", "00a0e0", "ff851b"])
def test_too_light_accents_are_darkened_until_they_pass_aa(raw):
    value = accent_colour(raw)
    rgb = tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    assert contrast_with_white(rgb) >= MIN_CONTRAST
    original = tuple(int(raw[i : i + 2], 16) for i in (0, 2, 4))
    assert contrast_with_white(original) < MIN_CONTRAST  # the case is real: it needed darkening
    assert value != raw


def test_accent_reaches_the_page_only_as_a_stylesheet(client, calendar):
    html = client.get(TURKU, {"accent": "ffff00"}).content.decode()
    darkened = accent_colour("ffff00")
    assert f'<link rel="stylesheet" href="/embed/theme.css?accent={darkened}">' in html
    assert "style=" not in html
    css = client.get("/embed/theme.css", {"accent": darkened})
    assert css.status_code == 200
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert css.content.decode() == f":root {{ --embed-accent: #{darkened}; }}\n"
    assert not css.cookies
    # A light colour asked of the stylesheet directly is darkened there too.
    assert client.get("/embed/theme.css", {"accent": "ffff00"}).content.decode() == css.content.decode()


@pytest.mark.parametrize(
    "accent",
    ['"><script>alert(1)</script>', "red;background:url(//evil.example)", "0a6e4f</style>", "expression("],
)
def test_injection_attempts_in_accent_are_not_reflected(client, calendar, accent):
    response = client.get(TURKU, {"accent": accent})
    html = response.content.decode()
    assert response.status_code == 200
    assert "theme.css" not in html
    # The one script is the page's own height reporter, from static files; nothing reflected.
    scripts = re.findall(r"<script[^>]*>", html)
    assert len(scripts) == 1
    assert re.fullmatch(r'<script src="/static/js/embed-height[^"]*\.js" defer>', scripts[0]), scripts
    assert "alert" not in html
    assert "evil.example" not in html
    assert 'name="accent"' not in html
    assert client.get("/embed/theme.css", {"accent": accent}).status_code == 404


def test_compact_is_a_class(client, calendar):
    assert '<body class="embed embed-compact">' in client.get(TURKU, {"compact": "1"}).content.decode()
    assert '<body class="embed">' in client.get(TURKU, {"compact": "yes"}).content.decode()
