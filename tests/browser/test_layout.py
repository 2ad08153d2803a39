"""The site layout and core pages in Chromium: WCAG 2.1 AA (axe-core), phones, keyboard, no JS, CSP.

Families use the site mostly on phones, so layout checks run at 390×844 with touch. Texts are
asserted in English, or in Swedish from allauth's own catalogue, as our fi/sv catalogues may lag.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    DESKTOP,
    PHONE,
    assert_axe_clean,
    assert_no_sideways_scrolling,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PAGES = [
    ("/fi/", "fi"),
    ("/sv/", "sv"),
    ("/en/", "en"),
    ("/fi/accounts/login/", "fi"),
    ("/fi/accounts/signup/", "fi"),
    ("/sv/accounts/login/code/", "sv"),
]
PAGE_IDS = [path for path, _ in PAGES]
# On a desktop one page per template: the languages share templates, and the phone test covers them all.
DESKTOP_PAGES = [(path, lang) for path, lang in PAGES if lang == "fi"]


def visit(open_page, path, lang, device):
    page, log = open_page(**device)
    response = page.goto(path)
    assert response is not None
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    return page, log


def assert_loaded_cleanly(log):
    # The strict CSP (no inline script or style) must not be violated by our own templates.
    assert log.console_errors == []
    assert log.page_errors == []
    # Everything is served by the site itself: no CDN, fonts or trackers.
    assert log.foreign_requests == []
    assert any(url.endswith("/static/css/site.css") for url in log.requests)
    assert log.failed_responses == []


@pytest.mark.parametrize(("path", "lang"), PAGES, ids=PAGE_IDS)
def test_page_on_a_phone(open_page, path, lang):
    """WCAG 2.1 AA, no sideways scrolling (also at 320 px, 1.4.10 Reflow), thumb-sized header links."""
    page, log = visit(open_page, path, lang, PHONE)
    assert_no_sideways_scrolling(page)

    # WCAG 2.1 AA does not require 2.5.5 (44 px targets); the header meets it anyway, as thumbs
    # reach there for navigation and the language switcher. Width: at least 2.5.8's 24 px.
    targets = page.eval_on_selector_all(
        "header a, header button",
        """els => els.map(el => {
            const box = el.getBoundingClientRect();
            return {text: el.innerText, width: box.width, height: box.height};
        })""",
    )
    assert len(targets) >= 5  # brand, home, log in, three languages
    too_small = [t for t in targets if t["height"] < 44 or t["width"] < 24]
    assert too_small == [], f"header tap targets under 44 px tall or 24 px wide: {too_small}"

    assert_axe_clean(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_sideways_scrolling(page)
    assert_loaded_cleanly(log)


@pytest.mark.parametrize(("path", "lang"), DESKTOP_PAGES, ids=[path for path, _ in DESKTOP_PAGES])
def test_page_on_a_desktop(open_page, path, lang):
    page, log = visit(open_page, path, lang, DESKTOP)
    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)
    assert_loaded_cleanly(log)


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_first_tab_shows_skip_link_and_enter_moves_focus_to_main(open_page, device):
    page, _ = open_page(**device)
    page.goto("/fi/")
    skip_link = page.locator("a.skip-link")
    viewport = page.viewport_size
    assert viewport is not None

    box = skip_link.bounding_box()
    assert box is None or box["y"] + box["height"] <= 0, "skip link is visible before it has focus"

    page.keyboard.press("Tab")
    assert skip_link.evaluate("link => link === document.activeElement")
    box = skip_link.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= viewport["width"]
    # Nothing covers it: the element at its centre is the link itself.
    assert skip_link.evaluate(
        """link => {
            const r = link.getBoundingClientRect();
            return link.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
        }"""
    )
    # The focus indicator is drawn (an outline), not left to the browser's default.
    assert skip_link.evaluate("link => getComputedStyle(link).outlineStyle") != "none"

    page.keyboard.press("Enter")
    page.wait_for_url("**/fi/#main")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # main takes focus only to move the reading position: no focus ring around the whole page.
    assert page.locator("main").evaluate("main => getComputedStyle(main).boxShadow") == "none"


def test_focus_ring_stands_out_on_every_header_link(open_page):
    """WCAG 2.4.7 Focus Visible, with 1.4.11's 3:1 against the teal header for the ring."""
    page, _ = open_page()
    page.goto("/fi/")
    header_links = page.locator("header a").count()
    page.keyboard.press("Tab")  # the skip link
    for _ in range(header_links):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement, header = el.closest('header');
                const style = getComputedStyle(el);
                return {text: el.innerText, inHeader: !!header, outline: style.outlineStyle,
                        width: parseFloat(style.outlineWidth), colour: style.outlineColor,
                        background: header && getComputedStyle(header).backgroundColor};
            }"""
        )
        assert focused["inHeader"], focused
        assert focused["outline"] == "solid", focused
        assert focused["width"] >= 2, focused
        assert contrast(focused["colour"], focused["background"]) >= 3, focused


def contrast(css_colour: str, other_css_colour: str) -> float:
    """WCAG contrast ratio of two computed `rgb(r, g, b)` colours."""

    def luminance(css: str) -> float:
        channels = [int(part) / 255 for part in re.findall(r"\d+", css)[:3]]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(css_colour), luminance(other_css_colour)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_language_switcher_keeps_the_page_and_next(open_page):
    page, log = open_page(**PHONE)
    page.goto("/fi/accounts/login/?next=/fi/leader/")

    page.locator("nav.language-switcher").get_by_role("link", name="svenska").click()
    page.wait_for_url("**/sv/accounts/login/?next=/fi/leader/")

    assert page.url == f"{log.origin}/sv/accounts/login/?next=/fi/leader/"
    assert page.get_attribute("html", "lang") == "sv"
    # allauth's own Swedish catalogue, already translated: "Sign In".
    assert page.locator("h1").inner_text().strip() == "Logga in"
    assert page.locator("input[name=next]").input_value() == "/fi/leader/"


def test_login_form_works_without_javascript(open_page, transactional_db):
    user = UserFactory()
    page, log = open_page(**PHONE, java_script_enabled=False)
    page.goto("/en/accounts/login/")

    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not-the-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()

    assert page.url == f"{log.origin}/en/accounts/login/"
    error = page.get_by_text("The email address and/or password you specified are not correct.")
    assert error.is_visible()
    # After the reload, the title (read first by screen readers) says the form came back with errors.
    assert page.title().startswith("Error: ")
    # The typed email is kept, so the user only retypes the password.
    assert page.get_by_label("Email").input_value() == user.email
    assert log.foreign_requests == []


def test_signup_help_and_errors_are_announced_with_their_fields(open_page):
    page, _ = open_page(**PHONE)
    page.goto("/en/accounts/signup/")
    password = page.locator("#id_password1")
    assert "at least 10 characters" in described_by(page, password)

    page.locator("#id_email").fill("parent@example.fi")
    password.fill("short")
    page.locator("#id_password2").fill("short")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign Up").click()

    assert page.title().startswith("Error: ")
    assert password.get_attribute("aria-invalid") == "true"
    description = described_by(page, password)
    assert "at least 10 characters" in description  # the rule
    assert "This password is too short" in description  # the error
    assert password.input_value() == ""  # passwords are never sent back
    assert page.locator("#id_email").input_value() == "parent@example.fi"
    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)


def described_by(page, element) -> str:
    """The text of the elements an input's aria-describedby points at, as a screen reader reads it."""
    ids = (element.get_attribute("aria-describedby") or "").split()
    assert ids, "the input has no aria-describedby"
    return " ".join(page.locator(f"[id='{id_}']").inner_text() for id_ in ids)


def test_axe_helper_catches_a_violation(open_page):
    """Negative control: the helper must fail on an <img> without alt (WCAG 1.1.1)."""
    page, _ = open_page()
    page.goto("/en/")  # clean: test_page_on_a_phone[/en/]
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('main').append(img);
        }"""
    )
    with pytest.raises(pytest.fail.Exception, match=r"\[critical\] image-alt: .*\n +at img: <img "):
        assert_axe_clean(page)


def test_console_listener_catches_a_csp_violation(open_page):
    """Negative control: an inline script is refused by the CSP and the refusal is recorded."""
    page, log = open_page()
    page.goto("/en/")
    assert log.console_errors == []

    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate(
            """() => {
                const script = document.createElement('script');
                script.textContent = 'document.body.dataset.inline = "ran"';
                document.body.append(script);
            }"""
        )
    assert page.evaluate("() => document.body.dataset.inline") is None
    assert any("Content Security Policy" in error for error in log.console_errors), log.console_errors
