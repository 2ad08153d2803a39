"""A family from the front page to a confirmed sign-up in at most 8 actions, in Chromium:
at 360×780 and 1280×900, in Finnish and Swedish, with and without JavaScript."""

from __future__ import annotations

import pytest

from events.models import Group, Session
from tests.browser.support import SMALL_PHONE, WIDE
from tests.events.test_public_pages import days_ahead, make_group, schedule
from tests.factories import MunicipalityFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.browser

MAX_ACTIONS = 8
CONFIRMED = {"fi": "Vahvistettu", "sv": "Bekräftad"}


@pytest.fixture
def baby_group(transactional_db):
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    room = RoomFactory(venue=VenueFactory(name_fi="Varissuon perhekeskus", organization__municipality=turku))
    group = make_group(room, "Vauvaryhmä", signup_mode=Group.SignUpMode.PER_SESSION, capacity_people=12)
    return schedule(group, room, days_ahead(1), days_ahead(15))


class Actions:
    """Counts what the family does: each click, fill and check is one action."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.locator(selector).first.click()

    def fill(self, selector: str, value: str) -> None:
        self.count += 1
        self.page.locator(selector).fill(value)

    def check(self, selector: str) -> None:
        self.count += 1
        self.page.locator(selector).check()


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("device", [SMALL_PHONE, WIDE], ids=["360", "1280"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_family_signs_up_from_the_front_page_in_eight_actions(
    open_page, baby_group, lang, device, javascript
):
    page, log = open_page(**device, java_script_enabled=javascript)
    page.set_default_timeout(30_000)
    page.goto(f"/{lang}/")
    act = Actions(page)
    act.click(".session-card .session-title a")  # the first session on the first screen
    assert f"/{lang}/sessions/{baby_group[0].pk}/" in page.url
    act.fill("#id_name", "Maija")
    act.fill("#id_email", "maija@example.fi")
    act.fill("#id_children_under_1", "1")
    act.fill("#id_prams", "1")
    act.check("#id_consent")
    act.click(".signup-form button[type=submit]")
    assert act.count <= MAX_ACTIONS
    assert f"/{lang}/signups/" in page.url
    status = page.locator(".status-confirmed")
    assert status.count() == 1
    assert status.inner_text() == CONFIRMED[lang]
    if javascript:
        assert log.console_errors == []


@pytest.fixture
def course(transactional_db):
    """A course of three sessions with room for 4; the second has 1 place left."""
    room = RoomFactory(venue=VenueFactory(name_fi="Varissuon perhekeskus"))
    group = make_group(room, "Vauvahieronta", signup_mode=Group.SignUpMode.SERIES, capacity_people=4)
    sessions = schedule(group, room, days_ahead(2), days_ahead(16))
    Session.objects.filter(pk=sessions[1].pk).update(capacity_people=1)
    return sessions


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_course_choice_shows_when_the_party_does_not_fit_every_session(open_page, course, javascript):
    page, _log = open_page(**SMALL_PHONE, java_script_enabled=javascript)
    page.set_default_timeout(30_000)  # a shared machine; nothing here is timed
    page.goto(f"/fi/sessions/{course[0].pk}/")
    choice = page.locator("#when-full")
    # Without JavaScript the server shows it for an uneven course; with it, only once the party does not fit.
    assert choice.is_visible() is (not javascript)
    page.locator("#id_children_under_1").fill("1")  # two people: the second session has room for one
    assert choice.is_visible()
    if javascript:
        assert page.locator("#when-full .full-for-party").first.is_visible()
        page.locator("#id_children_under_1").fill("0")
        assert not choice.is_visible()
        page.locator("#id_children_under_1").fill("1")
    page.locator("#id_name").fill("Maija")
    page.locator("#id_email").fill("maija@example.fi")
    page.locator("#id_consent").check()
    page.get_by_label("Ilmoittaudumme vain kerroille, joilla on tilaa").check()
    page.locator(".signup-form button[type=submit]").click()
    assert "/fi/signups/" in page.url
    assert page.locator(".status-confirmed").count() == 2
    assert page.locator(".status-waitlisted").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_after_a_failed_submit_the_focus_is_on_the_error_summary(open_page, course, javascript):
    page, _log = open_page(**SMALL_PHONE, java_script_enabled=javascript)
    page.set_default_timeout(30_000)  # a shared machine; nothing here is timed
    page.goto(f"/fi/sessions/{course[0].pk}/")
    page.locator("#id_children_under_1").fill("1")
    page.locator("#id_name").fill("Maija")
    page.locator("#id_email").fill("maija@example.fi")
    page.locator("#id_consent").check()
    page.locator(".signup-form button[type=submit]").click()  # no choice made: the service asks
    # The page asks for the focus on its error summary, and nothing else does.
    assert page.locator("[autofocus]").count() == 1
    assert page.locator(".error-summary[autofocus]").count() == 1
    if javascript:
        # Chromium applies autofocus once the page has rendered (wait; fails after the timeout if
        # never). Without scripting it was seen to skip it once in a full run, so that case rests on
        # the attribute above.
        page.wait_for_function(
            "() => document.activeElement.classList.contains('error-summary')", timeout=10_000
        )
    summary = page.locator(".error-summary")
    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.name") == "when_full"
