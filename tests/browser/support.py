"""Shared by the browser tests: devices, a page's log, and axe-core (WCAG 2.1 and 2.2 A/AA) checks.

axe.min.js comes bundled with axe-playwright-python, so nothing is fetched from the network.
Playwright is imported for type checking only: without it, conftest skips (or fails in CI).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Response

# A phone's CSS viewport with touch and mobile viewport handling. Its device pixel ratio is left at 1:
# layout is the same, and software rendering of 3× the pixels only makes the suite slower.
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}

WCAG21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# WCAG 2.2 AA adds axe's `wcag22aa` rules (2.5.8 Target Size (Minimum): `target-size`).
WCAG22_AA = (*WCAG21_AA, "wcag22aa")
SMALL_PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 780},
    "is_mobile": True,
    "has_touch": True,
}
WIDE: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
# axe-core runs inside the page and never finishes there without JavaScript (its timers never fire).
PAGES_WITHOUT_JAVASCRIPT: weakref.WeakSet[Page] = weakref.WeakSet()


def same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob"} or f"{parts.scheme}://{parts.netloc}" == origin


@dataclass
class PageLog:
    """What a page did besides rendering: console errors (CSP violations among them), uncaught
    exceptions, every request it made and the responses that failed (4xx, 5xx)."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)  # "404 http://…"

    @property
    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not same_origin(url, self.origin)]

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed_responses.append(f"{response.status} {response.url}")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({location})" if location else message.text)


@cache
def _axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def axe_violations(page: Page, tags: tuple[str, ...] = WCAG21_AA) -> list[dict]:
    if page in PAGES_WITHOUT_JAVASCRIPT:
        raise ValueError("axe-core needs JavaScript: check this page in a context with JavaScript enabled")
    # Evaluated over the DevTools protocol, which the page's CSP does not govern.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags),
    )
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        impact, rule, help_, url = (violation[key] for key in ("impact", "id", "help", "helpUrl"))
        lines.append(f"[{impact}] {rule}: {help_} ({url})")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.extend(f"       {line}" for line in (node.get("failureSummary") or "").splitlines())
    return "\n".join(lines)


def assert_axe_clean(page: Page, tags: tuple[str, ...] = WCAG21_AA) -> None:
    """Fail listing each violation's id, impact, help and target nodes."""
    violations = axe_violations(page, tags)
    if violations:
        pytest.fail(
            f"axe-core: {len(violations)} violation(s) of {', '.join(tags)} on {page.url}\n"
            + format_violations(violations),
            pytrace=False,
        )


def assert_no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    size = page.viewport_size
    if widths["scroll"] > widths["client"]:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > width)
                .slice(0, 5)
                .map((e) => e.tagName + (e.id ? "#" + e.id : "") + "." + e.className)""",
            widths["client"],
        )
        pytest.fail(f"{page.url} scrolls sideways at {size}: {widths}; too wide: {wide}", pytrace=False)
