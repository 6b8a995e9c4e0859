"""Drive the system Chromium with Playwright against the live test server, phone-sized."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import BROWSER

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
DEMO_PASSWORD = "demo-password-for-tests"
# axe-core's WCAG 2.1 A/AA rules; the report reads only the violations, so axe details no
# passing or inapplicable element (resultTypes), which is most of its work on a long page.
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


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


@contextmanager
def browser_page(chromium, viewport: dict[str, int] = PHONE) -> Iterator:
    """Open a page in a fresh context of `viewport`'s size (a phone below 600 px), with no
    tile server, and fail afterwards if the Content-Security-Policy refused anything."""
    context = chromium.new_context(
        viewport=viewport, locale="zh-CN", is_mobile=viewport["width"] < 600
    )
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
    try:
        yield page
    finally:
        context.close()
    assert refused == [], f"the Content-Security-Policy refused something the page needs: {refused}"


@pytest.fixture
def phone(chromium):
    with browser_page(chromium) as page:
        yield page


class DemoSnapshot:
    """The demo street loaded once per test process and put back for each test that asks.

    The first test loads it (about 12 s) and copies every table into a schema of its own
    (SNAPSHOT_SCHEMA) and the uploaded files into a folder; the tests after it, whose tables a
    transactional test's flush emptied, get the same rows back by one insert per table (well
    under a second), with the same primary keys, and their sequences moved past them. Only on
    PostgreSQL; elsewhere every test loads the street itself."""

    SCHEMA = "demo_snapshot"

    def __init__(self) -> None:
        self.media: Path | None = None
        self.tables: list[str] = []

    def take(self, media_root: str, tmp_path_factory) -> None:
        from django.db import connection

        tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.SCHEMA}")
            for table in tables:
                cursor.execute(f"CREATE TABLE {self.SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
        self.media = tmp_path_factory.mktemp("demo-media")
        if Path(media_root).exists():
            shutil.copytree(media_root, self.media, dirs_exist_ok=True)
        self.tables = tables

    def put_back(self, media_root: str) -> None:
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.color import no_style
        from django.db import connection, transaction

        quote = connection.ops.quote_name
        names = ", ".join(quote(table) for table in self.tables)
        with transaction.atomic(), connection.cursor() as cursor:
            # Foreign keys are deferred to the commit, so the tables fill in any order.
            cursor.execute(f"TRUNCATE {names} CASCADE")
            for table in self.tables:
                cursor.execute(
                    # Table names from the database itself, quoted.
                    f"INSERT INTO {quote(table)} SELECT * FROM {self.SCHEMA}.{quote(table)}"  # noqa: S608
                )
            models = apps.get_models(include_auto_created=True)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        ContentType.objects.clear_cache()  # the ids are the snapshot's, not the flush's
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)


_demo_snapshot = DemoSnapshot()


@pytest.fixture
def demo_street(settings, transactional_db, tmp_path_factory):
    """The demo street 'daixi' with its accounts (password 'demo-password-for-tests'), loaded
    once per test process and put back from its snapshot for the tests after (DemoSnapshot)."""
    from django.db import connection

    from demo.district import district_load
    from demo.loader import street_load

    def load() -> None:
        # As load_demo does: the street, then the demo district above it.
        street = street_load(slug="daixi", seed=1, scale=1, password=DEMO_PASSWORD).street
        district_load(streets=[street], password=DEMO_PASSWORD)

    settings.PORTAL_DEFAULT_STREET = "daixi"
    settings.SERVE_MEDIA = True
    if connection.vendor != "postgresql":
        load()
    elif _demo_snapshot.media is None:
        load()
        _demo_snapshot.take(settings.MEDIA_ROOT, tmp_path_factory)
    else:
        _demo_snapshot.put_back(settings.MEDIA_ROOT)


def axe_report(page, axe=None) -> str | None:
    """Return axe-core's report of the page's WCAG 2.1 A/AA violations, or None if none."""
    from axe_playwright_python.sync_playwright import Axe

    results = (axe or Axe()).run(page, options=WCAG_AA)
    return results.generate_report() if results.violations_count else None


# What sticks out past the right edge, outermost first, so a failure names the culprit.
WIDER_THAN_THE_SCREEN = """() => {
  const width = window.innerWidth, found = [];
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && !found.some((f) => f.el.contains(el))
        && !clipped(el)) {
      found.push({el, right: Math.round(box.right)});
    }
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + (el.parentElement ? ' in ' + el.parentElement.tagName.toLowerCase()
      + (el.parentElement.className ? '.' + el.parentElement.className : '') : '');
  return found.slice(0, 5).map(({el, right}) => name(el) + ' (right edge ' + right + ' px)');
}"""


def too_wide(page, viewport: dict[str, int] = PHONE) -> str | None:
    """Say how the page is wider than the screen, naming what sticks out, or return None."""
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    # A phone zooms out to fit a page wider than the screen: compare with the viewport too,
    # not only with what innerWidth became.
    if scroll <= min(inner, viewport["width"]):
        return None
    wide = ", ".join(page.evaluate(WIDER_THAN_THE_SCREEN))
    return f"{scroll} px wide on a {viewport['width']} px screen: {wide}"


# The controls in <main> a thumb cannot hit (under 44 px high). A checkbox counts with the
# label or row around it; a map's attribution is running text, which WCAG's inline exception
# leaves alone.
SMALL_TARGETS = """() => {
  const small = new Set();
  for (const el of document.querySelectorAll(
      'main a, main button, main input, main select, main textarea, main summary')) {
    if (el.type === 'hidden' || el.closest('.leaflet-control-attribution, .hp')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') {
      continue;
    }
    let height = box.height;
    if (el.type === 'checkbox' || el.type === 'radio') {
      const around = el.closest('label') || el.parentElement;
      height = around.getBoundingClientRect().height;
    }
    if (height < 43.5) {
      const text = (el.textContent || el.name || '').trim().slice(0, 20);
      small.add(el.tagName.toLowerCase() + (el.type ? '[type=' + el.type + ']' : '')
        + ' in ' + el.parentElement.tagName.toLowerCase()
        + (el.parentElement.className ? '.' + el.parentElement.className : '')
        + ' "' + text + '" ' + Math.round(height) + ' px');
    }
  }
  return [...small].slice(0, 8);
}"""


def small_targets(page) -> str | None:
    """Name the controls in <main> lower than 44 px (a phone's tap target), or return None."""
    small = page.evaluate(SMALL_TARGETS)
    return f"tap targets under 44 px: {', '.join(small)}" if small else None


def wait_until(page, predicate: str, timeout: float = 10) -> None:
    """Poll `predicate` (a JavaScript function's source) until it returns true.

    Playwright's wait_for_function evaluates its predicate with eval inside the page, which the
    portal's Content-Security-Policy rightly refuses; page.evaluate runs outside the policy."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {predicate}")
        time.sleep(0.05)


def shot(page, name: str, *, full_page: bool = True) -> None:
    """Keep a screenshot as test-artifacts/<name>.png (`name` may hold folders): the whole page,
    or with full_page=False what is on the screen."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)


def fits_the_screen(page) -> bool:
    """Return whether nothing on the page is wider than the viewport (no sideways scrolling)."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def accessibility_problems(page) -> str:
    """Return axe-core's report of the page's WCAG 2.1 AA violations, or "" when there are none."""
    return axe_report(page) or ""


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
