"""Embeddable calendars in Chromium: framed by another origin's page, WCAG 2.1 AA at 320 px, no JS needed."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from events.models import Group, Session
from events.services.sessions import session_cancel
from events.views.embed_display import accent_colour
from tests.browser.support import assert_axe_clean, assert_no_sideways_scrolling
from tests.events.test_public_pages import days_ahead, make_group, schedule
from tests.events.test_venue_pages import ROOM_STEP_FREE, STEP_FREE, survey, survey_room
from tests.factories import MunicipalityFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.browser

EMBED = "/embed/municipality/853/"


@pytest.fixture
def sessions(transactional_db) -> dict[str, Group | Session]:
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    venue = survey(VenueFactory(name_fi="Perhekeskus Aurinko", organization__municipality=turku), STEP_FREE)
    room = survey_room(RoomFactory(venue=venue, name_fi="Perhehuone"), ROOM_STEP_FREE)
    babies = make_group(
        room,
        "Vauvaryhmä – vertaistukea ensimmäiseen vuoteen",
        signup_mode=Group.SignUpMode.PER_SESSION,
        capacity_people=12,
        age_max_months=12,
    )
    first, *_rest = schedule(babies, room, days_ahead(1), days_ahead(20))
    session_cancel(actor=babies.leaders.get(), session=first, reason="Ohjaaja on sairaana.")
    music = make_group(room, "Taaperomuskari", in_swedish=True, age_min_months=12, age_max_months=36)
    schedule(music, room, days_ahead(2), days_ahead(20), at=dt.time(13))
    return {"babies": babies, "music": music}


@pytest.fixture
def host_site() -> Iterator[Callable[[str], str]]:
    """A municipality's own site: a tiny server on another port, so another origin than the live server.

    `host_site(body)` serves `body` as its front page and returns its address. A real server on
    the loopback address: Chromium's Local Network Access checks block a page it deems public
    (one fulfilled by a Playwright route) from framing localhost.
    """
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get("/", b"")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(body: str) -> str:
        html = f'<!doctype html><html lang="fi"><title>Kunta</title><body>{body}</body></html>'
        pages["/"] = html.encode()
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    server.shutdown()
    server.server_close()


def test_embed_renders_inside_another_sites_iframe_and_other_pages_do_not(
    open_page, live_server, host_site, sessions
):
    page, log = open_page()
    origin = live_server.url.rstrip("/")
    host = host_site(
        f'<iframe id="embed" title="Perhekeskus" src="{origin}{EMBED}?lang=fi&amp;accent=ffff00" '
        'width="900" height="700"></iframe>'
        f'<iframe id="site" title="Sivusto" src="{origin}/fi/" width="900" height="300"></iframe>',
    )
    page.route(f"{host}**", lambda route: route.continue_())  # past the conftest's abort of other origins
    page.goto(host)
    embed = page.frame_locator("#embed")
    heading = embed.locator("h1")
    heading.wait_for()
    assert "Turku" in heading.inner_text()
    assert embed.locator(".embed-session").count() > 3
    assert embed.locator(".embed-session-title a").first.get_attribute("target") == "_top"
    # The host's yellow, darkened to pass AA, reached the links through /embed/theme.css.
    darkened = accent_colour("ffff00")
    rgb = tuple(int(darkened[i : i + 2], 16) for i in (0, 2, 4))
    colour = embed.locator(".embed-session-title a").first.evaluate("a => getComputedStyle(a).color")
    assert colour == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"

    # The site's own pages refuse to be framed (CSP frame-ancestors 'none', X-Frame-Options DENY).
    site = page.locator("#site").element_handle().content_frame()
    assert site.url.startswith("chrome-error://"), site.url
    assert any("frame-ancestors" in error or "X-Frame-Options" in error for error in log.console_errors)

    # A link opens the session outside the frame, on the live server.
    link = embed.locator(".embed-session-title a").nth(1)
    title = link.inner_text()
    link.click()
    page.wait_for_url(f"{origin}/fi/sessions/*/")
    assert page.locator("h1").inner_text() == title


@pytest.mark.parametrize("width", [320, 900])
@pytest.mark.parametrize("query", ["?lang=fi", "?lang=sv&compact=1&accent=7fdbff", "?lang=en&age=banana"])
def test_embed_meets_wcag21_aa_and_fits_the_frame(open_page, sessions, width, query):
    page, log = open_page(viewport={"width": width, "height": 700})
    response = page.goto(EMBED + query)
    assert response is not None
    assert response.status == 200
    page.locator("details.embed-filters summary").click()  # the filters, open, checked too
    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.foreign_requests == []
    assert log.failed_responses == []


def test_filters_and_windows_work_without_javascript(open_page, sessions):
    page, log = open_page(viewport={"width": 320, "height": 700}, java_script_enabled=False)
    page.goto(EMBED + "?lang=en&compact=1")
    assert page.locator(".embed-session-title", has_text="Vauvaryhmä").count() > 0
    page.locator("details.embed-filters summary").click()
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Show sessions").click()
    page.wait_for_url("**language=sv**")
    titles = page.locator(".embed-session-title").all_inner_texts()
    assert titles
    assert set(titles) == {"Taaperomuskari"}
    assert "compact=1" in page.url  # the host's options survive the form
    page.get_by_role("link", name="Next 4 weeks").click()
    assert "date_from=" in page.url
    assert "language=sv" in page.url
    assert log.page_errors == []
