"""Shared by the browser tests: devices, a page's log, and axe-core (WCAG 2.1 A/AA) checks.

axe.min.js comes bundled with axe-playwright-python, so nothing is fetched from the network.
Playwright is imported for type checking only: without it, conftest skips (or fails in CI).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}

WCAG21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob"} or f"{parts.scheme}://{parts.netloc}" == origin


@dataclass
class PageLog:
    """What a page did besides rendering: console errors (CSP violations among them), uncaught
    exceptions, and every request it made."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not same_origin(url, self.origin)]

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({location})" if location else message.text)


@cache
def _axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def axe_violations(page: Page, tags: tuple[str, ...] = WCAG21_AA) -> list[dict]:
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
