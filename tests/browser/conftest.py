"""Playwright driving Debian's Chromium against a live server, with axe-core on every page.

Playwright never downloads a browser here: it launches /usr/bin/chromium.
The live server runs on the test database (SQLite or PostgreSQL); each test
is transactional, so the demo council is loaded again after the flush that
ends it, for the tests that follow.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from conftest import DEMO_ADDRESSES
from frontdoor.catalogue.models import Service
from frontdoor.demo.loader import load_demo_council

CHROMIUM = Path(os.environ.get("FRONTDOOR_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Without these Chromium waits on network lookups this machine cannot make.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make there are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    # Playwright gives every launch a fresh temporary profile (user data dir).
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _demo_council_loaded() -> bool:
    return Service.objects.exists()


@pytest.fixture(scope="module", autouse=True)
def restore_demo_council(django_db_blocker: Any) -> Iterator[None]:
    """The flush after the last browser test empties the database: reload the demo."""
    yield
    with django_db_blocker.unblock():
        load_demo_council(address_count=DEMO_ADDRESSES)


@pytest.fixture
def site(live_server: Any, transactional_db: None, settings: Any, tmp_path: Path) -> str:
    """The live server's address, with the demo council (a previous test's flush removed it)."""
    settings.MEDIA_ROOT = tmp_path
    # The database cache outlives a transactional test's flush: no throttle carries over.
    cache.clear()
    if not _demo_council_loaded():
        load_demo_council(address_count=DEMO_ADDRESSES)
    return str(live_server.url)


def new_page(browser: Any, *, javascript: bool) -> Any:
    # bypass_csp lets the test inject axe-core; the pages' own policy is unchanged.
    context = browser.new_context(java_script_enabled=javascript, bypass_csp=True)
    context.set_default_timeout(10_000)
    return context.new_page()


def assert_accessible(page: Any) -> None:
    """axe-core's WCAG 2.2 A and AA rules find nothing on the page as it is now."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements: "
        f"{violation['nodes'][0]['target']})"
        for violation in result["violations"]
    ]
    assert problems == [], f"{page.url}\n" + "\n".join(problems)
