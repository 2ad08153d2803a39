import pytest
from tests.browser.support import PHONE, axe_violations, format_violations
pytestmark = pytest.mark.browser

def test_signup(open_page):
    page, log = open_page(**(PHONE | {"device_scale_factor": 1}), java_script_enabled=False)
    page.goto("/en/accounts/signup/")
    page.locator("#id_email").fill("a@example.fi")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("shorter")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign Up").click()
    page.screenshot(path="/tmp/signup_err.png", full_page=True)
    print(page.title())
    print(page.locator("form").inner_html())
    print(format_violations(axe_violations(page)))

def test_login(open_page):
    page, log = open_page(**(PHONE | {"device_scale_factor": 1}))
    page.goto("/fi/accounts/login/")
    page.screenshot(path="/tmp/login.png", full_page=True)
    page.locator("#id_login").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.screenshot(path="/tmp/login_focus.png")
