"""A coordinator issues a metrics API token in Chromium: the secret shown once with a working copy
button, the list, revoking after the question; each page axe-clean, at phone and desktop width."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser.support import PHONE, assert_axe_clean, assert_no_sideways_scrolling
from tests.browser.test_metrics import _log_in, network  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser


def _status(live_server, secret: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (the live server on loopback)
        f"{live_server.url}/api/v1/metrics", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("device", [PHONE, {}], ids=["phone", "desktop"])
def test_issue_copy_and_revoke_a_token(open_page, live_server, network, device):  # noqa: F811
    page, log = open_page(**device, permissions=["clipboard-read", "clipboard-write"])
    _log_in(page, live_server, network.county_coordinator)
    page.goto("/fi/leader/metrics/")
    page.get_by_role("link", name="Rajapinta-avaimet raportointijärjestelmille").click()
    assert page.get_by_role(
        "heading", name="Rajapinta-avaimet raportointijärjestelmille", level=1
    ).is_visible()
    assert_axe_clean(page)
    page.get_by_label("Nimi").fill("Varhan raportointi")
    page.get_by_label("Avaimella näkee").select_option("county")
    page.get_by_role("button", name="Luo avain").click()
    assert page.get_by_role("heading", name="Avain luotiin", level=1).is_visible()
    secret = page.locator("#api-token").inner_text().strip()
    assert secret.startswith("pkm_")
    page.get_by_role("button", name="Kopioi – Avain").click()
    page.locator('[data-copy-status="api-token"]').filter(has_text="Kopioitu.").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == secret
    assert_axe_clean(page)
    if device:
        assert_no_sideways_scrolling(page)
    assert _status(live_server, secret) == 200

    page.get_by_role("link", name="Takaisin avaimiin").click()
    assert secret not in page.content()
    page.get_by_role("link", name="Mitätöi avain – Varhan raportointi").click()
    assert_axe_clean(page)
    page.get_by_role("button", name="Mitätöi avain").click()
    assert page.get_by_text("Avain Varhan raportointi mitätöitiin.").is_visible()
    assert _status(live_server, secret) == 401
    assert log.console_errors == []
    assert log.page_errors == []
