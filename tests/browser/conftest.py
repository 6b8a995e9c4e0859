"""Drive the system Chromium with Playwright against the live test server, phone-sized."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import BROWSER

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the browser is
    # up; the tests touch the database from the same thread only between page actions.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=BROWSER,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    # No tile server is reachable here: answer tile requests empty, as a blocked network would.
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert refused == [], "the Content-Security-Policy refused something the page needs"


def wait_until(page, predicate: str, timeout: float = 10) -> None:
    """Poll `predicate` (a JavaScript function's source) until it returns true.

    Playwright's wait_for_function evaluates its predicate with eval inside the page, which the
    portal's Content-Security-Policy rightly refuses; page.evaluate runs outside the policy."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {predicate}")
        time.sleep(0.05)


def shot(page, name: str) -> None:
    """Save a full-page screenshot as test-artifacts/<name>.png (`name` may hold folders)."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def fits_the_screen(page) -> bool:
    """Return whether nothing on the page is wider than the viewport (no sideways scrolling)."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def accessibility_problems(page) -> str:
    """Return axe-core's report of the page's WCAG 2.1 AA violations, or "" when there are none."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return results.generate_report() if results.violations_count else ""


def message_in_view(page, text: str) -> bool:
    """Return whether the site's message `text` shows without scrolling."""
    message = page.locator("ul.messages li", has_text=text)
    if message.count() != 1 or not message.is_visible():
        return False
    box = message.bounding_box()
    return box is not None and box["y"] + box["height"] <= page.viewport_size["height"]


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in at the site's front door (/accounts/login/) as a user would, and wait for the
    page that follows."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
