"""Browser fixtures for every test folder (loaded by tests/conftest.py): the app served over
HTTP, one Chromium per test module, and a fresh context per test: a tablet (810x1080, touch),
as a child's tablet would be, or a laptop, as staff use."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TABLET = {"viewport": {"width": 810, "height": 1080}, "has_touch": True, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1280, "height": 900}}
# Screenshots the browser tests take, to look at what they saw (git-ignored, like instance/).
SHOTS = Path(__file__).resolve().parents[2] / "instance" / "screenshots"


@pytest.fixture
def server_url(app) -> Iterator[str]:
    """The app served over HTTP on a free localhost port, in a thread."""
    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module: launching it is the slow part."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _context(browser, **options):
    context = browser.new_context(**options)
    yield context
    context.close()


@pytest.fixture
def tablet(browser):
    """A fresh tablet context (no cookies, no service worker) with JavaScript on."""
    yield from _context(browser, **TABLET)


@pytest.fixture
def tablet_without_js(browser):
    """A fresh tablet context with JavaScript switched off."""
    yield from _context(browser, **TABLET, java_script_enabled=False)


@pytest.fixture
def laptop(browser):
    """A fresh laptop-sized context, as a practitioner, researcher or admin uses."""
    yield from _context(browser, **LAPTOP)
