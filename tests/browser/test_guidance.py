""" "What help fits us?" in Chromium: "new baby, Turku, Finnish" answers with a first contact (a
tel: link) and at least one group, at 360×780 and 1280×900, in fi and sv, with and without
JavaScript; axe-clean (WCAG 2.2 AA); reached from the front page in a few taps."""

from __future__ import annotations

import pytest

from tests.browser.support import WCAG21_AA, assert_axe_clean, assert_no_sideways_scrolling
from tests.conftest import reseed_reference_data
from tests.events.test_guidance import ANSWER, build_network

pytestmark = pytest.mark.browser

WCAG22_AA = (*WCAG21_AA, "wcag22aa")
SMALL_PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def network(transactional_db):
    """The guidance network, committed. With the live server, pytest-django's flush can run after
    conftest's reseed, so the reference rows (PTV codes, help situations) are put back first."""
    reseed_reference_data()
    return build_network()


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("device", [SMALL_PHONE, WIDE], ids=["360", "1280"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_new_baby_in_turku_in_finnish(open_page, network, lang, device, javascript):
    page, log = open_page(**device, java_script_enabled=javascript)
    page.set_default_timeout(30_000)
    response = page.goto(ANSWER.replace("/fi/", f"/{lang}/"))
    assert response is not None
    assert response.status == 200
    call = page.locator('.help-first a[href^="tel:"]')
    assert call.get_attribute("href") == "tel:0290000101"
    box = call.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= device["viewport"]["height"]  # the first contact on the first screen
    assert page.locator(".session-card").count() >= 1
    assert page.locator(".session-title").first.inner_text() in {"Vauvaryhmä", "Vauvahieronta"}
    assert_no_sideways_scrolling(page)
    if javascript:
        assert_axe_clean(page, WCAG22_AA)
        assert log.console_errors == []
    assert log.foreign_requests == []


@pytest.mark.parametrize("device", [SMALL_PHONE, WIDE], ids=["360", "1280"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_from_the_front_page_through_the_questions(open_page, network, device, javascript):
    page, _log = open_page(**device, java_script_enabled=javascript)
    page.set_default_timeout(30_000)
    page.goto("/fi/")
    with page.expect_navigation():
        page.locator(".help-invite a").click()
    if javascript:
        assert_axe_clean(page, WCAG22_AA)
    page.get_by_label("Meillä on uusi vauva").check()
    page.get_by_label("Minkä ikäinen lapsenne on?").select_option("1")
    page.get_by_label("Missä asutte?").select_option("853")
    page.get_by_label("suomi").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Näytä, mikä sopii meille").click()
    assert "situation=new_baby" in page.url
    assert page.locator('.help-first a[href^="tel:"]').is_visible()
    assert page.locator(".session-card").count() >= 1


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_bad_value_is_an_error_on_the_form_axe_clean(open_page, network, lang):
    page, _log = open_page(**SMALL_PHONE)
    page.set_default_timeout(30_000)
    page.goto(f"/{lang}/help/?situation=new_baby&age=abc")
    assert page.locator(".error-summary").is_visible()
    assert_axe_clean(page, WCAG22_AA)
