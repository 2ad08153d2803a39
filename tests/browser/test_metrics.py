"""The shared metrics in Chromium: the dashboard's charts and tables in Finnish and Swedish, and a
family's one-tap feedback link on a phone. Each page axe-clean (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bookings.models import Booking, SignUp
from metrics.models import Feedback, FeedbackRequest
from metrics.tokens import feedback_token, token_hash
from tests.browser.support import PHONE, assert_axe_clean, assert_no_sideways_scrolling
from tests.metrics.conftest import Network, build_network

pytestmark = pytest.mark.browser
SLOW = 30_000  # ms: the dashboard's first rendering on a busy two-core machine


@pytest.fixture
def network(transactional_db) -> Network:
    return build_network()


QUERY = "?start=2026-05&end=2026-06"


def _log_in(page, live_server, user) -> None:
    page.set_default_timeout(SLOW)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize(
    ("lang", "who", "heading", "chart"),
    [
        ("fi", "county_coordinator", "Yhteiset mittarit", "Täyttöaste kunnittain"),
        ("sv", "ngo_coordinator", "Gemensamma mätare", "Beläggningsgrad per kommun"),
    ],
)
def test_dashboard_charts_and_tables(open_page, live_server, network, lang, who, heading, chart):
    page, log = open_page()
    _log_in(page, live_server, getattr(network, who))
    response = page.goto(f"/{lang}/leader/metrics/{QUERY}&by=municipality")
    assert response is not None
    assert response.status == 200
    assert page.get_by_role("heading", name=heading, level=1).is_visible()
    # Four charts, each an image with an accessible name, each beside a table of the same numbers.
    images = page.get_by_role("img")
    assert images.count() == 4
    assert page.get_by_role("img", name=chart).is_visible()
    assert page.locator("figure.chart table").count() == 4
    if who == "county_coordinator":
        assert page.locator("abbr", has_text="<5").count() > 0  # the county view hides small counts
    assert_axe_clean(page)
    assert log.console_errors == []
    assert log.page_errors == []


def test_dashboard_on_a_phone_does_not_scroll_sideways(open_page, live_server, network):
    page, _log = open_page(**PHONE)
    _log_in(page, live_server, network.ngo_coordinator)
    page.goto(f"/fi/leader/metrics/{QUERY}")
    assert_no_sideways_scrolling(page)


def test_feedback_link_one_tap_on_a_phone(open_page, live_server, network):
    session = network.g1.sessions.filter(status="scheduled").order_by("-start").first()
    now = timezone.now()
    type(session).objects.filter(pk=session.pk).update(
        start=now - dt.timedelta(hours=20), end=now - dt.timedelta(hours=18)
    )
    booking = Booking.objects.create(
        group=network.g1, email="perhe@example.fi", language="sv", token_hash="browser-1"
    )
    SignUp.objects.create(booking=booking, session=session, status="confirmed", people=1, queued_at=now)
    token = feedback_token(booking, session)
    FeedbackRequest.objects.create(booking=booking, session=session, token_hash=token_hash(token))
    page, log = open_page(**PHONE)
    page.set_default_timeout(SLOW)
    page.goto(f"/sv/feedback/answer/{token}/")
    assert page.get_by_role("heading", name="Hur var det?").is_visible()
    assert_axe_clean(page)
    page.get_by_label("Några ord till ledarna (frivilligt)").fill("Trevligt")
    page.get_by_role("button", name="Mycket bra").click()
    page.wait_for_load_state()
    assert page.get_by_text("Tack! Ditt svar har sparats.").is_visible()
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.comment) == (5, "Trevligt")
    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)
    assert log.page_errors == []
