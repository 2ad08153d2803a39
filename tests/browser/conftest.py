"""Browser tests: Debian's Chromium driven by Playwright (sync API) against pytest-django's live server.

One browser per session, one context per test. Without Chromium or Playwright the tests skip,
except in CI (CI=true), where they are mandatory and fail instead. The machine may be offline:
nothing here downloads a browser, and any request that would leave the live server is aborted.

    .venv/bin/pytest tests/browser -q       # just these
    .venv/bin/pytest -m "not browser"       # everything else
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.support import DESKTOP, PAGES_WITHOUT_JAVASCRIPT, PageLog, same_origin

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - only where Playwright is not installed
    sync_playwright = None

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(trylast=True)  # after pytest-django sorts by database use
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests run last: Playwright's event loop lives until the session ends, and no
    # other test should run beside it (see DJANGO_ALLOW_ASYNC_UNSAFE below). The sort is stable.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; browser tests are mandatory in CI (CI=true).", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if sync_playwright is None:
        _unavailable("Playwright is not installed (pip install -r requirements/dev.txt)")
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django refuses
    # ORM calls here with SynchronousOnlyOperation, transactional_db's flush after each test
    # included. The calls really are synchronous: allow them while the loop runs, and only
    # then (browser tests run last, so no other test sees the flag).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except PlaywrightError as exc:
        _unavailable(f"Chromium at {CHROMIUM} did not start: {exc.message}")
    yield browser
    browser.close()


OpenPage = Callable[..., tuple["Page", PageLog]]


@pytest.fixture
def open_page(browser: Browser, live_server) -> Iterator[OpenPage]:
    """`open_page(**context_options)` -> (page, log): a new page in its own context.

    The context's base_url is the live server, so `page.goto("/fi/")` works. Requests that
    would leave the live server are recorded and aborted (the machine may be offline).
    """
    origin = live_server.url.rstrip("/")
    contexts: list[BrowserContext] = []

    def open_(**options: Any) -> tuple[Page, PageLog]:
        context = browser.new_context(base_url=origin, **(DESKTOP | options))
        context.set_default_timeout(5_000)
        contexts.append(context)
        log = PageLog(origin=origin)

        def abort_foreign(route: Route) -> None:
            if same_origin(route.request.url, origin):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context.route("**/*", abort_foreign)
        page = context.new_page()
        if options.get("java_script_enabled") is False:
            PAGES_WITHOUT_JAVASCRIPT.add(page)
        page.on("console", log.on_console)
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        page.on("request", lambda request: log.requests.append(request.url))
        page.on("response", log.on_response)
        return page, log

    yield open_
    for context in contexts:
        context.close()
